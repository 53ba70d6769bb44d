"""The library: colleague ideas that were tried, across workshops, in figures only.

One entry per idea, where an idea carried over from another workshop
(``origin_id``) and the idea it came from are one entry: the teams that
committed to it, the people who tried it, their mean feeling, the decisions
it got and the barometer dimension it serves. Nothing in an entry says who.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .barometer import DIMENSIONS
from .review import DECISIONS
from .teams import match_key

# What counts as tried: the day-15 report said yes or partly.
TRIED = ("yes", "partly")
# Decisions that mean "it worked here": what the transposition's inspiration shows.
KEPT = ("keep", "extend", "spread")


@dataclass(frozen=True)
class IdeaFacts:
    """One colleague idea of a workshop in the library, as figures."""

    id: int
    workshop_id: int
    # The team the workshop belongs to; a workshop without a team is a team of its own.
    team: str
    text: str
    origin_id: int | None = None
    dimension: str | None = None
    commitments: int = 0
    # One feeling (1..5) per person who tried it.
    feelings: tuple[int, ...] = ()
    decision: str | None = None


@dataclass
class Entry:
    key: int
    text: str
    teams: int = 0
    people: int = 0
    feeling: float | None = None
    decisions: dict[str, int] = field(default_factory=dict)
    dimension: str | None = None
    idea_ids: frozenset[int] = frozenset()
    workshop_ids: frozenset[int] = frozenset()


def team_key(team_id: int | None, workshop_id: int) -> str:
    return f"team:{team_id}" if team_id is not None else f"workshop:{workshop_id}"


def root_of(idea_id: int, origins: Mapping[int, int | None]) -> int:
    """The first idea of a line of carried-over ideas (a loop stops where it closes)."""
    seen = {idea_id}
    while (origin := origins.get(idea_id)) is not None and origin not in seen:
        seen.add(origin)
        idea_id = origin
    return idea_id


def entries(facts: Iterable[IdeaFacts], origins: Mapping[int, int | None]) -> list[Entry]:
    """The library's entries, most tried first; only ideas someone tried make one.

    One entry per line of carried-over ideas, and per wording: two groups
    who wrote the same words (whatever the case, accents or spacing) tried
    the same idea.
    """
    facts = list(facts)
    parent: dict[int, int] = {}

    def find(key: int) -> int:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: int, b: int) -> None:
        a, b = find(a), find(b)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the oldest idea names the entry

    first_with: dict[str, int] = {}
    for idea in facts:
        join(idea.id, root_of(idea.id, origins))
        join(idea.id, first_with.setdefault(match_key(idea.text), idea.id))
    groups: dict[int, list[IdeaFacts]] = {}
    for idea in facts:
        groups.setdefault(find(idea.id), []).append(idea)
    made = [_entry(key, members) for key, members in groups.items()]
    made = [entry for entry in made if entry.people]
    return sorted(made, key=lambda e: (-e.people, -(e.feeling or 0), e.text.casefold(), e.key))


def _entry(key: int, members: list[IdeaFacts]) -> Entry:
    members.sort(key=lambda idea: idea.id)
    feelings = [f for idea in members for f in idea.feelings]
    decisions = Counter(idea.decision for idea in members if idea.decision in DECISIONS)
    dimensions = Counter(idea.dimension for idea in members if idea.dimension in DIMENSIONS)
    return Entry(
        key=key,
        # The oldest wording: the one the others carried over.
        text=members[0].text,
        teams=len({idea.team for idea in members if idea.commitments}),
        people=len(feelings),
        feeling=round(sum(feelings) / len(feelings), 1) if feelings else None,
        decisions={choice: decisions[choice] for choice in DECISIONS if decisions[choice]},
        # The most named; a tie goes to the barometer's order.
        dimension=min(dimensions, key=lambda d: (-dimensions[d], DIMENSIONS.index(d)))
        if dimensions
        else None,
        idea_ids=frozenset(idea.id for idea in members),
        workshop_ids=frozenset(idea.workshop_id for idea in members),
    )


def matches(
    entry: Entry,
    *,
    found: set[int] | None = None,
    dimension: str | None = None,
    outcome: str | None = None,
) -> bool:
    """Whether an entry passes a search (the ideas the words found) and the filters."""
    if found is not None and not entry.idea_ids & found:
        return False
    if dimension and entry.dimension != dimension:
        return False
    return not outcome or bool(entry.decisions.get(outcome))


def kept(items: list[Entry], limit: int) -> list[Entry]:
    """Ideas other teams kept (or extended, or spread), the most kept first."""
    chosen = [e for e in items if any(e.decisions.get(choice) for choice in KEPT)]
    chosen.sort(key=lambda e: -sum(e.decisions.get(choice, 0) for choice in KEPT))
    return chosen[:limit]


def search_words(query: str, limit: int = 8) -> list[str]:
    """The words of a search, letters and digits only (the rest is no engine syntax)."""
    words = "".join(ch if ch.isalnum() else " " for ch in query or "").split()
    return [w[:40] for w in words][:limit]


def word_stem(word: str) -> str:
    """A word without its plural mark, for an engine that only completes words
    (SQLite): « équipes » and "thanks" then find « équipe » and "thank"."""
    if len(word) > 3 and word[-1] in "sxSX":
        return word[:-1]
    return word
