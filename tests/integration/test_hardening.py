"""Defects found in review, each pinned by the scenario that showed it."""

from atelier.extensions import socketio

from ..support import client_id


def test_a_deleted_workshops_id_and_pages_never_reach_a_new_workshop(app, harness):
    code_a, fac_a, screen_a, (phone_a,) = harness.open_workshop(["Alice"])
    http_a = fac_a.sio.flask_test_client
    assert http_a.post(f"/w/{code_a}/delete", data={"confirm": code_a}).status_code == 302
    code_b, http_b, _ = harness.create(title="Atelier B")
    # The old facilitator page cannot act on the new workshop…
    assert fac_a.act("phase.set", {"phase": "lobby"})["error"]["code"] == "workshop_not_found"
    # …nor does a fresh screen of B show anything of A.
    state = harness.screen(code_b).store
    assert state.workshop["title"] == "Atelier B" and state.participants == {}


def test_going_back_from_the_vote_does_not_unfreeze_its_terms(harness):
    code, facilitator, screen, phones, ideas = harness.at_results(votes_per_person=2)
    facilitator.ok("phase.set", {"phase": "vote"})
    facilitator.ok("phase.set", {"phase": "transposition"})
    for change in ({"votes_per_person": 1}, {"commitment_days": 90}):
        ack = facilitator.act("workshop.update", {"settings": change})
        assert ack["error"]["code"] == "settings_locked"


def test_merging_into_a_hidden_idea_is_refused(harness):
    code, facilitator, screen, (a,) = harness.open_workshop(["A"])
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    one = harness.post(a, "un", kind="colleague")["idea_id"]
    two = harness.post(a, "deux", kind="colleague")["idea_id"]
    facilitator.ok("idea.hide", {"idea_id": two, "hidden": True})
    ack = facilitator.act("idea.merge", {"idea_id": one, "into_id": two})
    assert ack["error"]["code"] == "merge_invalid"


def test_decisions_only_on_committed_ideas(harness):
    code, facilitator, screen, phones, (first, second, third) = harness.at_results()
    facilitator.ok("phase.set", {"phase": "review"})
    ack = facilitator.act("decision.set", {"idea_id": third, "choice": "stop"})
    assert ack["error"]["code"] == "idea_not_found"
    assert facilitator.act("review.focus", {"idea_id": third})["error"]["code"] == "idea_not_found"


def test_unstorable_or_out_of_range_input_gets_a_code_not_a_crash(signed_in, harness):
    client = signed_in
    code, facilitator, screen, phones, (first, *_) = harness.at_results()
    phone = phones[0]
    for payload, expected in [
        ({"idea_id": 2**63, "tried": "yes", "feeling": 3}, "idea_not_found"),
        ({"idea_id": first, "tried": "yes", "feeling": 3.0}, "report_invalid"),
        ({"idea_id": first, "tried": "yes", "feeling": 3, "comment": "a\ud800b"}, "text_invalid"),
        ({"idea_id": first, "tried": "yes", "feeling": 3, "comment": "a\x00b"}, "text_invalid"),
    ]:
        ack = phone.act("report.save", {**payload, "client_id": client_id()})
        assert ack["error"]["code"] == expected, (payload, ack)
    assert phone.act("email.set", {"email": "zoé@exämple.org\ud800"})["error"]["code"] == (
        "email_invalid"
    )
    ack = facilitator.act("workshop.update", {"settings": {"title": "Nul\x00"}})
    assert ack["error"]["code"] == "setting_invalid"
    far = client.post("/api/workshops", json={"title": "Loin", "date": "9999-12-31"})
    assert far.status_code == 400 and far.json["error"]["code"] == "setting_invalid"
    bad_name = client.post(f"/api/w/{code}/participants", json={"name": "\ud800", "client_id": "x"})
    assert bad_name.status_code == 400
    for path in (f"/w/{code}/me/²-x", f"/w/{code}/f/²-x"):
        assert client.get(path).status_code in (401, 403)
    header = {"Authorization": "Bearer ²-x"}
    anonymous = client.application.test_client()
    assert anonymous.get(f"/api/w/{code}/snapshot", headers=header).status_code == 401


def test_a_closed_workshop_refuses_even_stopping_a_timer(harness):
    code, facilitator, screen, phones, _ = harness.at_results()
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("phase.set", {"phase": "closed"})
    assert facilitator.act("timer.stop")["error"]["code"] == "workshop_closed"


def test_one_client_id_used_for_two_actions_applies_both(harness):
    code, facilitator, screen, phones, (first, *_) = harness.at_results()
    facilitator.ok("phase.set", {"phase": "vote"})
    shared = client_id()
    phones[0].ok("vote.set", {"idea_ids": [first], "client_id": shared})
    facilitator.ok("phase.set", {"phase": "results"})
    ack = phones[0].act(
        "report.save", {"idea_id": first, "tried": "yes", "feeling": 4, "client_id": shared}
    )
    assert ack["ok"] and ack["duplicate"] is False


def test_the_cookie_keeps_the_most_recent_workshops_only(app):
    from atelier.credentials import MAX_HELD, recall, remember

    with app.test_request_context():
        for n in range(1, MAX_HELD + 11):
            remember(n, key=f"k{n}")
        remember(5, token="t5")  # used again: kept
        from flask import session

        assert len(session["w"]) == MAX_HELD
        assert recall(MAX_HELD + 10) == {"f": f"k{MAX_HELD + 10}"}
        assert recall(5) == {"p": "t5"}
        assert recall(11) == {}


def test_links_for_other_devices_use_the_public_url(app, signed_in):
    client = signed_in
    app.config["PUBLIC_URL"] = "http://192.0.2.10:5000"
    created = client.post("/api/workshops", json={"title": "Salle"}).json
    assert created["facilitator_url"].startswith("http://192.0.2.10:5000/w/")


def test_a_failed_broadcast_still_acknowledges_a_saved_change(harness, monkeypatch):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})

    def broken(*args, **kwargs):
        raise ConnectionError("message queue down")

    monkeypatch.setattr(socketio, "emit", broken)
    ack = harness.post(phone, "gardée malgré tout")
    monkeypatch.undo()
    assert ack["ok"] is True
    assert [i["text"] for i in screen.sync()["ideas"]] == ["gardée malgré tout"]


def test_a_request_body_over_64_kib_is_refused_with_a_code(signed_in):
    huge = {"title": "x" * (70 * 1024)}
    response = signed_in.post("/api/workshops", json=huge)
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    page = signed_in.post("/workshops", data=huge)
    assert page.status_code == 413 and "<html" in page.text


def test_cookies_are_httponly_lax_and_secure_behind_https(make_app):
    def session_cookie(app) -> str:
        from tests.support import Harness

        Harness(app).account("zoe@example.org")
        response = app.test_client().post(
            "/api/session", json={"email": "zoe@example.org", "password": "un mot de passe de test"}
        )
        return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("atelier="))

    plain = session_cookie(make_app())
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    https = session_cookie(make_app(PUBLIC_URL="https://atelier.example.org"))
    assert "HttpOnly" in https and "SameSite=Lax" in https and "Secure" in https


def test_cookies_are_secure_on_a_request_that_came_over_https_through_the_proxy(make_app):
    """Behind nginx (PROXY_HOPS) without ATELIER_PUBLIC_URL: X-Forwarded-Proto tells."""
    from tests.support import Harness

    app = make_app(PROXY_HOPS=1)
    Harness(app).account("zoe@example.org")
    account = {"email": "zoe@example.org", "password": "un mot de passe de test"}

    def cookies(proto: str) -> dict[str, str]:
        headers = {"X-Forwarded-Proto": proto}
        client = app.test_client()
        signed = client.post("/api/session", json=account, headers=headers)
        chosen = client.get("/?lang=en", headers=headers)
        lines = signed.headers.getlist("Set-Cookie") + chosen.headers.getlist("Set-Cookie")
        return {line.split("=", 1)[0]: line for line in lines}

    https = cookies("https")
    assert "Secure" in https["atelier"] and "Secure" in https["atelier_lang"]
    plain = cookies("http")
    assert "Secure" not in plain["atelier"] and "Secure" not in plain["atelier_lang"]


def test_deeply_nested_json_is_an_invalid_request_on_every_json_route(harness):
    """30,000 brackets fit in 64 KiB and make Python's parser give up (RecursionError)."""
    code, _, _ = harness.create()
    deep = "[" * 30_000 + "]" * 30_000
    routes = {
        "/api/session": harness.app.test_client(),
        f"/api/w/{code}/participants": harness.app.test_client(),
        "/api/workshops": harness.signed_in(),
    }
    for route, http in routes.items():
        for body in (deep, '{"name": ' + deep + "}"):
            response = http.post(route, data=body, content_type="application/json")
            assert response.status_code == 400, (route, response.status_code)
            assert response.json["error"]["code"] == "invalid_request", route


def test_an_account_id_beyond_any_row_is_unknown_not_a_server_error(harness):
    # Found by Schemathesis: SQLite cannot even look such an id up.
    huge = 2**70
    admin = harness.signed_in("ada@example.org", role="admin")
    assert admin.post(f"/admin/users/{huge}", data={"role": "manager"}).status_code == 400
    code, owner, _ = harness.create()
    assert owner.post(f"/w/{code}/co-facilitators/{huge}/remove").status_code == 302
