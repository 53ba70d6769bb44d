"""Alembic environment: runs inside the Flask app (Flask-Migrate sets it up)."""

from alembic import context
from flask import current_app

from atelier.models.search import include_object

db = current_app.extensions["migrate"].db


def run_offline() -> None:
    """Emit SQL without a connection (``flask db upgrade --sql``)."""
    context.configure(
        url=db.engine.url.render_as_string(hide_password=False),
        target_metadata=db.metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    def skip_empty_revision(_context, _revision, directives):
        # `flask db migrate` with no model change writes no empty file.
        script = directives[0]
        if (
            getattr(context.config.cmd_opts, "autogenerate", False)
            and script.upgrade_ops.is_empty()
        ):
            directives[:] = []

    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode copies a table, drops it and renames the copy. With
            # foreign keys enforced, dropping it would delete the rows that
            # point at it (ON DELETE CASCADE / SET NULL): every participant of
            # a rebuilt `workshops`. SQLite takes this pragma only outside a
            # transaction, so on the driver's connection, before any BEGIN.
            _sqlite_pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            context.configure(
                connection=connection,
                target_metadata=db.metadata,
                # SQLite cannot ALTER most things: batch mode copies the table.
                render_as_batch=True,
                process_revision_directives=skip_empty_revision,
                # The full-text index is raw DDL, no model's (models/search.py).
                include_object=include_object,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                connection.rollback()  # nothing is left open; the pragma needs no transaction
                _sqlite_pragma(connection, "PRAGMA foreign_keys=ON")


def _sqlite_pragma(connection, pragma: str) -> None:
    connection.connection.dbapi_connection.execute(pragma)


if context.is_offline_mode():
    run_offline()
else:
    run_online()
