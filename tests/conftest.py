import pytest
from flask.testing import FlaskClient

from atelier import create_app
from atelier.extensions import db

from .support import Harness


def _database_url(tmp_path) -> str:
    # A file, not :memory:, so that threads in concurrency tests share it.
    return f"sqlite:///{tmp_path / 'atelier-test.sqlite3'}"


class PageClient(FlaskClient):
    """Posts forms the way our pages do: with the session's CSRF token."""

    def open(self, *args, **kwargs):
        form = kwargs.get("data")
        is_form_post = kwargs.get("method") == "POST" and "json" not in kwargs
        is_form = form is None or isinstance(form, dict)
        if is_form_post and is_form and not (form or {}).get("csrf_token"):
            with self.session_transaction() as session:
                token = session.setdefault("csrf", "test-csrf-token")
            kwargs["data"] = {**(form or {}), "csrf_token": token}
        return super().open(*args, **kwargs)


# Rate limits get their own tests (tests/integration/test_rate_limits.py);
# elsewhere they stay out of the way of tests that post a lot.
GENEROUS = "100000/minute"


@pytest.fixture
def make_app(tmp_path):
    """Build the test app, with config overrides; the database is made from the models."""
    built = []

    def make(**overrides):
        app = create_app(
            {
                "TESTING": True,
                "ASYNC_MODE": "threading",
                "DATABASE_URL": _database_url(tmp_path),
                "SECRET_KEY": "tests-only-secret",
                "MESSAGE_QUEUE": "",
                "AUTO_MIGRATE": False,  # the schema comes from create_all here
                "PASSWORD_HASH_PROFILE": "CHEAPEST",
                "RATELIMIT_STORAGE_URI": "memory://",
                "RATE_LIMIT_CODE_MISSES": GENEROUS,
                "RATE_LIMIT_LOGIN": GENEROUS,
                "RATE_LIMIT_SIGNUP": GENEROUS,
                "RATE_LIMIT_CONTRIBUTIONS": GENEROUS,
                **overrides,
            }
        )
        app.test_client_class = PageClient
        with app.app_context():
            db.create_all()
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
