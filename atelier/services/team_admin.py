"""Teams as an admin keeps them, and as a facilitator makes and names the ones
they lead (issue 12): create, rename, merge two that are one, keep apart two
that only look alike.

A team's name is unique by ``match_key``: creating or renaming to a name
that matches another team is refused (``team_exists``), so nobody takes a
team over by typing its name; a facilitator asks an admin to be added.
"""

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..domain import teams as rules
from ..domain.errors import Refusal
from ..extensions import db
from ..models import Team, TeamMember, TeamsKeptApart, User, Workshop
from .changes import Outcome, run_change
from .teams import leads
from .views import workshop_view


@dataclass(frozen=True)
class TeamRow:
    team: Team
    workshops: int
    members: list[User]


@dataclass(frozen=True)
class NearMiss:
    first: Team
    second: Team


def overview() -> list[TeamRow]:
    """Every team, by name, with how many workshops it has and who is given it."""
    counts = dict(
        db.session.execute(
            select(Workshop.team_id, func.count())
            .where(Workshop.team_id.is_not(None))
            .group_by(Workshop.team_id)
        ).all()
    )
    members: dict[int, list[User]] = {}
    for team_id, user in db.session.execute(
        select(TeamMember.team_id, User)
        .join(User, User.id == TeamMember.user_id)
        .order_by(User.name, User.email)
    ):
        members.setdefault(team_id, []).append(user)
    return [
        TeamRow(team, counts.get(team.id, 0), members.get(team.id, []))
        for team in db.session.scalars(select(Team).order_by(Team.name, Team.id))
    ]


def near_misses() -> list[NearMiss]:
    """Teams whose names are close without matching, not yet kept apart."""
    teams = {team.id: team for team in db.session.scalars(select(Team))}
    apart = db.session.execute(select(TeamsKeptApart.first_id, TeamsKeptApart.second_id)).all()
    pairs = rules.near_misses(((t.id, t.name) for t in teams.values()), apart)
    return [NearMiss(teams[a], teams[b]) for a, b in pairs]


def _team(team_id: object) -> Team:
    team = db.session.get(Team, team_id) if isinstance(team_id, int) else None
    if team is None:
        raise Refusal("team_not_found")
    return team


def _taken(key: str, but: int | None = None) -> bool:
    query = select(Team.id).filter_by(key=key)
    if but is not None:
        query = query.where(Team.id != but)
    return db.session.scalar(query) is not None


def create_team(raw_name: object, leader: User | None = None) -> Team:
    """A new team; ``leader`` (a facilitator making it) leads it. An admin
    making it from the admin page is not given it."""
    name = rules.clean_team_name(raw_name)
    key = rules.match_key(name)
    if _taken(key):
        raise Refusal("team_exists")
    team = Team(name=name, key=key)
    try:
        db.session.add(team)
        db.session.flush()  # the key's unique index answers here, not at the commit
        if leader is not None:
            db.session.add(TeamMember(team_id=team.id, user_id=leader.id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refusal("team_exists") from None
    return team


def rename_team(team_id: object, raw_name: object, by: User | None = None) -> Team:
    """A new name for the team, shown on its workshops too. ``by`` None is an
    admin; a facilitator renames only a team they lead."""
    team = _team(team_id)
    if by is not None and not leads(by, team):
        raise Refusal("not_team_leader")
    name = rules.clean_team_name(raw_name)
    key = rules.match_key(name)
    if _taken(key, but=team.id):
        raise Refusal("team_exists")
    try:
        team.name, team.key = name, key
        # The UPDATE below flushes the new key first: the unique index answers there.
        db.session.execute(update(Workshop).where(Workshop.team_id == team.id).values(team=name))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refusal("team_exists") from None
    return team


def merge_teams(merged_id: object, kept_id: object) -> Team:
    """``merged`` becomes ``kept``: its workshops and members move, then it
    goes. One transaction: a failure leaves both teams as they were."""
    merged, kept = _team(merged_id), _team(kept_id)
    if merged.id == kept.id:
        raise Refusal("invalid_request")
    moved = update(Workshop).where(Workshop.team_id == merged.id)
    db.session.execute(moved.values(team_id=kept.id, team=kept.name))
    already = select(TeamMember.user_id).where(TeamMember.team_id == kept.id)
    db.session.execute(
        update(TeamMember)
        .where(TeamMember.team_id == merged.id, TeamMember.user_id.not_in(already))
        .values(team_id=kept.id)
    )
    db.session.execute(delete(TeamMember).where(TeamMember.team_id == merged.id))
    db.session.execute(
        delete(TeamsKeptApart).where(
            (TeamsKeptApart.first_id == merged.id) | (TeamsKeptApart.second_id == merged.id)
        )
    )
    db.session.delete(merged)
    db.session.commit()
    # Accounts loaded earlier in this request see their new teams.
    db.session.expire_all()
    return kept


def keep_apart(first_id: object, second_id: object) -> None:
    """Two teams an admin says are different: no longer listed as a near miss."""
    first, second = _team(first_id), _team(second_id)
    if first.id == second.id:
        raise Refusal("invalid_request")
    a, b = rules.pair(first.id, second.id)
    if db.session.get(TeamsKeptApart, (a, b)) is None:
        db.session.add(TeamsKeptApart(first_id=a, second_id=b))
    db.session.commit()


def teams_by_ids(ids: list[int]) -> list[Team]:
    """The teams of these ids; one unknown id refuses them all."""
    found = list(db.session.scalars(select(Team).where(Team.id.in_(ids)))) if ids else []
    if len(found) != len(ids):
        raise Refusal("team_not_found")
    return sorted(found, key=lambda team: team.name)


def announce(team_id: int) -> list[Outcome]:
    """After a rename or a merge (committed): the team's open workshops show
    their new team name on the pages already open, one change each."""
    open_ids = db.session.scalars(
        select(Workshop.id).where(Workshop.team_id == team_id, Workshop.phase != "closed")
    ).all()

    def apply(workshop: Workshop, outcome: Outcome):
        outcome.add("workshop", workshop_view(workshop))

    return [run_change(workshop_id, apply) for workshop_id in open_ids]
