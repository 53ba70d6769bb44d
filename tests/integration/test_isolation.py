"""Nothing of workshop A can be read or changed from workshop B."""

from atelier.extensions import socketio

from ..support import client_id
from .test_review import report


def test_ids_from_another_workshop_are_not_found(harness):
    code_a, fac_a, screen_a, (phone_a,) = harness.open_workshop(["A"])
    code_b, fac_b, screen_b, (phone_b,) = harness.open_workshop(["B"])
    for fac in (fac_a, fac_b):
        fac.ok("phase.set", {"phase": "client_ideas"})
    idea_a = harness.post(phone_a, "idée de A")["idea_id"]
    for event, payload in [
        ("idea.edit", {"idea_id": idea_a, "text": "volé"}),
        ("idea.hide", {"idea_id": idea_a, "hidden": True}),
    ]:
        assert fac_b.act(event, payload)["error"]["code"] == "idea_not_found"
    fac_b.ok("phase.set", {"phase": "transposition"})
    ack = harness.post(phone_b, "miroir", kind="colleague", parent_id=idea_a)
    assert ack["error"]["code"] == "idea_not_found"
    screen_b.drain()
    assert screen_b.store.ideas == {}
    assert [i["text"] for i in screen_a.sync()["ideas"]] == ["idée de A"]


def test_a_participant_token_only_opens_its_own_workshop(app, harness):
    code_a, *_ = harness.open_workshop([])
    code_b, _, _, (phone_b,) = harness.open_workshop(["B"])
    token_b = phone_b.http.post(
        f"/api/w/{code_b}/participants", json={"name": "B2", "client_id": client_id()}
    ).json["token"]
    sio = socketio.test_client(app, auth={"code": code_a, "view": "phone", "token": token_b})
    assert not sio.is_connected()


def test_a_facilitator_key_only_opens_its_own_workshop(app, harness):
    code_a, *_ = harness.create()
    code_b, _, key_b = harness.create()
    sio = socketio.test_client(app, auth={"code": code_a, "view": "facilitator", "key": key_b})
    assert not sio.is_connected()
    page = app.test_client().get(f"/w/{code_a}/f/{key_b}")
    assert page.status_code == 403


def test_broadcasts_stay_in_their_workshop(harness):
    code_a, fac_a, screen_a, (phone_a,) = harness.open_workshop(["A"])
    code_b, fac_b, screen_b, _ = harness.open_workshop(["B"])
    screen_b.drain()
    fac_a.ok("phase.set", {"phase": "client_ideas"})
    harness.post(phone_a, "seulement pour A")
    assert screen_b.drain() == []


def test_a_review_cannot_touch_another_workshops_commitments(harness):
    *_, (theirs, _, _) = harness.at_results()
    code, facilitator, screen, phones, _ = harness.at_results()
    facilitator.ok("phase.set", {"phase": "review"})
    for event, payload in [
        ("decision.set", {"idea_id": theirs, "choice": "keep", "note": ""}),
        ("review.focus", {"idea_id": theirs}),
    ]:
        assert facilitator.act(event, payload)["error"]["code"] == "idea_not_found"
    assert report(phones[0], theirs)["error"]["code"] == "idea_not_found"
