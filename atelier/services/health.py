"""What `/healthz` reports: can this process reach its database and its queue?

A load balancer or a monitor reads it; each check is one round trip with a
short timeout, so a dead dependency answers in about a second, not never:
a refused connection at once, a database that hangs (frozen, or behind a
firewall that drops packets) after ``DATABASE_TIMEOUT`` seconds.
"""

import contextlib
import threading

import redis
from flask import current_app
from sqlalchemy import text

from ..extensions import db

# Seconds a Redis ping may take before the queue counts as down.
QUEUE_TIMEOUT = 1.0
# Seconds the database may take to hand a connection and answer `SELECT 1`.
DATABASE_TIMEOUT = 1.5

_clients: dict[str, redis.Redis] = {}
_lock = threading.Lock()


def report() -> dict:
    """``{"ok", "database", "queue"}``: each dependency ``"ok"`` or ``"down"``;
    the queue is ``"none"`` for a single process without one."""
    database = _database()
    queue = _queue(current_app.config["MESSAGE_QUEUE"] or "")
    return {"ok": "down" not in (database, queue), "database": database, "queue": queue}


def _deadline(seconds: float):
    """Under ``atelier serve`` (gevent), interrupt what still waits after
    ``seconds`` (``gevent.Timeout``): psycopg waits cooperatively there, and
    SQLAlchemy throws away a connection interrupted mid-statement rather
    than hand it back to the pool. Elsewhere (tests, ``flask run``), nothing."""
    from gevent import Timeout
    from gevent.monkey import is_module_patched

    return Timeout(seconds) if is_module_patched("socket") else contextlib.nullcontext()


def _database() -> str:
    from gevent import Timeout

    # Its own connection from the pool, not the request's session.
    try:
        with _deadline(DATABASE_TIMEOUT), db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return "ok"
    except Timeout:
        current_app.logger.warning("healthz: database silent for %s s", DATABASE_TIMEOUT)
        return "down"
    except Exception as error:  # any failure means "cannot serve"
        current_app.logger.warning("healthz: database unreachable: %s", _first_line(error))
        return "down"


def _first_line(error: Exception) -> str:
    """The error in one line: an outage is a line per probe in the log, not a traceback."""
    lines = str(error).strip().splitlines()
    return f"{error.__class__.__name__}: {lines[0] if lines else ''}"


def _queue(url: str) -> str:
    if not url:
        return "none"
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return "ok"  # another kombu transport: Flask-SocketIO owns its checks
    try:
        _client(url).ping()
        return "ok"
    except Exception as error:
        current_app.logger.warning("healthz: queue unreachable: %s", _first_line(error))
        return "down"


def _client(url: str) -> redis.Redis:
    with _lock:
        client = _clients.get(url)
        if client is None:
            client = _clients[url] = redis.Redis.from_url(
                url, socket_timeout=QUEUE_TIMEOUT, socket_connect_timeout=QUEUE_TIMEOUT
            )
        return client
