"""The full-text index over ideas' text, for the library (services/library.py).

One index per engine, made by raw DDL because neither fits a model column:
SQLite gets an FTS5 table holding no copy of the text (external content,
``ideas`` is the content) kept in step by triggers, its tokenizer folding
accents (``remove_diacritics 2``); PostgreSQL a GIN index over the French
and the English tsvector of the text. The same statements serve
``db.create_all()`` (tests, through the ``after_create`` event below) and
migration 0014, and ``FTS_NAMES`` keeps them out of the model/migration
comparison (migrations/env.py, tests/integration/test_migrations.py).

A later migration that rebuilds ``ideas`` on SQLite (batch mode: copy,
drop, rename) drops the triggers with the table: it must run ``create``
again.
"""

from sqlalchemy import event, text

FTS_TABLE = "ideas_fts"
PG_INDEX = "ix_ideas_text_search"
# The FTS5 table's shadow tables and the triggers are SQLite's own objects.
FTS_NAMES = frozenset(
    {FTS_TABLE, PG_INDEX}
    | {f"{FTS_TABLE}_{part}" for part in ("data", "idx", "content", "docsize", "config")}
)

# The PostgreSQL expression the index is over; queries must use it as is.
PG_VECTOR = "(to_tsvector('french'::regconfig, text) || to_tsvector('english'::regconfig, text))"

_SQLITE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "text, content='ideas', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON ideas BEGIN"
    f" INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON ideas BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);"
    " END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF text ON ideas BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);"
    f" INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END",
    # Ideas written before the index existed (migration 0014 on a used database).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)
_POSTGRESQL = (f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON ideas USING gin ({PG_VECTOR})",)
_DROP = {
    "sqlite": (
        *(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{t}" for t in ("ai", "ad", "au")),
        f"DROP TABLE IF EXISTS {FTS_TABLE}",
    ),
    "postgresql": (f"DROP INDEX IF EXISTS {PG_INDEX}",),
}


def create(connection) -> None:
    """Make the index on this connection's engine (nothing on another engine)."""
    statements = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}.get(connection.dialect.name, ())
    for statement in statements:
        connection.execute(text(statement))


def drop(connection) -> None:
    for statement in _DROP.get(connection.dialect.name, ()):
        connection.execute(text(statement))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: the index's objects are no model's."""
    return name not in FTS_NAMES


def listen(table) -> None:
    event.listen(table, "after_create", lambda target, connection, **kw: create(connection))
