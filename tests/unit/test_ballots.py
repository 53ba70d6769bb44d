import pytest

from atelier.domain.ballots import check_ballot, merged_voters, vote_limit
from atelier.domain.errors import Refusal


def refused(*args):
    with pytest.raises(Refusal) as error:
        check_ballot(*args)
    return error.value


def test_a_ballot_holds_up_to_n_distinct_eligible_ideas():
    assert check_ballot([3, 1], {1, 2, 3}, 2) == [3, 1]
    assert check_ballot([2], {1, 2, 3}, 2) == [2]
    assert check_ballot([], {1, 2, 3}, 2) == []


def test_more_than_n_is_refused_with_the_limit():
    error = refused([1, 2, 3], {1, 2, 3}, 2)
    assert (error.code, error.params) == ("too_many_choices", {"limit": 2})


def test_the_same_idea_twice_is_refused():
    assert refused([1, 1], {1, 2}, 2).code == "duplicate_choice"


def test_an_idea_outside_the_eligible_set_is_refused():
    assert refused([1, 99], {1, 2}, 2).code == "choice_invalid"


@pytest.mark.parametrize("choices", [None, "1,2", [1, "2"], [True], {"a": 1}])
def test_malformed_ballots_are_refused(choices):
    assert refused(choices, {1, 2}, 2).code == "invalid_request"


def test_limit_is_lower_when_fewer_ideas_exist():
    assert vote_limit(2, 1) == 1
    assert vote_limit(2, 10) == 2


def test_merged_votes_move_and_a_double_vote_collapses():
    moved, dropped = merged_voters({1, 2, 3}, {3, 4})
    assert moved == {1, 2}
    assert dropped == {3}
