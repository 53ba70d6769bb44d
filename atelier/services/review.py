"""Day 15: reports on commitments, the group's decisions, the review's pace."""

import datetime as dt

from sqlalchemy import select, update

from ..domain import review as rules
from ..domain import rounds
from ..domain.anonymity import rewritten_anonymously
from ..domain.barometer import DIMENSIONS
from ..domain.errors import Refusal
from ..domain.ids import check_id
from ..domain.phases import Phase, check_can_decide, check_can_report, check_not_closed
from ..extensions import db
from ..models import (
    Decision,
    Idea,
    Participant,
    Report,
    ReviewRound,
    RoundIdea,
    Vote,
    Workshop,
)
from . import barometer
from .changes import Outcome, check_client_id, run_change
from .identity import Identity
from .views import add_review_op, me_view, round_idea_ids, workshop_view


def _colleague_idea(workshop: Workshop, idea_id: object) -> Idea:
    """A visible colleague idea of this workshop."""
    idea = db.session.get(Idea, check_id(idea_id))
    if idea is None or idea.workshop_id != workshop.id or idea.kind != "colleague":
        raise Refusal("idea_not_found")
    if not idea.visible:
        raise Refusal("idea_not_found")
    return idea


def _in_round(workshop: Workshop, idea: Idea) -> Idea:
    """A later review round is about the ideas it extended, no other."""
    extended = round_idea_ids(workshop)
    if extended is not None and idea.id not in extended:
        raise Refusal("idea_not_found")
    return idea


def _committed_idea(workshop: Workshop, idea_id: object) -> Idea:
    """One that someone committed to: the review is about those only."""
    idea = _colleague_idea(workshop, idea_id)
    if db.session.scalar(select(Vote.id).filter_by(idea_id=idea.id)) is None:
        raise Refusal("idea_not_found")
    return _in_round(workshop, idea)


def previous_review_date(workshop: Workshop):
    """The review the current round follows; None in round 1."""
    if workshop.review_round <= 1:
        return None
    return db.session.scalar(
        select(ReviewRound.previous_review_on).filter_by(
            workshop_id=workshop.id, number=workshop.review_round
        )
    )


def save_report(
    identity: Identity,
    idea_id: object,
    tried: object,
    feeling: object,
    comment: object,
    client_id: object,
) -> Outcome:
    """File or change one's report on a commitment, until the review closes."""
    participant_id = identity.require_participant()
    values = rules.clean_report(tried, feeling, comment)
    client_id = check_client_id(client_id)

    def apply(workshop: Workshop, outcome: Outcome):
        check_can_report(workshop.current_phase)
        idea = _in_round(workshop, _colleague_idea(workshop, idea_id))
        committed = db.session.scalar(
            select(Vote.id).filter_by(participant_id=participant_id, idea_id=idea.id)
        )
        if committed is None:
            raise Refusal("not_committed")
        report = db.session.scalar(
            select(Report).filter_by(
                participant_id=participant_id, idea_id=idea.id, round=workshop.review_round
            )
        )
        if report is None:
            report = Report(
                workshop_id=workshop.id,
                participant_id=participant_id,
                idea_id=idea.id,
                round=workshop.review_round,
            )
            db.session.add(report)
        report.tried, report.feeling, report.comment = (
            values["tried"],
            values["feeling"],
            values["comment"],
        )
        report.anonymous = rewritten_anonymously(bool(report.anonymous), workshop.show_names)
        db.session.flush()
        add_review_op(outcome, workshop, [idea.id])
        outcome.personal[participant_id] = me_view(participant_id)
        return {"report": {**values, "anonymous": report.anonymous}}

    return run_change(
        identity.workshop_id,
        apply,
        actor=identity.actor,
        client_id=client_id,
        operation="report.save",
    )


def set_decision(
    identity: Identity, idea_id: object, choice: object, note: object, dimension: object = ...
) -> Outcome:
    """The group's decision; with ``dimension`` (a barometer dimension or None), the
    one the idea serves, for the library. Left out (``...``): unchanged."""
    identity.require_facilitator()
    values = rules.clean_decision(choice, note)
    if dimension is not ... and dimension is not None and dimension not in DIMENSIONS:
        raise Refusal("decision_invalid")

    def apply(workshop: Workshop, outcome: Outcome):
        check_can_decide(workshop.current_phase)
        idea = _committed_idea(workshop, idea_id)
        decision = db.session.scalar(
            select(Decision).filter_by(idea_id=idea.id, round=workshop.review_round)
        )
        if decision is None:
            decision = Decision(
                workshop_id=workshop.id, idea_id=idea.id, round=workshop.review_round
            )
            db.session.add(decision)
        decision.choice, decision.note = values["choice"], values["note"]
        if dimension is not ...:
            idea.dimension = dimension
        db.session.flush()
        add_review_op(outcome, workshop, [idea.id])

    return run_change(identity.workshop_id, apply)


def set_outcome(identity: Identity, next_step: object, note: object, lessons: object) -> Outcome:
    """The workshop's next step, as the method names them, and lessons learned."""
    identity.require_facilitator()
    values = rules.clean_outcome(next_step, note, lessons)

    def apply(workshop: Workshop, outcome: Outcome):
        check_can_decide(workshop.current_phase)
        for key, value in values.items():
            setattr(workshop, key, value)
        outcome.add("workshop", workshop_view(workshop))

    return run_change(identity.workshop_id, apply)


def set_focus(identity: Identity, idea_id: object) -> Outcome:
    """Which committed idea the review screen shows now (None: the overview)."""
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        check_can_decide(workshop.current_phase)
        workshop.review_focus_id = (
            None if idea_id is None else _committed_idea(workshop, idea_id).id
        )
        outcome.add("workshop", workshop_view(workshop))

    return run_change(identity.workshop_id, apply)


def move_review_date(identity: Identity, raw_date: object) -> Outcome:
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        check_not_closed(workshop.current_phase)
        previous = previous_review_date(workshop)
        if previous is None:
            day = rules.clean_review_date(raw_date, workshop.date)
        else:
            day = rounds.clean_round_date(raw_date, previous, workshop.date)
        if day != workshop.review_date:
            # One calendar update per real move: the same date twice is no news.
            workshop.calendar_sequence += 1
        workshop.review_on = day
        outcome.add("workshop", workshop_view(workshop))

    return run_change(identity.workshop_id, apply)


def today() -> dt.date:
    """The server's day (tests of fixed dates replace it)."""
    return dt.date.today()


def extend(
    identity: Identity, idea_ids: object, raw_date: object, on: dt.date | None = None
) -> Outcome:
    """A longer experiment: some ideas of this review go on to a further round.

    The workshop waits at the results again until the new date, when the
    facilitator opens that round's review. Commitments, return links and
    e-mail addresses stay; the reminders and the calendar event follow the
    new date (services/reminders.py, services/calendar.py).
    """
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        check_can_decide(workshop.current_phase)
        reviewed = set(_reviewed_ids(workshop))
        chosen = rounds.clean_extended_ideas(idea_ids, reviewed)
        current = workshop.review_date
        day = rounds.clean_round_date(raw_date, current, workshop.date, on or today())
        number = workshop.review_round + 1
        db.session.add(
            ReviewRound(workshop_id=workshop.id, number=number, previous_review_on=current)
        )
        for idea_id in chosen:
            db.session.add(RoundIdea(workshop_id=workshop.id, round=number, idea_id=idea_id))
        workshop.review_round = number
        workshop.review_on = day
        workshop.calendar_sequence += 1
        workshop.phase = Phase.RESULTS.value
        workshop.review_focus_id = None
        workshop.timer_ends_at = workshop.timer_seconds = None
        db.session.flush()
        outcome.add("workshop", workshop_view(workshop))
        # Every page holds the finished round's reports: a snapshot replaces them.
        outcome.add("resync", {})
        barometer.follow_the_step(workshop, Phase.REVIEW, Phase.RESULTS, outcome)

    return run_change(identity.workshop_id, apply)


def _reviewed_ids(workshop: Workshop) -> list[int]:
    """The ideas the current round reviews: its extended ones, or every commitment."""
    extended = round_idea_ids(workshop)
    if extended is not None:
        return extended
    return list(
        db.session.scalars(
            select(Vote.idea_id)
            .join(Idea, Idea.id == Vote.idea_id)
            .where(Vote.workshop_id == workshop.id, Idea.hidden.is_(False))
            .distinct()
        )
    )


def set_email(identity: Identity, raw_email: object) -> dict:
    """An address for reminders. Private: only its owner ever sees it back.

    Not a broadcast change, so it does not take the workshop's version.
    """
    participant_id = identity.require_participant()
    email = rules.clean_email(raw_email)
    workshop = db.session.get(Workshop, identity.workshop_id)
    check_not_closed(workshop.current_phase)
    # A write after reads in one SQLite transaction fails if another
    # connection wrote in between: end the reads, then write alone.
    db.session.commit()
    db.session.execute(update(Participant).filter_by(id=participant_id).values(email=email))
    db.session.commit()
    return {"email": email}


def phase_entered(workshop: Workshop, phase: Phase, now: dt.datetime) -> None:
    """Dates the life of a workshop keeps: results reached, closed."""
    if phase is Phase.RESULTS and workshop.results_at is None:
        workshop.results_at = now
    if phase is Phase.CLOSED:
        workshop.closed_at = now
