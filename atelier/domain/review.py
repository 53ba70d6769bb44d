"""Day 15: what each person tried, how it felt, and what the group decides.

The tone is the right to make mistakes: "not tried" and "it failed" are
answers like any other, recorded with what was learned.
"""

import datetime as dt
import re

from .errors import Refusal
from .texts import check_text

TRIED = ("yes", "partly", "no")
FEELINGS = range(1, 6)
MAX_COMMENT = 500
MAX_NOTE = 500
MAX_LESSONS = 2000
# The review can move, but within a year of the workshop.
MAX_REVIEW_DAYS = 366

# What the group decides for one idea.
DECISIONS = ("keep", "extend", "spread", "stop", "other")
# What the method names as the workshop's next step.
NEXT_STEPS = ("external_review", "longer_experiment", "new_group", "stop", "other")

_EMAIL = re.compile(r"^[^@\s<>,;\"']{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$")


def _optional(text: object, max_length: int) -> str:
    """Comments, notes and lessons: several lines, and may be left empty."""
    return check_text(text, max_length, multiline=True, required=False)


def clean_report(tried: object, feeling: object, comment: object) -> dict:
    """A report on one commitment; the comment is optional."""
    if tried not in TRIED:
        raise Refusal("report_invalid")
    if type(feeling) is not int or feeling not in FEELINGS:
        raise Refusal("report_invalid")
    comment = _optional(comment, MAX_COMMENT)
    return {"tried": tried, "feeling": feeling, "comment": comment}


def clean_decision(choice: object, note: object) -> dict:
    if choice not in DECISIONS:
        raise Refusal("decision_invalid")
    note = _optional(note, MAX_NOTE)
    if choice == "other" and not note:
        raise Refusal("decision_invalid")
    return {"choice": choice, "note": note}


def clean_outcome(next_step: object, note: object, lessons: object) -> dict:
    if next_step is not None and next_step not in NEXT_STEPS:
        raise Refusal("decision_invalid")
    note = _optional(note, MAX_NOTE)
    lessons = _optional(lessons, MAX_LESSONS)
    return {"next_step": next_step, "next_step_note": note, "lessons": lessons}


def clean_email(raw: object) -> str | None:
    """An address for reminders; empty means "no e-mails, thanks"."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str):
        raise Refusal("invalid_request")
    email = raw.strip()
    if len(email) > 254 or not email.isascii() or not _EMAIL.match(email):
        raise Refusal("email_invalid")
    return email


def clean_review_date(raw: object, workshop_date: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        day = None
    if day is None or day <= workshop_date or (day - workshop_date).days > MAX_REVIEW_DAYS:
        raise Refusal("date_invalid")
    return day
