"""Accounts: signing in, roles, owning and sharing workshops, managers' teams."""

import re
import time

from atelier.extensions import db, socketio
from atelier.models import User, Workshop
from atelier.services import accounts, ownership, workshops

from ..support import PASSWORD, Harness


def _login(client, email, password=PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def test_the_first_admin_comes_from_the_command_line_and_signs_in(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "--email", "Admin@Example.org", "--name", "Alex", "--role", "admin"],
        input="une phrase assez longue\nune phrase assez longue\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert user.email == "admin@example.org" and user.role == "admin"
        # Argon2id, never the password itself.
        assert user.password_hash.startswith("$argon2id$")
        assert "une phrase" not in user.password_hash
    browser = app.test_client()
    response = _login(browser, "ADMIN@example.org", "une phrase assez longue")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert browser.get("/admin/").status_code == 200
    short = runner.invoke(
        args=["create-user", "--email", "b@example.org", "--name", "B", "--password", "court"]
    )
    assert short.exit_code != 0 and "10" in short.output


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(app, harness):
    harness.account("zoe@example.org")
    browser = app.test_client()
    wrong = _login(browser, "zoe@example.org", "pas le bon mot de passe")
    unknown = _login(browser, "personne@example.org", "pas le bon mot de passe")
    assert wrong.status_code == unknown.status_code == 401
    assert browser.get("/account").status_code == 302  # still signed out
    api = browser.post("/api/session", json={"email": "zoe@example.org", "password": "non"})
    assert api.status_code == 401 and api.json["error"]["code"] == "login_failed"


def test_sign_in_returns_to_the_page_asked_for_and_never_to_another_site(app, harness):
    harness.account("zoe@example.org")
    browser = app.test_client()
    asked = browser.get("/account")
    assert asked.status_code == 302 and "/login?next=/account" in asked.headers["Location"]
    back = _login(browser, "zoe@example.org", next="/account")
    assert back.headers["Location"] == "/account"
    for target in ("https://evil.example", "//evil.example", "/\\evil.example"):
        other = app.test_client()
        assert _login(other, "zoe@example.org", next=target).headers["Location"] == "/account"


def _sign_up(client, email, name="Léa", password="un long mot de passe"):
    return client.post("/signup?lang=en", data={"email": email, "name": name, "password": password})


def test_self_sign_up_makes_a_facilitator_until_an_admin_closes_it(app, harness):
    visitor = app.test_client()
    made = _sign_up(visitor, "lea@example.org")
    assert made.status_code == 302 and made.headers["Location"] == "/signup/done"
    # The sign-in form that follows knows the address; the password is typed again.
    form = visitor.get("/signup/done?lang=en").text
    assert 'value="lea@example.org"' in form and "sign in below" in form
    assert _login(visitor, "lea@example.org", "un long mot de passe").status_code == 302
    assert "Léa" in visitor.get("/account").text
    with app.app_context():
        assert db.session.scalar(db.select(User).filter_by(email="lea@example.org")).role == (
            "facilitator"
        )

    admin = harness.signed_in("admin@example.org", "admin")
    assert admin.post("/admin/signup", data={}).status_code == 302  # box unticked: closed
    closed = app.test_client()
    assert "closed" in closed.get("/signup?lang=en").text
    refused = _sign_up(closed, "max@example.org", "Max")
    assert refused.status_code == 403
    assert admin.post("/admin/signup", data={"open": "on"}).status_code == 302
    assert _sign_up(closed, "max@example.org", "Max").status_code == 302


def _answer(client, response) -> tuple:
    """What a visitor can observe of a sign-up: status, redirect, then the page shown."""
    follow = client.get(response.headers["Location"] + "?lang=en")
    page = follow.text.replace(client.csrf_token(), "")
    page = re.sub(r'name="csrf_token" value="[^"]*"', "", page)
    return response.status_code, response.headers.get("Location"), follow.status_code, page


def test_sign_up_does_not_tell_a_visitor_which_addresses_have_an_account(app, harness):
    harness.account("zoe@example.org", name="Zoé")
    taken = _sign_up(app.test_client(), "ZOE@example.org", "Intrus", "un autre mot de passe")
    assert taken.status_code == 302
    visitor, other = app.test_client(), app.test_client()
    on_taken = _answer(visitor, _sign_up(visitor, "zoe@example.org", "Intrus", "x" * 12))
    on_free = _answer(other, _sign_up(other, "nouveau@example.org", "Intrus", "x" * 12))
    assert on_taken[:3] == on_free[:3]
    assert on_taken[3].replace("zoe@", "X@") == on_free[3].replace("nouveau@", "X@")
    assert "email_taken" not in on_taken[3] and "already uses" not in on_taken[3]
    # The account that existed is untouched: its name, its password.
    with app.app_context():
        zoe = db.session.scalar(db.select(User).filter_by(email="zoe@example.org"))
        assert zoe.name == "Zoé"
    assert _login(app.test_client(), "zoe@example.org", "x" * 12).status_code == 401
    assert _login(app.test_client(), "zoe@example.org").status_code == 302


def test_with_e_mail_the_address_owner_learns_what_a_sign_up_did(mail_app, inbox):
    messages = inbox[0].messages
    harness = Harness(mail_app)
    harness.account("zoe@example.org", name="Zoé")
    _sign_up(mail_app.test_client(), "zoe@example.org", "Intrus", "x" * 12)
    _sign_up(mail_app.test_client(), "lea@example.org", "Léa", "x" * 12)
    deadline = time.monotonic() + 10
    while len(messages) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    by_address = {to[0]: message for to, message in messages}
    assert set(by_address) == {"zoe@example.org", "lea@example.org"}
    tried = by_address["zoe@example.org"]
    assert "tried to create" in tried["Subject"]
    assert "Nothing was changed" in tried.get_content()
    assert "https://atelier.example.org/login" in tried.get_content()
    assert "ready" in by_address["lea@example.org"]["Subject"]
    assert {m["Content-Language"] for m in by_address.values()} == {"en"}


def test_only_an_admin_manages_accounts_and_the_last_admin_stays(app, harness):
    facilitator = harness.signed_in("zoe@example.org")
    assert facilitator.get("/admin/").status_code == 403
    assert facilitator.post("/admin/signup", data={}).status_code == 403
    admin_id = harness.account("admin@example.org", "admin")
    admin = harness.signed_in("admin@example.org", "admin")
    created = admin.post(
        "/admin/users",
        data={"email": "nour@example.org", "name": "Nour", "role": "manager", "password": "x" * 12},
    )
    assert created.status_code == 302
    demoted = admin.post(f"/admin/users/{admin_id}", data={"role": "facilitator", "active": "on"})
    assert demoted.status_code == 409
    with app.app_context():
        assert db.session.get(User, admin_id).role == "admin"


def test_deactivating_an_account_signs_it_out_everywhere(app, harness):
    zoe_id = harness.account("zoe@example.org")
    zoe = harness.signed_in("zoe@example.org")
    assert zoe.get("/account").status_code == 200
    admin = harness.signed_in("admin@example.org", "admin")
    assert admin.post(f"/admin/users/{zoe_id}", data={"role": "facilitator"}).status_code == 302
    assert zoe.get("/account").status_code == 302
    assert _login(app.test_client(), "zoe@example.org").status_code == 401


def test_a_new_password_signs_out_the_other_devices(app, harness):
    laptop = harness.signed_in("zoe@example.org")
    phone = harness.signed_in("zoe@example.org")
    changed = laptop.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "une toute nouvelle phrase"},
    )
    assert changed.status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    assert _login(
        app.test_client(), "zoe@example.org", "une toute nouvelle phrase"
    ).status_code == (302)


def test_workshops_belong_to_accounts_and_need_one_to_be_made(app, harness, client):
    refused = client.post("/workshops", data={"title": "Sans compte"})
    assert refused.status_code == 401
    api = client.post("/api/workshops", json={"title": "Sans compte"})
    assert api.status_code == 401 and api.json["error"]["code"] == "login_required"
    code, _, _ = harness.create(owner="zoe@example.org", title="Atelier de Zoé")
    # Signed in elsewhere, without the link: the account is enough.
    elsewhere = harness.signed_in("zoe@example.org")
    assert "Atelier de Zoé" in elsewhere.get("/account").text
    assert elsewhere.get(f"/w/{code}/facilitate").status_code == 200
    assert harness.signed_in("karim@example.org").get(f"/w/{code}/facilitate").status_code == 403


def test_the_owners_socket_is_authenticated_by_the_sign_in(app, harness):
    code, _, _ = harness.create(owner="zoe@example.org")
    owner = harness.signed_in("zoe@example.org")
    page = socketio.test_client(
        app, flask_test_client=owner, auth={"code": code, "view": "facilitator"}
    )
    assert page.is_connected()
    assert page.emit("phase.set", {"phase": "lobby"}, callback=True)["ok"]
    stranger = harness.signed_in("karim@example.org")
    refused = socketio.test_client(
        app, flask_test_client=stranger, auth={"code": code, "view": "facilitator"}
    )
    assert not refused.is_connected()


def test_a_workshop_made_with_a_link_only_is_claimed_by_its_link_holder(app, harness):
    with app.app_context():
        workshop, key = workshops.create_workshop({"title": "D'avant les comptes"})
        code = workshop.code
    zoe = harness.signed_in("zoe@example.org")
    # Signed in but without the link: nothing to claim.
    assert zoe.post(f"/w/{code}/claim").status_code == 403
    assert zoe.get(f"/w/{code}/f/{key}").status_code == 302
    page = zoe.get(f"/w/{code}/facilitate?lang=en").text
    assert "Add it to my account" in page
    assert zoe.post(f"/w/{code}/claim").status_code == 302
    with app.app_context():
        owner = db.session.scalar(db.select(Workshop).filter_by(code=code)).owner_id
        assert owner == db.session.scalar(db.select(User.id).filter_by(email="zoe@example.org"))
    assert f"/w/{code}/facilitate" in zoe.get("/account").text
    # Another holder of the same link cannot take it away.
    karim = harness.signed_in("karim@example.org")
    karim.get(f"/w/{code}/f/{key}")
    assert karim.post(f"/w/{code}/claim").status_code == 409


def test_a_manager_reads_the_workshops_of_their_teams_only(app, harness):
    ours, _, _ = harness.create(title="Chez nous", team="Accueil  Rennes")
    theirs, _, _ = harness.create(title="Ailleurs", team="Logistique")
    manager = harness.signed_in("nour@example.org", "manager", teams=["accueil rennes"])
    page = manager.get("/account").text
    assert "Chez nous" in page and "Ailleurs" not in page
    pdf = manager.get(f"/w/{ours}/bilan.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert manager.get(f"/w/{theirs}/bilan.pdf").status_code == 403
    # Read-only: no facilitation, no workshop of their own.
    assert manager.get(f"/w/{ours}/facilitate").status_code == 403
    assert manager.post("/api/workshops", json={"title": "Non"}).status_code == 403


def test_signing_out_forgets_the_workshops_this_browser_held(app, harness):
    code, http, key = harness.create(owner="zoe@example.org")
    assert http.get(f"/w/{code}/facilitate").status_code == 200
    assert http.post("/logout").status_code == 302
    assert "/login?next=" in http.get(f"/w/{code}/facilitate").headers["Location"]
    assert re.search(r"/login", http.get("/").text)


def test_the_owner_renews_the_facilitator_link_and_the_old_one_stops_working(app, harness):
    code, _, key = harness.create(owner="zoe@example.org")
    laptop = app.test_client()
    assert laptop.get(f"/w/{code}/f/{key}").status_code == 302
    assert laptop.get(f"/w/{code}/facilitate").status_code == 200
    # The room's laptop holds the link but is not the owner: it cannot renew it.
    assert laptop.post(f"/w/{code}/facilitator-link").status_code == 403
    owner = harness.signed_in("zoe@example.org")
    renewed = owner.post(f"/w/{code}/facilitator-link")
    assert renewed.status_code == 302
    page = owner.get(f"/w/{code}/facilitate").text
    new_key = re.search(rf"/w/{code}/f/([\w-]+)", page).group(1)
    assert new_key != key
    assert "/login?next=" in laptop.get(f"/w/{code}/facilitate").headers["Location"]
    assert app.test_client().get(f"/w/{code}/f/{key}").status_code == 403
    assert app.test_client().get(f"/w/{code}/f/{new_key}").status_code == 302


def test_a_renewed_link_takes_the_controls_from_pages_opened_with_the_old_one(app, harness):
    code, _, key = harness.create(owner="zoe@example.org")
    laptop = socketio.test_client(
        app,
        flask_test_client=app.test_client(),
        auth={"code": code, "view": "facilitator", "key": key},
    )
    assert laptop.emit("phase.set", {"phase": "lobby"}, callback=True)["ok"]
    harness.signed_in("zoe@example.org").post(f"/w/{code}/facilitator-link")
    refused = laptop.emit("phase.set", {"phase": "client_ideas"}, callback=True)
    assert refused["error"]["code"] == "not_facilitator"
    again = socketio.test_client(app, auth={"code": code, "view": "facilitator", "key": key})
    assert again.connect_error["data"]["code"] == "not_facilitator"


def test_sign_ups_with_someone_elses_address_send_them_a_few_e_mails_a_day_at_most(mail_app, inbox):
    messages = inbox[0].messages
    Harness(mail_app).account("zoe@example.org", name="Zoé")
    for n in range(5):
        _sign_up(mail_app.test_client(), "zoe@example.org", f"<b>Intrus {n}</b>", "x" * 12)
    time.sleep(1)  # sent in the background
    assert len(messages) == 3
    body = messages[0][1].get_content()
    # The name typed at sign-up is not the address owner's: it is not in the mail.
    assert body.startswith("Hello,") and "Intrus" not in body


def test_workshops_are_listed_most_recent_first_and_only_managers_read_teams(app, harness):
    codes = [
        harness.create(title=title, date=day, team="Accueil")[0]
        for title, day in (
            ("Mars", "2026-03-10"),
            ("Janvier", "2026-01-10"),
            ("Mars bis", "2026-03-10"),
        )
    ]
    harness.account("nour@example.org", "manager", teams=["Accueil"])
    harness.account("ines@example.org", "facilitator", teams=["Accueil"])
    with app.app_context():
        camille = accounts.find_by_email("camille@example.org")
        nour = accounts.find_by_email("nour@example.org")
        ines = accounts.find_by_email("ines@example.org")
        # The latest date first; on one date, the latest made first.
        expected = [codes[2], codes[0], codes[1]]
        assert [w.code for w in ownership.workshops_run_by(camille)] == expected
        assert [w.code for w in ownership.workshops_managed_by(nour)] == expected
        # A facilitator leading the team runs workshops; managing is a manager's.
        assert ownership.workshops_managed_by(ines) == []
