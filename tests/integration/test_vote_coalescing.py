"""A room voting at once: ballots reach the screen and the facilitator in a few
messages, each version exactly once, the tallies exact after the last one
(atelier/realtime/broadcast.py, docs/realtime-api.md)."""

import pytest

from atelier.config import Defaults
from atelier.realtime.broadcast import compact_votes

from ..support import Harness, client_id
from .test_join_coalescing import snapshot, versions, wait_for

INTERVAL = Defaults.BROADCAST_INTERVAL  # other integration tests use 0
PEOPLE = 12


@pytest.fixture
def app(make_app):
    return make_app(BROADCAST_INTERVAL=INTERVAL)


@pytest.fixture
def harness(app):
    return Harness(app)


def in_vote(harness, people=PEOPLE, ideas=4):
    code, facilitator, screen, phones = harness.open_workshop(
        [f"Personne {n:02d}" for n in range(people)]
    )
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    idea_ids = [
        harness.post(phones[0], f"Idée collègue {n}", kind="colleague")["idea_id"]
        for n in range(ideas)
    ]
    facilitator.ok("phase.set", {"phase": "vote"})
    for page in (facilitator, screen, *phones):
        page.drain()
    return code, facilitator, screen, phones, idea_ids


def ballots(phones, idea_ids, start=0):
    """Every phone chooses two ideas (then, for some, changes its mind)."""
    for n, phone in enumerate(phones):
        pick = [idea_ids[(n + start) % len(idea_ids)], idea_ids[(n + start + 1) % len(idea_ids)]]
        phone.ok("vote.set", {"idea_ids": pick, "client_id": client_id()})


def expected_tallies(phones, idea_ids) -> dict[str, int]:
    counts = {str(i): 0 for i in idea_ids}
    for phone in phones:
        phone.drain()
        for i in phone.me["votes"]:
            counts[str(i)] += 1
    return counts


def test_a_burst_of_ballots_reaches_the_screen_and_facilitator_in_a_few_messages(app, harness):
    code, facilitator, screen, phones, idea_ids = in_vote(harness)
    start_v = screen.store.v
    ballots(phones, idea_ids)
    ballots(phones[:4], idea_ids, start=2)  # some change their minds
    last_v = start_v + PEOPLE + 4

    for page in (screen, facilitator):
        got = wait_for(page, last_v)
        assert len(got) < PEOPLE // 2, [(m.get("from"), m["v"]) for m in got]
        # Every version exactly once, in order.
        assert versions(got) == list(range(start_v + 1, last_v + 1))
        # One votes op per message: the latest progress, the tallies merged.
        assert all([op["type"] for op in m["ops"]] == ["votes"] for m in got)
        assert page.store.v == last_v
        assert page.store.gaps == 0
        assert page.store.votes["voters"] == PEOPLE
        assert page.store.votes["complete"] == PEOPLE

    expected = expected_tallies(phones, idea_ids)
    assert sum(expected.values()) == 2 * PEOPLE
    # Exact at the facilitator after the batch; hidden from the room until revealed.
    assert facilitator.store.votes["tallies"] == expected
    assert screen.store.votes["tallies"] is None
    assert snapshot(app, facilitator, code, "facilitator")["votes"]["tallies"] == {
        k: n for k, n in expected.items() if n
    }
    # Each phone's own choices arrive once per message that covers them, the latest.
    for n, phone in enumerate(phones):
        assert phone.me["v"] == (start_v + PEOPLE + 1 + n if n < 4 else start_v + 1 + n)
        assert len(phone.me["votes"]) == 2


def test_a_phase_change_between_ballots_keeps_the_order(app, harness):
    code, facilitator, screen, phones, idea_ids = in_vote(harness, people=5)
    v = screen.store.v
    ballots(phones[:3], idea_ids)  # v+1..v+3, held
    facilitator.ok("tallies.reveal", {"revealed": True})  # v+4: sends them first
    ballots(phones[3:], idea_ids)  # v+5..v+6, held

    for page in (screen, facilitator):
        got = wait_for(page, v + 6)
        spans = [(m.get("from"), m["v"]) for m in got]
        assert spans == [(v + 1, v + 3), (None, v + 4), (v + 5, v + 6)]
        assert got[1]["ops"][0]["type"] == "workshop"
        assert page.store.gaps == 0
        assert page.store.votes["voters"] == 5
    expected = expected_tallies(phones, idea_ids)
    assert facilitator.store.votes["tallies"] == expected
    # Revealed: the room's merged tallies are the counts of every idea voted for since.
    assert {k: n for k, n in screen.store.votes["tallies"].items() if n} == {
        k: n for k, n in expected.items() if n
    }


def test_compacted_votes_ops_mean_what_applying_them_in_turn_means():
    def op(voters, tallies):
        return {
            "type": "votes",
            "data": {"voters": voters, "complete": 0, "limit": 2, "tallies": tallies},
        }

    join = {"type": "participant", "data": {"id": 9, "name": "Zoé"}}
    assert compact_votes([op(1, {"1": 1}), join, op(2, {"1": 2, "2": 1}), op(3, {"3": 1})]) == [
        join,
        op(3, {"1": 2, "2": 1, "3": 1}),
    ]
    assert compact_votes([op(1, None), op(2, None)]) == [op(2, None)]
    # Hidden then shown: merging would keep counts the page must drop; left alone.
    mixed = [op(1, {"1": 1}), op(2, None), op(3, {"2": 1})]
    assert compact_votes(mixed) == mixed


def test_a_ballot_costs_a_few_statements_whatever_the_room(make_app):
    """Not a timing: the statements one ballot sends to the database.

    A room of a thousand voting within seconds pays this a thousand times: it
    must not grow with the room (one row per voter to count the progress),
    nor read the same thing twice."""
    from sqlalchemy import event, insert

    from atelier.extensions import db
    from atelier.models import Participant
    from atelier.services import ideas, participants, votes, workshops
    from atelier.services.identity import Identity

    def statements_of_a_ballot(people: int) -> tuple[list[str], int]:
        app = make_app()
        rows = []
        with app.app_context():
            workshop, _ = workshops.create_workshop({"title": "Salle", "votes_per_person": 2})
            facilitator = Identity(workshop.id, facilitator=True)
            workshops.set_phase(facilitator, "lobby")
            author = participants.join(workshop, "Zoé", "j0")[1].id
            db.session.execute(
                insert(Participant),
                [
                    {"workshop_id": workshop.id, "name": f"P{n}", "token_nonce": f"n{n}"}
                    for n in range(1, people)
                ],
            )
            db.session.commit()
            everyone = [
                p.id for p in db.session.query(Participant).filter_by(workshop_id=workshop.id)
            ]
            workshops.set_phase(facilitator, "client_ideas")
            workshops.set_phase(facilitator, "transposition")
            as_author = Identity(workshop.id, participant_id=author)
            idea_ids = [
                ideas.post_idea(as_author, "colleague", f"idée {n}", None, f"i{n}").result[
                    "idea_id"
                ]
                for n in range(4)
            ]
            workshops.set_phase(facilitator, "vote")
            for n, pid in enumerate(everyone[:-1]):
                votes.set_ballot(
                    Identity(workshop.id, participant_id=pid), idea_ids[n % 2 : n % 2 + 2], f"b{n}"
                )
            seen = []

            def count(conn, cursor, statement, parameters, *args):
                seen.append(statement.split()[0])
                if seen[-1] == "SELECT":
                    # The rows it reads: run again beside it (SQLite, same transaction).
                    rows.append(len(cursor.connection.execute(statement, parameters).fetchall()))

            event.listen(db.engine, "before_cursor_execute", count)
            try:
                outcome = votes.set_ballot(
                    Identity(workshop.id, participant_id=everyone[-1]), idea_ids[1:3], "last"
                )
            finally:
                event.remove(db.engine, "before_cursor_execute", count)
            assert outcome.facilitator[0]["data"]["voters"] == people
            return seen, sum(rows)

    (small, small_rows), (large, large_rows) = statements_of_a_ballot(3), statements_of_a_ballot(60)
    assert small == large
    # Nor the rows they read: the progress is counted by the database.
    assert large_rows == small_rows, (small_rows, large_rows)
    # The lock and the receipt; the workshop, the eligible ideas, the ballot
    # before; its new choices; the progress and the changed ideas' tallies (one
    # aggregate each); the person's "me" (e-mail, reports, ideas, barometer).
    assert large.count("SELECT") <= 10, large
    assert len(large) <= 14, large
