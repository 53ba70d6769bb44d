"""No dead ends (issue 10): a wrong code comes back to the join form, a workshop
not open says so before any name, and at the review someone without their
personal link finds their first name and a facilitator confirms it is them."""

import datetime as dt
import re

from sqlalchemy import update

from atelier.extensions import db, socketio
from atelier.models import IdentityClaim, Participant
from atelier.services.identity import participant_token

from ..support import Harness, client_id, visible_text

LONG_AGO = dt.datetime(2020, 1, 1)


def _visible(response) -> str:
    return visible_text(response.text)


def _day_15(app, harness: Harness, **settings):
    """Three people committed at the results; fifteen days later, the review is open
    and nobody's phone has been seen since."""
    code, facilitator, screen, phones, ideas = harness.at_results(**settings)
    facilitator.ok("phase.set", {"phase": "review"})
    for phone in phones:
        phone.sio.disconnect()
    with app.app_context():
        db.session.execute(update(Participant).values(seen_at=LONG_AGO))
        db.session.commit()
    facilitator.sio.get_received()
    return code, facilitator, ideas


def _offered(response) -> dict[str, str]:
    """First name → participant id, as the find-yourself page offers them."""
    return {
        name: pid
        for pid, name in re.findall(
            r'name="participant_id" value="(\d+)"[^>]*><bdi class="user-text">([^<]+)<',
            response.text,
        )
    }


def _claim(http, code: str, pid: str, cid: str | None = None):
    return http.post(
        f"/j/{code}/claims?lang=en", data={"participant_id": pid, "client_id": cid or client_id()}
    )


def _me(http, code: str):
    response = http.get(f"/api/w/{code}/snapshot")
    return response.json["me"] if response.status_code == 200 else None


def _claims_events(facilitator) -> list[list[dict]]:
    return [m["args"][0]["claims"] for m in facilitator.sio.get_received() if m["name"] == "claims"]


# ---- a wrong code, a workshop not open ------------------------------------------------


def test_a_wrong_code_comes_back_to_the_join_form_with_the_reason_inline(app):
    browser = app.test_client()
    for response in (
        browser.get("/j/ZZZZZZ?lang=en"),
        browser.post("/j/ZZZZZZ?lang=en", data={"name": "Zoé", "client_id": client_id()}),
        browser.get("/join?code=zz-zz zz&lang=en", follow_redirects=True),
        browser.post("/join?lang=en", data={"code": "zzzzzz"}, follow_redirects=True),
    ):
        assert response.status_code == 404
        text = _visible(response)
        assert "No workshop has this code. Check the code on the screen." in text
        assert "workshop_not_found" not in text
        # The join form, the code kept in its field, the reason tied to it.
        assert 'id="code" name="code"' in response.text
        assert 'value="ZZZZZZ"' in response.text
        assert 'aria-invalid="true"' in response.text
        assert 'id="code-error" role="alert"' in response.text
    french = browser.get("/j/ZZZZZZ?lang=fr")
    assert "Aucun atelier n’a ce code" in _visible(french)


def test_no_error_page_shows_a_code(app):
    code = Harness(app).create()[0]
    response = app.test_client().get(f"/w/{code}/f/not-a-key?lang=en")
    assert response.status_code == 403
    assert "not_facilitator" not in _visible(response)


def test_a_closed_workshop_says_so_before_any_name(app, harness):
    code, facilitator, _ = _day_15(app, harness)
    facilitator.ok("phase.set", {"phase": "closed"})
    browser = app.test_client()
    page = browser.get(f"/j/{code}?lang=en")
    assert page.status_code == 200
    text = _visible(page)
    assert "This workshop is closed" in text
    assert "open your personal link" in text
    assert 'data-testid="join-name"' not in page.text and "find-name" not in page.text
    posted = browser.post(f"/j/{code}?lang=en", data={"name": "Zoé", "client_id": client_id()})
    assert posted.status_code == 409
    assert "This workshop is closed" in _visible(posted)
    assert 'data-testid="join-name"' not in posted.text
    assert "Cet atelier est clos" in _visible(browser.get(f"/j/{code}?lang=fr"))


def test_a_draft_workshop_says_it_has_not_opened_yet(app, harness):
    code = harness.create()[0]
    browser = app.test_client()
    page = browser.get(f"/j/{code}?lang=en")
    assert page.status_code == 200
    assert "This workshop has not opened yet" in _visible(page)
    assert 'data-testid="join-name"' not in page.text
    posted = browser.post(f"/j/{code}?lang=en", data={"name": "Zoé", "client_id": client_id()})
    assert posted.status_code == 409
    assert "This workshop has not opened yet" in _visible(posted)


# ---- coming back without one's link ---------------------------------------------------------


def test_a_confirmed_claim_makes_the_phone_that_participant_with_their_commitments(app, harness):
    code, facilitator, ideas = _day_15(app, harness)
    phone = app.test_client()
    page = phone.get(f"/j/{code}?lang=en")
    assert page.status_code == 200
    assert "Coming back? Find your first name" in _visible(page)
    assert "I am new here" in _visible(page)
    offered = _offered(page)
    assert sorted(offered) == ["Amina", "Karim", "Zoé"]

    asked = _claim(phone, code, offered["Zoé"])
    assert asked.status_code == 302
    waiting_url = asked.headers["Location"]
    claim_id = int(waiting_url.rsplit("/", 1)[1])
    # The facilitator hears of it live, and finds it in their snapshot.
    (pending,) = _claims_events(facilitator)
    assert [(c["id"], c["name"], c["status"]) for c in pending] == [(claim_id, "Zoé", "pending")]
    assert facilitator.sync()["claims"] == pending
    # Waiting: the phone is nobody yet.
    waiting = phone.get(f"{waiting_url}?lang=en")
    assert waiting.status_code == 200
    assert "Waiting for the facilitator" in _visible(waiting)
    assert str(pending[0]["number"]) in _visible(waiting)
    assert _me(phone, code) is None
    assert phone.get(f"/api/w/{code}/claims/{claim_id}").json["claim"]["status"] == "pending"

    ack = facilitator.ok("claim.answer", {"claim_id": claim_id, "confirm": True})
    assert ack["claim"]["status"] == "confirmed"
    assert _claims_events(facilitator) == [[]]
    # A retried tap is harmless.
    assert facilitator.ok("claim.answer", {"claim_id": claim_id, "confirm": True})

    handed = phone.get(waiting_url)
    assert handed.status_code == 302 and handed.headers["Location"] == f"/j/{code}"
    me = _me(phone, code)
    assert me["name"] == "Zoé" and me["votes"] == sorted(ideas[:2])
    # As with the personal link: the phone page, with the return link.
    assert "/me/" in phone.get(f"/j/{code}").text
    # Zoé is back: no longer offered.
    assert sorted(_offered(app.test_client().get(f"/j/{code}"))) == ["Amina", "Karim"]


def test_a_refused_claim_says_so_and_gives_nothing(app, harness):
    code, facilitator, _ = _day_15(app, harness)
    phone = app.test_client()
    offered = _offered(phone.get(f"/j/{code}"))
    waiting_url = _claim(phone, code, offered["Karim"]).headers["Location"]
    claim_id = int(waiting_url.rsplit("/", 1)[1])
    ack = facilitator.ok("claim.answer", {"claim_id": claim_id, "confirm": False})
    assert ack["claim"]["status"] == "refused"
    page = phone.get(f"{waiting_url}?lang=en")
    assert page.status_code == 200
    assert "The facilitator did not confirm it" in _visible(page)
    assert _me(phone, code) is None
    # Changing one's mind after the phone was told is refused.
    again = facilitator.act("claim.answer", {"claim_id": claim_id, "confirm": True})
    assert again["error"]["code"] == "claim_answered"
    assert _me(phone, code) is None


def test_only_the_workshops_facilitators_confirm(app, harness):
    code, facilitator, _ = _day_15(app, harness)
    phone = app.test_client()
    offered = _offered(phone.get(f"/j/{code}"))
    claim_id = int(_claim(phone, code, offered["Amina"]).headers["Location"].rsplit("/", 1)[1])

    # A participant on their phone, and the public screen, cannot answer.
    karim = harness.join(code, "Karim B.")[0]
    screen = harness.screen(code)
    for page in (karim, screen):
        refused = page.act("claim.answer", {"claim_id": claim_id, "confirm": True})
        assert refused["error"]["code"] == "not_facilitator"
    # The phone that asked has no identity to connect with at all.
    sio = socketio.test_client(
        app, flask_test_client=phone, auth={"code": code, "view": "phone", "lang": "en"}
    )
    assert not sio.is_connected()
    # The facilitator of another workshop does not reach this claim.
    other_code, other_http, _ = harness.create(owner="other@example.org")
    other = harness.facilitator(other_code, other_http)
    answer = other.act("claim.answer", {"claim_id": claim_id, "confirm": True})
    assert answer["error"]["code"] == "claim_not_found"
    with app.app_context():
        assert db.session.get(IdentityClaim, claim_id).status == "pending"
    assert _me(phone, code) is None


def test_no_identity_is_taken_without_confirmation(app, harness):
    code, facilitator, _ = _day_15(app, harness)
    asker, thief = app.test_client(), app.test_client()
    offered = _offered(asker.get(f"/j/{code}"))
    cid = client_id()
    waiting_url = _claim(asker, code, offered["Zoé"], cid).headers["Location"]
    claim_id = int(waiting_url.rsplit("/", 1)[1])
    facilitator.ok("claim.answer", {"claim_id": claim_id, "confirm": True})
    # Another browser knows the URL and the client_id: it gets nothing.
    assert thief.get(waiting_url).status_code == 404
    assert thief.get(f"/api/w/{code}/claims/{claim_id}").status_code == 404
    reused = _claim(thief, code, offered["Zoé"], cid)
    assert reused.status_code == 409 and "claim" not in reused.headers.get("Location", "")
    assert _me(thief, code) is None
    # The same browser retrying its request gets the same one, stored once.
    assert _claim(asker, code, offered["Zoé"], cid).headers["Location"] == waiting_url
    with app.app_context():
        assert db.session.query(IdentityClaim).count() == 1
    # A name no longer offered (Zoé is back now) cannot be asked for.
    late = _claim(app.test_client(), code, offered["Zoé"])
    assert late.status_code == 409
    assert "no longer on the list" in _visible(late)


def test_a_claim_expires(app, harness):
    code, facilitator, _ = _day_15(app, harness)
    phone = app.test_client()
    offered = _offered(phone.get(f"/j/{code}"))
    waiting_url = _claim(phone, code, offered["Zoé"]).headers["Location"]
    claim_id = int(waiting_url.rsplit("/", 1)[1])
    with app.app_context():
        db.session.execute(
            update(IdentityClaim).values(expires_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))
        )
        db.session.commit()
    answer = facilitator.act("claim.answer", {"claim_id": claim_id, "confirm": True})
    assert answer["error"]["code"] == "claim_expired"
    assert facilitator.sync()["claims"] == []
    page = phone.get(f"{waiting_url}?lang=en")
    assert "Your request expired" in _visible(page)
    assert _me(phone, code) is None


def test_claims_are_rate_limited_per_address(make_app):
    app = make_app(RATE_LIMIT_CLAIMS="2/minute")
    harness = Harness(app)
    code, _, _ = _day_15(app, harness)
    phone = app.test_client()
    pid = _offered(phone.get(f"/j/{code}"))["Zoé"]
    assert _claim(phone, code, pid).status_code == 302
    assert _claim(phone, code, pid).status_code == 302
    held_back = _claim(phone, code, pid)
    assert held_back.status_code == 429
    assert held_back.headers["Retry-After"] == "60"


def test_finding_oneself_is_only_offered_at_the_review(app, harness):
    code, facilitator, screen, phones = harness.open_workshop()
    browser = app.test_client()
    assert "find-name" not in browser.get(f"/j/{code}").text
    with app.app_context():
        pid = db.session.query(Participant.id).first()[0]
    assert _claim(browser, code, str(pid)).status_code == 409
    # At the results too: everyone was here within the hour, nobody would be listed.
    for phase in ("client_ideas", "transposition", "vote", "results"):
        facilitator.ok("phase.set", {"phase": phase})
    assert "find-name" not in browser.get(f"/j/{code}").text
    assert _claim(browser, code, str(pid)).status_code == 409


def test_an_impostor_cannot_bury_the_real_request(app, harness):
    """Two requests at most wait for one person, each waiting request of the
    workshop shows its own number, and the facilitator is told when two
    phones ask to be the same person."""
    code, facilitator, _ = _day_15(app, harness)
    offered = _offered(app.test_client().get(f"/j/{code}"))
    phones = [app.test_client() for _ in range(3)]
    assert _claim(phones[0], code, offered["Zoé"]).status_code == 302
    assert _claim(phones[1], code, offered["Zoé"]).status_code == 302
    crowded = _claim(phones[2], code, offered["Zoé"])
    assert crowded.status_code == 409
    assert "Other phones already ask to be this person" in _visible(crowded)
    # Others still can.
    assert _claim(phones[2], code, offered["Karim"]).status_code == 302
    waiting = facilitator.sync()["claims"]
    assert [c["name"] for c in waiting] == ["Zoé", "Zoé", "Karim"]
    assert len({c["number"] for c in waiting}) == 3


def test_a_phone_back_in_the_room_is_no_longer_offered(app, harness):
    code, facilitator, _ = _day_15(app, harness)
    assert sorted(_offered(app.test_client().get(f"/j/{code}"))) == ["Amina", "Karim", "Zoé"]
    # Karim opens his personal link on a phone: he is back.
    with app.app_context():
        karim = db.session.query(Participant).filter_by(name="Karim").one()
        token = participant_token(karim)
    his_phone = app.test_client()
    assert his_phone.get(f"/w/{code}/me/{token}").status_code == 302
    assert his_phone.get(f"/j/{code}").status_code == 200
    assert sorted(_offered(app.test_client().get(f"/j/{code}"))) == ["Amina", "Zoé"]


def test_with_names_hidden_the_list_does_not_tell_who_committed(app, harness):
    code, facilitator, screen, phones, ideas = harness.at_results(show_names=False)
    # Someone who joined and never committed.
    harness.join(code, "Léa")
    facilitator.ok("phase.set", {"phase": "review"})
    with app.app_context():
        db.session.execute(update(Participant).values(seen_at=LONG_AGO))
        db.session.commit()
    offered = _offered(app.test_client().get(f"/j/{code}"))
    assert sorted(offered) == ["Amina", "Karim", "Léa", "Zoé"]


def test_with_names_shown_only_those_who_committed_are_offered(app, harness):
    code, facilitator, screen, phones, ideas = harness.at_results()
    harness.join(code, "Léa")
    facilitator.ok("phase.set", {"phase": "review"})
    with app.app_context():
        db.session.execute(update(Participant).values(seen_at=LONG_AGO))
        db.session.commit()
    assert sorted(_offered(app.test_client().get(f"/j/{code}"))) == ["Amina", "Karim", "Zoé"]
    # "I am new here" leads to the name form, which leads back.
    new = app.test_client().get(f"/j/{code}?new=1&lang=en")
    assert 'data-testid="join-name"' in new.text
    assert "Coming back? Find your first name" in _visible(new)


# ---- the facilitator shows a personal link --------------------------------------------------


def test_the_facilitator_shows_a_participants_personal_link_as_a_qr_code(app, harness):
    code, facilitator_http, _ = harness.create()
    facilitator = harness.facilitator(code, facilitator_http)
    facilitator.ok("phase.set", {"phase": "lobby"})
    _, joined = harness.join(code, "Zoé")
    pid = joined["participant"]["id"]

    shown = facilitator_http.get(f"/api/w/{code}/participants/{pid}/return-link")
    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == "no-store"
    # The link Zoé was given (links are derived): nothing revoked.
    assert shown.json["return_url"] == joined["return_url"]
    assert shown.json["participant"] == {"id": pid, "name": "Zoé"}
    qr = facilitator_http.get(shown.json["qr_url"])
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert qr.headers["Cache-Control"] == "no-store"
    assert app.test_client().get(joined["return_url"].split("localhost", 1)[-1]).status_code == 302

    # Nobody else: not a participant, not the public, not another workshop's facilitator.
    for http in (harness.join(code, "Karim")[0].http, app.test_client()):
        assert http.get(f"/api/w/{code}/participants/{pid}/return-link").status_code == 403
        assert http.get(f"/w/{code}/participants/{pid}/return-qr.svg").status_code == 403
    other_code, other_http, _ = harness.create(owner="other@example.org")
    assert other_http.get(f"/api/w/{code}/participants/{pid}/return-link").status_code == 403
    assert other_http.get(f"/api/w/{other_code}/participants/{pid}/return-link").status_code == 404
