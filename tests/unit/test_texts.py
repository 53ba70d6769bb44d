import json
from pathlib import Path

import pytest

from atelier.domain.errors import Refusal
from atelier.domain.texts import MAX_TEXT, clean_name, clean_text

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
