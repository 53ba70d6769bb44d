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


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ASYNC_MODE": "threading",
            "DATABASE_URL": _database_url(tmp_path),
            "SECRET_KEY": "tests-only-secret",
            "MESSAGE_QUEUE": "",
            "AUTO_MIGRATE": False,  # the schema comes from create_all here
        }
    )
    app.test_client_class = PageClient
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def harness(app):
    return Harness(app)
