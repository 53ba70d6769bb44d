"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from atelier import create_app
from atelier.config import secret_key_from_instance
from atelier.extensions import db


def test_upgrade_on_an_empty_database_matches_the_models(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ASYNC_MODE": "threading",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
            "SECRET_KEY": "t",
        }
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_secret_key_is_generated_into_the_instance_folder_once(tmp_path):
    first = secret_key_from_instance(str(tmp_path))
    assert len(first) >= 32
    assert secret_key_from_instance(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_atelier_instance_path_moves_the_database_and_the_secret_key(tmp_path, monkeypatch):
    elsewhere = tmp_path / "srv" / "atelier-data"
    monkeypatch.setenv("ATELIER_INSTANCE_PATH", str(elsewhere))
    monkeypatch.delenv("ATELIER_SECRET_KEY", raising=False)
    monkeypatch.delenv("ATELIER_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    assert app.instance_path == str(elsewhere)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()
    assert (elsewhere / "atelier.sqlite3").exists()
    assert (elsewhere / "secret_key").read_text().strip() == app.secret_key
