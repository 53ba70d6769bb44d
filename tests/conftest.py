import pytest

from atelier import create_app
from atelier.extensions import db

from .support import Harness


def _database_url(tmp_path) -> str:
    # A file, not :memory:, so that threads in concurrency tests share it.
    return f"sqlite:///{tmp_path / 'atelier-test.sqlite3'}"


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
