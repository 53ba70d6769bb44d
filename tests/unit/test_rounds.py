"""A longer experiment: the rules of further review rounds."""

import datetime as dt

from atelier.domain.phases import Phase, allowed_actions, check_transition
from atelier.domain.rounds import clean_extended_ideas, clean_round_date, period_start

from .refusals import refusal_code

WORKSHOP = dt.date(2026, 11, 23)
FIRST_REVIEW = dt.date(2026, 12, 8)


def test_a_further_round_is_reviewed_after_the_review_it_follows():
    assert clean_round_date("2026-12-29", FIRST_REVIEW, WORKSHOP) == dt.date(2026, 12, 29)
    for raw in ("2026-12-08", "2026-12-01", "2027-11-25", "demain", None, 20261229):
        assert refusal_code(clean_round_date, raw, FIRST_REVIEW, WORKSHOP) == "round_date_invalid"
    # Up to 366 days after the workshop; today is not in the past.
    last = WORKSHOP + dt.timedelta(days=366)
    assert clean_round_date(last.isoformat(), FIRST_REVIEW, WORKSHOP) == last
    today = dt.date(2026, 12, 20)
    assert clean_round_date("2026-12-20", FIRST_REVIEW, WORKSHOP, today) == today
    assert refusal_code(clean_round_date, "2026-12-19", FIRST_REVIEW, WORKSHOP, today) == (
        "round_date_invalid"
    )


def test_the_extended_ideas_are_some_of_the_ideas_under_review():
    assert clean_extended_ideas([7, 3, 7], {3, 7, 9}) == [3, 7]
    assert refusal_code(clean_extended_ideas, [], {3}) == "invalid_request"
    assert refusal_code(clean_extended_ideas, "3", {3}) == "invalid_request"
    assert refusal_code(clean_extended_ideas, [True], {1}) == "invalid_request"
    assert refusal_code(clean_extended_ideas, [4], {3}) == "idea_not_found"
    # Every idea under review may go on, up to 200 at once.
    assert clean_extended_ideas([3, 7, 9], {3, 7, 9}) == [3, 7, 9]
    many = set(range(1, 202))
    assert clean_extended_ideas(list(range(1, 201)), many) == list(range(1, 201))
    assert refusal_code(clean_extended_ideas, list(range(1, 202)), many) == "invalid_request"


def test_a_round_starts_at_the_workshop_or_at_the_previous_review():
    assert period_start(WORKSHOP, None) == WORKSHOP
    assert period_start(WORKSHOP, FIRST_REVIEW) == FIRST_REVIEW


def test_after_an_extension_the_results_lead_to_the_review_only():
    assert allowed_actions(Phase.RESULTS)["moves"] == ["vote", "review"]
    assert allowed_actions(Phase.RESULTS, 2)["moves"] == ["review"]
    assert refusal_code(check_transition, Phase.RESULTS, Phase.VOTE, 2) == "phase_invalid"
    check_transition(Phase.REVIEW, Phase.CLOSED, 2)  # closing stays possible
    assert allowed_actions(Phase.REVIEW, 2)["extend"] is True
    assert allowed_actions(Phase.RESULTS, 2)["extend"] is False
