import datetime as dt


def utcnow() -> dt.datetime:
    """Naive UTC, the way every timestamp is stored."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
