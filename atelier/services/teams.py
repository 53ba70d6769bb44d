"""Teams as rows (domain/teams.py): the one a typed name belongs to, and who
may see a team's workshops.

A team's members are accounts: a manager reads the team's workshops, a
facilitator leads the team (its page, its name). Membership is given by an
admin, or taken by the facilitator whose workshop first named the team;
naming a team that exists already gives nothing.
"""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain.teams import match_key
from ..extensions import db
from ..models import Team, TeamMember, User, Workshop


def team_for(name: str, creator: User | None = None) -> Team | None:
    """The team this name belongs to, made on first use; None for no team.

    Inside the caller's transaction. Two workshops naming a new team at the
    same moment meet on the key's unique index: the second one, refused,
    takes the row the first one made. The account that made the team leads it.
    """
    key = match_key(name)
    if not key:
        return None
    team = db.session.scalar(select(Team).filter_by(key=key))
    if team is not None:
        return team
    try:
        with db.session.begin_nested():
            team = Team(name=" ".join(name.split()), key=key)
            db.session.add(team)
            db.session.flush()
            if creator is not None and creator.can_facilitate:
                db.session.add(TeamMember(team_id=team.id, user_id=creator.id))
    except IntegrityError:
        team = db.session.scalar(select(Team).filter_by(key=key))
    return team


def is_member(user: User | None, team_id: int | None) -> bool:
    """An active account given this team (as manager or as facilitator)."""
    if user is None or not user.active or team_id is None:
        return False
    return db.session.get(TeamMember, (team_id, user.id)) is not None


def may_see_team(user: User | None, team: Team) -> bool:
    """The team's page and its workshops' bilans: its members, nobody else."""
    return is_member(user, team.id)


def leads(user: User | None, team: Team) -> bool:
    """A facilitator (or admin) given the team: renames it, starts its workshops."""
    return user is not None and user.can_facilitate and is_member(user, team.id)


def reads_workshop(user: User | None, workshop: Workshop) -> bool:
    """A member of the workshop's team reads its outcome (the bilan)."""
    return is_member(user, workshop.team_id)


def teams_of(user: User) -> list[Team]:
    """The teams an account is given, by name."""
    if not user.active:
        return []
    query = (
        select(Team)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .filter(TeamMember.user_id == user.id)
        .order_by(Team.name)
    )
    return list(db.session.scalars(query))


def all_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))
