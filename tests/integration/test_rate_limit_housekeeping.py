"""The in-memory rate-limit counts tidy up once a second, not after every
count: a room of a thousand phones voting must not spend the server on it."""

import time

from limits.storage.memory import MemoryStorage

from atelier import throttle
from atelier.extensions import limiter


def test_counting_for_many_people_walks_the_keys_about_once_a_second(make_app, monkeypatch):
    app = make_app(RATE_LIMIT_CONTRIBUTIONS="1000/minute")
    walks = []
    walk = MemoryStorage._MemoryStorage__expire_events
    monkeypatch.setattr(
        MemoryStorage, "_MemoryStorage__expire_events", lambda self: walks.append(1) or walk(self)
    )
    storage = limiter.storage
    assert throttle.slow_expiry_timer(storage)  # bound again to the counted walk
    started = time.monotonic()
    with app.test_request_context():
        for n in range(150):
            throttle.consume("RATE_LIMIT_CONTRIBUTIONS", 1, n % 100)
            time.sleep(0.004)
        # The limit still holds: person 7 has used 2 of 1000, nothing was lost.
        assert not throttle.exhausted("RATE_LIMIT_CONTRIBUTIONS", 1, 7)
    elapsed = time.monotonic() - started
    time.sleep(throttle.EXPIRY_TIMER_SECONDS + 0.2)
    # limits' own timer would have walked every key ~every 10 ms: 60+ times here.
    assert len(walks) <= elapsed / throttle.EXPIRY_TIMER_SECONDS + 2, (len(walks), elapsed)
