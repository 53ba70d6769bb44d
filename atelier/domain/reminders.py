"""Which reminder e-mails are due, from dates alone (the clock is passed in)."""

import datetime as dt

SUMMARY = "summary"  # right after the workshop: "your commitments"
HALFWAY = "halfway"  # halfway through the period
EVE = "eve"  # the day before the review
KINDS = (SUMMARY, HALFWAY, EVE)


def halfway_date(workshop_date: dt.date, review_date: dt.date) -> dt.date:
    return workshop_date + (review_date - workshop_date) / 2


def due(kind: str, *, results_reached: bool, workshop_date, review_date, today: dt.date) -> bool:
    """A reminder is due once its day has come and until the review day has passed.

    After the review there is nothing left to remind: late ones are skipped.
    """
    if not results_reached or today > review_date:
        return False
    if kind == SUMMARY:
        return True
    eve = review_date - dt.timedelta(days=1)
    if kind == HALFWAY:
        # Only until the eve: then the eve's own reminder says it all.
        return halfway_date(workshop_date, review_date) <= today < eve
    if kind == EVE:
        return eve <= today < review_date
    raise ValueError(kind)
