"""Account rules: roles, e-mails, passwords, display names, managers' teams."""

import pytest

from atelier.domain import accounts
from atelier.domain.errors import Refusal

from .refusals import refusal_code


def test_roles_and_who_facilitates():
    assert [accounts.parse_role(r) for r in accounts.ROLES] == ["admin", "facilitator", "manager"]
    assert refusal_code(accounts.parse_role, "owner") == "role_invalid"
    assert refusal_code(accounts.parse_role, ["admin"]) == "role_invalid"
    assert accounts.can_facilitate("admin") and accounts.can_facilitate("facilitator")
    assert not accounts.can_facilitate("manager")


def test_emails_are_compared_lower_case():
    assert accounts.clean_account_email("  Zoe.Martin@Example.ORG ") == "zoe.martin@example.org"
    assert refusal_code(accounts.clean_account_email, "") == "email_invalid"
    assert refusal_code(accounts.clean_account_email, "pas une adresse") == "email_invalid"


def test_passwords_are_long_enough_and_bounded():
    assert accounts.clean_password("x" * 10) == "x" * 10
    with pytest.raises(Refusal) as short:
        accounts.clean_password("x" * 9)
    assert short.value.code == "password_too_short" and short.value.params == {"limit": 10}
    assert accounts.clean_password("x" * 200) == "x" * 200
    with pytest.raises(Refusal) as long:
        accounts.clean_password("x" * 201)
    assert long.value.code == "password_too_long" and long.value.params == {"limit": 200}
    assert refusal_code(accounts.clean_password, None) == "invalid_request"


def test_display_names_fit_on_one_line():
    assert accounts.clean_display_name("  Inès Dupont ") == "Inès Dupont"
    assert refusal_code(accounts.clean_display_name, "Inès\nDupont") == "name_invalid"
    assert refusal_code(accounts.clean_display_name, None) == "name_empty"
    assert refusal_code(accounts.clean_display_name, "x" * 81) == "text_too_long"


def test_teams_match_whatever_the_case_and_spacing():
    assert accounts.team_key("  Accueil   RENNES ") == accounts.team_key("accueil rennes")
    # Composed and decomposed accents are the same team.
    assert accounts.team_key("Équipe") == accounts.team_key("E\u0301quipe")
    assert accounts.team_key(None) == ""


def test_a_managers_teams_are_one_per_line_or_comma_without_duplicates():
    assert accounts.clean_teams("Accueil, Logistique\naccueil\n\n  R&D   Lyon ") == [
        "Accueil",
        "Logistique",
        "R&D Lyon",
    ]
    assert accounts.clean_teams(None) == []
    assert refusal_code(accounts.clean_teams, "x" * 121) == "team_invalid"
    assert refusal_code(accounts.clean_teams, [1, 2]) == "invalid_request"


def test_a_team_name_and_its_key_have_at_most_120_characters():
    spaced = ("x" * 9 + " ") * 11 + "x" * 10
    assert len(spaced) == 120 and accounts.clean_team(spaced) == spaced
    # Case folding doubles "ß": its key, "ss" sixty times, still fits.
    assert accounts.clean_team("ß" * 60) == "ß" * 60
    for too_long in ("x" * 121, "ß" * 61):
        with pytest.raises(Refusal) as refused:
            accounts.clean_team(too_long)
        assert refused.value.code == "team_invalid" and refused.value.params == {"limit": 120}


def test_a_manager_has_at_most_fifty_teams_and_a_list_is_a_list():
    fifty = [f"Équipe {i}" for i in range(50)]
    assert accounts.clean_teams(fifty) == fifty
    with pytest.raises(Refusal) as crowded:
        accounts.clean_teams([*fifty, "Équipe 50"])
    assert crowded.value.code == "team_invalid" and crowded.value.params == {"limit": 120}
    assert refusal_code(accounts.clean_teams, {"Accueil": "Rennes"}) == "invalid_request"
    assert refusal_code(accounts.clean_teams, 42) == "invalid_request"
