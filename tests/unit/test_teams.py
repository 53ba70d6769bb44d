"""How team names match, and how free-text teams become real ones (issue 12)."""

import pytest

from atelier.domain.teams import Group, match_key, plan_merge


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
