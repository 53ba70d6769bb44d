import json
from pathlib import Path

import pytest

from atelier.domain import accounts, review, served, settings
from atelier.domain.errors import Refusal
from atelier.domain.texts import MAX_TEXT, clean_name, clean_text, storable

HOSTILE = json.loads((Path(__file__).parent.parent / "data" / "hostile-inputs.json").read_text())


@pytest.mark.parametrize("text", HOSTILE["texts"])
def test_hostile_texts_are_stored_as_typed_but_trimmed(text):
    assert clean_text(text) == text.strip()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (HOSTILE["must_be_refused"]["empty"], "text_empty"),
        (HOSTILE["must_be_refused"]["only_spaces"], "text_empty"),
        (HOSTILE["must_be_refused"]["too_long"], "text_too_long"),
        ("\u200b\u200b", "text_empty"),
        ("nul\x00byte", "text_invalid"),
        (None, "invalid_request"),
        (42, "invalid_request"),
    ],
)
def test_refused_texts_say_why(text, code):
    with pytest.raises(Refusal) as refused:
        clean_text(text)
    assert refused.value.code == code


def test_limit_counts_characters_not_bytes():
    assert clean_text("é" * MAX_TEXT) == "é" * MAX_TEXT
    with pytest.raises(Refusal) as refused:
        clean_text("é" * (MAX_TEXT + 1))
    assert refused.value.params == {"limit": MAX_TEXT}


def test_line_breaks_inside_a_text_are_kept():
    assert clean_text("  one\ntwo  ") == "one\ntwo"


@pytest.mark.parametrize("name", HOSTILE["names"])
def test_hostile_names_are_kept(name):
    assert clean_name(name) == name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "name_empty"),
        ("   ", "name_empty"),
        ("A" * 41, "name_too_long"),
        ("a\nb", "name_invalid"),
    ],
)
def test_refused_names(name, code):
    with pytest.raises(Refusal) as refused:
        clean_name(name)
    assert refused.value.code == code


# -- one rule for every text people type ------------------------------------------------
def _field(call, multiline: bool, codes: tuple[str, str], required: bool = True):
    return pytest.param(call, multiline, codes, required, id=call.__name__)


def idea(value):
    return clean_text(value)


def first_name(value):
    return clean_name(value)


def account_name(value):
    return accounts.clean_display_name(value)


def title(value):
    return settings.clean_settings({"title": value})["title"]


def workshop_team(value):
    return settings.clean_settings({"title": "Atelier", "team": value})["team"]


def served_singular(value):
    return served.clean_serves({"singular": value, "plural": "résidents"})["serves_singular"]


def served_plural(value):
    return served.clean_serves({"singular": "résident", "plural": value})["serves_plural"]


def manager_team(value):
    teams = accounts.clean_teams([value])
    return teams[0] if teams else ""


def report_comment(value):
    return review.clean_report("yes", 3, value)["comment"]


def decision_note(value):
    return review.clean_decision("keep", value)["note"]


def next_step_note(value):
    return review.clean_outcome("other", value, None)["next_step_note"]


def lessons(value):
    return review.clean_outcome(None, None, value)["lessons"]


# (field, multi-line, (code when a character is refused, code when empty), required)
FIELDS = [
    _field(idea, True, ("text_invalid", "text_empty")),
    _field(first_name, False, ("name_invalid", "name_empty")),
    _field(account_name, False, ("name_invalid", "text_empty")),
    _field(title, False, ("setting_invalid", "setting_invalid")),
    _field(workshop_team, False, ("setting_invalid", None), required=False),
    _field(served_singular, False, ("serves_invalid", "serves_invalid")),
    _field(served_plural, False, ("serves_invalid", "serves_invalid")),
    _field(manager_team, False, ("team_invalid", None), required=False),
    _field(report_comment, True, ("text_invalid", None), required=False),
    _field(decision_note, True, ("text_invalid", None), required=False),
    _field(next_step_note, True, ("text_invalid", None), required=False),
    _field(lessons, True, ("text_invalid", None), required=False),
]
FIELD_ARGS = ("field", "multiline", "codes", "required")


@pytest.mark.parametrize(FIELD_ARGS, FIELDS)
@pytest.mark.parametrize("kind", sorted(HOSTILE["controls"]))
def test_every_field_refuses_control_characters(field, multiline, codes, required, kind):
    with pytest.raises(Refusal) as refused:
        field(HOSTILE["controls"][kind])
    assert refused.value.code == codes[0]


@pytest.mark.parametrize(FIELD_ARGS, FIELDS)
@pytest.mark.parametrize("text", HOSTILE["invisible_only"])
def test_invisible_text_is_empty_everywhere(field, multiline, codes, required, text):
    if not required:
        assert field(text) == ""
        return
    with pytest.raises(Refusal) as refused:
        field(text)
    assert refused.value.code == codes[1]


@pytest.mark.parametrize(FIELD_ARGS, FIELDS)
@pytest.mark.parametrize("text", HOSTILE["line_breaks"] + HOSTILE["bidi_controls"])
def test_single_line_fields_refuse_line_breaks_and_reordering_that_texts_keep(
    field, multiline, codes, required, text
):
    """A first name or a title is one line, read beside others: "\u202eAdmin"
    would read backwards and pass for another name."""
    if multiline:
        assert field(text) == text
        return
    with pytest.raises(Refusal) as refused:
        field(text)
    assert refused.value.code == codes[0]


@pytest.mark.parametrize(FIELD_ARGS, FIELDS)
def test_tabs_belong_to_multi_line_texts_only(field, multiline, codes, required):
    if multiline:
        assert field("a\tb") == "a\tb"
    else:
        with pytest.raises(Refusal):
            field("a\tb")


@pytest.mark.parametrize(FIELD_ARGS, FIELDS)
@pytest.mark.parametrize("name", HOSTILE["names"])
def test_every_field_keeps_what_people_really_type(field, multiline, codes, required, name):
    assert field(f"  {name} ") == name


def test_lone_surrogates_are_not_stored_and_private_use_letters_are():
    # U+D800 to U+DFFF, both ends, cannot be written as UTF-8.
    assert not storable("a\ud800") and not storable("a\udfff")
    assert storable("a\ue000") and storable("a\ud7ff")
