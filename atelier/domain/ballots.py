"""Votes are commitments: each person picks at most N colleague ideas."""

from collections.abc import Iterable

from .errors import Refusal


def vote_limit(votes_per_person: int, eligible_count: int) -> int:
    """How many choices a person can make: N, or fewer if fewer ideas exist."""
    return min(votes_per_person, eligible_count)


def check_ballot(choices: object, eligible: Iterable[int], votes_per_person: int) -> list[int]:
    """Validate a whole ballot; it replaces the previous one as a unit.

    A ballot may hold fewer than N choices while the person is still
    choosing; it may never hold more, nor the same idea twice.
    """
    if not isinstance(choices, list) or not all(
        isinstance(c, int) and not isinstance(c, bool) for c in choices
    ):
        raise Refusal("invalid_request")
    if len(set(choices)) != len(choices):
        raise Refusal("duplicate_choice")
    if len(choices) > votes_per_person:
        raise Refusal("too_many_choices", limit=votes_per_person)
    eligible = set(eligible)
    if any(c not in eligible for c in choices):
        raise Refusal("choice_invalid")
    return list(choices)


def merged_voters(source_voters: set[int], target_voters: set[int]) -> tuple[set[int], set[int]]:
    """When two ideas merge, their votes merge too.

    Returns (voters whose vote moves to the target, voters whose vote on the
    source is dropped because they already chose the target: they get that
    choice back).
    """
    return source_voters - target_voters, source_voters & target_voters
