"""The client/colleague barometer: answer sets, rounds, and what they may show.

Anonymity (domain/barometer.py): nothing here returns one person's answers
to anyone but that person (``my_answers``); the room gets counts while a
round is open and figures only once it is closed, each from at least
``MIN_ANSWERS`` people. A save's acknowledgement, kept in its receipt for
retries, carries no rating either.
"""

from sqlalchemy import func, select

from ..domain import barometer as rules
from ..domain.errors import Refusal
from ..domain.phases import Phase
from ..extensions import db
from ..models import BarometerAnswers, BarometerRound, Workshop
from ..models._time import utcnow
from .changes import Outcome, check_client_id, run_change
from .identity import Identity
from .views import me_view


def _round_row(workshop_id: int, round_: str) -> BarometerRound | None:
    return db.session.scalar(
        select(BarometerRound).filter_by(workshop_id=workshop_id, round=round_)
    )


def _opened(row: BarometerRound | None) -> bool:
    return row is not None and row.opened_at is not None


def _closed(row: BarometerRound | None) -> bool:
    return row is not None and row.closed_at is not None


def save_answers(identity: Identity, round_: object, answers: object, client_id: object) -> Outcome:
    """Replace one's answer set for a round, while the facilitator has it open.

    An empty set withdraws it: the person no longer counts among those who
    answered. Runs under the workshop's lock, so an answer cannot slip in
    after the round was closed.
    """
    participant_id = identity.require_participant()
    cleaned = rules.clean_answers(round_, answers)
    client_id = check_client_id(client_id)

    def apply(workshop: Workshop, outcome: Outcome):
        row = _round_row(workshop.id, round_)
        rules.check_accepts_answers(
            round_,
            workshop.current_phase,
            enabled=workshop.barometer,
            opened=_opened(row),
            closed=_closed(row),
        )
        mine = db.session.scalar(
            select(BarometerAnswers).filter_by(participant_id=participant_id, round=round_)
        )
        counted_before = mine is not None
        if not cleaned:
            if mine is not None:
                db.session.delete(mine)
        elif mine is None:
            db.session.add(
                BarometerAnswers(
                    workshop_id=workshop.id,
                    participant_id=participant_id,
                    round=round_,
                    answers=cleaned,
                )
            )
        else:
            mine.answers = cleaned
        db.session.flush()
        if counted_before != bool(cleaned):
            # The room learns how many answered; a changed answer tells it nothing.
            add_barometer_op(outcome, workshop)
        # Their other devices learn how many cards they answered (never what).
        outcome.personal[participant_id] = me_view(participant_id)
        return {"round": round_, "answered": sum(len(r) for r in cleaned.values())}

    return run_change(
        identity.workshop_id,
        apply,
        actor=identity.actor,
        client_id=client_id,
        operation="barometer.save",
    )


def my_answers(identity: Identity, round_: object) -> dict[str, dict[str, int]]:
    """The asking participant's own answer set ({} when none), for the services'
    tests and checks: no transport sends it (the phone keeps its own copy)."""
    participant_id = identity.require_participant()
    round_ = rules.parse_round(round_)
    answers = db.session.scalar(
        select(BarometerAnswers.answers).filter_by(
            workshop_id=identity.workshop_id, participant_id=participant_id, round=round_
        )
    )
    return answers or {}


def open_round(identity: Identity, round_: object) -> Outcome:
    """The facilitator opens a round at its step; opening an open round changes nothing."""
    identity.require_facilitator()
    round_ = rules.parse_round(round_)

    def apply(workshop: Workshop, outcome: Outcome):
        row = _round_row(workshop.id, round_)
        rules.check_can_open(
            round_, workshop.current_phase, enabled=workshop.barometer, closed=_closed(row)
        )
        if row is None:
            row = BarometerRound(workshop_id=workshop.id, round=round_)
            db.session.add(row)
        if row.opened_at is None:
            row.opened_at = utcnow()
        db.session.flush()
        add_barometer_op(outcome, workshop)

    return run_change(identity.workshop_id, apply)


def close_round(identity: Identity, round_: object) -> Outcome:
    """The facilitator closes an opened round, for good: its figures may now show.

    Allowed at any step once opened (the room may have moved on before it
    was closed); closing a closed round changes nothing.
    """
    identity.require_facilitator()
    round_ = rules.parse_round(round_)

    def apply(workshop: Workshop, outcome: Outcome):
        row = _round_row(workshop.id, round_)
        if not _opened(row):
            raise Refusal("barometer_closed")
        if row.closed_at is None:
            row.closed_at = utcnow()
        db.session.flush()
        add_barometer_op(outcome, workshop)

    return run_change(identity.workshop_id, apply)


def follow_the_step(workshop: Workshop, before: Phase, after: Phase, outcome: Outcome) -> None:
    """Open and close rounds as the room changes step (rules.rounds_moved_by),
    inside the step change's own transaction."""
    if not workshop.barometer:
        return
    opens, closes = rules.rounds_moved_by(before, after)
    now = utcnow()
    if "day15" in opens and not _opened(_round_row(workshop.id, "day0")):
        # No day-0 baseline (a workshop older than the barometer, or the
        # facilitator never opened it): day 15 would compare with nothing.
        opens = tuple(r for r in opens if r != "day15")
    for round_ in opens:
        row = _round_row(workshop.id, round_)
        if row is None:
            row = BarometerRound(workshop_id=workshop.id, round=round_)
            db.session.add(row)
        if row.opened_at is None and row.closed_at is None:
            row.opened_at = now
    for round_ in closes:
        row = _round_row(workshop.id, round_)
        if _opened(row) and not _closed(row):
            row.closed_at = now
    if opens or closes:
        db.session.flush()
        add_barometer_op(outcome, workshop)


def add_barometer_op(outcome: Outcome, workshop: Workshop) -> None:
    """The same for every audience: counts while open, figures once closed."""
    outcome.add("barometer", barometer_view(workshop))


def barometer_view(workshop: Workshop) -> dict:
    """Each round's state and count, a closed round's figures, day 0 against day 15."""
    state = round_state(workshop)
    # Each closed round read once, for its figures and for the comparison.
    results = {
        round_: _aggregate(workshop, round_) if view["closed"] else None
        for round_, view in state["rounds"].items()
    }
    for round_, view in state["rounds"].items():
        view["summary"] = summary_view(results[round_])
    day0, day15 = results["day0"], results["day15"]
    changes = rules.compare(day0, day15) if day0 and day15 else None
    return {
        "rounds": state["rounds"],
        "comparison": None if changes is None else [_change_view(c) for c in changes],
    }


def summary_view(result: rules.RoundSummary | None) -> dict | None:
    if result is None:
        return None
    return {
        "respondents": result.respondents,
        "profiles": {
            side: {d: _figure_view(f) for d, f in figures.items()}
            for side, figures in result.profiles.items()
        },
        "widest": [
            {
                "dimension": g.dimension,
                "customers": g.customers,
                "colleagues": g.colleagues,
                "gap": g.gap,
            }
            for g in result.widest
        ],
    }


def _figure_view(figure: rules.Figure) -> dict:
    return {"count": figure.count, "mean": figure.mean}


def _change_view(change: rules.Change) -> dict:
    return {
        "dimension": change.dimension,
        "day0": _figure_view(change.day0),
        "day15": _figure_view(change.day15),
        "change": change.change,
        "gap_day0": change.gap_day0,
        "gap_day15": change.gap_day15,
        "gap_change": change.gap_change,
    }


def round_state(workshop: Workshop) -> dict:
    """Whether the barometer is on and, per round, its state and how many
    answered (never who): what the screen, phones and facilitator may all see."""
    rows = {
        row.round: row
        for row in db.session.scalars(select(BarometerRound).filter_by(workshop_id=workshop.id))
    }
    counts = dict(
        db.session.execute(
            select(BarometerAnswers.round, func.count())
            .filter_by(workshop_id=workshop.id)
            .group_by(BarometerAnswers.round)
        ).all()
    )
    rounds = {}
    for round_ in rules.ROUNDS:
        row = rows.get(round_)
        opened, closed = _opened(row), _closed(row)
        rounds[round_] = {
            "opened": opened,
            "closed": closed,
            "accepting": rules.accepts_answers(
                round_,
                workshop.current_phase,
                enabled=workshop.barometer,
                opened=opened,
                closed=closed,
            ),
            "respondents": counts.get(round_, 0),
        }
    return {"enabled": workshop.barometer, "rounds": rounds}


def summary(workshop: Workshop, round_: object) -> rules.RoundSummary | None:
    """A closed round's figures (each from MIN_ANSWERS people up); None before it closed.

    An open round's means would change answer by answer and give each one away.
    """
    round_ = rules.parse_round(round_)
    if not _closed(_round_row(workshop.id, round_)):
        return None
    return _aggregate(workshop, round_)


def _aggregate(workshop: Workshop, round_: str) -> rules.RoundSummary:
    """Every answer set of a round, summarized; callers check the round is closed."""
    answer_sets = db.session.scalars(
        select(BarometerAnswers.answers)
        .filter_by(workshop_id=workshop.id, round=round_)
        .order_by(BarometerAnswers.id)
    )
    return rules.summarize(round_, answer_sets)


def comparison(workshop: Workshop) -> tuple[rules.Change, ...] | None:
    """Day 0 against day 15, once both rounds are closed; None before."""
    day0, day15 = summary(workshop, "day0"), summary(workshop, "day15")
    if day0 is None or day15 is None:
        return None
    return rules.compare(day0, day15)
