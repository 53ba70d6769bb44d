"""What a text or a name must be to be stored: one rule for every user text.

Texts are stored as typed (only the outer white space is trimmed) and are
always rendered escaped; these checks only refuse what no one could mean.
Every field people type goes through ``check_text``: ideas, comments,
notes and lessons may span several lines; first names, account names,
titles and teams are single lines. Each kind of field keeps its own
refusal codes (``Codes``), so that the message speaks of what was typed.
"""

import unicodedata
from typing import NamedTuple

from .errors import Refusal

MAX_TEXT = 280
MAX_NAME = 40

# Line breaks and tabs are part of what people type in a text; other
# control characters (NUL, ESC, DEL, the C1 range…) are not.
_MULTILINE_CONTROLS = frozenset("\n\r\t")
# Unicode's own line and paragraph separators end a line too.
_LINE_SEPARATORS = frozenset("\u2028\u2029")
# Format characters such as zero-width spaces show nothing on their own;
# neither do combining marks without a letter to sit on, nor these letters
# and symbols drawn blank (Hangul fillers, the blank Braille pattern).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Bidirectional embeddings, overrides and isolates reorder what follows: in a
# single line shown beside others (a first name, a title), "\u202eAdmin"
# would read backwards and spoof another name. Arabic and Hebrew need none.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Codes(NamedTuple):
    """The refusal codes of one kind of field."""

    invalid: str
    empty: str
    too_long: str


TEXT = Codes("text_invalid", "text_empty", "text_too_long")
NAME = Codes("name_invalid", "name_empty", "name_too_long")


def storable(value: str) -> bool:
    """No lone surrogate (not valid UTF-8) and no NUL (PostgreSQL refuses it)."""
    return "\x00" not in value and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)


def allowed_characters(value: str, *, multiline: bool) -> bool:
    """Storable, and no control character but the line breaks and tabs of a text."""
    if not storable(value):
        return False
    for ch in value:
        if unicodedata.category(ch) == "Cc":
            if not (multiline and ch in _MULTILINE_CONTROLS):
                return False
        elif (ch in _LINE_SEPARATORS or ch in _BIDI_CONTROLS) and not multiline:
            return False
    return True


def is_blank(value: str) -> bool:
    """Nothing anyone could read: empty, spaces, or invisible characters only."""
    return all(
        unicodedata.category(ch) in _INVISIBLE_CATEGORIES or ch in _BLANK_LOOKING for ch in value
    )


def length(value: str) -> int:
    """Length as users count it on their phone: one per code point."""
    return len(value)


def check_text(
    raw: object,
    max_length: int,
    *,
    multiline: bool,
    codes: Codes = TEXT,
    required: bool = True,
) -> str:
    """The text trimmed, or a refusal with the field's ``codes``.

    A field that is not ``required`` takes None or a blank text as "".
    """
    if raw is None and not required:
        return ""
    if not isinstance(raw, str):
        raise Refusal("invalid_request")
    text = raw.strip()
    if not allowed_characters(text, multiline=multiline):
        raise Refusal(codes.invalid)
    if is_blank(text):
        if required:
            raise Refusal(codes.empty)
        return ""
    if length(text) > max_length:
        raise Refusal(codes.too_long, limit=max_length)
    return text


def clean_text(raw: object, max_length: int = MAX_TEXT) -> str:
    """An idea, a comment, a note: line breaks kept."""
    return check_text(raw, max_length, multiline=True)


def clean_name(raw: object) -> str:
    """A first name: one line, 1 to 40 characters."""
    return check_text(raw, MAX_NAME, multiline=False, codes=NAME)
