import os
import uuid

import psycopg
import pytest
import redis

from atelier.extensions import db

from . import contract
from .support import Harness, build_app


@pytest.fixture(autouse=True)
def isolated_instance(tmp_path, monkeypatch):
    """Every app, command and server a test starts keeps its database and secret
    key in the test's own instance folder, never in the checkout's."""
    monkeypatch.setenv("ATELIER_INSTANCE_PATH", str(tmp_path / "instance"))


def pytest_configure(config):
    # Every response, event and ack the test clients receive must match the
    # documented contract (docs/openapi.yaml, docs/asyncapi.yaml): tests/contract.py.
    contract.install()


@pytest.fixture(autouse=True)
def api_contract():
    """What a test's socket clients received and never read is checked at its end."""
    yield contract.contract()
    contract.check_leftovers()


@pytest.fixture
def make_app(tmp_path):
    """Build the test app, with config overrides (see tests/support.build_app)."""
    built = []

    def make(**overrides):
        app = build_app(tmp_path / "atelier-test.sqlite3", **overrides)
        built.append(app)
        return app

    yield make
    for app in built:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def harness(app):
    return Harness(app)


@pytest.fixture
def signed_in(harness):
    """A browser signed in to a facilitator account (camille@example.org)."""
    return harness.signed_in()


@pytest.fixture
def postgres_url():
    """A schema of its own in the real PostgreSQL, dropped afterwards; the test
    fails if the server is down. Unique per test, so that two runs sharing the
    server (two checkouts, CI beside a session) never meet."""
    url = os.environ.get("ATELIER_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("set ATELIER_TEST_POSTGRES_URL to run against PostgreSQL")
    schema = f"atelier_test_{uuid.uuid4().hex[:12]}"
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    yield f"{url}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def redis_url():
    """The real Redis; the test fails if it is down."""
    url = os.environ.get("ATELIER_TEST_REDIS_URL")
    if not url:
        pytest.skip("set ATELIER_TEST_REDIS_URL to run against Redis")
    redis.Redis.from_url(url).ping()
    return url


@pytest.fixture
def redis_env(redis_url):
    """Settings that keep this test's traffic and counts apart from any other run
    sharing the same Redis (another checkout's suite, an earlier minute's counts)."""
    prefix = uuid.uuid4().hex
    return {
        "ATELIER_MESSAGE_QUEUE": redis_url,
        "ATELIER_MESSAGE_QUEUE_CHANNEL": f"atelier-test-{prefix}",
        "ATELIER_RATELIMIT_KEY_PREFIX": prefix,
    }
