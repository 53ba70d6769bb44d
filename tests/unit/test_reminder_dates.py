"""Which reminder e-mails are due, from the dates alone (domain/reminders.py)."""

import datetime as dt

import pytest

from atelier.domain.reminders import EVE, HALFWAY, SUMMARY, due, halfway_date

WORKSHOP = dt.date(2026, 3, 2)
REVIEW = dt.date(2026, 3, 17)  # 15 days later
DAYS = [WORKSHOP + dt.timedelta(days=n) for n in range(-1, 18)]


def due_days(kind, results_reached=True):
    return [
        day
        for day in DAYS
        if due(
            kind,
            results_reached=results_reached,
            workshop_date=WORKSHOP,
            review_date=REVIEW,
            today=day,
        )
    ]


def test_the_summary_goes_from_the_results_until_the_review_day():
    assert due_days(SUMMARY) == [day for day in DAYS if day <= REVIEW]


def test_halfway_until_the_eve_then_the_eve_until_the_review():
    assert halfway_date(WORKSHOP, REVIEW) == dt.date(2026, 3, 9)
    assert due_days(HALFWAY) == [WORKSHOP + dt.timedelta(days=n) for n in range(7, 14)]
    assert due_days(EVE) == [dt.date(2026, 3, 16)]


@pytest.mark.parametrize("kind", [SUMMARY, HALFWAY, EVE])
def test_nothing_is_due_before_the_results(kind):
    assert due_days(kind, results_reached=False) == []


def test_an_unknown_kind_is_a_mistake_not_a_silence():
    dates = {"workshop_date": WORKSHOP, "review_date": REVIEW, "today": REVIEW}
    with pytest.raises(ValueError):
        due("weekly", results_reached=True, **dates)
