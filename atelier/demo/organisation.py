"""An organisation to look around in (``atelier demo``): two teams, three
workshops between them, a facilitator who leads both teams and a manager
given both, so that the team pages, the dashboard and the library show
what follow-through looks like.

- team A's first workshop, two months ago: a longer experiment took its
  "extend" ideas to a second review round three weeks later; closed;
- team B's workshop, started from the ideas team A kept, closed with an
  external review and a share link for it;
- team A's second workshop, three weeks ago, at its review.
"""

import datetime as dt
import secrets

from ..domain import served
from ..domain.phases import Phase
from ..extensions import db
from ..models import Decision, Vote, Workshop
from ..services import accounts, carry_over, review, share_links, workshops
from ..services.identity import Identity
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
SECOND_ROUND = {
    "fr": ["Trois semaines de plus, et c'est devenu une habitude.",
           "Plus facile la deuxième fois.", ""],
    "en": ["Three more weeks, and it became a habit.", "Easier the second time.", ""],
}  # fmt: skip
NEW_GROUP = {
    "fr": ("Proposer nos idées gardées à l'agence de Brest.",
           "Trois semaines de plus ont suffi à en faire des habitudes."),
    "en": ("Offer the ideas we kept to the York branch.",
           "Three more weeks were enough to make them habits."),
}  # fmt: skip
EXTERNAL = {
    "fr": ("Demander un regard extérieur à la direction régionale.",
           "Les idées venues d'ailleurs ont pris plus vite que les nôtres."),
    "en": ("Ask the regional management for an outside look.",
           "The ideas from elsewhere caught on faster than our own."),
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


def _second_round(workshop: Workshop, language: str) -> None:
    """The longer experiment: the ideas to keep or extend are reviewed again
    three weeks later, mostly tried this time, and kept; then it closes."""
    facilitator = Identity(workshop.id, facilitator=True)
    extended = sorted(
        db.session.scalars(
            db.select(Decision.idea_id).filter(
                Decision.workshop_id == workshop.id, Decision.choice.in_(("keep", "extend"))
            )
        )
    )
    later = workshop.review_date + dt.timedelta(days=21)
    # Played as on the day of the first review, two months ago.
    review.extend(facilitator, extended, later.isoformat(), on=workshop.review_date)
    workshops.set_phase(facilitator, Phase.REVIEW.value)
    committed = db.session.execute(
        db.select(Vote.participant_id, Vote.idea_id)
        .filter(Vote.idea_id.in_(extended))
        .order_by(Vote.participant_id, Vote.idea_id)
    ).all()
    comments = SECOND_ROUND[language]
    for n, (person, idea_id) in enumerate(committed[:-1]):  # one never came back
        feeling = (4, 5, 4, 3)[n % 4]
        review.save_report(
            Identity(workshop.id, participant_id=person), idea_id,
            "yes" if feeling > 3 else "partly", feeling, comments[n % len(comments)],
            f"round2-{person}-{idea_id}",
        )  # fmt: skip
    for idea_id in extended:
        review.set_decision(facilitator, idea_id, "keep", "")
    note, lessons = NEW_GROUP[language]
    review.set_outcome(facilitator, "new_group", note, lessons)
    workshops.set_phase(facilitator, Phase.CLOSED.value)


def _external_review(workshop: Workshop, language: str, today: dt.date) -> str:
    """Team B asks for an outside look: its outcome says so, and a share link
    (valid a month) opens its section and its bilan, read-only."""
    facilitator = Identity(workshop.id, facilitator=True)
    note, lessons = EXTERNAL[language]
    review.set_outcome(facilitator, "external_review", note, lessons)
    workshops.set_phase(facilitator, Phase.CLOSED.value)
    return share_links.make_link(workshop, today + dt.timedelta(days=30))


def organisation(language: str, today: dt.date | None = None, serves: str = served.DEFAULT) -> dict:
    """Make (or refresh) the demo accounts and play the three workshops.

    ``serves``: who the teams serve (a preset's key); other than customers,
    the workshops play the town hall's sample, as the demo workshop does.
    Returns the accounts' password (new at every run), the accounts, the
    teams and the workshops made, for ``atelier demo`` to print.
    """
    from . import play, sample

    today = today or dt.date.today()
    password = secrets.token_urlsafe(9)
    facilitator = _account(*FACILITATOR, "facilitator", password)
    manager = _account(*MANAGER, "manager", password)
    first_team, second_team = TEAMS[language]
    first_title, second_title, third_title = TITLES[language]
    if serves != served.DEFAULT:
        first_title = sample(language, serves)["title"]  # "… comme des usagers"
    first, _ = play(
        language, Phase.REVIEW, seed=3, owner=facilitator, team=first_team,
        title=first_title, date=today - dt.timedelta(days=62), serves=serves,
    )  # fmt: skip
    _second_round(first, language)
    teams = [team_for(first_team), team_for(second_team, creator=facilitator)]
    db.session.commit()
    started = carry_over.start_from(
        facilitator,
        first,
        idea_ids=[str(o.idea.id) for o in carry_over.offered_ideas(first) if o.default],
        team=str(teams[1].id),
        title=second_title,
        date=(today - dt.timedelta(days=34)).isoformat(),
        request_id=f"demo-start-from-{first.id}",
    )
    second = db.session.scalar(db.select(Workshop).filter_by(code=started))
    play(language, Phase.REVIEW, seed=8, workshop=second, serves=serves)
    share = _external_review(second, language, today)
    third, _ = play(
        language, Phase.REVIEW, seed=21, owner=facilitator, team=first_team,
        title=third_title, date=today - dt.timedelta(days=17), serves=serves,
    )  # fmt: skip
    for user in (manager, facilitator):
        user.teams = sorted(set(user.teams) | set(teams), key=lambda team: team.name)
    db.session.commit()
    return {
        "password": password,
        "facilitator": facilitator,
        "manager": manager,
        "teams": teams,
        "workshops": [first, second, third],
        "share_token": share,
    }
