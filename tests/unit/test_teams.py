"""How team names match, and how free-text teams become real ones (issue 12)."""

import itertools

import pytest

from atelier.domain.errors import Refusal
from atelier.domain.teams import (
    Group,
    chosen_option,
    clean_team_name,
    match_key,
    near_misses,
    pair,
    parse_team_ids,
    plan_merge,
    team_choice,
)

from .refusals import refusal_code


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Équipe Accueil", "equipe accueil"),
        ("  Agence   de Rennes ", "agence de rennes"),
        ("Straße", "STRASSE"),
        ("Ｒennes", "rennes"),  # a full-width letter typed on a phone
        ("Côte d’Or", "cote d’or"),
    ],
)
def test_case_accents_and_spacing_do_not_make_another_team(a, b):
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize(("a", "b"), [("R&D", "RD"), ("RH", "R&D"), ("Accueil 1", "Accueil 2")])
def test_other_characters_do_make_another_team(a, b):
    assert match_key(a) != match_key(b)


def test_matching_spellings_merge_under_the_most_used_one():
    plan = plan_merge(
        ["agence de rennes", "Agence de Rennes", "Agence de Rennes", "AGENCE DE RENNES", "Lyon"]
    )
    assert plan.groups == (
        Group("Agence de Rennes", ("AGENCE DE RENNES", "Agence de Rennes", "agence de rennes")),
        Group("Lyon", ("Lyon",)),
    )


def test_on_a_tie_the_spelling_with_accents_and_capitals_names_the_team():
    plan = plan_merge(["equipe accueil", "Équipe Accueil"])
    assert [g.name for g in plan.groups] == ["Équipe Accueil"]


def test_every_spelling_lands_in_one_group_and_blank_is_no_team():
    names = ["Accueil", "accueil ", "", "   ", "Back office", "back-office", "Accueil Renne"]
    plan = plan_merge(names)
    spellings = [s for g in plan.groups for s in g.spellings]
    assert sorted(spellings) == [
        "Accueil",
        "Accueil Renne",
        "Back office",
        "accueil",
        "back-office",
    ]


def test_close_names_are_listed_for_an_administrator_never_merged():
    plan = plan_merge(
        [
            "Accueil Rennes",
            "Accueil Renne",
            "Rennes",
            "Agence de Rennes",
            "Back office",
            "back-office",
            "RH",
            "RD",
        ]
    )
    assert len(plan.groups) == 8  # none of them match exactly
    assert plan.unsure == (
        ("Accueil Renne", "Accueil Rennes"),  # one letter apart
        ("Accueil Rennes", "Rennes"),  # inside, as whole words
        ("Agence de Rennes", "Rennes"),
        ("Back office", "back-office"),
    )


def test_short_names_one_letter_apart_are_not_near_misses():
    assert plan_merge(["RH", "RD", "DSI", "DSO"]).unsure == ()


def levenshtein(a: str, b: str) -> int:
    """Letters to add, remove or change to turn a into b: the textbook table."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row = row, [i]
        for j, cb in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb)))
    return row[-1]


def test_near_misses_are_two_letters_apart_at_most_from_five_letters_on():
    # Every pair of names of 4 to 7 letters a and b: listed exactly when one is
    # inside the other or, both being five letters or more, at most two edits apart.
    names = ["".join(p) for n in range(4, 8) for p in itertools.product("ab", repeat=n)]
    for first, second in itertools.combinations(names, 2):
        near = min(len(first), len(second)) >= 5 and levenshtein(first, second) <= 2
        assert bool(plan_merge([first, second]).unsure) == near, (first, second)
    assert plan_merge(["Paris", "Parys"]).unsure == (("Paris", "Parys"),)
    assert plan_merge(["Accueil Rennes", "Accueil Renn"]).unsure != ()


def test_an_accent_and_a_capital_show_the_same_care():
    # One accent against one capital is a tie: the first in order names the team.
    assert plan_merge(["équipe", "Equipe"]).groups == (Group("Equipe", ("Equipe", "équipe")),)


# -- teams as an admin and a facilitator keep them -------------------------------------


def test_near_misses_name_existing_teams_and_leave_out_those_kept_apart():
    teams = [(1, "Accueil Rennes"), (2, "Accueil Renne"), (3, "Rennes"), (4, "Logistique")]
    assert near_misses(teams) == [(2, 1), (1, 3)]
    assert near_misses(teams, kept_apart=[(1, 2)]) == [(1, 3)]
    # Kept apart is one pair whichever way round it was stored.
    assert near_misses(teams, kept_apart=[(3, 1), (1, 2)]) == []


def test_a_kept_apart_pair_stores_the_smaller_id_first():
    assert pair(7, 3) == (3, 7) == pair(3, 7)


def test_a_new_team_name_is_one_clean_line_never_blank():
    assert clean_team_name("  Agence   de Rennes ") == "Agence de Rennes"
    assert refusal_code(clean_team_name, "   ") == "team_invalid"
    assert refusal_code(clean_team_name, "Accueil\nRennes") == "team_invalid"
    assert refusal_code(clean_team_name, "ß" * 61) == "team_invalid"  # folds past the limit
    assert refusal_code(clean_team_name, None) == "invalid_request"
    with pytest.raises(Refusal) as blank:
        clean_team_name("")
    assert blank.value.params == {"limit": 120}


def test_team_ids_posted_by_checkboxes():
    assert parse_team_ids(["3", "", "1", "3"]) == [3, 1]
    assert parse_team_ids("") == [] == parse_team_ids(None)
    assert parse_team_ids(5) == [5]
    assert refusal_code(parse_team_ids, ["Accueil"]) == "invalid_request"
    assert refusal_code(parse_team_ids, ["-1"]) == "invalid_request"
    assert refusal_code(parse_team_ids, [True]) == "invalid_request"
    assert refusal_code(parse_team_ids, [str(2**31)]) == "team_not_found"
    assert parse_team_ids([str(i) for i in range(1, 51)]) == list(range(1, 51))
    assert refusal_code(parse_team_ids, [str(i) for i in range(1, 52)]) == "invalid_request"
    # Ids from 1 to the largest a column holds; past it, no team has it.
    assert parse_team_ids([str(2**31 - 1)]) == [2**31 - 1]
    assert refusal_code(parse_team_ids, ["9" * 18]) == "team_not_found"
    for bad in (["9" * 19], ["0"], [0], [2.5], [None]):
        assert refusal_code(parse_team_ids, bad) == "invalid_request"


def test_a_workshop_form_names_a_led_team_or_the_one_typed():
    led = {4: "Accueil", 9: "Logistique"}
    assert team_choice("9", "", led) == "Logistique"
    assert team_choice("9", "typed but hidden", led) == "Logistique"
    assert team_choice("other", "Agence de Brest", led) == "Agence de Brest"
    assert team_choice("", "", led) == ""
    # Without scripts the field shows under "No team": what was typed is kept.
    assert team_choice("", "Agence de Brest", led) == "Agence de Brest"
    assert team_choice(None, "Agence de Brest", {}) == "Agence de Brest"
    assert team_choice(None, None, led) == "" == team_choice("other", None, led)
    assert refusal_code(team_choice, "other", ["Agence"], led) == "invalid_request"
    # Another account's team is not in this list, even by its id.
    assert refusal_code(team_choice, "5", "", led) == "team_not_found"
    assert refusal_code(team_choice, "Accueil", "", led) == "invalid_request"


def test_the_list_shows_the_workshops_team_when_it_is_led():
    led = [(4, "Équipe Accueil"), (9, "Logistique")]
    assert chosen_option(led, "equipe  accueil") == "4"
    assert chosen_option(led, "Agence de Brest") == "other"
    assert chosen_option(led, "") == "" == chosen_option(led, None)
