"""Accounts: roles, what each may do, and the rules for e-mails, passwords and teams.

Participants never have accounts; these are for the people who run
workshops (facilitators), read their outcomes (managers) and keep the
list of accounts (admins).
"""

import unicodedata

from .errors import Refusal
from .review import clean_email
from .texts import Codes, check_text

ADMIN = "admin"
FACILITATOR = "facilitator"
MANAGER = "manager"
ROLES = (ADMIN, FACILITATOR, MANAGER)
# Admins run workshops too; managers only read.
FACILITATING_ROLES = (ADMIN, FACILITATOR)

MIN_PASSWORD = 10
# Hashing cost grows with length: bound it so a huge body costs nothing.
MAX_PASSWORD = 200
MAX_NAME = 80
MAX_TEAM = 120
MAX_TEAMS = 50

# An account's name says "name_invalid" when it does not fit on one line;
# empty or too long, it speaks of text as before.
_DISPLAY_NAME = Codes("name_invalid", "text_empty", "text_too_long")


def parse_role(raw: object) -> str:
    if raw not in ROLES:
        raise Refusal("role_invalid")
    return raw


def can_facilitate(role: str) -> bool:
    return role in FACILITATING_ROLES


def clean_account_email(raw: object) -> str:
    """An account's e-mail, compared without regard to case."""
    email = clean_email(raw)
    if email is None:
        raise Refusal("email_invalid")
    return email.lower()


def clean_password(raw: object) -> str:
    if not isinstance(raw, str):
        raise Refusal("invalid_request")
    if len(raw) < MIN_PASSWORD:
        raise Refusal("password_too_short", limit=MIN_PASSWORD)
    if len(raw) > MAX_PASSWORD:
        raise Refusal("password_too_long", limit=MAX_PASSWORD)
    return raw


def clean_display_name(raw: object) -> str:
    """The name printed on a bilan's cover ("Facilitated by …")."""
    if raw is None:
        raise Refusal("name_empty")
    return check_text(raw, MAX_NAME, multiline=False, codes=_DISPLAY_NAME)


def team_key(team: str | None) -> str:
    """Teams match whatever the case, accents form or spacing: "R&D  Lyon" = "r&d lyon"."""
    text = unicodedata.normalize("NFC", team or "")
    return " ".join(text.split()).casefold()


def fits_as_team(team: str) -> bool:
    """Within MAX_TEAM characters, and so is its key: case folding lengthens
    some letters (ß → ss, ﬃ → ffi) and the key has a column of that size too."""
    return len(team) <= MAX_TEAM and len(team_key(team)) <= MAX_TEAM


def clean_team(raw: object, refusal: str = "team_invalid") -> str:
    """One team: a single line (the text rule), spaces collapsed; "" when blank."""
    if not isinstance(raw, str):
        raise Refusal("invalid_request")
    try:
        name = " ".join(check_text(raw, MAX_TEAM, multiline=False, required=False).split())
    except Refusal:
        raise Refusal(refusal, limit=MAX_TEAM) from None
    if not fits_as_team(name):
        raise Refusal(refusal, limit=MAX_TEAM)
    return name


def clean_teams(raw: object) -> list[str]:
    """A manager's teams, one per line or separated by commas; duplicates dropped."""
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = raw.replace(",", "\n").splitlines()
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        raise Refusal("invalid_request")
    teams, seen = [], set()
    for team in raw:
        name = clean_team(team)
        key = team_key(name)
        if not key or key in seen:
            continue
        seen.add(key)
        teams.append(name)
    if len(teams) > MAX_TEAMS:
        raise Refusal("team_invalid", limit=MAX_TEAM)
    return teams
