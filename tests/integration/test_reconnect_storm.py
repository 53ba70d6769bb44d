"""A room's phones reconnecting at once (its Wi-Fi came back): each gets the
room's current state and its own "me", and the server does the shared work
once (bench/reconnect_storm.py measures the time)."""

import pytest
from sqlalchemy import event

from atelier.extensions import db
from atelier.services import snapshots

from ..support import Client

NAMES = ("Zoé", "Karim", "Amina", "Léo")


@pytest.fixture
def room(harness):
    """Four phones at the vote, each with its own idea and its own ballot."""
    code, facilitator, screen, phones = harness.open_workshop(NAMES)
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    ideas = [
        harness.post(p, f"Idée de {n}", kind="colleague")["idea_id"]
        for p, n in zip(phones, NAMES, strict=True)
    ]
    facilitator.ok("phase.set", {"phase": "vote"})
    for phone, idea in zip(phones, reversed(ideas), strict=True):
        phone.ok("vote.set", {"idea_ids": [idea], "client_id": f"ballot-{idea}"})
    for page in (facilitator, screen, *phones):
        page.drain()
    return code, facilitator, phones, ideas


def _reconnect(harness, code: str, phones: list[Client]) -> list[Client]:
    """Every phone drops, then opens the workshop again with the link its browser holds."""
    for phone in phones:
        phone.sio.disconnect()
    return [Client(harness.app, phone.http, code, "phone") for phone in phones]


def test_each_phone_coming_back_gets_the_current_state_and_its_own_me(harness, room, monkeypatch):
    code, facilitator, phones, ideas = room
    version = facilitator.sync()["v"]
    # What each phone knew of itself (the "me" events add the version they came with).
    before = [{k: v for k, v in phone.me.items() if k != "v"} for phone in phones]
    built = []
    real_build = snapshots._build
    monkeypatch.setattr(
        snapshots, "_build", lambda *args: built.append(args[1]) or real_build(*args)
    )

    back = _reconnect(harness, code, phones)

    states = [phone.store.comparable() for phone in back]
    assert all(state == states[0] for state in states)  # one room, one state
    assert states[0]["v"] == version
    assert set(states[0]["ideas"]) == set(ideas)
    for phone, me, idea, vote in zip(back, before, ideas, reversed(ideas), strict=True):
        assert phone.me == me  # theirs, not the first phone's
        assert phone.me["idea_ids"] == [idea] and phone.me["votes"] == [vote]
    assert [p.me["name"] for p in back] == list(NAMES)
    # A page that missed a change resyncs to the same state, "me" included.
    assert back[2].sync()["me"] == before[2]
    # The room's shared part was read once for the four of them.
    assert built == ["public"]


def test_a_phone_coming_back_costs_a_few_statements_whatever_the_room(harness, room):
    """Not a timing: the statements one reconnection sends to the database.

    A thousand phones coming back within seconds each pay this; it must not
    grow with the room, nor read the participant again and again."""
    code, facilitator, phones, ideas = room
    _reconnect(harness, code, phones[:1])  # the shared part is now cached
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement.split()[0])

    with harness.app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        _reconnect(harness, code, phones[1:2])
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # The workshop, the participant, their reports, ideas, ballot and barometer.
    assert statements.count("SELECT") == 6, statements
