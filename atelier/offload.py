"""CPU-heavy work off the event loop: a native thread when gevent runs the server.

Under gevent every page, socket and health check shares one OS thread; a
call that holds the CPU for 100 ms (a password hash) or for seconds (a
bilan's layout) would freeze every live room meanwhile. Such work runs in a
small pool of native threads instead, and only the greenlet that asked for
it waits. Argon2 (through cffi) and WeasyPrint's heavy parts release the
GIL or share it with the loop at its switch interval. Elsewhere (the
threading mode of the tests, a command) it is a plain call.
"""

import threading

# Small and bounded: a flood of sign-ins queues here instead of taking
# every core from the loop. Argon2 fills its own lanes with threads.
POOL_SIZES = {"passwords": 2, "bilan": 2}
# How much work may wait for a pool, running included: past that the
# request is refused (``Busy``) rather than queued behind minutes of work.
# 64 hashes are ~4 s of work for 2 threads. (A bilan is asked for by a few
# facilitators and managers: it waits its turn.)
MAX_WAITING = {"passwords": 64}

_pools: dict = {}
_pools_lock = threading.Lock()
_waiting: dict[str, int] = {}


class Busy(Exception):
    """The pool has as much work waiting as it may: try again later."""


def _gevent_patched() -> bool:
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return False
    return monkey.is_module_patched("threading")


def _pool(name: str):
    from gevent.threadpool import ThreadPool

    with _pools_lock:
        pool = _pools.get(name)
        if pool is None:
            pool = _pools[name] = ThreadPool(POOL_SIZES[name])
        return pool


def run_native(pool: str, function, *args):
    """``function(*args)``, in the named native pool when under gevent.

    An exception (a wrong password is one) is carried back and raised here,
    in the greenlet that asked: the pool would otherwise log it as a crash.
    """
    if not _gevent_patched():
        return function(*args)
    if _waiting.get(pool, 0) >= MAX_WAITING.get(pool, float("inf")):
        raise Busy(pool)
    _waiting[pool] = _waiting.get(pool, 0) + 1
    try:
        failed, value = _pool(pool).apply(_outcome, (function, args))
    finally:
        _waiting[pool] -= 1
    if failed:
        raise value
    return value


def _outcome(function, args) -> tuple[bool, object]:
    try:
        return False, function(*args)
    except Exception as error:
        return True, error
