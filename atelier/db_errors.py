"""Telling a database that is briefly away from a bug.

PostgreSQL restarting (``pg_ctl restart``, a failover, a crash) cuts the
connections in every pool and refuses new ones for a few seconds; a request
caught then fails with an ``OperationalError``. Its transaction died with
the connection (or, if the commit went through just before, a retry with
the same ``client_id`` finds its receipt), so the client is told
``unavailable`` (try again in a few seconds) rather than ``server_error``,
and the pages' outboxes send it again by themselves.
"""

from sqlalchemy import exc


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached or is restarting."""
    if isinstance(error, exc.TimeoutError):  # no connection free in the pool in time
        return True
    if not isinstance(error, exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if isinstance(error, (exc.OperationalError, exc.InterfaceError)):
        # SQLite's OperationalError also covers a broken schema: only a busy
        # file counts there. PostgreSQL's (psycopg) are all about the server
        # or the connection: shutting down, starting up, refused, cut.
        if type(error.orig).__module__.startswith("sqlite3"):
            return "locked" in str(error.orig) or "busy" in str(error.orig)
        return True
    return False


def one_line(error: BaseException) -> str:
    """The error's class and first line, for a log that stays short in an outage."""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(getattr(error, 'orig', None) or error).__name__}: {lines[0] if lines else ''}"
