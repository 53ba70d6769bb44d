"""Start a workshop from these ideas: a new group votes on what another kept.

From a workshop at the review (or closed), a facilitator picks committed
colleague ideas and a team; a new draft workshop, theirs, offers each picked
idea at its vote as a colleague idea of its own, pointing back to where it
comes from (``Idea.origin_idea_id``). What the new group sees of the origin
is aggregates only (``origin_views``): never who committed or wrote.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..domain import served, settings
from ..domain.errors import Refusal
from ..domain.phases import Phase
from ..extensions import db
from ..models import Idea, Receipt, Team, User, Vote, Workshop
from . import ownership, teams, workshops
from .changes import check_client_id
from .views import origin_views

# The decisions that say "this idea goes on": ticked by default.
CARRIED_BY_DEFAULT = ("keep", "extend", "spread")
# The source's team, whoever leads it: a value no team id can take.
SAME_TEAM = "same"
_OPERATION = "start_from"


@dataclass
class Offered:
    """One committed idea of the source, as the form lists it."""

    idea: Idea
    origin: dict
    default: bool


@dataclass
class TeamChoice:
    value: str
    name: str


def require_source(user: User | None, workshop: Workshop) -> User:
    """A signed-in facilitator of a workshop whose review has opened (a longer
    experiment waiting for its next round counts: what the group decided to
    spread need not wait weeks)."""
    if user is None:
        raise Refusal("login_required")
    if not ownership.facilitates(user, workshop):
        raise Refusal("not_facilitator")
    reviewed = workshop.current_phase in (Phase.REVIEW, Phase.CLOSED)
    waiting = workshop.current_phase is Phase.RESULTS and workshop.review_round > 1
    if not (reviewed or waiting):
        raise Refusal("wrong_phase")
    return user


def offered_ideas(workshop: Workshop) -> list[Offered]:
    """The source's visible colleague ideas someone committed to, most committed first."""
    committed = dict(
        db.session.execute(
            select(Vote.idea_id, func.count())
            .filter_by(workshop_id=workshop.id)
            .group_by(Vote.idea_id)
        ).all()
    )
    if not committed:
        return []
    ideas = db.session.scalars(
        select(Idea)
        .filter_by(workshop_id=workshop.id, kind="colleague", hidden=False)
        .where(Idea.merged_into_id.is_(None), Idea.id.in_(committed))
    ).all()
    origins = origin_views([i.id for i in ideas])
    offered = [
        Offered(i, origins[i.id], origins[i.id]["decision"] in CARRIED_BY_DEFAULT) for i in ideas
    ]
    return sorted(offered, key=lambda o: (-o.origin["committed"], o.idea.id))


def team_choices(user: User, workshop: Workshop) -> list[TeamChoice]:
    """The source's own team first (kept whoever leads it), then the teams the user leads."""
    choices = [TeamChoice(SAME_TEAM, workshop.team)]
    for team in teams.teams_of(user):
        if team.id != workshop.team_id and teams.leads(user, team):
            choices.append(TeamChoice(str(team.id), team.name))
    return choices


def _team_name(user: User, workshop: Workshop, value: object) -> str:
    if value == SAME_TEAM:
        return workshop.team
    if isinstance(value, str) and value.isdigit() and len(value) < 12:
        team = db.session.get(Team, int(value))
        if team is not None and team.id != workshop.team_id and teams.leads(user, team):
            return team.name
    raise Refusal("team_not_allowed")


def _picked(workshop: Workshop, raw_ids: object) -> list[Idea]:
    """The ticked ideas, each one of those offered (another workshop's id is nothing)."""
    if not isinstance(raw_ids, list) or not raw_ids:
        raise Refusal("no_ideas_chosen")
    offered = {o.idea.id: o.idea for o in offered_ideas(workshop)}
    picked = []
    for raw in raw_ids:
        idea_id = int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 12 else None
        if idea_id not in offered:
            raise Refusal("idea_not_found")
        if offered[idea_id] not in picked:
            picked.append(offered[idea_id])
    return sorted(picked, key=lambda i: i.id)


def start_from(
    user: User | None,
    source: Workshop,
    *,
    idea_ids: object,
    team: object,
    title: object,
    date: object,
    request_id: object,
    today: dt.date | None = None,
) -> str:
    """Create the new workshop and its carried ideas; its join code.

    One transaction. ``request_id`` is the form's own id: sent again (a
    double click, a retry after a lost answer), it finds the receipt the
    first one wrote and answers the same workshop.
    """
    user = require_source(user, source)
    if not user.can_facilitate:
        raise Refusal("not_facilitator")
    request_id = check_client_id(request_id)
    actor, client_id = f"u{user.id}", f"{_OPERATION}:{request_id}"
    done = _receipt(source.id, actor, client_id)
    if done is not None:
        return done
    picked = _picked(source, idea_ids)
    values = settings.clean_settings(
        {
            "title": title,
            "team": _team_name(user, source, team),
            "language": source.language,
            "votes_per_person": source.votes_per_person,
            "commitment_days": source.commitment_days,
            "show_names": source.show_names,
            "barometer": source.barometer,
            # A source kept out of the library keeps its ideas out through this one too.
            "in_library": source.in_library,
            # The same team serves the same people.
            "serves": served.setting_of(
                source.serves, source.serves_singular, source.serves_plural
            ),
            **({"date": date} if date not in (None, "") else {}),
        }
    )
    values["date"] = values.get("date") or today or dt.date.today()
    texts = [(i.id, i.text) for i in picked]
    source_id = source.id
    session = db.session()
    # A write starts with its first INSERT (SQLite takes the write lock
    # there, not by upgrading a read): end the reads above first.
    session.commit()
    try:
        # The receipt first: a concurrent twin waits on its unique key and
        # is refused once this one commits.
        receipt = Receipt(workshop_id=source_id, actor=actor, client_id=client_id, result={})
        session.add(receipt)
        session.flush()
        owner = session.get(User, user.id)
        team_row = teams.team_for(values["team"], creator=owner)
        workshop = workshops.insert_workshop(values, owner, team_row, source_workshop_id=source_id)
        for origin_id, text in texts:
            session.add(
                Idea(workshop_id=workshop.id, kind="colleague", text=text, origin_idea_id=origin_id)
            )
        receipt.result = {"code": workshop.code}
        code = workshop.code
        session.commit()
    except IntegrityError:
        session.rollback()
        done = _receipt(source_id, actor, client_id)
        if done is None:
            raise
        return done
    except BaseException:
        session.rollback()
        raise
    return code


def _receipt(workshop_id: int, actor: str, client_id: str) -> str | None:
    result = db.session.scalar(
        select(Receipt.result).filter_by(workshop_id=workshop_id, actor=actor, client_id=client_id)
    )
    return result.get("code") if result else None


def source_of(workshop: Workshop) -> Workshop | None:
    if workshop.source_workshop_id is None:
        return None
    return db.session.get(Workshop, workshop.source_workshop_id)
