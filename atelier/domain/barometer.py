"""The client/colleague barometer: ten things, rated for customers and between colleagues.

Each participant rates on 1 to 5 how well the team does ten things for its
customers and between colleagues (PRODUCT.md §8). The gap between the two
profiles is the asymmetry the workshop works on.

Two rounds:

- ``day0``, in the lobby: both sides, while people join.
- ``day15``, at the review: the colleague side only. What the workshop
  changes is how colleagues treat each other; the customer side is the
  reference it is measured against, so day 0's customer figures stay the
  reference and the day-15 gap is "day-0 customers − day-15 colleagues".

Anonymity: no figure is ever computed from fewer than ``MIN_ANSWERS``
people. Below that a figure carries its count and no mean at all, so
nothing downstream (screen, export, PDF) can show one by mistake. The
threshold holds per figure: a dimension some people skipped may be hidden
while the others show.

A mean that changes answer by answer would give each new answer away
(the difference between two revealed means), so figures are meant for a
closed round, and closing is final (``check_can_open``).

Means are rounded here, to one decimal, half up: that is the precision a
1-5 scale carries, what the screen and the PDF print, and every gap or
change is computed from those printed means, so the figures a reader sees
always add up.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import Refusal
from .phases import Phase

# PRODUCT.md §8's order, which is also the order of the cards and charts.
DIMENSIONS = (
    "trust",
    "meaning",
    "example",
    "digital",
    "initiative",
    "ease",
    "support",
    "listening",
    "recognition",
    "cooperation",
)
SIDES = ("customers", "colleagues")
ROUNDS = ("day0", "day15")
# Day 15 asks whether anything moved between colleagues; the customer side
# is not asked again (see the module docstring).
SIDES_BY_ROUND = {"day0": SIDES, "day15": ("colleagues",)}
SCALE = range(1, 6)
# Fewer than three answers to a figure could reveal what one person said.
MIN_ANSWERS = 3
WIDEST = 3

# Day 0 is the lobby's warm-up; day 15 is answered from the return link
# before the review (at the results) or during it.
_PHASES_BY_ROUND = {
    "day0": frozenset({Phase.LOBBY}),
    "day15": frozenset({Phase.RESULTS, Phase.REVIEW}),
}
# Where a round opens by itself (rounds_moved_by): day 15 waits for the
# review, or for the facilitator to open it at the results, since the
# results also follow the vote on day 0.
_AUTO_OPENS = {
    "day0": frozenset({Phase.LOBBY}),
    "day15": frozenset({Phase.REVIEW}),
}


@dataclass(frozen=True)
class Figure:
    """One side's answers to one dimension: ``mean`` is None below MIN_ANSWERS."""

    count: int
    mean: float | None

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass(frozen=True)
class Gap:
    """Customers − colleagues on one dimension; positive: customers get more care."""

    dimension: str
    customers: float
    colleagues: float
    gap: float


@dataclass(frozen=True)
class RoundSummary:
    """What a round may show.

    ``respondents`` counts the people who answered at least one card (the
    screen shows how many, never who). ``profiles`` maps each side the
    round asks to every dimension, in order. ``gaps`` holds the dimensions
    where both sides are shown (empty at day 15); ``widest`` the up to
    three widest non-zero gaps.
    """

    round: str
    respondents: int
    profiles: dict[str, dict[str, Figure]]
    gaps: tuple[Gap, ...]
    widest: tuple[Gap, ...]


@dataclass(frozen=True)
class Change:
    """One dimension from day 0 to day 15.

    ``change`` is day 15 − day 0 on the colleague side (positive: better
    between colleagues). ``gap_day0`` and ``gap_day15`` are customers −
    colleagues, both against day 0's customers; ``gap_change`` is how much
    the distance between the profiles moved, |gap day 15| − |gap day 0|
    (negative: it narrowed). Each is None unless every figure it uses is
    shown.
    """

    dimension: str
    day0: Figure
    day15: Figure
    change: float | None
    gap_day0: float | None
    gap_day15: float | None
    gap_change: float | None


def parse_round(value: object) -> str:
    if value not in ROUNDS:
        raise Refusal("invalid_request")
    return value


def clean_answers(round_: str, answers: object) -> dict[str, dict[str, int]]:
    """One participant's answer set for a round; it replaces the previous one whole.

    ``answers`` maps side → dimension → an integer 1-5 (a bool or 3.0 is
    not one). Skipping is allowed: a dimension, a side, or everything may be
    left out. The result keeps only sides with an answer, in canonical
    order, so ``{}`` means "nothing to count": the person withdraws their
    answers and no longer counts among those who answered.
    """
    sides = SIDES_BY_ROUND[parse_round(round_)]
    if not isinstance(answers, Mapping) or any(side not in sides for side in answers):
        raise Refusal("invalid_request")
    cleaned = {}
    for side in sides:
        ratings = answers.get(side, {})
        if not isinstance(ratings, Mapping) or any(d not in DIMENSIONS for d in ratings):
            raise Refusal("invalid_request")
        if any(type(ratings[d]) is not int or ratings[d] not in SCALE for d in ratings):
            raise Refusal("invalid_request")
        if ratings:
            cleaned[side] = {d: ratings[d] for d in DIMENSIONS if d in ratings}
    return cleaned


def accepts_answers(
    round_: str, phase: Phase, *, enabled: bool, opened: bool, closed: bool
) -> bool:
    """Answers come in only while the facilitator has the round open, at its step."""
    return enabled and opened and not closed and phase in _PHASES_BY_ROUND[round_]


def check_accepts_answers(
    round_: str, phase: Phase, *, enabled: bool, opened: bool, closed: bool
) -> None:
    if not enabled:
        raise Refusal("barometer_off")
    if not accepts_answers(round_, phase, enabled=enabled, opened=opened, closed=closed):
        raise Refusal("barometer_closed")


def check_can_open(round_: str, phase: Phase, *, enabled: bool, closed: bool) -> None:
    """The facilitator opens a round at its step; once closed it stays closed,
    since its figures may have been shown and one more answer would show in them."""
    if not enabled:
        raise Refusal("barometer_off")
    if closed:
        raise Refusal("barometer_closed")
    if phase not in _PHASES_BY_ROUND[round_]:
        raise Refusal("wrong_phase")


def rounds_moved_by(before: Phase, after: Phase) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rounds a change of step opens and closes, as (opened, closed).

    Opening the lobby opens day 0, so phones offer it while people join
    without one more click; opening the review opens day 15 if the
    facilitator did not open it earlier, at the results. Moving on past the
    steps where a round takes answers closes it (nobody can answer any
    more, and a round left open would never show its figures): day 0 when
    the room moves on to the client ideas, day 15 when the workshop closes.
    Going back a step closes nothing: the facilitator may return to the
    vote from the results, and day 15 must still be there at the review.
    """
    order = list(Phase)
    opened = tuple(
        r for r, phases in _AUTO_OPENS.items() if after in phases and before not in phases
    )
    closed = tuple(
        r
        for r, phases in _PHASES_BY_ROUND.items()
        if before in phases and order.index(after) > max(order.index(p) for p in phases)
    )
    return opened, closed


def summarize(round_: str, answer_sets: Iterable[Mapping[str, Mapping[str, int]]]) -> RoundSummary:
    """Aggregate a round's answer sets (as ``clean_answers`` returns them)."""
    sides = SIDES_BY_ROUND[parse_round(round_)]
    totals = {side: {d: [0, 0] for d in DIMENSIONS} for side in sides}
    respondents = 0
    for answers in answer_sets:
        respondents += any(answers.get(side) for side in sides)
        for side in sides:
            for dimension, value in answers.get(side, {}).items():
                total = totals[side][dimension]
                total[0] += 1
                total[1] += value
    profiles = {side: {d: _figure(*totals[side][d]) for d in DIMENSIONS} for side in sides}
    gaps = tuple(_gaps(profiles)) if sides == SIDES else ()
    return RoundSummary(round_, respondents, profiles, gaps, widest_gaps(gaps))


def widest_gaps(gaps: Iterable[Gap]) -> tuple[Gap, ...]:
    """The three widest gaps either way; on a tie, the dimension that comes first.

    A zero gap is no gap: it is never named, so fewer than three may come back.
    """
    ranked = sorted(
        (g for g in gaps if g.gap),
        key=lambda g: (-abs(g.gap), DIMENSIONS.index(g.dimension)),
    )
    return tuple(ranked[:WIDEST])


def compare(day0: RoundSummary, day15: RoundSummary) -> tuple[Change, ...]:
    """Day 0 against day 15, dimension by dimension, on the colleague side."""
    changes = []
    for dimension in DIMENSIONS:
        customers = day0.profiles["customers"][dimension].mean
        before = day0.profiles["colleagues"][dimension]
        after = day15.profiles["colleagues"][dimension]
        gap_day0 = _minus(customers, before.mean)
        gap_day15 = _minus(customers, after.mean)
        gap_change = None
        if gap_day0 is not None and gap_day15 is not None:
            gap_change = _minus(abs(gap_day15), abs(gap_day0))
        changes.append(
            Change(
                dimension,
                before,
                after,
                _minus(after.mean, before.mean),
                gap_day0,
                gap_day15,
                gap_change,
            )
        )
    return tuple(changes)


def _figure(count: int, total: int) -> Figure:
    if count < MIN_ANSWERS:
        return Figure(count, None)
    # Tenths, rounded half up in integers (no binary-float surprises at .x5).
    return Figure(count, (20 * total + count) // (2 * count) / 10)


def _minus(a: float | None, b: float | None) -> float | None:
    """a − b between one-decimal figures, exact to the decimal; None if either is hidden."""
    if a is None or b is None:
        return None
    return (round(a * 10) - round(b * 10)) / 10


def _gaps(profiles: dict[str, dict[str, Figure]]) -> Iterable[Gap]:
    for dimension in DIMENSIONS:
        customers = profiles["customers"][dimension].mean
        colleagues = profiles["colleagues"][dimension].mean
        if customers is not None and colleagues is not None:
            yield Gap(dimension, customers, colleagues, _minus(customers, colleagues))


def profile_mean(summary: RoundSummary | None, side: str = "colleagues") -> float | None:
    """One side's overall figure for a round: the mean of its shown dimension
    means, rounded like them; None when no dimension is shown.

    Built from figures already shown (each from MIN_ANSWERS people up), so it
    reveals nothing they do not: a dimension below the threshold is left out,
    never counted with fewer answers.
    """
    if summary is None or side not in summary.profiles:
        return None
    means = [f.mean for f in summary.profiles[side].values() if f.mean is not None]
    if not means:
        return None
    tenths = sum(round(m * 10) for m in means)
    # Tenths, half up, in integers (as ``_figure``).
    return (2 * tenths + len(means)) // (2 * len(means)) / 10
