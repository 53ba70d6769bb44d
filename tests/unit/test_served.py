"""Who the team serves: the presets, a typed word, and until when it may change."""

import pytest

from atelier.domain import served, settings
from atelier.domain.errors import Refusal
from atelier.domain.phases import Phase

from .refusals import refusal_code


def test_a_new_workshop_serves_customers_unless_told():
    values = settings.clean_settings({"title": "Rennes"})
    assert (values["serves"], values["serves_singular"], values["serves_plural"]) == (
        "customers",
        "",
        "",
    )
    chosen = settings.clean_settings({"title": "Mairie", "serves": "service_users"})
    assert chosen["serves"] == "service_users"


def test_a_typed_word_is_trimmed_and_kept_with_its_article():
    values = served.clean_serves({"singular": "  l’habitant ", "plural": "les   habitants"})
    assert values == {
        "serves": "custom",
        "serves_singular": "l’habitant",
        "serves_plural": "les habitants",
    }
    # Each sentence puts its own article: French "les", English none.
    assert served.custom_words("l’habitant", "les habitants", "fr") == served.Words(
        "habitant", "habitants", "habitants", "les habitants"
    )
    assert served.custom_words("the resident", "The residents", "en") == served.Words(
        "resident", "resident", "residents", "residents"
    )
    assert served.custom_words("un habitant", "des habitants", "fr").the_people == "les habitants"


def test_a_workshop_started_from_another_takes_its_choice_as_it_was_set():
    assert served.setting_of("patients", "", "") == "patients"
    typed = served.setting_of("custom", "l’habitant", "les habitants")
    assert typed == {"singular": "l’habitant", "plural": "les habitants"}
    assert served.clean_serves(typed) == {
        "serves": "custom",
        "serves_singular": "l’habitant",
        "serves_plural": "les habitants",
    }


@pytest.mark.parametrize(
    "value",
    [
        "clients",  # a word, not a preset's key
        "custom",  # "custom" needs the typed words
        {"singular": "résident"},
        {"singular": "", "plural": "résidents"},
        {"singular": "les ", "plural": "résidents"},  # an article alone
        {"singular": "l'", "plural": "les"},
        {"singular": "résident", "plural": "r" * 41},
        {"singular": "résident\nBcc: x@example.org", "plural": "résidents"},
        {"singular": "\u202eresident", "plural": "résidents"},
        {"singular": "résident", "plural": "résidents", "extra": "x"},
        {"singular": 3, "plural": "résidents"},
        None,
        ["patients"],
    ],
)
def test_anything_else_is_refused_with_its_limit(value):
    with pytest.raises(Refusal) as refused:
        served.clean_serves(value)
    assert refused.value.code == "serves_invalid"
    assert refused.value.params == {"limit": 40}


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.LOBBY])
def test_the_choice_changes_while_the_room_gets_ready(phase):
    settings.check_settings_change(phase, {"serves"})


@pytest.mark.parametrize(
    "phase", [Phase.CLIENT_IDEAS, Phase.TRANSPOSITION, Phase.VOTE, Phase.RESULTS, Phase.REVIEW]
)
def test_the_choice_is_locked_once_the_ideas_start(phase):
    assert refusal_code(settings.check_settings_change, phase, {"serves"}) == "serves_locked"
    assert refusal_code(settings.check_settings_change, phase, {"serves_plural"}) == "serves_locked"
    settings.check_settings_change(phase, {"title"})  # other settings are not


def test_back_in_the_lobby_with_ideas_written_the_choice_stays():
    with pytest.raises(Refusal) as refused:
        settings.check_settings_change(Phase.LOBBY, {"serves"}, has_ideas=True)
    assert refused.value.code == "serves_locked"
