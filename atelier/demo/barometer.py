"""The sample workshop's barometer: day 0 in the lobby, day 15 at the review.

Answers drawn around a team profile, the way a real room answers: customers
rated higher than colleagues on most things (the asymmetry the method
works on), a few cards skipped, and at day 15 some dimensions better between
colleagues, one a little worse. Seeded, so the demo is the same every time.
"""

import random

from ..domain.barometer import DIMENSIONS
from ..services import barometer
from ..services.identity import Identity

# What the room thinks on average, per dimension (DIMENSIONS' order), 1 to 5.
CUSTOMERS = (4.3, 3.6, 3.3, 3.0, 3.5, 4.1, 3.4, 3.9, 4.2, 3.3)
COLLEAGUES_DAY0 = (3.5, 3.3, 2.6, 3.0, 2.4, 3.0, 3.1, 2.7, 2.3, 2.9)
# Day 15, between colleagues: recognition and listening moved most (the
# ideas the group chose), cooperation a little, digital tools slipped.
MOVED = {"recognition": 1.1, "listening": 0.8, "ease": 0.4, "cooperation": 0.3, "digital": -0.3}


def _rating(rng: random.Random, mean: float) -> int:
    return min(5, max(1, round(rng.gauss(mean, 0.6))))


def _ratings(rng: random.Random, profile, skipped: str | None = None) -> dict[str, int]:
    """One person's ten cards for one side, perhaps with one card skipped."""
    return {
        d: _rating(rng, mean) for d, mean in zip(DIMENSIONS, profile, strict=True) if d != skipped
    }


def _skipped(n: int, every: int) -> str | None:
    """Every ``every``-th person skips one card, a different one each time."""
    return DIMENSIONS[(3 * n) % len(DIMENSIONS)] if n % every == every - 1 else None


def day0(facilitator: Identity, people: list[Identity], seed: int) -> None:
    """Everyone answers while the room joins, one person skips it all."""
    rng = random.Random(f"day0-{seed}")
    barometer.open_round(facilitator, "day0")
    for n, person in enumerate(people):
        if n == len(people) - 1:
            continue  # arrived late, skipped the warm-up
        answers = {
            "customers": _ratings(rng, CUSTOMERS, _skipped(n, 5)),
            "colleagues": _ratings(rng, COLLEAGUES_DAY0, _skipped(n + 2, 6)),
        }
        barometer.save_answers(person, "day0", answers, f"demo-baro0-{n}")


def close(facilitator: Identity, round_: str) -> None:
    barometer.close_round(facilitator, round_)


def day15(facilitator: Identity, people: list[Identity], seed: int) -> None:
    """The colleague side again, from the return link: two people did not answer."""
    rng = random.Random(f"day15-{seed}")
    after = [m + MOVED.get(d, 0) for d, m in zip(DIMENSIONS, COLLEAGUES_DAY0, strict=True)]
    barometer.open_round(facilitator, "day15")
    for n, person in enumerate(people[:-2]):
        answers = {"colleagues": _ratings(rng, after, _skipped(n, 3))}
        barometer.save_answers(person, "day15", answers, f"demo-baro15-{n}")
    barometer.close_round(facilitator, "day15")
