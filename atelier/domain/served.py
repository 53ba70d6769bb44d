"""Who the team serves: the word the workshop uses for them.

The method speaks of customers, but a public service has *usagers*, a
hospital *patients*, a school pupils and families. The facilitator picks
one of the presets below or types their own word (singular and plural);
every text that names them then uses it (atelier/served_texts.py turns the
choice into the forms a sentence needs).

It may change while the room is preparing (draft, lobby) and before any
client idea exists: once the client ideas are written, they were written for
someone.
"""

from typing import NamedTuple

from .errors import Refusal
from .phases import Phase
from .texts import Codes, check_text

# In the order the facilitator's list shows them; "customers" by default.
PRESETS = (
    "customers",
    "service_users",
    "patients",
    "students_families",
    "beneficiaries",
    "users",
    "members",
)
DEFAULT = "customers"
CUSTOM = "custom"
MAX_WORD = 40
_WORD = Codes("serves_invalid", "serves_invalid", "serves_invalid")
_OPEN = frozenset({Phase.DRAFT, Phase.LOBBY})

# An article typed with the word ("l'usager", "les usagers", "the members")
# is dropped: each sentence puts its own (French "les", or none in English).
_ARTICLES = ("le ", "la ", "les ", "l'", "l’", "un ", "une ", "des ", "the ", "a ", "an ")
_BARE_ARTICLES = frozenset(article.strip() for article in _ARTICLES)


class Words(NamedTuple):
    """The forms sentences need, in one language.

    ``person``: the singular without article, as in "client idea" / "idée
    client"; ``persons``: the same before "ideas" ("client ideas" / "idées
    clients": French agrees, English does not); ``people``: the plural
    without article ("customers", "usagers"); ``the_people``: the plural as
    a sentence's subject ("customers", "les usagers"). Sentences use
    plurals: French plurals take "les", "des" and "aux" without elision or
    gender.
    """

    person: str
    persons: str
    people: str
    the_people: str


def bare(word: str) -> str:
    """The word without a leading article, as typed otherwise."""
    lowered = word.casefold()
    for article in _ARTICLES:
        if lowered.startswith(article) and len(word) > len(article):
            return word[len(article) :].strip()
    return word


def custom_words(singular: str, plural: str, language: str) -> Words:
    """A typed word, used as typed in every language (only the article moves)."""
    person, people = bare(singular), bare(plural)
    if language == "fr":
        return Words(person, people, people, f"les {people}")
    return Words(person, person, people, people)


def clean_word(value: object) -> str:
    """One line of at most MAX_WORD characters, inner spaces collapsed."""
    if not isinstance(value, str):
        raise _invalid()
    try:
        word = " ".join(check_text(value, MAX_WORD, multiline=False, codes=_WORD).split())
    except Refusal:
        raise _invalid() from None
    if word.casefold() in _BARE_ARTICLES:  # an article is not a word
        raise _invalid()
    return word


def _invalid() -> Refusal:
    # Its message says the limit, whatever was wrong.
    return Refusal("serves_invalid", limit=MAX_WORD)


def clean_serves(value: object) -> dict:
    """A preset's key, or ``{"singular", "plural"}`` typed by the facilitator.

    Returns the workshop's three columns (the typed words empty for a preset).
    """
    if isinstance(value, str) and value in PRESETS:
        return {"serves": value, "serves_singular": "", "serves_plural": ""}
    if isinstance(value, dict) and set(value) == {"singular", "plural"}:
        return {
            "serves": CUSTOM,
            "serves_singular": clean_word(value["singular"]),
            "serves_plural": clean_word(value["plural"]),
        }
    raise _invalid()


def setting_of(key: str, singular: str, plural: str) -> str | dict:
    """The stored choice as ``clean_serves`` takes it (to start a workshop from another)."""
    return {"singular": singular, "plural": plural} if key == CUSTOM else key


def check_serves_change(phase: Phase, has_ideas: bool) -> None:
    """Open until the client ideas start (and while none is written)."""
    if phase not in _OPEN or has_ideas:
        raise Refusal("serves_locked")
