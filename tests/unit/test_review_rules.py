"""Day 15's rules as plain Python: reports, decisions, the review date, addresses."""

import datetime as dt

from atelier.domain import review

from .refusals import refusal_code

WORKSHOP = dt.date(2026, 3, 2)


def test_the_review_is_after_the_workshop_and_within_366_days():
    last = WORKSHOP + dt.timedelta(days=366)
    assert review.clean_review_date(last.isoformat(), WORKSHOP) == last
    assert review.clean_review_date("2026-03-03", WORKSHOP) == dt.date(2026, 3, 3)
    for bad in ((last + dt.timedelta(days=1)).isoformat(), "2026-03-02", "2026-02-30", None):
        assert refusal_code(review.clean_review_date, bad, WORKSHOP) == "date_invalid"


def test_a_decision_is_one_of_five_and_other_says_what():
    assert review.clean_decision("keep", None) == {"choice": "keep", "note": ""}
    assert review.clean_decision("other", " Ask IT ") == {"choice": "other", "note": "Ask IT"}
    for choice, note in (("maybe", ""), (None, ""), ("other", "  ")):
        assert refusal_code(review.clean_decision, choice, note) == "decision_invalid"


def test_a_reminder_address_is_optional_ascii_and_at_most_254_characters():
    assert review.clean_email(None) is None and review.clean_email("   ") is None
    assert review.clean_email(" zoe@example.org ") == "zoe@example.org"
    longest = "a" * 64 + "@" + "b" * 185 + ".org"
    assert len(longest) == 254 and review.clean_email(longest) == longest
    assert refusal_code(review.clean_email, "a" * 64 + "@" + "b" * 186 + ".org") == "email_invalid"
    assert refusal_code(review.clean_email, "zoé@example.org") == "email_invalid"
    assert refusal_code(review.clean_email, 42) == "invalid_request"
