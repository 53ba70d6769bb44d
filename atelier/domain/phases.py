"""The steps of a workshop and what each one accepts."""

from enum import StrEnum

from .errors import Refusal


class Phase(StrEnum):
    DRAFT = "draft"
    LOBBY = "lobby"
    CLIENT_IDEAS = "client_ideas"
    TRANSPOSITION = "transposition"
    VOTE = "vote"
    RESULTS = "results"
    REVIEW = "review"
    CLOSED = "closed"


# The live workshop, in order. The day-15 review and closing come after
# ``results`` and have their own rules.
LIVE_SEQUENCE = (
    Phase.DRAFT,
    Phase.LOBBY,
    Phase.CLIENT_IDEAS,
    Phase.TRANSPOSITION,
    Phase.VOTE,
    Phase.RESULTS,
)

# Which kind of idea each step collects.
IDEA_KIND_BY_PHASE = {
    Phase.CLIENT_IDEAS: "client",
    Phase.TRANSPOSITION: "colleague",
}

# The day-15 review follows the results; closing is final.
REVIEW_MOVES = {
    Phase.RESULTS: {Phase.REVIEW},
    Phase.REVIEW: {Phase.RESULTS, Phase.CLOSED},
}

# Joining stays open at the review: a colleague who lost their link, or who
# comes to listen, can still follow on a phone.
_JOINABLE = frozenset((*LIVE_SEQUENCE[1:], Phase.REVIEW))
_TIDYING = frozenset({Phase.CLIENT_IDEAS, Phase.TRANSPOSITION, Phase.VOTE})
_EDITABLE = frozenset((*LIVE_SEQUENCE[1:], Phase.REVIEW))
_REPORTING = frozenset({Phase.RESULTS, Phase.REVIEW})


def parse_phase(value: object) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        raise Refusal("phase_invalid") from None


def check_transition(current: Phase, target: Phase, review_round: int = 1) -> None:
    """The facilitator moves one step forward or one step back.

    Going back is allowed (to collect a few more ideas, to reopen the vote)
    but never to ``draft``: once the room has joined, the workshop is live.
    From the results the review opens; from the review the workshop closes,
    and a closed workshop stays closed (read-only). After a review extended
    the experiment (round 2 and on), the vote is behind: the results lead
    to the next review only.
    """
    if target in REVIEW_MOVES.get(current, ()):
        return
    if review_round > 1:
        raise Refusal("phase_invalid")
    if current not in LIVE_SEQUENCE or target not in LIVE_SEQUENCE:
        raise Refusal("phase_invalid")
    step = LIVE_SEQUENCE.index(target) - LIVE_SEQUENCE.index(current)
    if abs(step) != 1 or target is Phase.DRAFT:
        raise Refusal("phase_invalid")


def check_can_join(phase: Phase) -> None:
    if phase not in _JOINABLE:
        raise Refusal("join_closed")


def check_accepts_idea(phase: Phase, kind: str) -> None:
    """Each step takes only its own contributions."""
    if IDEA_KIND_BY_PHASE.get(phase) != kind:
        raise Refusal("wrong_phase")


def check_can_vote(phase: Phase) -> None:
    if phase is not Phase.VOTE:
        raise Refusal("vote_closed")


def check_can_tidy(phase: Phase) -> None:
    """Hide and merge change what people vote on: allowed until the vote closes."""
    if phase not in _TIDYING:
        raise Refusal("ideas_locked")


def check_can_edit(phase: Phase) -> None:
    """Fixing a typo stays possible through the results (the bilan prints them)."""
    if phase not in _EDITABLE:
        raise Refusal("ideas_locked")


def check_can_report(phase: Phase) -> None:
    """Reports are filed from the results (before the meeting) until closing."""
    if phase not in _REPORTING:
        raise Refusal("report_closed")


def check_can_decide(phase: Phase) -> None:
    if phase is not Phase.REVIEW:
        raise Refusal("wrong_phase")


def check_not_closed(phase: Phase) -> None:
    if phase is Phase.CLOSED:
        raise Refusal("workshop_closed")


def moves_from(current: Phase, review_round: int = 1) -> list[str]:
    """Every step the facilitator may move to from ``current``, in order."""
    return [p.value for p in Phase if p is not current and _allowed(current, p, review_round)]


def _allowed(current: Phase, target: Phase, review_round: int = 1) -> bool:
    try:
        check_transition(current, target, review_round)
    except Refusal:
        return False
    return True


def allowed_actions(phase: Phase, review_round: int = 1) -> dict:
    """What this step allows, so pages show only what the server will accept."""
    return {
        "moves": moves_from(phase, review_round),
        "post": IDEA_KIND_BY_PHASE.get(phase),
        "vote": phase is Phase.VOTE,
        "tidy": phase in _TIDYING,
        "edit": phase in _EDITABLE,
        "report": phase in _REPORTING,
        "decide": phase is Phase.REVIEW,
        # Extending ideas to a further review round (rounds.py).
        "extend": phase is Phase.REVIEW,
        "join": phase in _JOINABLE,
    }
