"""Co-facilitators are invited by e-mail address, and inviting tells nothing about accounts."""

import io
import re

from pypdf import PdfReader

from atelier.extensions import socketio
from atelier.services import accounts

from ..support import Harness

OWNER = "mallory@example.org"
PANEL = re.compile(r'<section class="card" id="facilitators".*?</section>', re.S)
FLASHES = re.compile(r'<div class="flashes".*?</div>', re.S)


def _invite(http, code: str, email: str):
    return http.post(f"/w/{code}/co-facilitators?lang=en", data={"email": email})


def _panel(http, code: str) -> str:
    """The facilitators panel, without the form tokens (signed anew on each page)."""
    panel = PANEL.search(http.get(f"/w/{code}/facilitate?lang=en").text).group(0)
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', panel)


def _invitation_ids(http, code: str) -> dict[str, int]:
    """The invited addresses and their ids, read from the owner's panel as a browser would."""
    rows = re.findall(
        r'class="invited-email">([^<]+)</span>.*?/co-facilitators/(\d+)/remove',
        _panel(http, code),
        re.S,
    )
    return {email: int(number) for email, number in rows}


def _cover(http, code: str) -> str:
    pdf = http.get(f"/w/{code}/bilan.pdf")
    assert pdf.status_code == 200
    return " ".join(PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().split())


def test_inviting_says_nothing_about_whether_an_address_has_an_account(app, harness):
    """What an owner sees after inviting a facilitator's, a manager's or a free
    address is the same, but for the address itself: status, redirect, message,
    panel, and the bilan's cover."""
    harness.account("victim@example.org", name="Victoria Secret-Name")
    harness.account("boss@example.org", "manager", name="Bernard Boss")
    owner = harness.signed_in(OWNER)
    seen = []
    for email in ("victim@example.org", "boss@example.org", "nobody@example.org"):
        # One workshop each, so that each panel holds one invitation.
        code = owner.post("/api/workshops", json={"title": "Atelier"}).json["workshop"]["code"]
        answer = _invite(owner, code, email.upper())
        page = owner.get(answer.headers["Location"] + "?lang=en").text
        flash = FLASHES.search(page).group(0)
        panel = _panel(owner, code)
        assert email in flash and email in panel
        assert "Secret-Name" not in page + panel and "Boss" not in page + panel
        assert "Secret-Name" not in _cover(owner, code)
        seen.append(
            (
                answer.status_code,
                answer.headers["Location"].replace(code, "<code>"),
                flash.replace(email, "<email>"),
                re.sub(r"/co-facilitators/\d+/", "/co-facilitators/<id>/", panel)
                .replace(code, "<code>")
                .replace(email, "<email>"),
            )
        )
    assert seen[0] == seen[1] == seen[2]
    status, location, flash, _ = seen[0]
    assert status == 302 and location == "/w/<code>/facilitate#facilitators"
    assert "Invitation recorded for <email>." in flash


def test_an_invitation_made_before_the_account_exists_works_after_sign_up(app, harness):
    code, owner, _ = harness.create(owner="zoe@example.org")
    assert _invite(owner, code, " Lea@Example.org ").status_code == 302
    assert "lea@example.org" in _invitation_ids(owner, code)
    lea = app.test_client()
    signed_up = lea.post(
        "/signup",
        data={"email": "lea@example.org", "name": "Léa", "password": "un long mot de passe"},
    )
    assert signed_up.status_code == 302
    lea.post("/login", data={"email": "LEA@example.org", "password": "un long mot de passe"})
    assert f"/w/{code}/facilitate" in lea.get("/account").text
    assert lea.get(f"/w/{code}/facilitate").status_code == 200
    page = socketio.test_client(
        app, flask_test_client=lea, auth={"code": code, "view": "facilitator"}
    )
    assert page.emit("phase.set", {"phase": "lobby"}, callback=True)["ok"]
    # Having opened it, Léa is named on the bilan's cover after the owner.
    assert "Animé par Zoe, Léa" in _cover(owner, code)


def test_a_manager_whose_address_is_invited_still_cannot_facilitate(app, harness):
    code, owner, _ = harness.create(owner="zoe@example.org")
    manager = harness.signed_in("nour@example.org", "manager")
    _invite(owner, code, "nour@example.org")
    assert manager.get(f"/w/{code}/facilitate").status_code == 403
    refused = socketio.test_client(
        app, flask_test_client=manager, auth={"code": code, "view": "facilitator"}
    )
    assert refused.connect_error["data"]["code"] == "not_facilitator"
    assert f"/w/{code}/facilitate" not in manager.get("/account").text


def test_the_owner_invites_and_removes_a_co_facilitator(app, harness):
    code, _, _ = harness.create(owner="zoe@example.org")
    owner = harness.signed_in("zoe@example.org")
    harness.account("karim@example.org", name="Karim")
    karim = harness.signed_in("karim@example.org")
    assert karim.get(f"/w/{code}/facilitate").status_code == 403
    assert _invite(owner, code, " KARIM@example.org ").status_code == 302
    assert _invite(owner, code, "karim@example.org").status_code == 302  # again: one row
    assert list(_invitation_ids(owner, code)) == ["karim@example.org"]
    shared = karim.get(f"/w/{code}/facilitate")
    assert shared.status_code == 200 and "Zoe" in shared.text  # the owner is named
    assert f"/w/{code}/facilitate" in karim.get("/account").text
    # A co-facilitator runs the workshop but does not share it further or delete it.
    assert _invite(karim, code, "lea@example.org").status_code == 403
    assert karim.post(f"/w/{code}/delete", data={"confirm": code}).status_code == 403
    assert "/remove" not in _panel(karim, code)
    # A malformed address is refused as such.
    assert _invite(owner, code, "pas une adresse").status_code == 400
    invitation = _invitation_ids(owner, code)["karim@example.org"]
    assert karim.post(f"/w/{code}/co-facilitators/{invitation}/remove").status_code == 403
    removed = owner.post(f"/w/{code}/co-facilitators/{invitation}/remove")
    assert removed.status_code == 302
    assert karim.get(f"/w/{code}/facilitate").status_code == 403
    assert f"/w/{code}/facilitate" not in karim.get("/account").text
    assert _invitation_ids(owner, code) == {}


def test_an_owner_cannot_remove_another_workshops_invitation(app, harness):
    theirs, zoe, _ = harness.create(owner="zoe@example.org")
    _invite(zoe, theirs, "karim@example.org")
    invitation = _invitation_ids(zoe, theirs)["karim@example.org"]
    ours, mallory, _ = harness.create(owner=OWNER)
    assert mallory.post(f"/w/{ours}/co-facilitators/{invitation}/remove").status_code == 302
    karim = harness.signed_in("karim@example.org")
    assert karim.get(f"/w/{theirs}/facilitate").status_code == 200
    assert _invitation_ids(zoe, theirs) == {"karim@example.org": invitation}


def test_the_bilan_cover_names_the_owner_and_the_co_facilitators_who_opened_it(app, harness):
    code, *_ = harness.at_results(language="fr")
    owner = harness.signed_in("camille@example.org")
    for email, name in (
        ("karim@example.org", "Karim Benali"),
        ("lovelace@example.org", "Ada Lovelace"),  # after Karim by address, before by name
        ("idle@example.org", "Ignace Idle"),
    ):
        harness.account(email, name=name)
        _invite(owner, code, email)
    for email in ("karim@example.org", "lovelace@example.org"):
        assert harness.signed_in(email).get(f"/w/{code}/facilitate").status_code == 200
    # Ignace opens only another workshop he is invited to.
    other = owner.post("/api/workshops", json={"title": "Encore"}).json["workshop"]["code"]
    _invite(owner, other, "idle@example.org")
    assert harness.signed_in("idle@example.org").get(f"/w/{other}/facilitate").status_code == 200
    # By name after the owner; an account that never opened it is not named.
    assert "Animé par Camille, Ada Lovelace, Karim Benali" in _cover(owner, code)
    assert "Ignace" not in _cover(owner, code)


def test_a_co_facilitator_who_can_no_longer_facilitate_is_no_longer_named(app, harness):
    code, *_ = harness.at_results(language="fr")
    owner = harness.signed_in("camille@example.org")
    ids = {}
    for email, name in (
        ("karim@example.org", "Karim Benali"),
        ("ada@example.org", "Ada Lovelace"),
        ("nour@example.org", "Nour Haddad"),
    ):
        ids[email] = harness.account(email, name=name)
        _invite(owner, code, email)
        assert harness.signed_in(email).get(f"/w/{code}/facilitate").status_code == 200
    # An admin closes Karim's account and makes Ada a manager.
    with app.app_context():
        accounts.update_user(ids["karim@example.org"], role="facilitator", active=False, teams=[])
        accounts.update_user(ids["ada@example.org"], role="manager", active=True, teams=[])
    assert "Animé par Camille, Nour Haddad" in _cover(owner, code)


def test_an_owner_who_invites_their_own_address_is_named_once_on_the_bilan(app, harness):
    code, owner, _ = harness.create(owner="zoe@example.org")
    assert _invite(owner, code, "zoe@example.org").status_code == 302
    assert owner.get(f"/w/{code}/facilitate").status_code == 200
    # Opening their own workshop is no visit of a co-facilitator.
    cover = _cover(owner, code)
    assert "Animé par Zoe" in cover and cover.count("Zoe") == 1


def test_a_removed_co_facilitator_loses_the_live_controls_at_once(app, harness):
    code, _, _ = harness.create(owner="zoe@example.org")
    owner = harness.signed_in("zoe@example.org")
    harness.account("karim@example.org")
    _invite(owner, code, "karim@example.org")
    karim = socketio.test_client(
        app,
        flask_test_client=harness.signed_in("karim@example.org"),
        auth={"code": code, "view": "facilitator"},
    )
    assert karim.emit("phase.set", {"phase": "lobby"}, callback=True)["ok"]
    karim.get_received()
    invitation = _invitation_ids(owner, code)["karim@example.org"]
    owner.post(f"/w/{code}/co-facilitators/{invitation}/remove")
    # The page is asked to connect again (and would then be refused) ...
    assert [m["name"] for m in karim.get_received()] == ["reauth"]
    again = socketio.test_client(
        app,
        flask_test_client=harness.signed_in("karim@example.org"),
        auth={"code": code, "view": "facilitator"},
    )
    assert again.connect_error["data"]["code"] == "not_facilitator"
    # ... and a page that does not obey can no longer act nor read.
    refused = karim.emit("phase.set", {"phase": "client_ideas"}, callback=True)
    assert refused["error"]["code"] == "not_facilitator"
    assert karim.emit("sync", {}, callback=True)["error"]["code"] == "not_facilitator"
    page = socketio.test_client(
        app, flask_test_client=owner, auth={"code": code, "view": "facilitator"}
    )
    page.get_received()
    assert page.emit("phase.set", {"phase": "client_ideas"}, callback=True)["ok"]
    assert karim.get_received() == []


def test_invitations_are_limited_per_owner_account(make_app):
    app = make_app(RATE_LIMIT_INVITES="3/hour")
    harness = Harness(app)
    code, owner, _ = harness.create(owner=OWNER)
    for n in range(3):
        assert _invite(owner, code, f"guess{n}@example.org").status_code == 302
    refused = _invite(owner, code, "guess3@example.org")
    assert refused.status_code == 429 and "Wait a moment" in refused.text
    assert "guess3@example.org" not in _invitation_ids(owner, code)
    # Another workshop of the same account shares the budget; another owner has their own.
    other = owner.post("/api/workshops", json={"title": "Encore"}).json["workshop"]["code"]
    assert _invite(owner, other, "guess4@example.org").status_code == 429
    elsewhere, zoe, _ = harness.create(owner="zoe@example.org")
    assert _invite(zoe, elsewhere, "karim@example.org").status_code == 302


def test_an_invitation_opens_its_own_workshop_only(app, harness):
    code, _, _ = harness.create(owner="zoe@example.org")
    other, _, _ = harness.create(owner="zoe@example.org")
    owner = harness.signed_in("zoe@example.org")
    harness.account("karim@example.org", name="Karim")
    karim = harness.signed_in("karim@example.org")
    assert _invite(owner, code, "karim@example.org").status_code == 302
    assert _invite(owner, code, "amina@example.org").status_code == 302
    assert karim.get(f"/w/{code}/facilitate").status_code == 200
    assert karim.get(f"/w/{other}/facilitate").status_code == 403
    # The panel lists the invited addresses in alphabetical order.
    assert list(_invitation_ids(owner, code)) == ["amina@example.org", "karim@example.org"]


def test_an_address_invited_to_two_workshops_opens_both(app, harness):
    first, owner, _ = harness.create(owner="zoe@example.org")
    second = owner.post("/api/workshops", json={"title": "Encore"}).json["workshop"]["code"]
    karim = harness.signed_in("karim@example.org")
    for code in (first, second):
        assert _invite(owner, code, "karim@example.org").status_code == 302
        assert list(_invitation_ids(owner, code)) == ["karim@example.org"]
        assert karim.get(f"/w/{code}/facilitate").status_code == 200
