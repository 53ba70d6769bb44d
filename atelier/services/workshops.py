"""Creating a workshop and the facilitator's controls over it."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain import join_codes, settings, tokens
from ..domain.errors import Refusal
from ..domain.phases import Phase, check_not_closed, check_transition, parse_phase
from ..extensions import db
from ..models import Idea, Team, User, Vote, Workshop
from ..models._time import utcnow
from . import barometer, library, teams
from .changes import Outcome, run_change
from .identity import Identity, facilitator_key
from .review import phase_entered
from .views import add_review_op, add_votes_op, workshop_view


def create_workshop(
    raw_settings: dict, owner: User | None = None, today: dt.date | None = None
) -> tuple[Workshop, str]:
    """A new workshop in ``draft``, and the facilitator's secret key to it.

    The key still opens it from a device where the owner is not signed in
    (the room's laptop).
    """
    if owner is not None and not owner.can_facilitate:
        raise Refusal("not_facilitator")
    values = settings.clean_settings(raw_settings)
    values["date"] = values["date"] or today or dt.date.today()
    team = teams.team_for(values["team"], creator=owner)
    workshop = insert_workshop(values, owner, team)
    db.session.commit()
    return workshop, facilitator_key(workshop)


def insert_workshop(values: dict, owner: User | None, team: Team | None, **extra) -> Workshop:
    """A draft workshop with a free join code, inside the caller's transaction."""
    for _ in range(10):
        workshop = Workshop(
            code=join_codes.new_code(),
            facilitator_nonce=tokens.new_nonce(),
            owner_id=owner.id if owner else None,
            team_id=team.id if team else None,
            **extra,
            **values,
        )
        try:
            with db.session.begin_nested():
                db.session.add(workshop)
                db.session.flush()
        except IntegrityError:  # the code was taken: draw another
            continue
        return workshop
    raise RuntimeError("could not draw a free join code")


def renew_facilitator_link(workshop: Workshop) -> str:
    """A new facilitator key; the previous link stops opening the workshop."""
    workshop.facilitator_nonce = tokens.new_nonce()
    db.session.commit()
    return facilitator_key(workshop)


def _workshop_op(outcome: Outcome, workshop: Workshop) -> None:
    outcome.add("workshop", workshop_view(workshop))


def set_phase(identity: Identity, target: object, now: dt.datetime | None = None) -> Outcome:
    identity.require_facilitator()
    phase = parse_phase(target)

    def apply(workshop: Workshop, outcome: Outcome):
        before = workshop.current_phase
        check_transition(before, phase, workshop.review_round)
        workshop.phase = phase.value
        phase_entered(workshop, phase, now or utcnow())
        # A new step starts without the previous step's countdown.
        workshop.timer_ends_at = workshop.timer_seconds = None
        _workshop_op(outcome, workshop)
        if phase in (Phase.VOTE, Phase.RESULTS):
            # Ranking and progress depend on the phase (tallies go public at results).
            add_votes_op(outcome, workshop)
        if phase in (Phase.RESULTS, Phase.REVIEW):
            # Reports become visible to the room when the review opens.
            add_review_op(outcome, workshop, None)
        barometer.follow_the_step(workshop, before, phase, outcome)

    return run_change(identity.workshop_id, apply)


def update_settings(identity: Identity, raw: object) -> Outcome:
    identity.require_facilitator()
    values = settings.clean_settings(raw, partial=True)

    def apply(workshop: Workshop, outcome: Outcome):
        # Once anyone has voted, the vote's terms are a promise: going back a
        # step to change them is refused too.
        voted = db.session.scalar(select(Vote.id).filter_by(workshop_id=workshop.id)) is not None
        # Sending a setting's current value again changes nothing, so it is
        # never refused as locked (a client may send the whole form).
        changed = {key for key, value in values.items() if getattr(workshop, key) != value}
        # Client ideas only: ideas carried over from an earlier workshop are
        # colleague ideas, there from the start, and name nobody served.
        has_ideas = bool(changed & settings.SERVES_KEYS) and (
            db.session.scalar(
                select(Idea.id).filter_by(workshop_id=workshop.id, kind="client").limit(1)
            )
            is not None
        )
        settings.check_settings_change(
            workshop.current_phase, changed, voted=voted, has_ideas=has_ideas
        )
        if "date" in values and values["date"] is None:
            raise Refusal("setting_invalid")
        review_before = workshop.review_date
        for key, value in values.items():
            setattr(workshop, key, value)
        if "team" in changed:
            owner = db.session.get(User, workshop.owner_id) if workshop.owner_id else None
            team = teams.team_for(workshop.team, creator=owner)
            workshop.team_id = team.id if team else None
        if workshop.review_on is not None and workshop.review_on <= workshop.date:
            workshop.review_on = None  # a moved workshop day takes the period again
        if workshop.review_date != review_before:
            # The review moved with the workshop's day: one calendar update.
            workshop.calendar_sequence += 1
        _workshop_op(outcome, workshop)
        if "barometer" in values:
            barometer.add_barometer_op(outcome, workshop)
        if "show_names" in values:
            # Every idea's authors line changes: clients refetch a snapshot.
            outcome.add("resync", {})

    return run_change(identity.workshop_id, apply)


def show_inspiration(identity: Identity, shown: object) -> Outcome:
    """Ideas other teams kept, on the screen at the transposition (or taken off)."""
    identity.require_facilitator()
    if not isinstance(shown, bool):
        raise Refusal("invalid_request")

    def apply(workshop: Workshop, outcome: Outcome):
        check_not_closed(workshop.current_phase)
        # Put on at its step only; taking it off is always fine.
        if shown and workshop.current_phase is not Phase.TRANSPOSITION:
            raise Refusal("wrong_phase")
        workshop.inspiration = shown
        outcome.add("inspiration", library.inspiration_view(workshop))

    return run_change(identity.workshop_id, apply)


def start_timer(identity: Identity, seconds: object, now: dt.datetime | None = None) -> Outcome:
    identity.require_facilitator()
    seconds = settings.check_timer(seconds)

    def apply(workshop: Workshop, outcome: Outcome):
        check_not_closed(workshop.current_phase)
        workshop.timer_seconds = seconds
        workshop.timer_ends_at = (now or utcnow()) + dt.timedelta(seconds=seconds)
        _workshop_op(outcome, workshop)

    return run_change(identity.workshop_id, apply)


def stop_timer(identity: Identity) -> Outcome:
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        check_not_closed(workshop.current_phase)
        workshop.timer_ends_at = workshop.timer_seconds = None
        _workshop_op(outcome, workshop)

    return run_change(identity.workshop_id, apply)


def reveal_tallies(identity: Identity, revealed: object) -> Outcome:
    identity.require_facilitator()
    if not isinstance(revealed, bool):
        raise Refusal("invalid_request")

    def apply(workshop: Workshop, outcome: Outcome):
        check_not_closed(workshop.current_phase)
        workshop.tallies_revealed = revealed
        _workshop_op(outcome, workshop)
        add_votes_op(outcome, workshop)

    return run_change(identity.workshop_id, apply)
