"""What `/healthz` reports: can this process reach its database and its queue?

A load balancer or a monitor reads it; each check is one round trip with a
short timeout, so a dead dependency answers in about a second, not never.
"""

import threading

import redis
from flask import current_app
from sqlalchemy import text

from ..extensions import db

# Seconds a Redis ping may take before the queue counts as down.
QUEUE_TIMEOUT = 1.0

_clients: dict[str, redis.Redis] = {}
_lock = threading.Lock()


def report() -> dict:
    """``{"ok", "database", "queue"}``: each dependency ``"ok"`` or ``"down"``;
    the queue is ``"none"`` for a single process without one."""
    database = _database()
    queue = _queue(current_app.config["MESSAGE_QUEUE"] or "")
    return {"ok": "down" not in (database, queue), "database": database, "queue": queue}


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # any failure means "cannot serve"
        current_app.logger.warning("healthz: database unreachable", exc_info=True)
        db.session.rollback()
        return "down"


def _queue(url: str) -> str:
    if not url:
        return "none"
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return "ok"  # another kombu transport: Flask-SocketIO owns its checks
    try:
        _client(url).ping()
        return "ok"
    except Exception:
        current_app.logger.warning("healthz: queue unreachable", exc_info=True)
        return "down"


def _client(url: str) -> redis.Redis:
    with _lock:
        client = _clients.get(url)
        if client is None:
            client = _clients[url] = redis.Redis.from_url(
                url, socket_timeout=QUEUE_TIMEOUT, socket_connect_timeout=QUEUE_TIMEOUT
            )
        return client
