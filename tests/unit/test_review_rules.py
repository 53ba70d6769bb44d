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


def test_a_report_says_whether_it_was_tried_and_a_feeling_from_one_to_five():
    assert review.clean_report("partly", 5, None) == {
        "tried": "partly",
        "feeling": 5,
        "comment": "",
    }
    assert review.clean_report("no", 1, " Pas eu le temps ")["comment"] == "Pas eu le temps"
    for tried, feeling in (
        ("maybe", 3),
        (None, 3),
        ("yes", 0),
        ("yes", 6),
        ("yes", True),
        ("yes", 3.0),
        ("yes", "3"),
    ):
        assert refusal_code(review.clean_report, tried, feeling, None) == "report_invalid"


def test_the_next_step_is_one_of_five_or_not_yet_chosen():
    assert review.clean_outcome("new_group", None, None) == {
        "next_step": "new_group",
        "next_step_note": "",
        "lessons": "",
    }
    assert review.clean_outcome(None, None, "Moins, mais mieux")["next_step"] is None
    for next_step in ("maybe", "", 3):
        assert refusal_code(review.clean_outcome, next_step, None, None) == "decision_invalid"


def test_a_reminder_address_is_optional_ascii_and_at_most_254_characters():
    assert review.clean_email(None) is None and review.clean_email("   ") is None
    assert review.clean_email(" zoe@example.org ") == "zoe@example.org"
    longest = "a" * 64 + "@" + "b" * 185 + ".org"
    assert len(longest) == 254 and review.clean_email(longest) == longest
    assert refusal_code(review.clean_email, "a" * 64 + "@" + "b" * 186 + ".org") == "email_invalid"
    assert refusal_code(review.clean_email, "zoé@example.org") == "email_invalid"
    assert refusal_code(review.clean_email, 42) == "invalid_request"
