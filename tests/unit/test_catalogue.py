"""The French catalogue covers every message, plurals included."""

from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).parents[2] / "atelier/translations/fr/LC_MESSAGES/messages.po"


def test_every_message_has_a_french_translation():
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="fr")
    missing, broken = [], []
    for message in catalogue:
        if not message.id:
            continue
        if message.pluralizable:
            forms = message.string if isinstance(message.string, tuple) else ()
            if len(forms) != 2 or not all(forms):
                missing.append(message.id)
            elif any(len(form) < 2 for form in forms):  # a word split into letters
                broken.append(message.id)
        elif not message.string:
            missing.append(message.id)
    assert missing == [] and broken == []
