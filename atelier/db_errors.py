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
        # file counts there.
        if type(error.orig).__module__.startswith("sqlite3"):
            return "locked" in str(error.orig) or "busy" in str(error.orig)
        # psycopg's: a connection refused or cut has no SQLSTATE; with one,
        # only those that pass with the server's restart. A query cancelled,
        # a full disk or a statement too big fail again the same way: those
        # stay server_error, or the pages would send them again forever.
        state = getattr(error.orig, "sqlstate", None)
        return state is None or state.startswith("08") or state in _PASSING
    return False


# SQLSTATEs of a server going away or coming back: admin shutdown, crash
# shutdown, cannot connect now (starting up), too many connections; and a
# transaction rolled back by a deadlock or a serialization failure.
_PASSING = frozenset({"57P01", "57P02", "57P03", "53300", "40001", "40P01"})


def one_line(error: BaseException) -> str:
    """The error's class and first line, for a log that stays short in an outage."""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(getattr(error, 'orig', None) or error).__name__}: {lines[0] if lines else ''}"
