"""Rate limits that are not one per route: wrong join codes, sign-in failures,
contributions per participant, joins per address, and the counts behind the
per-workshop flood guard (atelier/flood_guard.py).

Counted in Flask-Limiter's storage (Redis when ``RATELIMIT_STORAGE_URI`` or
the message queue points to one, so every process shares the counts; memory
otherwise). Each limit is a config string such as ``"20/minute;200/hour"``.
"""

import logging
import threading
import time

import redis
from flask import current_app, request
from limits import parse_many

from .addresses import address_key
from .domain.errors import Refusal
from .extensions import limiter
from .models import Workshop
from .services.identity import find_workshop

log = logging.getLogger(__name__)


def _storage_failed(error: Exception) -> None:
    """Log a failed count: one line while Redis is away or restarting (every
    request would otherwise print the same traceback), a traceback otherwise."""
    if isinstance(error, (redis.ConnectionError, redis.TimeoutError)):
        log.warning("rate limit storage unavailable: %s", error)
    else:
        log.exception("rate limit storage unavailable")


def _limits(name: str):
    return parse_many(current_app.config[name])


def _keys(identifiers: tuple) -> list[str]:
    """The storage keys' parts; ``RATELIMIT_KEY_PREFIX`` keeps instances that
    share one Redis apart (Flask-Limiter applies it to its own keys only)."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX")
    return ([str(prefix)] if prefix else []) + [str(i) for i in identifiers]


# How often the in-memory counts forget the keys they no longer hold anything for.
SWEEP_SECONDS = 60.0
_last_sweep = 0.0


def _active() -> bool:
    if not (limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True)):
        return False
    if time.monotonic() - _last_sweep >= SWEEP_SECONDS:
        sweep()
    return True


def sweep() -> int:
    """Drop the keys of the memory storage whose counts have all expired; how many.

    The moving window's memory storage (limits' ``MemoryStorage``) expires
    the entries of a key but keeps the key itself, with an empty list, for
    good: one per participant who contributed, per workshop's flood guard,
    per address and workshop that joined… A server that runs for months
    would hold one for every participant it ever had. Redis expires its keys
    itself: nothing to do there.
    """
    global _last_sweep
    _last_sweep = time.monotonic()
    storage = limiter.storage
    events, locks = getattr(storage, "events", None), getattr(storage, "locks", None)
    if not isinstance(events, dict) or locks is None:
        return 0
    now, dropped = time.time(), 0
    for key in list(events):
        if any(entry.expiry > now for entry in events.get(key) or ()):
            continue
        # As the storage's own expiry does: under the key's lock, which goes too.
        with locks[key]:
            held = events.get(key)
            if held is not None and not any(entry.expiry > now for entry in held):
                del events[key]
                locks.pop(key, None)
                dropped += 1
    return dropped


# How long the memory storage may wait before trimming expired entries.
EXPIRY_TIMER_SECONDS = 1.0


def slow_expiry_timer(storage) -> bool:
    """Have limits' ``MemoryStorage`` trim expired entries once a second, not
    every 10 ms; whether the storage is one.

    After each count it starts a 10 ms timer that walks every key it holds:
    with a room of a thousand phones voting, that is about a hundred walks
    of a thousand keys a second, most of a core spent on housekeeping
    (bench/vote_storm.py). The counts never depend on that walk (each check
    compares the entries' own times, an expired counter is dropped when
    read): only memory is freed up to a second later.
    """
    expire = getattr(storage, "_MemoryStorage__expire_events", None)
    if expire is None or not hasattr(storage, "_MemoryStorage__schedule_expiry"):
        return False

    def schedule_expiry() -> None:
        if not storage.timer.is_alive():
            storage.timer = threading.Timer(EXPIRY_TIMER_SECONDS, expire)
            storage.timer.daemon = True
            storage.timer.start()

    storage._MemoryStorage__schedule_expiry = schedule_expiry
    return True


def exhausted(name: str, *identifiers: object) -> bool:
    """Whether ``name`` is used up for these identifiers (nothing is counted);
    False when the storage fails (the request goes on)."""
    if not _active():
        return False
    keys = _keys(identifiers)
    try:
        return any(not limiter.limiter.test(item, name, *keys) for item in _limits(name))
    except Exception as error:
        _storage_failed(error)
        return False


def check(name: str, *identifiers: object) -> None:
    """Refuse if ``name`` is already exhausted for these identifiers (without counting)."""
    if exhausted(name, *identifiers):
        raise Refusal("rate_limited")


def count(name: str, *identifiers: object) -> None:
    """Count one more against ``name`` (a failed attempt, a contribution)."""
    if not _active():
        return
    keys = _keys(identifiers)
    try:
        for item in _limits(name):
            limiter.limiter.hit(item, name, *keys)
    except Exception as error:
        _storage_failed(error)


def within(name: str, *identifiers: object, fail_closed: bool = False) -> bool:
    """Count one; False past the limit. One atomic call to the storage per limit,
    made before the work it guards: however many requests arrive at once, no
    more than the limit get through (with Redis, one round trip each).

    ``fail_closed``: False when the storage fails (limits that guard password
    checks), instead of letting the request through.
    """
    if not _active():
        return True
    keys = _keys(identifiers)
    try:
        # A hit past the limit is refused by the storage and not counted; the
        # next limits are then not hit at all, so that someone asked to wait a
        # minute and trying again does not use up the hour's budget too.
        return all(limiter.limiter.hit(item, name, *keys) for item in _limits(name))
    except Exception as error:
        _storage_failed(error)
        return not fail_closed


def consume(name: str, *identifiers: object, fail_closed: bool = False) -> None:
    """Count one and refuse past the limit."""
    if not within(name, *identifiers, fail_closed=fail_closed):
        raise Refusal("rate_limited")


def reset(name: str, *identifiers: object) -> None:
    """Forget the counts of ``name`` for these identifiers (every process's, with Redis)."""
    if not _active():
        return
    keys = _keys(identifiers)
    try:
        for item in _limits(name):
            limiter.limiter.clear(item, name, *keys)
    except Exception as error:
        _storage_failed(error)


def client_address() -> str:
    """The client a limit counts by: its IPv4 address, or its IPv6 /64."""
    return address_key(request.remote_addr or "unknown")


def find_workshop_by_code(code: object) -> Workshop:
    """A workshop by its join code; an address that guesses codes is slowed down."""
    address = client_address()
    check("RATE_LIMIT_CODE_MISSES", address)
    try:
        return find_workshop(code)
    except Refusal:
        count("RATE_LIMIT_CODE_MISSES", address)
        raise
