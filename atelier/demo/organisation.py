"""An organisation to look around in (``atelier demo``): two teams, three
workshops between them, a facilitator who leads both teams and a manager
given both, so that the team pages, the dashboard and the library show
what follow-through looks like.

- Team A's first workshop, two months ago, closed;
- team B's workshop, started from the ideas team A kept;
- team A's second workshop, three weeks ago, at its review.
"""

import datetime as dt
import secrets

from ..domain.phases import Phase
from ..extensions import db
from ..services import accounts
from ..services.teams import team_for

TEAMS = {
    "fr": ("Agence de Rennes — accueil", "Agence de Brest — conseil"),
    "en": ("Leeds branch — front desk", "York branch — advice"),
}
TITLES = {
    "fr": ("Prendre soin des collègues comme des clients", "Ce que Rennes a gardé",
           "Prendre soin des collègues : deuxième atelier"),
    "en": ("Caring for colleagues as we care for customers", "What Leeds kept",
           "Caring for colleagues: second workshop"),
}  # fmt: skip
FACILITATOR = ("claire.demo@atelier.example", "Claire Martin")
MANAGER = ("hugo.demo@atelier.example", "Hugo Bernard")


def _account(email: str, name: str, role: str, password: str):
    user = accounts.find_by_email(email)
    if user is None:
        return accounts.create_user(email, name, password, role)
    user.password_hash = accounts.hash_password(password)
    db.session.commit()
    return user


def organisation(language: str, today: dt.date | None = None) -> dict:
    """Make (or refresh) the demo accounts and play the three workshops.

    Returns the accounts' password (new at every run), the accounts, the
    teams and the workshops made, for ``atelier demo`` to print.
    """
    from . import play

    today = today or dt.date.today()
    password = secrets.token_urlsafe(9)
    facilitator = _account(*FACILITATOR, "facilitator", password)
    manager = _account(*MANAGER, "manager", password)
    first_team, second_team = TEAMS[language]
    first_title, second_title, third_title = TITLES[language]
    first, _ = play(
        language, Phase.CLOSED, seed=3, owner=facilitator, team=first_team,
        title=first_title, date=today - dt.timedelta(days=62),
    )  # fmt: skip
    second, _ = play(
        language, Phase.CLOSED, seed=8, owner=facilitator, team=second_team,
        title=second_title, date=today - dt.timedelta(days=34),
    )  # fmt: skip
    third, _ = play(
        language, Phase.REVIEW, seed=21, owner=facilitator, team=first_team,
        title=third_title, date=today - dt.timedelta(days=17),
    )  # fmt: skip
    teams = [team_for(first_team), team_for(second_team)]
    for user in (manager, facilitator):
        user.teams = sorted(set(user.teams) | set(teams), key=lambda team: team.name)
    db.session.commit()
    return {
        "password": password,
        "facilitator": facilitator,
        "manager": manager,
        "teams": teams,
        "workshops": [first, second, third],
    }
