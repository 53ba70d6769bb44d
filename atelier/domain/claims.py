"""Coming back without one's link: a phone asks to be someone, the facilitator says yes.

At the day-15 review, a participant who lost their personal link scans the
room's code again and picks their first name among those not back yet. That
creates a *claim*: nothing is handed over until a facilitator of the
workshop confirms it, one tap on their page. A claim that waits too long
expires; a refused one says so.
"""

import datetime as dt
import secrets

from .errors import Refusal
from .phases import Phase

# How long a request waits for the facilitator's answer.
CLAIM_TTL = dt.timedelta(minutes=10)
# Someone whose phone opened the workshop this recently is back (in this meeting).
BACK_WINDOW = dt.timedelta(hours=3)

PENDING, CONFIRMED, REFUSED, EXPIRED, WITHDRAWN = (
    "pending",
    "confirmed",
    "refused",
    "expired",
    "withdrawn",
)
STATUSES = (PENDING, CONFIRMED, REFUSED, EXPIRED, WITHDRAWN)

# The step where people come back: the day-15 review. Right after the vote,
# everyone's phone was in the room within the hour, so "not back yet" would
# list nobody; a phone that died then gets its link from the facilitator's
# QR code of it (the participants card).
_RECOVERY = frozenset({Phase.REVIEW})
# Requests waiting at once for one person: a second phone can be the real one
# after an impostor; more would let someone bury the real request.
MAX_WAITING_PER_PERSON = 2
_NUMBERS = range(10, 100)


def recovery_open(phase: Phase) -> bool:
    return phase in _RECOVERY


def check_can_claim(phase: Phase) -> None:
    if not recovery_open(phase):
        raise Refusal("claim_closed")


def is_back(seen_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether a device of this participant opened the workshop in this meeting."""
    return seen_at is not None and now - seen_at < BACK_WINDOW


def names_by_commitment(show_names: bool, anonymous_commitments: bool) -> bool:
    """Whether the list may be limited to those who committed.

    With names hidden (now, or when someone committed), listing only the
    people who committed would tell the room who voted: the list then holds
    everyone not back yet, committed or not, which says nothing more than
    the names the lobby already showed.
    """
    return show_names and not anonymous_commitments


def listed(*, back: bool, committed: bool, by_commitment: bool) -> bool:
    """Whether a name is offered on "Coming back? Find your first name"."""
    return not back and (committed or not by_commitment)


def status(stored: str, expires_at: dt.datetime, now: dt.datetime) -> str:
    """A pending claim past its time is expired, whether or not anyone wrote it down."""
    if stored == PENDING and now >= expires_at:
        return EXPIRED
    return stored


def answer(current: str, confirm: bool) -> str:
    """The facilitator's answer to a claim in ``current`` status: the new status.

    Answering twice the same way is harmless (a retried tap); changing one's
    mind after the phone was told is not allowed.
    """
    wanted = CONFIRMED if confirm else REFUSED
    if current == wanted:
        return wanted
    if current == EXPIRED:
        raise Refusal("claim_expired")
    if current != PENDING:
        raise Refusal("claim_answered")
    return wanted


def check_room_for(waiting_for_person: int) -> None:
    if waiting_for_person >= MAX_WAITING_PER_PERSON:
        raise Refusal("claim_crowded")


def new_number(taken: set[int]) -> int:
    """Two digits shown on the phone and on the facilitator's page, to tell
    claims apart: never one that a waiting claim of the workshop shows."""
    free = [number for number in _NUMBERS if number not in taken]
    if not free:
        raise Refusal("claim_crowded")
    return free[secrets.randbelow(len(free))]
