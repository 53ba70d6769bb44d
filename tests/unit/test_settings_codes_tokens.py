import datetime as dt

import pytest

from atelier.domain import join_codes, settings, tokens
from atelier.domain.ids import MAX_ID, check_id
from atelier.domain.merging import MergeSide, check_merge
from atelier.domain.phases import Phase

from .refusals import refusal_code


def test_defaults_are_french_two_votes_fifteen_days_names_shown():
    values = settings.clean_settings({"title": "  Rennes  "})
    assert values["title"] == "Rennes"
    assert (values["language"], values["votes_per_person"], values["commitment_days"]) == (
        "fr",
        2,
        15,
    )
    assert values["show_names"] is True
    assert (values["team"], values["date"]) == ("", None)


@pytest.mark.parametrize(
    "raw",
    [
        {},
        {"title": ""},
        {"title": "x" * 121},
        {"title": "x", "language": "de"},
        {"title": "x", "votes_per_person": 0},
        {"title": "x", "votes_per_person": "2.5"},
        {"title": "x", "commitment_days": 91},
        {"title": "x", "commitment_days": True},
        {"title": "x", "date": "31/12/2026"},
        {"title": "x", "show_names": "maybe"},
        {"title": 3},
        {"title": "x", "team": 3},
        {"title": "x", "date": "1999-12-31"},
        {"title": "x", "date": "2100-01-01"},
    ],
)
def test_invalid_settings_are_refused(raw):
    assert refusal_code(settings.clean_settings, raw) == "setting_invalid"


def test_unknown_setting_is_refused():
    assert refusal_code(settings.clean_settings, {"title": "x", "admin": True}) == "invalid_request"
    assert refusal_code(settings.clean_settings, [("title", "x")]) == "invalid_request"


def test_votes_and_days_take_both_ends_of_their_range():
    values = settings.clean_settings({"title": "x", "votes_per_person": 1, "commitment_days": 90})
    assert (values["votes_per_person"], values["commitment_days"]) == (1, 90)
    values = settings.clean_settings(
        {"title": "x", "votes_per_person": "10", "commitment_days": " 1 "}
    )
    assert (values["votes_per_person"], values["commitment_days"]) == (10, 1)


def test_a_date_from_2000_to_2099_and_an_empty_one_is_none():
    for raw, day in (
        ("2000-01-01", dt.date(2000, 1, 1)),
        ("2099-12-31", dt.date(2099, 12, 31)),
        (dt.date(2026, 5, 4), dt.date(2026, 5, 4)),
        ("", None),
        (None, None),
    ):
        assert settings.clean_settings({"title": "x", "date": raw})["date"] == day


def test_switches_take_json_booleans_and_form_values():
    for value in (True, "1", "true", "on", "yes"):
        assert settings.clean_settings({"show_names": value}, partial=True)["show_names"] is True
    for value in (False, "0", "false", "off", "no", "", None):
        assert settings.clean_settings({"show_names": value}, partial=True)["show_names"] is False


def test_vote_shaping_settings_freeze_when_the_vote_opens():
    settings.check_settings_change(Phase.TRANSPOSITION, {"votes_per_person"})
    settings.check_settings_change(Phase.VOTE, {"title"})
    assert (
        refusal_code(settings.check_settings_change, Phase.VOTE, {"votes_per_person"})
        == "settings_locked"
    )


def test_the_barometer_is_switched_on_or_off_before_anyone_joins_only():
    settings.check_settings_change(Phase.DRAFT, {"barometer"})
    for phase in (Phase.LOBBY, Phase.CLIENT_IDEAS):
        assert refusal_code(settings.check_settings_change, phase, {"barometer"}) == (
            "barometer_locked"
        )


def test_a_closed_workshop_answers_that_it_is_closed():
    assert (
        refusal_code(settings.check_settings_change, Phase.CLOSED, {"title"}) == "workshop_closed"
    )


def test_review_date_is_the_workshop_date_plus_the_period():
    assert settings.review_date(dt.date(2026, 11, 23), 15) == dt.date(2026, 12, 8)


def test_timer_bounds():
    assert settings.check_timer(300) == 300
    # From ten seconds to three hours, both ends included.
    assert settings.check_timer(10) == 10 and settings.check_timer(3 * 3600) == 3 * 3600
    for bad in (5, 4 * 3600, "300", True, None):
        assert refusal_code(settings.check_timer, bad) == "timer_invalid"


def test_join_codes_have_no_look_alikes():
    for forbidden in "01OIL":
        assert forbidden not in join_codes.ALPHABET
    code = join_codes.new_code()
    assert len(code) == 6 and set(code) <= set(join_codes.ALPHABET)


def test_typed_codes_are_normalized():
    assert join_codes.normalize(" abc-234 ") == "ABC234"
    assert join_codes.normalize("ABC23") is None
    assert join_codes.normalize("ABC230") is None  # 0 is never in a code
    assert join_codes.normalize(None) is None


def test_tokens_check_and_revoke():
    token = tokens.make_token(b"k", "participant", 7, "n1")
    assert tokens.token_id(token) == 7
    assert tokens.check_token(b"k", "participant", 7, "n1", token)
    assert not tokens.check_token(b"k", "participant", 7, "n2", token)  # new nonce revokes
    assert not tokens.check_token(b"k", "facilitator", 7, "n1", token)  # not another role's
    assert not tokens.check_token(b"other", "participant", 7, "n1", token)
    assert tokens.token_id("x-abc") is None


def test_a_nonce_fits_its_column_and_a_signature_binds_the_id():
    # The nonce columns hold 32 characters (PostgreSQL refuses more).
    nonce = tokens.new_nonce()
    assert len(nonce) == 32 and int(nonce, 16) >= 0 and nonce != tokens.new_nonce()
    # 24 bytes of HMAC in URL-safe base64: 32 characters, for every nonce.
    for n in range(200):
        assert len(tokens.make_token(b"k", "participant", 7, f"n{n}")) == len("7-") + 32
    # Changing the id a token names gives no token for that other record.
    forged = "8-" + tokens.make_token(b"k", "participant", 7, "n1").partition("-")[2]
    assert not tokens.check_token(b"k", "participant", 8, "n1", forged)


def test_a_token_claims_an_id_only_when_it_could_be_one():
    assert tokens.token_id(None) is None and tokens.token_id(7) is None
    assert tokens.token_id("7-" + "a" * 78) == 7  # 80 characters at most
    assert tokens.token_id("7-" + "a" * 79) is None
    assert tokens.token_id("７-abc") is None  # a full-width digit is not ours
    assert tokens.token_id("7-abcé") is None
    assert tokens.token_id("123456789-abc") == 123456789
    assert tokens.token_id("1234567890-abc") is None  # past any id
    assert tokens.token_id("-abc") is None
    # The signature is URL-safe base64, which may hold dashes itself.
    assert tokens.token_id("7-ab-cd") == 7


def test_merge_needs_two_ideas_of_one_kind():
    client, client2 = MergeSide(1, "client", False), MergeSide(2, "client", False)
    check_merge(client, client2)
    assert refusal_code(check_merge, client, client) == "merge_invalid"
    assert refusal_code(check_merge, client, MergeSide(3, "colleague", False)) == "merge_invalid"
    assert refusal_code(check_merge, client, MergeSide(4, "client", True)) == "idea_not_found"


def test_ids_sent_by_clients_are_whole_numbers_a_column_holds():
    assert check_id(1) == 1 and check_id(MAX_ID) == MAX_ID
    for bad in ("3", 3.0, True, None, [3]):
        assert refusal_code(check_id, bad) == "invalid_request"
    # Out of range: no such record can exist, said in the caller's words.
    assert refusal_code(check_id, 0) == "idea_not_found"
    assert refusal_code(check_id, MAX_ID + 1, "team_not_found") == "team_not_found"
