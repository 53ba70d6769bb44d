import pytest

from atelier.extensions import db

from .support import Harness, build_app


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
