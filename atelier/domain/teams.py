"""Teams as things, not free text: how names match, and how the old free-text
teams become real ones without losing a workshop (PRODUCT.md §9).

Two names are the same team when they differ only in case, accents or
spacing ("Équipe  Accueil" = "equipe accueil"): ``match_key`` says so.
Names that are close but not the same ("Accueil Rennes" and "Accueil
Renne", "Rennes" and "Agence de Rennes") may be one team or two: only
someone who knows the organisation can tell, so ``plan_merge`` lists them
for an administrator to settle instead of guessing.
"""

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# Close enough to ask about: at most this many letters apart...
_NEAR_EDITS = 2
# ...for keys at least this long (shorter ones differ by a letter and mean
# different things: "RH" and "R&D").
_NEAR_MIN_LENGTH = 5


def match_key(name: str) -> str:
    """The name as teams are matched: no accents, case or extra spaces.

    Letters keep their base (é → e, ß → ss); other characters stay, so
    "R&D" and "RD" are two teams.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


@dataclass(frozen=True)
class Group:
    """The free-text spellings that become one team, and the name it keeps."""

    name: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class MergePlan:
    """``groups``: one per team to create, by name. ``unsure``: groups whose
    names are close without matching, to be merged or kept apart by an
    administrator (each tuple holds the groups' names, sorted)."""

    groups: tuple[Group, ...]
    unsure: tuple[tuple[str, ...], ...]


def plan_merge(names: Iterable[str]) -> MergePlan:
    """Group the free-text team names of existing workshops (one per workshop,
    repeats included: the most used spelling names the team).

    Blank names are no team. Every spelling lands in exactly one group, so
    nothing is lost; close groups are only listed, never merged.
    """
    by_key: dict[str, Counter] = {}
    for raw in names:
        name = " ".join(raw.split())
        if name:
            by_key.setdefault(match_key(name), Counter())[name] += 1
    groups = {
        key: Group(_preferred(spellings), tuple(sorted(spellings)))
        for key, spellings in sorted(by_key.items())
    }
    keys = list(groups)
    unsure = []
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            if _close(first, second):
                unsure.append(tuple(sorted((groups[first].name, groups[second].name))))
    return MergePlan(tuple(groups.values()), tuple(sorted(unsure)))


def _preferred(spellings: Counter) -> str:
    """The spelling most workshops used; on a tie, the one with more accents and
    capitals (someone took care over it), then the first in order."""

    def care(name: str) -> int:
        return sum(1 for c in unicodedata.normalize("NFD", name) if unicodedata.combining(c)) + sum(
            c.isupper() for c in name
        )

    return min(spellings, key=lambda name: (-spellings[name], -care(name), name))


def _close(a: str, b: str) -> bool:
    """Near misses a person should look at: a few letters apart, or one name
    inside the other as whole words ("rennes" in "agence de rennes")."""
    if f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    if min(len(a), len(b)) < _NEAR_MIN_LENGTH:
        return False
    return _edits(a, b) <= _NEAR_EDITS


def _edits(a: str, b: str) -> int:
    """Levenshtein distance, giving up past _NEAR_EDITS (all that matters here)."""
    if abs(len(a) - len(b)) > _NEAR_EDITS:
        return _NEAR_EDITS + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > _NEAR_EDITS:
            return _NEAR_EDITS + 1
        previous = current
    return previous[-1]
