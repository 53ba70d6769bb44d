"""The whole state a page needs to (re)start, for one audience."""

import datetime as dt
import json

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Idea, Participant, Workshop
from .barometer import barometer_view
from .library import inspiration_view
from .views import (
    FACILITATOR,
    idea_view,
    iso_utc,
    me_view,
    origin_views,
    participant_view,
    review_public,
    review_view,
    tallies_public,
    votes_view,
    workshop_view,
)

_CACHE_SIZE = 16


def snapshot(workshop: Workshop, audience: str, participant: Participant | None = None) -> dict:
    """The state at ``workshop.version`` for an audience, plus "me" for a phone.

    The shared part is built once per version and audience, then reused: when
    a room's Wi-Fi comes back, hundreds of phones reconnect at the same
    version and each only costs its own "me".
    """
    shared, _ = _shared(workshop, audience)
    return {**shared, **_own(workshop, participant)}


def snapshot_text(
    workshop: Workshop, audience: str, participant: Participant | None = None, **extra
) -> str:
    """The same state as ``snapshot`` (with ``extra`` keys), as JSON text.

    The shared part is encoded once per version and audience too: a phone
    reconnecting costs the encoding of its own "me", not of everyone's
    names and ideas again.
    """
    _, body = _shared(workshop, audience)
    own = json.dumps({**_own(workshop, participant), **extra}, separators=(",", ":"))
    return "{" + body + "," + own[1:]


def _shared(workshop: Workshop, audience: str) -> tuple[dict, str]:
    """The shared part and its JSON text without the outer braces, cached."""
    cache = current_app.extensions.setdefault("atelier_snapshots", {})
    key = (workshop.id, workshop.version, audience)
    entry = cache.get(key)
    if entry is None:
        shared = _build(workshop, audience)
        entry = shared, json.dumps(shared, separators=(",", ":"))[1:-1]
        if len(cache) >= _CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = entry
    return entry


def _own(workshop: Workshop, participant: Participant | None) -> dict:
    """What is not shared: the server's clock, and the phone's own "me"."""
    me = None
    if participant is not None:
        me = {
            **participant_view(participant),
            **me_view(participant.id, participant, workshop.review_round),
        }
    return {"server_time": iso_utc(dt.datetime.now(dt.UTC).replace(tzinfo=None)), "me": me}


def _build(workshop: Workshop, audience: str) -> dict:
    """Read the shared part; ``v`` says which change it includes at least.

    On PostgreSQL (read committed) a change committed during this read may
    already show in it; its event follows with a higher version and carries
    whole objects, so applying it again is harmless.
    """
    facilitator = audience == FACILITATOR
    ideas = db.session.scalars(
        select(Idea)
        .filter_by(workshop_id=workshop.id)
        .where(Idea.merged_into_id.is_(None))
        .order_by(Idea.id)
    ).all()
    # Carried-over ideas: how each went in its own workshop, read at once.
    origins = origin_views(i.origin_idea_id for i in ideas if i.origin_idea_id is not None)
    # Plain rows, not objects: a thousand names should cost a thousand tuples.
    people = db.session.execute(
        select(Participant.id, Participant.name)
        .filter_by(workshop_id=workshop.id)
        .order_by(Participant.id)
    )
    return {
        "v": workshop.version,
        "audience": audience,
        "workshop": workshop_view(workshop),
        "participants": [{"id": pid, "name": name} for pid, name in people],
        "ideas": [
            idea_view(i, workshop.show_names, audience, origins)
            for i in ideas
            if facilitator or not i.hidden
        ],
        "votes": votes_view(workshop, facilitator or tallies_public(workshop)),
        "review": review_view(workshop) if facilitator or review_public(workshop) else [],
        "barometer": barometer_view(workshop),
        "inspiration": inspiration_view(workshop),
    }
