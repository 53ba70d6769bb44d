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
from ..extensions import db
from ..i18n import N_
from ..models import Participant, Reminder, Vote, Workshop
from ..models._time import utcnow
from . import barometer
from .identity import participant_token
from .views import commitment_texts

log = logging.getLogger(__name__)

SUBJECTS = {
    rules.SUMMARY: N_("Your commitments — %(title)s"),
    rules.HALFWAY: N_("Halfway: how are your commitments going? — %(title)s"),
    rules.EVE: N_("Tomorrow: the review of your commitments — %(title)s"),
}


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


def build_message(kind: str, workshop: Workshop, participant: Participant) -> EmailMessage:
    commitments = commitment_texts(participant.id)
    with force_locale(workshop.language):
        subject = gettext(SUBJECTS[kind], title=workshop.title)
        body = render_template(
            "email/reminder.txt",
            kind=kind,
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
    message["Content-Language"] = workshop.language
    message.set_content(body)
    return message


def claim_date(kind: str, workshop: Workshop) -> dt.date:
    """What a reminder is about: the summary, the workshop; the others, the review day.

    A review moved to another day gets its own halfway and eve reminders.
    """
    return workshop.date if kind == rules.SUMMARY else workshop.review_date


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
    for participant, workshop in rows:
        for kind in rules.KINDS:
            if (participant.id, kind, claim_date(kind, workshop)) in claimed:
                continue
            if rules.due(
                kind,
                results_reached=True,
                workshop_date=workshop.date,
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
        message = build_message(kind, workshop, participant)
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
