"""The whole state a page needs to (re)start, for one audience."""

import datetime as dt

from sqlalchemy import select

from ..extensions import db
from ..models import Idea, Participant, Workshop
from .views import (
    FACILITATOR,
    idea_view,
    iso_utc,
    me_view,
    participant_view,
    review_public,
    review_view,
    tallies_public,
    votes_view,
    workshop_view,
)


def snapshot(workshop: Workshop, audience: str, participant: Participant | None = None) -> dict:
    """Read in one transaction; ``v`` says which change it includes.

    A change committed between this read and the client's next event is
    sent as an event with a higher version; events carry whole objects, so
    applying one twice is harmless.
    """
    ideas = db.session.scalars(
        select(Idea)
        .filter_by(workshop_id=workshop.id)
        .where(Idea.merged_into_id.is_(None))
        .order_by(Idea.id)
    )
    facilitator = audience == FACILITATOR
    participants = db.session.scalars(
        select(Participant).filter_by(workshop_id=workshop.id).order_by(Participant.id)
    )
    state = {
        "v": workshop.version,
        "server_time": iso_utc(dt.datetime.now(dt.UTC).replace(tzinfo=None)),
        "audience": audience,
        "workshop": workshop_view(workshop),
        "participants": [participant_view(p) for p in participants],
        "ideas": [
            idea_view(i, workshop.show_names, audience)
            for i in ideas
            if facilitator or not i.hidden
        ],
        "votes": votes_view(workshop, facilitator or tallies_public(workshop)),
        "review": review_view(workshop) if facilitator or review_public(workshop) else [],
        "me": None,
    }
    if participant is not None:
        state["me"] = {**participant_view(participant), **me_view(participant.id)}
    return state
