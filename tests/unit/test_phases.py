import pytest

from atelier.domain.phases import (
    Phase,
    check_accepts_idea,
    check_can_decide,
    check_can_edit,
    check_can_join,
    check_can_report,
    check_can_tidy,
    check_can_vote,
    check_not_closed,
    check_transition,
    parse_phase,
)

from .refusals import refusal_code


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Phase.DRAFT, Phase.LOBBY),
        (Phase.LOBBY, Phase.CLIENT_IDEAS),
        (Phase.CLIENT_IDEAS, Phase.TRANSPOSITION),
        (Phase.TRANSPOSITION, Phase.VOTE),
        (Phase.VOTE, Phase.RESULTS),
        (Phase.RESULTS, Phase.VOTE),
        (Phase.TRANSPOSITION, Phase.CLIENT_IDEAS),
    ],
)
def test_one_step_forward_or_back(current, target):
    check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Phase.LOBBY, Phase.DRAFT),
        (Phase.LOBBY, Phase.VOTE),
        (Phase.VOTE, Phase.VOTE),
        (Phase.DRAFT, Phase.RESULTS),
        (Phase.RESULTS, Phase.CLOSED),
    ],
)
def test_other_moves_are_refused(current, target):
    assert refusal_code(check_transition, current, target) == "phase_invalid"


def test_unknown_phase_is_refused():
    assert parse_phase("vote") is Phase.VOTE
    assert refusal_code(parse_phase, "party") == "phase_invalid"


def test_each_step_takes_only_its_own_ideas():
    check_accepts_idea(Phase.CLIENT_IDEAS, "client")
    check_accepts_idea(Phase.TRANSPOSITION, "colleague")
    assert refusal_code(check_accepts_idea, Phase.CLIENT_IDEAS, "colleague") == "wrong_phase"
    assert refusal_code(check_accepts_idea, Phase.TRANSPOSITION, "client") == "wrong_phase"
    assert refusal_code(check_accepts_idea, Phase.VOTE, "colleague") == "wrong_phase"
    assert refusal_code(check_accepts_idea, Phase.LOBBY, "client") == "wrong_phase"


def test_joining_is_open_through_the_live_workshop_only():
    assert refusal_code(check_can_join, Phase.DRAFT) == "join_closed"
    for phase in (Phase.LOBBY, Phase.CLIENT_IDEAS, Phase.VOTE, Phase.RESULTS):
        check_can_join(phase)
    assert refusal_code(check_can_join, Phase.CLOSED) == "join_closed"


def test_votes_only_while_the_vote_is_open():
    check_can_vote(Phase.VOTE)
    assert refusal_code(check_can_vote, Phase.RESULTS) == "vote_closed"
    assert refusal_code(check_can_vote, Phase.TRANSPOSITION) == "vote_closed"


def test_hiding_and_merging_stop_when_the_vote_closes():
    check_can_tidy(Phase.VOTE)
    assert refusal_code(check_can_tidy, Phase.RESULTS) == "ideas_locked"


def test_a_typo_can_be_fixed_from_the_lobby_until_the_review():
    for phase in (Phase.LOBBY, Phase.CLIENT_IDEAS, Phase.VOTE, Phase.RESULTS, Phase.REVIEW):
        check_can_edit(phase)
    for phase in (Phase.DRAFT, Phase.CLOSED):
        assert refusal_code(check_can_edit, phase) == "ideas_locked"


def test_reports_are_filed_from_the_results_until_closing():
    check_can_report(Phase.RESULTS)
    check_can_report(Phase.REVIEW)
    for phase in (Phase.VOTE, Phase.CLOSED):
        assert refusal_code(check_can_report, phase) == "report_closed"


def test_the_group_decides_at_the_review_only():
    check_can_decide(Phase.REVIEW)
    for phase in (Phase.RESULTS, Phase.CLOSED):
        assert refusal_code(check_can_decide, phase) == "wrong_phase"


def test_a_closed_workshop_refuses_what_others_allow():
    for phase in (Phase.DRAFT, Phase.VOTE, Phase.REVIEW):
        check_not_closed(phase)
    assert refusal_code(check_not_closed, Phase.CLOSED) == "workshop_closed"


def test_pages_are_told_what_each_step_allows():
    from atelier.domain.phases import allowed_actions

    lobby = allowed_actions(Phase.LOBBY)
    assert lobby["moves"] == ["client_ideas"] and lobby["post"] is None and lobby["join"]
    # Phones show the composer for the kind of idea each step collects.
    assert allowed_actions(Phase.CLIENT_IDEAS)["post"] == "client"
    assert allowed_actions(Phase.TRANSPOSITION)["post"] == "colleague"
    vote = allowed_actions(Phase.VOTE)
    assert vote["moves"] == ["transposition", "results"] and vote["vote"] and vote["tidy"]
    results = allowed_actions(Phase.RESULTS)
    assert results["moves"] == ["vote", "review"] and results["report"] and not results["tidy"]
    assert results["edit"] and not results["decide"]
    review = allowed_actions(Phase.REVIEW)
    assert review["edit"] and review["decide"] and review["report"] and review["extend"]
    closed = allowed_actions(Phase.CLOSED)
    assert closed["moves"] == [] and not any(v for k, v in closed.items() if k != "moves")
