"""Accounts: roles, what each may do, and the rules for e-mails, passwords and teams.

Participants never have accounts; these are for the people who run
workshops (facilitators), read their outcomes (managers) and keep the
list of accounts (admins).
"""

import unicodedata

from .errors import Refusal
from .review import clean_email
from .texts import clean_text

ADMIN = "admin"
FACILITATOR = "facilitator"
MANAGER = "manager"
ROLES = (ADMIN, FACILITATOR, MANAGER)

MIN_PASSWORD = 10
# Hashing cost grows with length: bound it so a huge body costs nothing.
MAX_PASSWORD = 200
MAX_NAME = 80
MAX_TEAM = 120
MAX_TEAMS = 50


def parse_role(raw: object) -> str:
    if raw not in ROLES:
        raise Refusal("role_invalid")
    return raw


def can_facilitate(role: str) -> bool:
    """Admins run workshops too; managers only read."""
    return role in (ADMIN, FACILITATOR)


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
    name = clean_text(raw, MAX_NAME)
    if any(ch in name for ch in "\r\n\t"):
        raise Refusal("name_invalid")
    return name


def team_key(team: str | None) -> str:
    """Teams match whatever the case, accents form or spacing: "R&D  Lyon" = "r&d lyon"."""
    text = unicodedata.normalize("NFC", team or "")
    return " ".join(text.split()).casefold()


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
        name = " ".join(team.split())
        key = team_key(name)
        if not key or key in seen:
            continue
        if len(name) > MAX_TEAM:
            raise Refusal("team_invalid", limit=MAX_TEAM)
        seen.add(key)
        teams.append(name)
    if len(teams) > MAX_TEAMS:
        raise Refusal("team_invalid", limit=MAX_TEAM)
    return teams
