"""The JSON shapes clients receive; docs/realtime-api.md describes each one."""

import datetime as dt

from sqlalchemy import func, select

from ..domain.ballots import vote_limit
from ..domain.phases import Phase
from ..extensions import db
from ..models import Idea, Participant, Vote, Workshop

PUBLIC = "public"
FACILITATOR = "facilitator"


def iso_utc(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def tallies_public(workshop: Workshop) -> bool:
    """Tallies stay off the screen until revealed, to avoid herding."""
    return workshop.tallies_revealed or workshop.current_phase not in (
        Phase.DRAFT,
        Phase.LOBBY,
        Phase.CLIENT_IDEAS,
        Phase.TRANSPOSITION,
        Phase.VOTE,
    )


def workshop_view(workshop: Workshop) -> dict:
    timer = None
    if workshop.timer_ends_at is not None:
        timer = {"ends_at": iso_utc(workshop.timer_ends_at), "seconds": workshop.timer_seconds}
    return {
        "code": workshop.code,
        "title": workshop.title,
        "team": workshop.team,
        "language": workshop.language,
        "date": workshop.date.isoformat(),
        "review_date": workshop.review_date.isoformat(),
        "phase": workshop.phase,
        "votes_per_person": workshop.votes_per_person,
        "commitment_days": workshop.commitment_days,
        "show_names": workshop.show_names,
        "tallies_revealed": workshop.tallies_revealed,
        "timer": timer,
    }


def participant_view(participant: Participant) -> dict:
    return {"id": participant.id, "name": participant.name}


def idea_view(idea: Idea, show_names: bool, audience: str) -> dict:
    view = {
        "id": idea.id,
        "kind": idea.kind,
        "text": idea.text,
        "parent_id": idea.parent_id,
        # Names only when the workshop shows them, for everyone alike.
        "authors": [a.name for a in idea.authors] if show_names else [],
    }
    if audience == FACILITATOR:
        view["hidden"] = idea.hidden
    return view


def eligible_idea_ids(workshop_id: int) -> list[int]:
    """Colleague ideas one can commit to: visible, not merged away."""
    return list(
        db.session.scalars(
            select(Idea.id)
            .filter_by(workshop_id=workshop_id, kind="colleague", hidden=False)
            .where(Idea.merged_into_id.is_(None))
        )
    )


def votes_view(workshop: Workshop, with_tallies: bool, idea_ids=None) -> dict:
    """Vote progress; with tallies, the counts of ``idea_ids`` (all when None)."""
    per_person = db.session.execute(
        select(Vote.participant_id, func.count())
        .filter_by(workshop_id=workshop.id)
        .group_by(Vote.participant_id)
    ).all()
    limit = vote_limit(workshop.votes_per_person, len(eligible_idea_ids(workshop.id)))
    view = {
        "voters": len(per_person),
        "complete": sum(1 for _, n in per_person if limit and n >= limit),
        "limit": limit,
    }
    if with_tallies:
        query = (
            select(Vote.idea_id, func.count())
            .filter_by(workshop_id=workshop.id)
            .group_by(Vote.idea_id)
        )
        if idea_ids is not None:
            query = query.where(Vote.idea_id.in_(idea_ids))
        counts = dict(db.session.execute(query).all())
        ids = idea_ids if idea_ids is not None else counts
        view["tallies"] = {str(i): counts.get(i, 0) for i in ids}
    return view


def add_votes_op(outcome, workshop: Workshop, idea_ids=None) -> None:
    """Broadcast vote progress; tallies to the facilitator, and to all once revealed."""
    with_counts = votes_view(workshop, True, idea_ids)
    public = with_counts if tallies_public(workshop) else votes_view(workshop, False)
    outcome.add("votes", public, with_counts)


def me_view(participant_id: int) -> dict:
    """A participant's own ideas and choices, for every device they use."""
    return {
        "idea_ids": sorted(
            db.session.scalars(
                select(Idea.id)
                .join(Idea.authors)
                .where(Participant.id == participant_id, Idea.merged_into_id.is_(None))
            )
        ),
        "votes": sorted(
            db.session.scalars(select(Vote.idea_id).filter_by(participant_id=participant_id))
        ),
    }
