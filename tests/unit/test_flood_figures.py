"""The default join limit and flood-guard figures, played against a simulated clock.

A real room of 300 phones must never meet them; the flood the security review
measured must. The counting is Flask-Limiter's (the ``limits`` package,
moving window, as atelier/throttle.py uses it); only the clock is simulated.
"""

import datetime as dt
import types

import limits.storage.memory as memory
import pytest
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from atelier.config import Defaults
from atelier.domain.flooding import check_not_flooded

from .refusals import refusal_code

ROOM = 300


class Counter:
    """One setting's limits, counted as throttle.within counts them."""

    def __init__(self, setting: str, clock):
        self.items = parse_many(setting)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.clock = clock

    def hit(self, at: float, *keys: str) -> bool:
        self.clock.now = at
        return all(self.limiter.hit(item, *keys) for item in self.items)


@pytest.fixture
def clock(monkeypatch):
    clock = types.SimpleNamespace(now=1_000_000.0)
    monkeypatch.setattr(memory, "time", types.SimpleNamespace(time=lambda: clock.now))
    return clock


def test_300_phones_behind_one_nat_tapping_join_at_once_are_all_in_within_two_minutes(clock):
    per_address = Counter(Defaults.RATE_LIMIT_JOINS, clock)
    guard = Counter(Defaults.FLOOD_GUARD_JOINS, clock)
    start, waiting, joined_at = clock.now, list(range(ROOM)), {}
    second = 0
    while waiting and second < 600:
        # Everyone taps at once; whoever is asked to wait taps again 10 s later.
        for phone in list(waiting) if second % 10 == 0 else []:
            at = start + second
            if per_address.hit(at, "198.51.100.7", "w1"):
                assert guard.hit(at, "w1"), "a real room tripped the flood guard"
                joined_at[phone] = second
                waiting.remove(phone)
        second += 1
    assert not waiting
    assert max(joined_at.values()) <= 120


def test_a_lively_room_of_300_with_a_wifi_outage_never_trips_the_idea_guard(clock):
    """Each person posts an idea every 40 s for 10 minutes (a pace no facilitator
    could even read); the Wi-Fi drops for a minute, then every phone sends what
    its outbox kept, all at once."""
    guard = Counter(Defaults.FLOOD_GUARD_IDEAS, clock)
    start = clock.now
    outage = (300, 360)
    posts = sorted(
        (second if not outage[0] <= second < outage[1] else outage[1], person)
        for person in range(ROOM)
        for second in range(person * 40 // ROOM, 600, 40)
    )
    assert len(posts) > 4000
    for second, _person in posts:
        assert guard.hit(start + second, "w1"), f"tripped at {second} s"


def test_the_measured_flood_trips_the_guard_within_seconds(clock):
    """40 participants, each sending an idea every half second: 2,400 in about 30 s,
    each within their own limit of 60 a minute."""
    per_person = Counter(Defaults.RATE_LIMIT_CONTRIBUTIONS, clock)
    guard = Counter(Defaults.FLOOD_GUARD_IDEAS, clock)
    start, stored = clock.now, 0
    for tick in range(60 * 10):  # every 0.1 s
        at = start + tick / 10
        for bot in range(40):
            if tick % 5 == bot % 5 and per_person.hit(at, f"p{bot}"):
                if not guard.hit(at, "w1"):
                    assert tick / 10 <= 16 and stored == 1200
                    return
                stored += 1
    pytest.fail("the flood never tripped the guard")


def test_while_the_guard_is_on_new_ideas_and_joins_wait():
    check_not_flooded(None)
    since = dt.datetime(2026, 11, 30, 9, 0)
    assert refusal_code(check_not_flooded, since) == "workshop_flooded"
