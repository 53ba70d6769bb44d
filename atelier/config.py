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
    # Allowed origins for Socket.IO; empty = same origin only.
    CORS_ORIGINS = ""
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    MAX_CONTENT_LENGTH = 64 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "atelier"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 180
    AUTO_MIGRATE = True
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


def secret_key_from_instance(instance_path: str) -> str:
    """The secret key kept in ``instance/secret_key``, made on first run."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
