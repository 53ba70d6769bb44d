"""The application factory."""

import os
from pathlib import Path

from flask import Flask
from redis import BlockingConnectionPool
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Defaults, secret_key_from_instance
from .extensions import babel, compress, db, limiter, migrate, socketio
from .json_bodies import BoundedJSONProvider

# Handlers must be registered on the unbound SocketIO before any init_app,
# so that every application built here (one per test) gets them.
from .realtime import events  # noqa: F401  isort: skip
from . import i18n, login, logs, security, throttle
from .realtime import encoded
from .realtime.transport import answer_refused_posts
from .web import assets as static_files

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def build_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=_instance_path(test_config),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        # Served by atelier/web/assets.py (content-hashed URLs, compressed).
        static_folder=None,
    )
    app.static_folder = str(ROOT / "static")
    app.json = BoundedJSONProvider(app)
    app.config.from_object(Defaults)
    app.config.from_prefixed_env("ATELIER")
    if "JOIN_BROADCAST_INTERVAL" in app.config and "ATELIER_BROADCAST_INTERVAL" not in os.environ:
        # The setting's former name (when it covered joins only) still works.
        app.config["BROADCAST_INTERVAL"] = app.config["JOIN_BROADCAST_INTERVAL"]
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key_from_instance(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", _engine_options(app.config["DATABASE_URL"]))
    app.config["NODE_MODULES"] = str(ROOT / "node_modules")
    _derived_settings(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    static_files.init_app(app)
    login.init_app(app)
    limiter.init_app(app)
    throttle.slow_expiry_timer(limiter.storage)
    security.init_app(app)
    compress.init_app(app)
    cors = app.config["CORS_ORIGINS"]
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"] or None,
        channel=app.config["MESSAGE_QUEUE_CHANNEL"],
        cors_allowed_origins=cors.split(",") if cors else None,
        # Phones sleep and networks flap: notice a dead link within ~45 s.
        ping_interval=20,
        ping_timeout=25,
        max_http_buffer_size=64 * 1024,
        # Snapshots go out as JSON encoded once per version (realtime/encoded.py).
        json=encoded,
    )
    answer_refused_posts(socketio.server)
    logs.quiet_client_noise()

    from .web import register_blueprints

    register_blueprints(app)

    from .cli import register_commands

    register_commands(app)
    return app


def _instance_path(test_config: dict | None) -> str | None:
    """Where the SQLite database and the secret key live: ``instance/`` beside the
    package unless ``ATELIER_INSTANCE_PATH`` (or a test's ``INSTANCE_PATH``) says."""
    chosen = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("ATELIER_INSTANCE_PATH")
    return os.path.abspath(chosen) if chosen else None


def _derived_settings(app: Flask) -> None:
    config = app.config
    if not config["RATELIMIT_STORAGE_URI"]:
        queue = config["MESSAGE_QUEUE"] or ""
        config["RATELIMIT_STORAGE_URI"] = (
            queue if queue.startswith(("redis://", "rediss://")) else "memory://"
        )
    uri = config["RATELIMIT_STORAGE_URI"]
    if uri.startswith(("redis://", "rediss://")):
        # Under a burst, wait briefly for a free connection rather than fail
        # (redis-py's plain pool raises past 100 connections in use).
        options = dict(config.get("RATELIMIT_STORAGE_OPTIONS") or {})
        options.setdefault(
            "connection_pool", BlockingConnectionPool.from_url(uri, max_connections=50, timeout=10)
        )
        config["RATELIMIT_STORAGE_OPTIONS"] = options
    # Served over HTTPS: cookies never travel in clear.
    if config["PUBLIC_URL"].startswith("https://"):
        config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]
    config["REMEMBER_COOKIE_HTTPONLY"] = True
    config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    hops = int(config["PROXY_HOPS"] or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 10}}
    return {"pool_pre_ping": True}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL so readers run beside the writer; explicit BEGIN so reads are consistent."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    # Let SQLAlchemy, not the driver, decide where transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")
