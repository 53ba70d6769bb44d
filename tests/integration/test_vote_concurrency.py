"""The vote limit holds when one person's ballots arrive at the same time."""

import os
import threading

import pytest
from sqlalchemy import func, select

from atelier import create_app
from atelier.domain.errors import Refusal
from atelier.extensions import db
from atelier.models import Vote
from atelier.services import ideas, participants, votes, workshops
from atelier.services.identity import Identity

DATABASES = ["sqlite"]
if os.environ.get("ATELIER_TEST_POSTGRES_URL"):
    DATABASES.append("postgresql")


@pytest.fixture(params=DATABASES)
def shared_app(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    app = create_app(
        {"TESTING": True, "ASYNC_MODE": "threading", "DATABASE_URL": url, "SECRET_KEY": "t"}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _workshop_in_vote(app, people: int):
    with app.app_context():
        workshop, _ = workshops.create_workshop({"title": "Concurrence", "votes_per_person": 2})
        facilitator = Identity(workshop.id, facilitator=True)
        workshops.set_phase(facilitator, "lobby")
        joined = [participants.join(workshop, f"P{n}", f"j{n}")[1].id for n in range(people)]
        workshops.set_phase(facilitator, "client_ideas")
        workshops.set_phase(facilitator, "transposition")
        author = Identity(workshop.id, participant_id=joined[0])
        idea_ids = [
            ideas.post_idea(author, "colleague", f"idée {n}", None, f"i{n}").result["idea_id"]
            for n in range(6)
        ]
        workshops.set_phase(facilitator, "vote")
        return workshop.id, joined, idea_ids


def _race(app, jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        with app.app_context():
            barrier.wait()
            try:
                job()
            except Refusal:
                pass
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []


def test_concurrent_ballots_from_one_person_never_exceed_the_limit(shared_app):
    workshop_id, (person, *_), idea_ids = _workshop_in_vote(shared_app, 1)
    me = Identity(workshop_id, participant_id=person)
    ballots = [[idea_ids[n % 6], idea_ids[(n + 1) % 6]] for n in range(8)]
    for round_ in range(3):
        _race(
            shared_app,
            [
                lambda b=b, n=n, r=round_: votes.set_ballot(me, b, f"r{r}-{n}")
                for n, b in enumerate(ballots)
            ],
        )
        with shared_app.app_context():
            held = db.session.scalars(select(Vote.idea_id).filter_by(participant_id=person)).all()
        assert len(held) == 2
        assert held and sorted(held) in [sorted(b) for b in ballots]


def test_many_people_voting_at_once_are_all_counted(shared_app):
    workshop_id, people, idea_ids = _workshop_in_vote(shared_app, 12)
    _race(
        shared_app,
        [
            lambda p=p: votes.set_ballot(
                Identity(workshop_id, participant_id=p), idea_ids[:2], f"v{p}"
            )
            for p in people
        ],
    )
    with shared_app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Vote))
        versions = db.session.execute(db.text("select version from workshops")).scalar()
    assert total == 24
    # Every change got its own version: no two commits shared a number.
    assert versions == 4 + 12 + 6 + 12  # phases, joins, ideas, ballots
