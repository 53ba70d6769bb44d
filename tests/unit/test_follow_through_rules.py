"""Follow-through's small rules: the barometer's overall figure per side, and a
share link's expiry."""

import datetime as dt

import pytest

from atelier.domain.barometer import DIMENSIONS, profile_mean, summarize
from atelier.domain.errors import Refusal
from atelier.services.share_links import parse_expiry


def answers(colleagues: dict) -> dict:
    return {"colleagues": colleagues}


def test_the_overall_figure_is_the_mean_of_the_shown_dimensions():
    sets = [answers({d: v for d in DIMENSIONS}) for v in (2, 3, 4)]
    assert profile_mean(summarize("day15", sets)) == 3.0


def test_a_dimension_under_three_answers_is_left_out_not_counted():
    # Trust has 3 answers (mean 5.0); listening only 2 (1 and 1): hidden, so it
    # must not pull the figure down.
    sets = [
        answers({"trust": 5, "listening": 1}),
        answers({"trust": 5, "listening": 1}),
        answers({"trust": 5}),
    ]
    assert profile_mean(summarize("day15", sets)) == 5.0


def test_no_shown_dimension_gives_no_figure():
    sets = [answers({d: 4 for d in DIMENSIONS})] * 2
    assert profile_mean(summarize("day15", sets)) is None
    assert profile_mean(None) is None
    # Day 15 asks no customer side.
    assert profile_mean(summarize("day15", sets * 2), "customers") is None


def test_the_overall_figure_rounds_half_up_to_a_tenth():
    # Means 3.0 and 3.5 (over three people each): 3.25 shows as 3.3.
    sets = [
        answers({"trust": 3, "meaning": 3}),
        answers({"trust": 3, "meaning": 4}),
        answers({"trust": 3, "meaning": 4}),
        answers({"meaning": 3}),
    ]
    summary = summarize("day15", sets)
    assert summary.profiles["colleagues"]["meaning"].mean == 3.5
    assert profile_mean(summary) == 3.3


TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("", dt.date(2026, 12, 30)),
        (None, dt.date(2026, 12, 30)),
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("2027-02-28", dt.date(2027, 2, 28)),
    ],
)
def test_an_expiry_from_tomorrow_to_90_days(value, expected):
    assert parse_expiry(value, TODAY) == expected


@pytest.mark.parametrize(
    "value", ["2026-11-30", "2026-11-01", "2027-03-01", "tomorrow", "2026-02-30", 12, "x" * 11]
)
def test_other_expiries_are_refused(value):
    with pytest.raises(Refusal) as refused:
        parse_expiry(value, TODAY)
    assert refused.value.code == "share_expiry_invalid"
