"""Defaults; every one can be overridden by an ``ATELIER_*`` environment variable.

``ATELIER_DATABASE_URL`` → ``DATABASE_URL`` and so on: Flask's
``from_prefixed_env`` strips the prefix and parses JSON values.
"""

import secrets
from pathlib import Path


class Defaults:
    # SQLite in the instance folder (Flask-SQLAlchemy resolves the relative path).
    DATABASE_URL = "sqlite:///atelier.sqlite3"
    # Public base URL printed under the QR code, for when the app sits behind
    # a proxy or is opened on 127.0.0.1 while phones need the LAN address.
    PUBLIC_URL = ""
    # Socket.IO: "gevent" for `atelier serve`; "threading" in tests.
    ASYNC_MODE = "gevent"
    # redis://… when several processes serve the same workshops.
    MESSAGE_QUEUE = ""
    # The queue's channel: instances sharing one Redis each need their own.
    MESSAGE_QUEUE_CHANNEL = "flask-socketio"
    # Seconds between two "version" messages from each worker to the pages it
    # holds (atelier/realtime/heartbeat.py): a change lost on its way (Redis
    # restarting, a worker killed after its commit) reaches every page within
    # this time, even in a quiet room. 0 = off.
    VERSION_HEARTBEAT = 10
    # Allowed origins for Socket.IO; empty = same origin only.
    CORS_ORIGINS = ""
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    MAX_CONTENT_LENGTH = 64 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "atelier"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 180
    # A form's token lasts as long as the session: a facilitator page stays
    # open through a whole workshop.
    WTF_CSRF_TIME_LIMIT = None
    AUTO_MIGRATE = True
    # Flask-Compress, for pages and JSON: brotli or gzip, whichever the client
    # takes; streamed bodies (CSV exports) go as they are.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_STREAMS = False
    COMPRESS_MIN_SIZE = 1024
    # E-mail reminders: off until SMTP_HOST is set. PUBLIC_URL is then needed
    # too, for the links in the messages.
    SMTP_HOST = ""
    SMTP_PORT = 587
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_SECURITY = "starttls"  # starttls | ssl | none
    SMTP_SENDER = "Atelier <atelier@localhost>"
    # Seconds between two in-process reminder runs in `atelier serve`; 0 = off
    # (use cron and `atelier send-reminders` instead).
    REMINDER_INTERVAL = 0
    # Behind a reverse proxy, how many proxies' X-Forwarded-* headers to trust
    # (the client's address is what rate limits count by).
    PROXY_HOPS = 0
    # `atelier serve` against slow and greedy clients (docs/security.md):
    # seconds to send the request line and headers, which is also how long an
    # idle keep-alive connection stays open…
    HEADER_TIMEOUT = 20
    # …and connections one address may hold at once, 0 = no cap (off behind a
    # proxy: PROXY_HOPS > 0). Far above what a room behind one NAT needs.
    MAX_CONNECTIONS_PER_ADDRESS = 4000
    # Rate limits ("N/minute;M/hour", see docs/security.md). Counted in
    # RATELIMIT_STORAGE_URI: the MESSAGE_QUEUE's Redis when there is one, else
    # memory (one process).
    RATELIMIT_STORAGE_URI = ""
    # A sliding window: no double burst across the edge of a fixed minute.
    RATELIMIT_STRATEGY = "moving-window"
    RATE_LIMIT_CODE_MISSES = "20/minute;200/hour"  # wrong join codes, per address
    # Sign-in attempts, each counted before the password is checked: per e-mail
    # tried, and per address (a room of facilitators may share one).
    RATE_LIMIT_LOGIN = "10/minute;50/hour"
    RATE_LIMIT_LOGIN_ADDRESS = "30/minute;300/hour"
    RATE_LIMIT_SIGNUP = "5/minute;20/hour"  # sign-up attempts, per address
    RATE_LIMIT_SIGNUP_NOTICES = "3/day"  # sign-up e-mails, per recipient
    RATE_LIMIT_CONTRIBUTIONS = "60/minute"  # writes per participant
    RATE_LIMIT_INVITES = "30/hour"  # co-facilitator invitations, per owner account
    # Joins per address and workshop: a room of 300 phones behind one NAT
    # joins within two minutes (docs/security.md, "Guessing and flooding").
    RATE_LIMIT_JOINS = "150/minute;400/hour"
    # Coming back without one's link ("that's me" requests), per address and
    # workshop: a handful of people per meeting, each a facilitator's tap.
    RATE_LIMIT_CLAIMS = "20/minute;60/hour"
    # The flood guard (per workshop, every address): past these, new ideas
    # and joins wait until the facilitator lifts the guard. Above what a
    # room of 300 people on phones can produce (docs/security.md).
    FLOOD_GUARD_IDEAS = "1200/minute"
    FLOOD_GUARD_JOINS = "400/10 minutes"
    # Seconds a join's or a ballot's broadcast may wait to leave with the
    # joins and ballots that follow it, as one message (a room of N joining or
    # voting costs the room O(N) messages, not N²); 0 = each one at once.
    # Formerly JOIN_BROADCAST_INTERVAL (still read). Keep it well under the pages' 1 s wait
    # for a missing version (static/js/live.js GAP_WAIT).
    BROADCAST_INTERVAL = 0.25
    # Argon2id parameters (argon2.profiles); tests use CHEAPEST.
    PASSWORD_HASH_PROFILE = "RFC_9106_LOW_MEMORY"


def secret_key_from_instance(instance_path: str) -> str:
    """The secret key kept in ``instance/secret_key``, made on first run."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
