"""What a browser remembers: the keys it holds, in Flask's signed session cookie.

The facilitator link and the participant's join (or return link) store their
secret here; HTTP pages and the Socket.IO handshake both read it, so the
secret never has to live in JavaScript.
"""

from flask import session

_KEY = "w"
# A cookie holds about 4 KB: keep the keys of the most recent workshops only.
MAX_HELD = 30


def remember(workshop_id: int, *, key: str | None = None, token: str | None = None) -> None:
    held = dict(session.get(_KEY, {}))
    entry = dict(held.pop(str(workshop_id), {}))
    if key:
        entry["f"] = key
    if token:
        entry["p"] = token
    held[str(workshop_id)] = entry  # last in: the most recently used
    while len(held) > MAX_HELD:
        held.pop(next(iter(held)))
    session[_KEY] = held
    session.permanent = True


def recall(workshop_id: int) -> dict:
    """``{"f": facilitator key, "p": participant token}``, either may be absent."""
    return dict(session.get(_KEY, {}).get(str(workshop_id), {}))
