"""What a browser remembers: the keys it holds, in Flask's signed session cookie.

The facilitator link and the participant's join (or return link) store their
secret here; HTTP pages and the Socket.IO handshake both read it, so the
secret never has to live in JavaScript.
"""

from flask import session

_KEY = "w"


def remember(workshop_id: int, *, key: str | None = None, token: str | None = None) -> None:
    held = dict(session.get(_KEY, {}))
    entry = dict(held.get(str(workshop_id), {}))
    if key:
        entry["f"] = key
    if token:
        entry["p"] = token
    held[str(workshop_id)] = entry
    session[_KEY] = held
    session.permanent = True


def recall(workshop_id: int) -> dict:
    """``{"f": facilitator key, "p": participant token}``, either may be absent."""
    return dict(session.get(_KEY, {}).get(str(workshop_id), {}))
