"""Teams as rows: the one a typed name belongs to (domain/teams.py)."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain.teams import match_key
from ..extensions import db
from ..models import Team


def team_for(name: str) -> Team | None:
    """The team this name belongs to, made on first use; None for no team.

    Inside the caller's transaction. Two workshops naming a new team at the
    same moment meet on the key's unique index: the second one, refused,
    takes the row the first one made.
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
    except IntegrityError:
        team = db.session.scalar(select(Team).filter_by(key=key))
    return team
