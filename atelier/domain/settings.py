"""What a facilitator sets up, and when each setting can still change."""

import datetime as dt

from .accounts import clean_team
from .errors import Refusal
from .phases import Phase
from .served import DEFAULT as SERVES_DEFAULT
from .served import check_serves_change, clean_serves
from .texts import Codes, check_text

LANGUAGES = ("fr", "en")
DEFAULTS = {
    "votes_per_person": 2,
    "commitment_days": 15,
    "show_names": True,
    "language": "fr",
    "barometer": True,
    "in_library": True,
    "serves": SERVES_DEFAULT,
}
LIMITS = {"votes_per_person": (1, 10), "commitment_days": (1, 90)}
MAX_TITLE = 120
_SETTING = Codes("setting_invalid", "setting_invalid", "setting_invalid")
MIN_TIMER, MAX_TIMER = 10, 3 * 3600
# Workshops happen in this century: also keeps date + period computable.
MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)

# Settings that shape the vote are frozen once it opens: changing them
# afterwards would change the promise people already made.
_FROZEN_FROM_VOTE = frozenset({"votes_per_person", "commitment_days"})
_BEFORE_VOTE = frozenset({Phase.DRAFT, Phase.LOBBY, Phase.CLIENT_IDEAS, Phase.TRANSPOSITION})


def _int_in(value: object, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise Refusal("setting_invalid")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Refusal("setting_invalid") from None
    if str(number) != str(value).strip() or not low <= number <= high:
        raise Refusal("setting_invalid")
    return number


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("1", "true", "on", "yes"):
        return True
    if value in ("0", "false", "off", "no", "", None):
        return False
    raise Refusal("setting_invalid")


def _title(value: object) -> str:
    """One line (the text rule of domain/texts.py), inner spaces collapsed."""
    if not isinstance(value, str):
        raise Refusal("setting_invalid")
    return " ".join(check_text(value, MAX_TITLE, multiline=False, codes=_SETTING).split())


def _team(value: object) -> str:
    if not isinstance(value, str):
        raise Refusal("setting_invalid")
    return clean_team(value, refusal="setting_invalid")


def clean_settings(raw: dict, *, partial: bool = False) -> dict:
    """Validate workshop settings; with ``partial`` only the given keys."""
    if not isinstance(raw, dict):
        raise Refusal("invalid_request")
    cleaners = {
        "title": _title,
        "team": _team,
        "language": lambda v: v if v in LANGUAGES else _fail(),
        "votes_per_person": lambda v: _int_in(v, *LIMITS["votes_per_person"]),
        "commitment_days": lambda v: _int_in(v, *LIMITS["commitment_days"]),
        "show_names": _bool,
        "date": _date,
        "barometer": _bool,
        # Whether its tried ideas feed the library (without names); it may
        # change until the workshop is closed, and the library follows at once.
        "in_library": _bool,
        # Who the team serves (domain/served.py): a preset's key or the
        # typed {"singular", "plural"}; stored as three columns.
        "serves": clean_serves,
    }
    unknown = set(raw) - set(cleaners)
    if unknown:
        raise Refusal("invalid_request")
    if not partial:
        raw = {**DEFAULTS, "team": "", "date": None, **raw}
        if "title" not in raw:
            raise Refusal("setting_invalid")
    clean = {key: cleaners[key](value) for key, value in raw.items()}
    if "serves" in clean:
        clean.update(clean.pop("serves"))
    return clean


def _fail():
    raise Refusal("setting_invalid")


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise Refusal("setting_invalid") from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise Refusal("setting_invalid")
    return day


SERVES_KEYS = frozenset({"serves", "serves_singular", "serves_plural"})


def check_settings_change(
    phase: Phase, keys: set[str], voted: bool = False, has_ideas: bool = False
) -> None:
    if phase is Phase.CLOSED:
        raise Refusal("workshop_closed")
    if (voted or phase not in _BEFORE_VOTE) and keys & _FROZEN_FROM_VOTE:
        raise Refusal("settings_locked")
    if "barometer" in keys and phase is not Phase.DRAFT:
        # Once people join it is offered to them; switching it then would
        # take away answers already given, or ask for them halfway.
        raise Refusal("barometer_locked")
    if keys & SERVES_KEYS:
        check_serves_change(phase, has_ideas)


def review_date(workshop_date: dt.date, commitment_days: int) -> dt.date:
    return workshop_date + dt.timedelta(days=commitment_days)


def check_timer(seconds: object) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise Refusal("timer_invalid")
    if not MIN_TIMER <= seconds <= MAX_TIMER:
        raise Refusal("timer_invalid")
    return seconds
