"""A room joining at once: joins reach the room in a few messages, in order,
each version exactly once (atelier/realtime/broadcast.py, docs/realtime-api.md)."""

import time

import pytest

from atelier.config import Defaults
from atelier.extensions import db, socketio
from atelier.models import Workshop
from atelier.services.changes import run_change

from ..support import Harness, client_id

INTERVAL = Defaults.BROADCAST_INTERVAL  # other integration tests use 0


@pytest.fixture
def app(make_app):
    """The app with the default interval."""
    return make_app(BROADCAST_INTERVAL=INTERVAL)


@pytest.fixture
def harness(app):
    return Harness(app)


def join_over_http(app, code: str, name: str) -> None:
    response = app.test_client().post(
        f"/api/w/{code}/participants", json={"name": name, "client_id": client_id()}
    )
    assert response.status_code == 201, response.json


def changes(page) -> list[dict]:
    """The change messages a page received since last asked (applied to its store)."""
    return [m["args"][0] for m in page.drain() if m["name"] == "change"]


def wait_for(page, until_v: int, timeout: float = 5.0) -> list[dict]:
    got = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got += changes(page)
        if got and got[-1]["v"] >= until_v:
            return got
        time.sleep(0.02)
    raise AssertionError(f"v{until_v} never arrived: {[(m.get('from'), m['v']) for m in got]}")


def versions(messages: list[dict]) -> list[int]:
    """Every version the messages cover, in the order they arrived."""
    return [v for m in messages for v in range(m.get("from", m["v"]), m["v"] + 1)]


def snapshot(app, page, code: str, view: str) -> dict:
    other = socketio.test_client(
        app, flask_test_client=page.sio.flask_test_client, auth={"code": code, "view": view}
    )
    state = other.get_received()[0]["args"][0]
    other.disconnect()
    return state


def in_lobby(harness):
    """A workshop open for joining, its facilitator page and its screen, both up to date."""
    code, http, _ = harness.create()
    facilitator = harness.facilitator(code, http)
    facilitator.ok("phase.set", {"phase": "lobby"})
    screen = harness.screen(code)
    facilitator.drain()
    return code, facilitator, screen


def test_thirty_joins_reach_the_screen_and_facilitator_in_a_few_messages(app, harness):
    assert INTERVAL == 0.25
    code, facilitator, screen = in_lobby(harness)
    start_v = screen.store.v

    started = time.monotonic()
    for n in range(30):
        join_over_http(app, code, f"Personne {n:02d}")
    elapsed = time.monotonic() - started
    last_v = start_v + 30

    for page in (screen, facilitator):
        got = wait_for(page, last_v)
        # One message per interval at most (each batch waits one interval for
        # the joins that follow), far from one per join.
        assert len(got) <= elapsed / INTERVAL + 1, (len(got), elapsed)
        assert len(got) < 30
        assert any("from" in m for m in got)
        # Every version exactly once, in order, one participant op each.
        assert versions(got) == list(range(start_v + 1, last_v + 1))
        assert sum(len(m["ops"]) for m in got) == 30
        assert all(m.get("from", m["v"]) < m["v"] for m in got if "from" in m)
        assert page.store.v == last_v
        assert page.store.gaps == 0

    for page, view in ((screen, "screen"), (facilitator, "facilitator")):
        fresh = snapshot(app, page, code, view)
        assert fresh["v"] == last_v
        assert list(page.store.participants.values()) == fresh["participants"]
    assert sorted(p["name"] for p in screen.store.participants.values()) == [
        f"Personne {n:02d}" for n in range(30)
    ]


def test_a_join_waits_for_the_interval_and_interval_zero_sends_it_at_once(make_app, harness):
    for interval in (INTERVAL, 0):
        app = make_app(BROADCAST_INTERVAL=interval)
        harness.app = app
        code, http, _ = harness.create()
        facilitator = harness.facilitator(code, http)
        facilitator.ok("phase.set", {"phase": "lobby"})
        screen = harness.screen(code)
        v = screen.store.v
        join_over_http(app, code, "Zoé")
        at_once = changes(screen)
        if interval:
            assert at_once == []
            assert wait_for(screen, v + 1) == [
                {"v": v + 1, "ops": [{"type": "participant", "data": {"id": 1, "name": "Zoé"}}]}
            ]
        else:
            assert [m["v"] for m in at_once] == [v + 1]
        assert [p["name"] for p in screen.store.participants.values()] == ["Zoé"]
        facilitator.drain()


def test_another_change_sends_the_waiting_joins_before_it(app, harness):
    code, facilitator, screen = in_lobby(harness)
    v = screen.store.v
    for name in ("Zoé", "Karim", "Amina"):
        join_over_http(app, code, name)
    facilitator.ok("phase.set", {"phase": "client_ideas"})  # v + 4
    for name in ("Lucas", "Maëlle"):
        join_over_http(app, code, name)

    for page in (screen, facilitator):
        got = wait_for(page, v + 6)
        spans = [(m.get("from"), m["v"]) for m in got]
        assert spans == [(v + 1, v + 3), (None, v + 4), (v + 5, v + 6)]
        assert got[1]["ops"][0]["type"] == "workshop"
        assert page.store.gaps == 0
        assert page.store.workshop["phase"] == "client_ideas"
        assert len(page.store.participants) == 5


def test_a_version_taken_elsewhere_sends_the_waiting_joins_first(app, harness):
    """With several processes, another one may commit (and broadcast) the version
    after a waiting join: that batch leaves, and the next join starts another."""
    code, facilitator, screen = in_lobby(harness)
    v = screen.store.v
    join_over_http(app, code, "Zoé")  # v + 1, waiting
    with app.app_context():
        workshop_id = db.session.query(Workshop.id).filter_by(code=code).scalar()
        run_change(workshop_id, lambda workshop, outcome: None)  # v + 2, another process's
    join_over_http(app, code, "Karim")  # v + 3
    assert [m["v"] for m in changes(screen)] == [v + 1]  # sent when v + 3 was published
    got = wait_for(screen, v + 3)
    assert [(m.get("from"), m["v"]) for m in got] == [(None, v + 3)]
    # The page saw a gap (v + 2 went out elsewhere) and caught up from a snapshot.
    assert screen.store.gaps == 1
    assert screen.store.v == v + 3
    assert len(screen.store.participants) == 2
    facilitator.drain()
