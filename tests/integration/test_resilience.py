"""Retries store once; missed events and restarts are caught up from a snapshot."""

from atelier import create_app
from atelier.extensions import socketio

from ..support import Client, client_id


def test_a_retried_idea_is_stored_once(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    cid = client_id()
    first = harness.post(phone, "Un café", cid=cid)
    again = harness.post(phone, "Un café", cid=cid)
    assert first["ok"] and again["ok"] and again["duplicate"] is True
    assert again["idea_id"] == first["idea_id"]
    assert [i["text"] for i in screen.sync()["ideas"]] == ["Un café"]


def test_a_client_id_is_per_person(harness):
    """Another participant's id never swallows my submission."""
    code, facilitator, screen, (a, b) = harness.open_workshop(["A", "B"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    harness.post(a, "idée de A", cid="same-id")
    assert harness.post(b, "idée de B", cid="same-id")["duplicate"] is False
    assert len(screen.sync()["ideas"]) == 2


def test_a_client_id_is_one_to_sixty_four_printable_ascii_characters(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    for cid in ("a", "b" * 64):
        assert harness.post(phone, f"idée {len(cid)}", cid=cid)["ok"]
    for cid in ("c" * 65, "idée-1", "un\tid", 12):
        ack = harness.post(phone, "refusée", cid=cid)
        assert ack["ok"] is False and ack["error"]["code"] == "invalid_request", (cid, ack)
    assert [i["text"] for i in screen.sync()["ideas"]] == ["idée 1", "idée 64"]


def test_a_client_id_used_in_another_workshop_is_no_retry_in_this_one(harness):
    """The facilitator is "f" in every workshop: the id alone does not make a retry."""
    rooms = [harness.open_workshop([]) for _ in range(2)]
    for code, facilitator, screen, _ in rooms:
        facilitator.ok("phase.set", {"phase": "client_ideas"})
        ack = facilitator.ok("idea.post", {"kind": "client", "text": code, "client_id": "same"})
        assert ack["duplicate"] is False
        assert [i["text"] for i in screen.sync()["ideas"]] == [code]


def test_a_retried_ballot_changes_nothing(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    one = harness.post(phone, "un", kind="colleague")["idea_id"]
    two = harness.post(phone, "deux", kind="colleague")["idea_id"]
    facilitator.ok("phase.set", {"phase": "vote"})
    cid = client_id()
    phone.ok("vote.set", {"idea_ids": [one], "client_id": cid})
    phone.ok("vote.set", {"idea_ids": [two], "client_id": client_id()})
    late = phone.ok("vote.set", {"idea_ids": [one], "client_id": cid})
    assert late["duplicate"] is True
    assert phone.sync()["me"]["votes"] == [two]


def test_a_joined_retry_gives_the_same_person(client, harness):
    code, http, _ = harness.create()
    harness.facilitator(code, http).ok("phase.set", {"phase": "lobby"})
    body = {"name": "Zoé", "client_id": "join-1"}
    first = client.post(f"/api/w/{code}/participants", json=body)
    again = client.post(f"/api/w/{code}/participants", json=body)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json["participant"] == first.json["participant"]
    assert again.json["token"] == first.json["token"]


def test_a_page_that_missed_events_catches_up(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    screen.drain()
    screen.sio.disconnect()
    harness.post(phone, "pendant la coupure")
    facilitator.ok("timer.start", {"seconds": 120})
    # Reconnecting sends a fresh snapshot: the page needs nothing else.
    screen.sio.connect(auth={"code": code, "view": "screen"})
    screen.drain()
    assert [i["text"] for i in screen.store.ideas.values()] == ["pendant la coupure"]
    assert screen.store.workshop["timer"]["seconds"] == 120


def test_a_gap_in_versions_triggers_a_resync(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    screen.drain()
    harness.post(phone, "un")
    harness.post(phone, "deux")
    received = screen.sio.get_received()
    # Lose the first change on the way, as a flaky network would.
    screen.sio.queue.extend(received[1:])
    screen.drain()
    assert screen.store.gaps == 1
    assert sorted(i["text"] for i in screen.store.ideas.values()) == ["deux", "un"]


def test_a_server_restart_loses_nothing_acknowledged(app, harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    ack = harness.post(phone, "survivra au redémarrage")
    assert ack["ok"]
    # A new process on the same database: every page reconnects to it.
    restarted = create_app({**app.config, "TESTING": True})
    page = Client(restarted, phone.http, code, "phone")
    assert [i["text"] for i in page.store.ideas.values()] == ["survivra au redémarrage"]
    assert page.me["idea_ids"] == [ack["idea_id"]]
    assert page.store.workshop["phase"] == "client_ideas"
    socketio.init_app(app)  # leave the shared server bound to the test's app
