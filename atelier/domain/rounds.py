"""A longer experiment: further review rounds for the ideas the group extends.

Round 1 is the first review. At a review the facilitator may extend some of
its ideas to a new date: the workshop waits at the results again (people
keep their commitments, links and reminders) and the review of round n + 1
is about the extended ideas only, with its own reports and decisions.
"""

import datetime as dt

from .errors import Refusal
from .review import MAX_REVIEW_DAYS

FIRST_ROUND = 1


def clean_round_date(
    raw: object, after: dt.date, workshop_date: dt.date, today: dt.date | None = None
) -> dt.date:
    """A review date after ``after`` (the workshop, or the previous review), within a
    year; with ``today``, not in the past (a new round planned for a day gone by
    would get no reminder and no calendar update worth having)."""
    try:
        day = dt.date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        day = None
    if day is None or day <= after or (day - workshop_date).days > MAX_REVIEW_DAYS:
        raise Refusal("round_date_invalid")
    if today is not None and day < today:
        raise Refusal("round_date_invalid")
    return day


def clean_extended_ideas(raw: object, reviewed: set[int]) -> list[int]:
    """At least one of the ideas under review now; each once, in order."""
    if not isinstance(raw, list) or not raw or len(raw) > 200:
        raise Refusal("invalid_request")
    if any(type(i) is not int for i in raw):
        raise Refusal("invalid_request")
    if not set(raw) <= reviewed:
        raise Refusal("idea_not_found")
    return sorted(set(raw))


def period_start(workshop_date: dt.date, previous_review: dt.date | None) -> dt.date:
    """Where a round's commitment period starts: the workshop, or the previous review."""
    return previous_review or workshop_date
