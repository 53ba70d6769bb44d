import dataclasses
import json

import pytest

from atelier.domain.barometer import (
    DIMENSIONS,
    MIN_ANSWERS,
    Figure,
    accepts_answers,
    check_accepts_answers,
    check_can_open,
    clean_answers,
    compare,
    rounds_moved_by,
    summarize,
    widest_gaps,
)
from atelier.domain.phases import Phase

from .refusals import refusal_code


def everyone(customers=None, colleagues=None):
    """One answer set: the same rating on every dimension of each side given."""
    answers = {}
    if customers is not None:
        answers["customers"] = dict.fromkeys(DIMENSIONS, customers)
    if colleagues is not None:
        answers["colleagues"] = dict.fromkeys(DIMENSIONS, colleagues)
    return answers


# The ten dimensions, in PRODUCT.md's order


def test_the_ten_dimensions_in_the_products_order():
    # Pinned here, not read back from the module: reordering would reorder every chart.
    themes = "trust meaning example digital initiative ease support listening recognition"
    themes += " cooperation"
    assert list(DIMENSIONS) == themes.split()


# One participant's answers


def test_a_full_day0_set_is_kept_in_canonical_order():
    answers = {
        "colleagues": {d: 2 for d in reversed(DIMENSIONS)},
        "customers": {d: 5 for d in DIMENSIONS},
    }
    cleaned = clean_answers("day0", answers)
    assert list(cleaned) == ["customers", "colleagues"]
    assert list(cleaned["colleagues"]) == list(DIMENSIONS)
    assert cleaned == {
        "customers": dict.fromkeys(DIMENSIONS, 5),
        "colleagues": dict.fromkeys(DIMENSIONS, 2),
    }


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_every_point_of_the_scale_is_an_answer(value):
    assert clean_answers("day0", {"customers": {"trust": value}}) == {"customers": {"trust": value}}


def test_skipped_cards_and_a_skipped_side_are_left_out():
    answers = {"customers": {"trust": 4, "ease": 1}, "colleagues": {}}
    assert clean_answers("day0", answers) == {"customers": {"trust": 4, "ease": 1}}
    assert clean_answers("day0", {"colleagues": {"listening": 3}}) == {
        "colleagues": {"listening": 3}
    }


def test_skipping_everything_is_an_empty_set():
    assert clean_answers("day0", {}) == {}
    assert clean_answers("day0", {"customers": {}, "colleagues": {}}) == {}
    assert clean_answers("day15", {}) == {}


def test_day15_takes_the_colleague_side():
    assert clean_answers("day15", {"colleagues": {"trust": 2}}) == {"colleagues": {"trust": 2}}


def test_day15_refuses_the_customer_side():
    assert refusal_code(clean_answers, "day15", {"customers": {"trust": 4}}) == "invalid_request"
    answers = {"customers": {}, "colleagues": {"trust": 2}}
    assert refusal_code(clean_answers, "day15", answers) == "invalid_request"


@pytest.mark.parametrize(
    "answers",
    [
        None,
        [],
        "trust=3",
        {"suppliers": {"trust": 3}},
        {"customers": {"trust": 3}, "managers": {}},
        {"customers": {"confidence": 3}},
        {"customers": {1: 3}},
        {"customers": [3]},
        {"customers": None},
        {"customers": {"trust": 0}},
        {"customers": {"trust": 6}},
        {"customers": {"trust": -1}},
        {"customers": {"trust": 3.0}},
        {"customers": {"trust": 2.5}},
        {"customers": {"trust": "3"}},
        {"customers": {"trust": None}},
        {"customers": {"trust": True}},
        {"colleagues": {"trust": False}},
    ],
)
def test_malformed_answers_are_refused(answers):
    assert refusal_code(clean_answers, "day0", answers) == "invalid_request"


def test_one_bad_value_refuses_the_whole_set():
    answers = {"customers": {"trust": 4, "ease": 9}, "colleagues": {"trust": 3}}
    assert refusal_code(clean_answers, "day0", answers) == "invalid_request"


@pytest.mark.parametrize("round_", ["day1", "", None, "DAY0"])
def test_an_unknown_round_is_refused(round_):
    assert refusal_code(clean_answers, round_, {}) == "invalid_request"


# When a round takes answers


def open_round(**overrides):
    return {"enabled": True, "opened": True, "closed": False, **overrides}


@pytest.mark.parametrize(
    ("round_", "phase"),
    [("day0", Phase.LOBBY), ("day15", Phase.RESULTS), ("day15", Phase.REVIEW)],
)
def test_an_open_round_takes_answers_at_its_step(round_, phase):
    assert accepts_answers(round_, phase, **open_round())
    check_accepts_answers(round_, phase, **open_round())


@pytest.mark.parametrize(
    ("round_", "phase"),
    [
        ("day0", Phase.DRAFT),
        ("day0", Phase.CLIENT_IDEAS),
        ("day0", Phase.RESULTS),
        ("day0", Phase.REVIEW),
        ("day15", Phase.LOBBY),
        ("day15", Phase.VOTE),
        ("day15", Phase.CLOSED),
    ],
)
def test_a_round_takes_no_answers_outside_its_step(round_, phase):
    assert not accepts_answers(round_, phase, **open_round())
    assert refusal_code(check_accepts_answers, round_, phase, **open_round()) == "barometer_closed"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"opened": False}, "barometer_closed"),
        ({"closed": True}, "barometer_closed"),
        ({"enabled": False}, "barometer_off"),
    ],
    ids=["not opened yet", "closed", "barometer switched off"],
)
def test_a_round_takes_answers_only_while_the_facilitator_has_it_open(state, expected):
    for round_, phase in (("day0", Phase.LOBBY), ("day15", Phase.REVIEW)):
        assert not accepts_answers(round_, phase, **open_round(**state))
        code = refusal_code(check_accepts_answers, round_, phase, **open_round(**state))
        assert code == expected


def test_the_facilitator_opens_a_round_at_its_step():
    check_can_open("day0", Phase.LOBBY, enabled=True, closed=False)
    check_can_open("day15", Phase.RESULTS, enabled=True, closed=False)
    assert refusal_code(check_can_open, "day0", Phase.VOTE, enabled=True, closed=False) == (
        "wrong_phase"
    )
    assert refusal_code(check_can_open, "day15", Phase.LOBBY, enabled=True, closed=False) == (
        "wrong_phase"
    )


def test_a_closed_round_cannot_reopen_and_a_switched_off_barometer_cannot_open():
    assert refusal_code(check_can_open, "day0", Phase.LOBBY, enabled=True, closed=True) == (
        "barometer_closed"
    )
    assert refusal_code(check_can_open, "day0", Phase.LOBBY, enabled=False, closed=False) == (
        "barometer_off"
    )


@pytest.mark.parametrize(
    ("before", "after", "opened", "closed"),
    [
        # The lobby opens day 0, so phones offer it while people join.
        (Phase.DRAFT, Phase.LOBBY, ("day0",), ()),
        (Phase.CLIENT_IDEAS, Phase.LOBBY, ("day0",), ()),
        # Leaving the lobby closes it: nobody can answer any more.
        (Phase.LOBBY, Phase.CLIENT_IDEAS, (), ("day0",)),
        # The results follow the vote on day 0: day 15 does not open there.
        (Phase.VOTE, Phase.RESULTS, (), ()),
        (Phase.RESULTS, Phase.REVIEW, ("day15",), ()),
        # Back to the results from the review: day 15 still takes answers.
        (Phase.REVIEW, Phase.RESULTS, (), ()),
        (Phase.REVIEW, Phase.CLOSED, (), ("day15",)),
        # Going back a step closes nothing: day 15 opened at the results
        # is still there when the vote is reopened and closed again.
        (Phase.RESULTS, Phase.VOTE, (), ()),
        (Phase.TRANSPOSITION, Phase.VOTE, (), ()),
    ],
)
def test_changing_step_opens_and_closes_the_rounds_of_that_step(before, after, opened, closed):
    assert rounds_moved_by(before, after) == (opened, closed)


# Figures that never reveal a person


def test_two_answers_show_a_count_and_no_mean():
    summary = summarize("day0", [everyone(5, 1), everyone(4, 2)])
    figure = summary.profiles["customers"]["trust"]
    assert figure == Figure(count=2, mean=None)
    assert not figure.shown
    assert summary.gaps == ()
    assert summary.widest == ()


def test_three_answers_show_the_mean():
    summary = summarize("day0", [everyone(5, 1), everyone(4, 2), everyone(4, 2)])
    assert summary.profiles["customers"]["trust"] == Figure(count=3, mean=4.3)
    assert summary.profiles["colleagues"]["trust"] == Figure(count=3, mean=1.7)
    assert summary.profiles["customers"]["trust"].shown
    assert MIN_ANSWERS == 3


def test_the_threshold_holds_per_figure_when_some_skip_a_card():
    sets = [everyone(4, 3), everyone(4, 3), everyone(4, 3)]
    sets[0]["customers"].pop("ease")  # one person skips one customer card
    sets[1]["colleagues"].pop("listening")  # another skips one colleague card
    summary = summarize("day0", sets)
    assert summary.profiles["customers"]["ease"] == Figure(2, None)
    assert summary.profiles["colleagues"]["ease"] == Figure(3, 3.0)
    assert summary.profiles["colleagues"]["listening"] == Figure(2, None)
    assert summary.profiles["customers"]["trust"] == Figure(3, 4.0)
    gapped = [g.dimension for g in summary.gaps]
    assert "ease" not in gapped and "listening" not in gapped
    assert len(gapped) == len(DIMENSIONS) - 2


def test_every_dimension_of_each_asked_side_is_in_the_profile_in_order():
    summary = summarize("day0", [])
    assert list(summary.profiles) == ["customers", "colleagues"]
    for side in summary.profiles.values():
        assert list(side) == list(DIMENSIONS)
        assert all(figure == Figure(0, None) for figure in side.values())
    assert summarize("day15", []).profiles.keys() == {"colleagues"}


def test_respondents_count_people_with_at_least_one_answer():
    sets = [everyone(3, 3), {"colleagues": {"trust": 2}}, {}, {"customers": {"ease": 5}}]
    assert summarize("day0", sets).respondents == 3


def test_day15_counts_only_the_colleague_side():
    sets = [{"colleagues": {"trust": 4}}] * 3 + [{"customers": {"trust": 1}}]
    summary = summarize("day15", sets)
    assert summary.respondents == 3
    assert summary.profiles["colleagues"]["trust"] == Figure(3, 4.0)
    assert summary.gaps == () and summary.widest == ()


@pytest.mark.parametrize(
    ("ratings", "mean"),
    [
        ([1, 2, 2], 1.7),  # 1.666…
        ([1, 1, 2], 1.3),  # 1.333…
        ([1, 2, 2, 3], 2.0),
        ([1, 1, 1, 2], 1.3),  # 1.25: half up
        ([2, 2, 2, 3], 2.3),  # 2.25: half up, where round() would give 2.2
        ([4, 4, 4, 5], 4.3),  # 4.25
        ([5, 5, 5], 5.0),
    ],
)
def test_means_have_one_decimal_rounded_half_up(ratings, mean):
    sets = [{"customers": {"trust": r}} for r in ratings]
    assert summarize("day0", sets).profiles["customers"]["trust"].mean == mean


# Gaps


def rated(customers: dict, colleagues: dict, people: int = 3):
    """``people`` identical answer sets with these ratings per dimension."""
    return [{"customers": dict(customers), "colleagues": dict(colleagues)}] * people


def test_the_gap_is_customers_minus_colleagues_from_the_shown_means():
    sets = [
        {"customers": {"trust": 5}, "colleagues": {"trust": 1}},
        {"customers": {"trust": 4}, "colleagues": {"trust": 2}},
        {"customers": {"trust": 4}, "colleagues": {"trust": 2}},
    ]
    (gap,) = summarize("day0", sets).gaps
    # 4.3 − 1.7 as shown (not 4.333… − 1.666… = 2.666…, which would show as 2.7).
    assert (gap.dimension, gap.customers, gap.colleagues, gap.gap) == ("trust", 4.3, 1.7, 2.6)


def test_a_negative_gap_means_colleagues_get_more_care():
    (gap,) = summarize("day0", rated({"ease": 2}, {"ease": 5})).gaps
    assert gap.gap == -3.0


def test_gaps_are_in_dimension_order():
    sets = rated(
        {"cooperation": 5, "trust": 3, "ease": 4}, {"cooperation": 1, "trust": 3, "ease": 1}
    )
    assert [g.dimension for g in summarize("day0", sets).gaps] == ["trust", "ease", "cooperation"]


def test_the_three_widest_gaps_either_way():
    customers = {"trust": 5, "meaning": 4, "example": 2, "digital": 5, "ease": 3}
    colleagues = {"trust": 4, "meaning": 1, "example": 5, "digital": 1, "ease": 3}
    widest = summarize("day0", rated(customers, colleagues)).widest
    assert [(g.dimension, g.gap) for g in widest] == [
        ("digital", 4.0),
        ("meaning", 3.0),
        ("example", -3.0),
    ]


def test_ties_go_to_the_dimension_that_comes_first():
    # Listed in reverse so that input order cannot explain the result.
    customers = {"cooperation": 5, "recognition": 5, "listening": 5, "support": 5}
    colleagues = {"cooperation": 3, "recognition": 3, "listening": 3, "support": 3}
    summary = summarize("day0", rated(customers, colleagues))
    assert [g.dimension for g in summary.widest] == ["support", "listening", "recognition"]
    reordered = widest_gaps(reversed(summary.gaps))
    assert [g.dimension for g in reordered] == ["support", "listening", "recognition"]


def test_an_opposite_gap_of_the_same_size_ties_too():
    customers = {"trust": 2, "meaning": 4, "example": 4, "digital": 4}
    colleagues = {"trust": 4, "meaning": 2, "example": 2, "digital": 2}
    widest = summarize("day0", rated(customers, colleagues)).widest
    assert [(g.dimension, g.gap) for g in widest] == [
        ("trust", -2.0),
        ("meaning", 2.0),
        ("example", 2.0),
    ]


def test_a_zero_gap_is_never_named_and_fewer_than_three_may_come_back():
    customers = {"trust": 3, "meaning": 4, "example": 2}
    colleagues = {"trust": 3, "meaning": 3, "example": 2}
    summary = summarize("day0", rated(customers, colleagues))
    assert [g.dimension for g in summary.gaps] == ["trust", "meaning", "example"]
    assert [(g.dimension, g.gap) for g in summary.widest] == [("meaning", 1.0)]


def test_a_gap_hidden_on_one_side_is_never_among_the_widest():
    sets = rated({"trust": 5, "ease": 4}, {"trust": 1, "ease": 3}, people=3)
    sets += [{"customers": {"meaning": 5}, "colleagues": {"meaning": 1}}] * 2
    widest = summarize("day0", sets).widest
    assert [g.dimension for g in widest] == ["trust", "ease"]


# Day 0 against day 15


def changes_by_dimension(day0_sets, day15_sets):
    changes = compare(summarize("day0", day0_sets), summarize("day15", day15_sets))
    assert [c.dimension for c in changes] == list(DIMENSIONS)
    return {c.dimension: c for c in changes}


def test_the_colleague_side_moves_and_the_gap_narrows():
    day0 = rated({"trust": 5}, {"trust": 2})
    day15 = [
        {"colleagues": {"trust": 4}},
        {"colleagues": {"trust": 3}},
        {"colleagues": {"trust": 4}},
    ]
    trust = changes_by_dimension(day0, day15)["trust"]
    assert trust.day0 == Figure(3, 2.0)
    assert trust.day15 == Figure(3, 3.7)
    assert trust.change == 1.7
    assert (trust.gap_day0, trust.gap_day15) == (3.0, 1.3)
    assert trust.gap_change == -1.7


def test_the_gap_change_is_about_distance_even_when_it_flips():
    # Colleagues overtake customers: the profiles are 1.0 apart, then 2.0.
    day0 = rated({"ease": 3}, {"ease": 2})
    day15 = [{"colleagues": {"ease": 5}}] * 3
    ease = changes_by_dimension(day0, day15)["ease"]
    assert ease.change == 3.0
    assert (ease.gap_day0, ease.gap_day15) == (1.0, -2.0)
    assert ease.gap_change == 1.0


def test_a_worse_colleague_side_widens_the_gap():
    day0 = rated({"support": 4}, {"support": 3})
    day15 = [{"colleagues": {"support": 2}}] * 3
    support = changes_by_dimension(day0, day15)["support"]
    assert (support.change, support.gap_change) == (-1.0, 1.0)


def test_no_change_is_given_unless_each_figure_passes_the_threshold():
    day0 = rated({"trust": 5, "ease": 5}, {"trust": 2, "ease": 2})
    day0 += [{"customers": {"meaning": 4}, "colleagues": {"meaning": 2}}] * 2
    day0 += [{"colleagues": {"cooperation": 2}}] * 3
    day15 = [{"colleagues": {"trust": 3, "meaning": 3, "cooperation": 3}}] * 3
    day15 += [{"colleagues": {"ease": 3, "meaning": 3}}] * 2
    changes = changes_by_dimension(day0, day15)

    # meaning: 2 people at day 0 on either side: nothing but counts.
    meaning = changes["meaning"]
    assert meaning.day0 == Figure(2, None) and meaning.day15 == Figure(5, 3.0)
    assert (meaning.change, meaning.gap_day0, meaning.gap_day15, meaning.gap_change) == (
        None,
        None,
        None,
        None,
    )
    # ease: 2 people at day 15: the day-0 gap shows, nothing that uses day 15.
    ease = changes["ease"]
    assert ease.day15 == Figure(2, None)
    assert (ease.change, ease.gap_day0, ease.gap_day15, ease.gap_change) == (
        None,
        3.0,
        None,
        None,
    )
    # cooperation: no customer figure at day 0: the colleague change shows, no gap.
    cooperation = changes["cooperation"]
    assert cooperation.change == 1.0
    assert (cooperation.gap_day0, cooperation.gap_day15, cooperation.gap_change) == (
        None,
        None,
        None,
    )
    # trust: every figure shown.
    assert changes["trust"].gap_change == -1.0


def test_a_summary_and_its_comparison_serialise_to_json():
    summary = summarize("day0", rated({"trust": 5}, {"trust": 2}))
    data = json.loads(json.dumps(dataclasses.asdict(summary)))
    assert data["profiles"]["customers"]["trust"] == {"count": 3, "mean": 5.0}
    assert data["profiles"]["customers"]["ease"] == {"count": 0, "mean": None}
    assert data["widest"] == [
        {"dimension": "trust", "customers": 5.0, "colleagues": 2.0, "gap": 3.0}
    ]
    changes = compare(summary, summarize("day15", [{"colleagues": {"trust": 3}}] * 3))
    first = json.loads(json.dumps([dataclasses.asdict(c) for c in changes]))[0]
    assert first["gap_change"] == -1.0
