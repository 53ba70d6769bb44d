"""Reminder e-mails: the summary after the workshop, halfway, the eve of the review.

Run by ``atelier send-reminders`` (cron) or the optional in-process loop.
Each reminder is claimed in the database before it is sent, so it goes out
at most once, whatever runs at the same time or restarts.
"""

import datetime as dt
import logging
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale, format_date, gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain import reminders as rules
from ..domain.phases import Phase
from ..domain.rounds import period_start
from ..extensions import db
from ..i18n import N_
from ..models import Participant, Reminder, ReviewRound, Vote, Workshop
from ..models._time import utcnow
from . import barometer
from .calendar import review_calendar
from .identity import participant_token
from .views import commitment_texts, round_idea_ids

log = logging.getLogger(__name__)

SUBJECTS = {
    rules.SUMMARY: N_("Your commitments — %(title)s"),
    rules.HALFWAY: N_("Halfway: how are your commitments going? — %(title)s"),
    rules.EVE: N_("Tomorrow: the review of your commitments — %(title)s"),
}
EXTENDED_SUBJECT = N_("The experiment goes on: your commitments — %(title)s")


def _one_line(value: str) -> str:
    """Header values never carry a line break (no header injection)."""
    return " ".join(value.split())


def return_url(workshop: Workshop, participant: Participant) -> str:
    """Built without a request (cron): from ATELIER_PUBLIC_URL and the URL map."""
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    path = current_app.url_map.bind("localhost").build(
        "participate.return_link",
        {"code": workshop.code, "token": participant_token(participant)},
    )
    return base + path


def build_message(
    kind: str, workshop: Workshop, participant: Participant, now: dt.datetime | None = None
) -> EmailMessage:
    commitments = commitment_texts(participant.id, round_idea_ids(workshop))
    # A later round's summary announces the longer experiment.
    extended = kind == rules.SUMMARY and workshop.review_round > 1
    with force_locale(workshop.language):
        subject = gettext(EXTENDED_SUBJECT if extended else SUBJECTS[kind], title=workshop.title)
        body = render_template(
            "email/reminder.txt",
            kind=kind,
            extended=extended,
            workshop=workshop,
            participant=participant,
            commitments=commitments,
            # Said only when the link does ask it now (the facilitator opened it).
            day15_open=barometer.round_state(workshop)["rounds"]["day15"]["accepting"],
            review_date=format_date(workshop.review_date, format="full"),
            link=return_url(workshop, participant),
        )
    message = EmailMessage()
    message["To"] = participant.email
    message["Subject"] = _one_line(subject)
    message.set_content(body)
    # After set_content, which drops every Content-* header set before it.
    message["Content-Language"] = workshop.language
    if extended:
        # The calendar update: the same event (UID), its date moved (SEQUENCE).
        link = return_url(workshop, participant)
        message.add_attachment(
            review_calendar(workshop, participant, link, now or utcnow()),
            maintype="text",
            subtype="calendar",
            filename=f"atelier-{workshop.code}.ics",
        )
    return message


def round_start(workshop: Workshop) -> dt.date:
    """Where the current round's commitments started: the workshop, or the previous review."""
    previous = None
    if workshop.review_round > 1:
        previous = db.session.scalar(
            select(ReviewRound.previous_review_on).filter_by(
                workshop_id=workshop.id, number=workshop.review_round
            )
        )
    return period_start(workshop.date, previous)


def claim_date(kind: str, workshop: Workshop) -> dt.date:
    """What a reminder is about: the summary, the round's start; the others, the review day.

    A review moved to another day gets its own halfway and eve reminders; a
    further round its own summary (its start is the previous review), once,
    however often its date moves.
    """
    return round_start(workshop) if kind == rules.SUMMARY else workshop.review_date


def _claim(participant_id: int, kind: str, for_date: dt.date, now: dt.datetime):
    # End the read transaction first: on SQLite a write that follows reads in
    # the same transaction fails at once when another run has written since.
    db.session.commit()
    reminder = Reminder(participant_id=participant_id, kind=kind, for_date=for_date, claimed_at=now)
    db.session.add(reminder)
    try:
        db.session.commit()
    except IntegrityError:  # another run has it, or it went out already
        db.session.rollback()
        return None
    return reminder


def due_reminders(today: dt.date) -> list[tuple[Participant, Workshop, str]]:
    """Every (participant, workshop, kind) whose day has come and that is not claimed."""
    rows = db.session.execute(
        select(Participant, Workshop)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(
            Participant.email.is_not(None),
            Workshop.results_at.is_not(None),
            Workshop.phase.in_([Phase.RESULTS.value, Phase.REVIEW.value]),
            Participant.id.in_(select(Vote.participant_id)),
        )
        .order_by(Participant.id)
    ).all()
    claimed = set(
        db.session.execute(select(Reminder.participant_id, Reminder.kind, Reminder.for_date)).all()
    )
    due = []
    in_round: dict[int, list[int] | None] = {}  # workshop id: the round's ideas
    committed: dict[int, set[int]] = {}  # workshop id: who committed to them
    starts: dict[int, dt.date] = {}  # workshop id: where its round started
    for participant, workshop in rows:
        if workshop.id not in in_round:
            starts[workshop.id] = round_start(workshop)
            in_round[workshop.id] = round_idea_ids(workshop)
            if in_round[workshop.id] is not None:
                committed[workshop.id] = set(
                    db.session.scalars(
                        select(Vote.participant_id).where(Vote.idea_id.in_(in_round[workshop.id]))
                    )
                )
        if in_round[workshop.id] is not None and participant.id not in committed[workshop.id]:
            continue  # a later round: only who committed to an extended idea
        start = starts[workshop.id]
        for kind in rules.KINDS:
            for_date = start if kind == rules.SUMMARY else workshop.review_date
            if (participant.id, kind, for_date) in claimed:
                continue
            if rules.due(
                kind,
                results_reached=True,
                workshop_date=start,
                review_date=workshop.review_date,
                today=today,
            ):
                due.append((participant, workshop, kind))
    return due


def send_due_reminders(mailer, now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """Send what is due now; returns the (participant id, kind) pairs sent."""
    now = now or utcnow()
    sent = []
    for participant, workshop, kind in due_reminders(now.date()):
        message = build_message(kind, workshop, participant, now)
        reminder = _claim(participant.id, kind, claim_date(kind, workshop), now)
        if reminder is None:
            continue
        try:
            mailer.send(message)
        except Exception as exc:  # reported, and never retried blindly: at most once
            log.warning("reminder %s to participant %s failed: %s", kind, participant.id, exc)
            reminder.status, reminder.error = "failed", str(exc)[:500]
        else:
            reminder.status, reminder.sent_at = "sent", utcnow()
            sent.append((participant.id, kind))
        db.session.commit()
    return sent
