"""The words for who the team serves, in each language (domain/served.py).

A preset's forms are translated in the catalogue, so that French says
"les usagers" and English "service users"; a typed word is used as typed.
Sentences take them as %(person)s ("client idea"), %(persons)s ("client
ideas", French "idées clients"), %(people)s ("customers"), %(the_people)s
("les clients"); a title starting with one goes through the ``upfirst``
filter (atelier/i18n.py) or upFirst (static/js/dom.js), as French and
English do not start with the same word.
"""

from flask_babel import force_locale, get_locale, pgettext

from .domain import served
from .domain.served import Words
from .domain.settings import LANGUAGES


def Nc_(context: str, message: str) -> str:
    """Mark a message with its context for extraction; translated when shown."""
    return message


# (as in "client idea", as in "client ideas", plural, plural as a sentence's
# subject).
# English has no article; French puts "les" (élèves et *les* familles).
PRESETS = {
    "customers": (
        Nc_("served: one, as in 'client idea'", "client"),
        Nc_("served: before 'ideas', as in 'client ideas'", "client"),
        Nc_("served: many", "customers"),
        Nc_("served: the many", "customers"),
    ),
    "service_users": (
        Nc_("served: one, as in 'client idea'", "service user"),
        Nc_("served: before 'ideas', as in 'client ideas'", "service user"),
        Nc_("served: many", "service users"),
        Nc_("served: the many", "service users"),
    ),
    "patients": (
        Nc_("served: one, as in 'client idea'", "patient"),
        Nc_("served: before 'ideas', as in 'client ideas'", "patient"),
        Nc_("served: many", "patients"),
        Nc_("served: the many", "patients"),
    ),
    "students_families": (
        Nc_("served: one, as in 'client idea'", "student and family"),
        Nc_("served: before 'ideas', as in 'client ideas'", "student and family"),
        Nc_("served: many", "students and families"),
        Nc_("served: the many", "students and families"),
    ),
    "beneficiaries": (
        Nc_("served: one, as in 'client idea'", "beneficiary"),
        Nc_("served: before 'ideas', as in 'client ideas'", "beneficiary"),
        Nc_("served: many", "beneficiaries"),
        Nc_("served: the many", "beneficiaries"),
    ),
    "users": (
        Nc_("served: one, as in 'client idea'", "user"),
        Nc_("served: before 'ideas', as in 'client ideas'", "user"),
        Nc_("served: many", "users"),
        Nc_("served: the many", "users"),
    ),
    "members": (
        Nc_("served: one, as in 'client idea'", "member"),
        Nc_("served: before 'ideas', as in 'client ideas'", "member"),
        Nc_("served: many", "members"),
        Nc_("served: the many", "members"),
    ),
}
_CONTEXTS = (
    "served: one, as in 'client idea'",
    "served: before 'ideas', as in 'client ideas'",
    "served: many",
    "served: the many",
)


def words(key: str, singular: str = "", plural: str = "", language: str | None = None) -> Words:
    """The forms of the choice in ``language`` (the current one by default)."""
    language = language or str(get_locale() or "fr")
    if key not in PRESETS:
        if key == served.CUSTOM and singular and plural:
            return served.custom_words(singular, plural, language)
        key = served.DEFAULT
    with force_locale(language):
        return Words(*(pgettext(c, m) for c, m in zip(_CONTEXTS, PRESETS[key], strict=True)))


def placeholders(forms: Words) -> dict:
    """The values %(person)s, %(persons)s, %(people)s, %(the_people)s take."""
    return forms._asdict()


def workshop_placeholders(workshop=None, language: str | None = None) -> dict:
    """The workshop's words (customers when there is no workshop)."""
    if workshop is None:
        return placeholders(words(served.DEFAULT, language=language))
    return placeholders(
        words(workshop.serves, workshop.serves_singular, workshop.serves_plural, language)
    )


# In the pages' string bundle the placeholders stay, for dom.js to fill with
# the workshop's current choice (it may change while the room waits).
KEEP = {name: f"%({name})s" for name in placeholders(Words("", "", "", ""))}


def both_languages(workshop) -> dict:
    """For the snapshot: the forms in each language, whatever page shows them."""
    return {language: workshop_placeholders(workshop, language) for language in LANGUAGES}


def preset_named(name: str) -> str | None:
    """A preset's key from its key or its plural in either language ("usagers")."""
    name = name.strip().casefold()
    if name in PRESETS:
        return name
    for key in PRESETS:
        if any(name == words(key, language=lang).people.casefold() for lang in LANGUAGES):
            return key
    return None


def choices(language: str | None = None) -> list[tuple[str, str]]:
    """The facilitator's list: each preset's key and its plural."""
    return [(key, words(key, language=language).people) for key in PRESETS]


def upfirst(text: str) -> str:
    """A title's first letter in capitals, the rest as written."""
    return text[:1].upper() + text[1:]
