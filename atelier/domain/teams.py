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

from .accounts import MAX_TEAM, MAX_TEAMS, clean_team
from .errors import Refusal
from .ids import MAX_ID

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


def clean_team_name(raw: object) -> str:
    """A team's name as an admin or a facilitator types it: one line, spaces
    collapsed, never blank (a team needs a name to be chosen from a list)."""
    name = clean_team(raw)
    if not name:
        raise Refusal("team_invalid", limit=MAX_TEAM)
    return name


def parse_team_ids(raw: object) -> list[int]:
    """The team ids a form posts (checkboxes); blanks skipped, repeats dropped."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raw = [raw]
    ids: list[int] = []
    for value in raw:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
            if not value.isascii() or not value.isdigit() or len(value) > 18:
                raise Refusal("invalid_request")
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise Refusal("invalid_request")
        if value > MAX_ID:
            raise Refusal("team_not_found")  # no row can have it
        if value not in ids:
            ids.append(value)
    if len(ids) > MAX_TEAMS:
        raise Refusal("invalid_request")
    return ids


def pair(a: int, b: int) -> tuple[int, int]:
    """Two teams in the order a kept-apart row stores them (smaller id first)."""
    return (a, b) if a < b else (b, a)


def near_misses(
    teams: Iterable[tuple[int, str]], kept_apart: Iterable[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """The pairs of existing teams whose names are close without matching
    (``plan_merge``'s unsure pairs), minus those an admin kept apart; each as
    (id of the first name in order, id of the second)."""
    by_name = {" ".join(name.split()): team_id for team_id, name in teams}
    apart = {pair(a, b) for a, b in kept_apart}
    misses = []
    for names in plan_merge(by_name).unsure:
        first, second = (by_name[name] for name in names)
        if pair(first, second) not in apart:
            misses.append((first, second))
    return misses


def team_choice(choice: object, typed: object, led: dict[int, str]) -> str:
    """The team a workshop form names: one of the teams the account leads
    (``choice`` is its id), or what was typed ("Another team…"; also when no
    team was picked, so a name typed without scripts is never lost)."""
    if choice is None or choice in ("", "other"):
        if typed is None:
            return ""
        if not isinstance(typed, str):
            raise Refusal("invalid_request")
        return typed
    ids = parse_team_ids(choice)
    if len(ids) != 1 or ids[0] not in led:
        raise Refusal("team_not_found")
    return led[ids[0]]


def chosen_option(led: Iterable[tuple[int, str]], name: str | None) -> str:
    """The option a team list shows for a workshop's team: the id of the led
    team it matches, "other" for a team not in the list, "" for none."""
    key = match_key(name or "")
    if not key:
        return ""
    for team_id, team_name in led:
        if match_key(team_name) == key:
            return str(team_id)
    return "other"
