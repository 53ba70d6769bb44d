"""The bilan's "At a glance": what happened, in three to five sentences.

A manager who reads only this page should know how many commitments were
tried, what worked best, what the barometer found and whether it moved,
and what the group decided. Built from the bilan's own figures (so the page
and the sections after it never disagree), in the workshop's language:
call it inside ``force_locale``. Each sentence copes with what is missing
(no review yet, no barometer, too few answers to show).

Plain text, not markup: the template escapes it once. What people typed
(an idea) is quoted here; the document's French typography pass
(``bilan.french_typography``) then sets its apostrophes and quotes.
"""

import datetime as dt
from collections.abc import Mapping

from flask_babel import format_date, format_decimal, gettext, ngettext

from ..barometer_texts import DIMENSION_NAMES
from ..domain.barometer import Change, RoundSummary
from ..served_texts import workshop_placeholders


def _mean(value: float) -> str:
    return format_decimal(value, format="0.0")


def _quote(text: str, french: bool) -> str:
    text = " ".join(text.split())
    return f"«\u202f{text}\u202f»" if french else f"“{text}”"


def next_review(workshop) -> dt.date | None:
    """A longer experiment means one more period of trying, then a review.

    Once a review extended ideas, the next round's date is stored; before
    that, the bilan proposes the same length again.
    """
    if workshop.review_round > 1 and workshop.phase == "results":
        return workshop.review_date
    if workshop.next_step != "longer_experiment":
        return None
    return workshop.review_date + dt.timedelta(days=workshop.commitment_days)


def best_idea(review: list[dict]) -> dict | None:
    """The reviewed idea that felt best: highest mean feeling, then more reports,
    then more commitments. Ideas told about by two people or more come first,
    so that one enthusiastic report does not outrank a shared experience."""
    told = [item for item in review if item["reports"]]
    if not told:
        return None
    shared = [item for item in told if item["reports"] >= 2] or told
    return max(
        shared,
        key=lambda i: (i["feeling_mean"], i["reports"], i["committed"], -i["idea_id"]),
    )


def _tried_sentence(ctx: Mapping) -> str:
    totals = ctx["review_totals"]
    committed = totals["committed"]
    if not committed:
        return gettext("No commitments were made.")
    tried = totals["tried"]["yes"] + totals["tried"]["partly"]
    waiting = committed - totals["reports"]
    if waiting:
        return ngettext(
            "%(tried)s of %(num)s commitment was tried, fully or in part; "
            "%(waiting)s had no answer by the review.",
            "%(tried)s of %(num)s commitments were tried, fully or in part; "
            "%(waiting)s had no answer by the review.",
            committed,
            tried=tried,
            waiting=waiting,
        )
    return ngettext(
        "%(tried)s of %(num)s commitment was tried, fully or in part.",
        "%(tried)s of %(num)s commitments were tried, fully or in part.",
        committed,
        tried=tried,
    )


def _decided(choice: str | None, closed: bool) -> str:
    """What the group decided for an idea, as a few words after its figures."""
    if choice is None and closed:
        return gettext("no decision recorded")
    # Literal msgids, so that extraction finds each one.
    return {
        "keep": gettext("kept"),
        "extend": gettext("experiment extended"),
        "spread": gettext("to spread to another group"),
        "stop": gettext("stopped all the same"),
        "other": gettext("another decision"),
    }.get(choice, gettext("no decision yet"))


def _best_sentences(ctx: Mapping, french: bool) -> list[str]:
    best = best_idea(ctx["review"])
    if best is None:
        return []
    return [
        ngettext(
            "The idea that worked best: %(idea)s (%(mean)s out of 5 for the %(num)s person "
            "who told how it felt; %(decision)s).",
            "The idea that worked best: %(idea)s (%(mean)s out of 5 on average for the "
            "%(num)s people who told how it felt; %(decision)s).",
            best["reports"],
            idea=_quote(best["idea"].text, french),
            mean=_mean(best["feeling_mean"]),
            decision=_decided(
                (best["decision"] or {}).get("choice"), ctx["workshop"].phase == "closed"
            ),
        )
    ]


def _most_chosen_sentence(ctx: Mapping, french: bool) -> list[str]:
    """Before the review: who committed, and the idea most chosen."""
    if not ctx["vote_count"]:
        return [gettext("No commitments were made.")]
    sentences = [
        ngettext(
            "%(num)s commitment was made, by %(people)s of %(total)s participants.",
            "%(num)s commitments were made, by %(people)s of %(total)s participants.",
            ctx["vote_count"],
            people=ctx["committed_people"],
            total=len(ctx["participants"]),
        )
    ]
    top = ctx["ranking"][0]
    sentences.append(
        ngettext(
            "The most chosen idea: %(idea)s (%(num)s commitment).",
            "The most chosen idea: %(idea)s (%(num)s commitments).",
            ctx["tallies"][top.id],
            idea=_quote(top.text, french),
        )
    )
    return sentences


def _gap_sentences(
    day0: RoundSummary | None,
    changes: tuple[Change, ...] | None,
    reviewed: bool,
    day15_open: bool,
    served: dict,
) -> list[str]:
    if day0 is None:
        return []  # no barometer, or not closed: nothing to say yet
    if not day0.widest:
        if not day0.gaps:
            return [gettext("The barometer drew too few answers to show without revealing anyone.")]
        return [
            gettext(
                "The barometer found no gap between the care given to %(people)s and to"
                " colleagues.",
                **served,
            )
        ]
    gap = day0.widest[0]
    sentences = [
        gettext(
            "The widest gap between %(people)s and colleagues is on “%(dimension)s”: "
            "%(served)s out of 5 for %(people)s, %(colleagues)s between colleagues.",
            dimension=gettext(DIMENSION_NAMES[gap.dimension]),
            served=_mean(gap.customers),
            colleagues=_mean(gap.colleagues),
            **served,
        )
    ]
    change = next((c for c in changes or () if c.dimension == gap.dimension), None)
    if change is None:
        if day15_open:
            sentences.append(
                gettext("It is being measured again at day 15; the figures come once closed.")
            )
        elif reviewed:
            sentences.append(gettext("It was not measured again at day 15."))
        return sentences
    if change.gap_change is None:
        sentences.append(gettext("At day 15, too few answered on it to say whether it moved."))
    elif change.gap_change < 0:
        sentences.append(
            gettext(
                "At day 15 it had narrowed from %(before)s to %(after)s points.",
                before=_mean(abs(change.gap_day0)),
                after=_mean(abs(change.gap_day15)),
            )
        )
    elif change.gap_change > 0:
        sentences.append(
            gettext(
                "At day 15 it had widened from %(before)s to %(after)s points.",
                before=_mean(abs(change.gap_day0)),
                after=_mean(abs(change.gap_day15)),
            )
        )
    else:
        sentences.append(gettext("At day 15 it had not moved."))
    return sentences


def gap_sentences(
    workshop,
    day0: RoundSummary | None,
    changes: tuple[Change, ...] | None,
    reviewed: bool,
    day15_open: bool = False,
) -> list[str]:
    """The barometer's sentences alone (the team page shows them per workshop)."""
    return _gap_sentences(day0, changes, reviewed, day15_open, workshop_placeholders(workshop))


def _next_sentence(workshop, reviewed: bool) -> str:
    if not reviewed:
        return gettext(
            "The review is on %(date)s: the group takes stock and decides what comes next.",
            date=format_date(workshop.review_date, format="long"),
        )
    step = workshop.next_step
    if step == "longer_experiment":
        return gettext(
            "The group's decision: a longer experiment, with a next review around %(date)s.",
            date=format_date(next_review(workshop), format="long"),
        )
    return {
        "external_review": gettext("The group's decision: an external review."),
        "new_group": gettext("The group's decision: a new working group with other colleagues."),
        "stop": gettext("The group's decision: to stop here."),
        "other": gettext("The group's decision: another next step, described below."),
    }.get(step, gettext("The group has not chosen the next step yet."))


def at_a_glance(
    ctx: Mapping, day0: RoundSummary | None, changes, day15_open: bool = False
) -> list[str]:
    """Three to five sentences from the bilan's context (``bilan.bilan_context``);
    ``day15_open``: day 15 is still taking answers (no figures yet)."""
    french = ctx["workshop"].language == "fr"
    reviewed = ctx["reviewed"]
    if reviewed:
        sentences = [_tried_sentence(ctx), *_best_sentences(ctx, french)]
    else:
        sentences = _most_chosen_sentence(ctx, french)
    served = workshop_placeholders(ctx["workshop"])
    sentences += _gap_sentences(day0, changes, reviewed, day15_open, served)
    sentences.append(_next_sentence(ctx["workshop"], reviewed))
    return sentences
