"""Event arguments sent as JSON text already encoded, for python-socketio.

A snapshot's shared part is encoded once per version (services/snapshots.py).
Handing python-socketio a dict would make it walk the whole state looking for
binary data, then encode it again, for every phone of a room that reconnects
at once. An ``Encoded`` argument is none of the types it walks, and this
module, set as its JSON module (atelier/app.py), writes its text as it is.
"""

import json

loads = json.loads


class Encoded:
    """One event argument (or acknowledgement), given as its JSON text."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"Encoded({self.text[:60]!r}…)"


def dumps(obj, **kwargs) -> str:
    """``json.dumps``, but an event's ``[name, *args]`` keeps ``Encoded`` args verbatim."""
    if type(obj) is list and any(type(item) is Encoded for item in obj):
        return (
            "["
            + ",".join(
                item.text if type(item) is Encoded else json.dumps(item, **kwargs) for item in obj
            )
            + "]"
        )
    return json.dumps(obj, **kwargs)
