"""What a text or a name must be to be stored.

Texts are stored as typed (only the outer white space is trimmed) and are
always rendered escaped; these checks only refuse what no one could mean.
"""

import unicodedata

from .errors import Refusal

MAX_TEXT = 280
MAX_NAME = 40

# Line breaks and tabs are part of what people type; other control
# characters (NUL above all, which PostgreSQL refuses) are not.
_ALLOWED_CONTROLS = frozenset("\n\r\t")
# Format characters such as zero-width spaces show nothing on their own.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _has_forbidden_control(value: str) -> bool:
    controls = any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in value)
    return controls or not storable(value)


def storable(value: str) -> bool:
    """No lone surrogate (not valid UTF-8) and no NUL (PostgreSQL refuses it)."""
    return "\x00" not in value and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)


def _is_blank(value: str) -> bool:
    return all(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in value)


def length(value: str) -> int:
    """Length as users count it on their phone: one per code point."""
    return len(value)


def clean_text(raw: object, max_length: int = MAX_TEXT) -> str:
    if not isinstance(raw, str):
        raise Refusal("invalid_request")
    text = raw.strip()
    if _has_forbidden_control(text):
        raise Refusal("text_invalid")
    if not text or _is_blank(text):
        raise Refusal("text_empty")
    if length(text) > max_length:
        raise Refusal("text_too_long", limit=max_length)
    return text


def clean_name(raw: object) -> str:
    """A first name: one line, 1 to 40 characters."""
    if not isinstance(raw, str):
        raise Refusal("invalid_request")
    name = raw.strip()
    if any(unicodedata.category(ch) == "Cc" for ch in name) or not storable(name):
        raise Refusal("name_invalid")
    if not name or _is_blank(name):
        raise Refusal("name_empty")
    if length(name) > MAX_NAME:
        raise Refusal("name_too_long", limit=MAX_NAME)
    return name
