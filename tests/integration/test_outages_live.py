"""The database briefly away and changes lost on their way, as a page meets
them (the real outages, with two workers, are in tests/services/test_outages.py)."""

import sqlite3

import psycopg
import pytest
from sqlalchemy.exc import OperationalError

from atelier.extensions import socketio
from atelier.realtime import events, heartbeat
from atelier.services import ideas, participants

from ..support import client_id

UNAVAILABLE = {
    "code": "unavailable",
    "message": "The server is briefly unavailable: try again in a few seconds.",
}


def restarting(*args, **kwargs):
    """What psycopg raises on a connection PostgreSQL cut while restarting."""
    raise OperationalError("INSERT …", {}, psycopg.errors.AdminShutdown("terminating connection"))


def test_every_page_hears_its_rooms_version_at_each_beat(app, harness):
    code, facilitator, screen, phones = harness.open_workshop()
    pages = (facilitator, screen, *phones)
    for page in pages:
        page.drain()
    with app.app_context():
        assert heartbeat.beat() == 2  # the public room and the facilitator's
    for page in pages:
        beats = [m["args"][0] for m in page.sio.get_received() if m["name"] == "version"]
        assert beats == [{"v": page.store.v}]


def test_a_page_that_missed_the_last_change_learns_of_it_at_the_next_beat(app, harness):
    code, facilitator, screen, phones = harness.open_workshop()
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    screen.drain()
    held = screen.store.v
    harness.post(phones[0], "Un café partagé")
    screen.sio.get_received()  # the change is lost on its way
    with app.app_context():
        heartbeat.beat()
    beat = [m["args"][0] for m in screen.sio.get_received() if m["name"] == "version"]
    assert beat == [{"v": held + 1}]  # ahead of the page: it asks for `sync`
    assert "Un café partagé" in {i["text"] for i in screen.sync()["ideas"]}


def test_a_phone_keeps_its_own_ballot_when_the_queue_fails_part_way_through_a_send(
    app, harness, monkeypatch
):
    code, facilitator, screen, (zoe, karim) = harness.open_workshop()
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    idea = harness.post(zoe, "Rappeler chaque client", kind="colleague")["idea_id"]
    facilitator.ok("phase.set", {"phase": "vote"})
    karim.drain()
    emit, sent = socketio.server.emit, []

    def queue_gone_after_one(*args, **kwargs):
        if sent:
            raise ConnectionError("Redis went away")
        sent.append(args)
        return emit(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(socketio.server, "emit", queue_gone_after_one)
        karim.ok("vote.set", {"idea_ids": [idea], "client_id": client_id()})
    # The queue is back; the page reacts to the next beat as live.js does.
    karim.drain()
    with app.app_context():
        heartbeat.beat()
    (beat,) = [m["args"][0] for m in karim.sio.get_received() if m["name"] == "version"]
    if beat["v"] > karim.store.v:
        state = karim.sync()
        karim.store.reset(state)
        karim.me = state["me"]
    assert karim.me["votes"] == [idea]  # his phone shows his choice


def test_a_page_connecting_while_the_database_restarts_is_told_to_try_again(harness, monkeypatch):
    code, facilitator, screen, phones = harness.open_workshop()
    refusals, refuse = [], events._refused  # Flask-SocketIO's test client drops the reason

    def watched(refusal):
        refusals.append(refuse(refusal).error_args)
        return refuse(refusal)

    with monkeypatch.context() as patched:
        patched.setattr(events, "_refused", watched)
        patched.setattr(events, "snapshot_text", restarting)
        refused = socketio.test_client(
            harness.app, auth={"code": code, "view": "screen", "lang": "en"}
        )
    assert not refused.is_connected()
    assert refusals == [{"message": UNAVAILABLE["message"], "data": UNAVAILABLE}]
    again = harness.screen(code)  # the page's next attempt, the database back
    assert again.sio.is_connected() and again.store.workshop["phase"] == "lobby"


def test_an_event_caught_by_a_database_restart_is_answered_unavailable(harness, monkeypatch):
    code, facilitator, screen, phones = harness.open_workshop()
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    with monkeypatch.context() as patched:
        patched.setattr(ideas, "post_idea", restarting)
        ack = harness.post(phones[0], "Un café partagé", cid="c1")
    assert ack == {"ok": False, "error": UNAVAILABLE}
    # Sent again with the same client id, as the page's outbox does: stored once.
    first = harness.post(phones[0], "Un café partagé", cid="c1")
    again = harness.post(phones[0], "Un café partagé", cid="c1")
    assert first["ok"] and again["duplicate"] and again["idea_id"] == first["idea_id"]


def test_a_join_caught_by_a_database_restart_is_answered_503(harness, monkeypatch):
    code, http, key = harness.create()
    harness.facilitator(code, http).ok("phase.set", {"phase": "lobby"})
    monkeypatch.setattr(participants, "join", restarting)
    answer = harness.app.test_client().post(
        f"/api/w/{code}/participants?lang=en", json={"name": "Zoé", "client_id": "z"}
    )
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    assert answer.json == {"error": UNAVAILABLE}


@pytest.mark.parametrize(
    "failure",
    [
        sqlite3.OperationalError("no such table: ideas"),
        ValueError("a bug"),
        psycopg.errors.QueryCanceled("canceling statement due to statement timeout"),
        psycopg.errors.DiskFull("could not extend file"),
    ],
    ids=["broken schema", "bug", "query cancelled", "disk full"],
)
def test_other_failures_stay_server_errors(harness, monkeypatch, failure):
    code, facilitator, screen, phones = harness.open_workshop()
    facilitator.ok("phase.set", {"phase": "client_ideas"})

    def broken(*args, **kwargs):
        if isinstance(failure, sqlite3.Error | psycopg.Error):
            raise OperationalError("INSERT …", {}, failure)
        raise failure

    monkeypatch.setattr(ideas, "post_idea", broken)
    ack = harness.post(phones[0], "Un café partagé")
    assert ack["ok"] is False and ack["error"]["code"] == "server_error"
