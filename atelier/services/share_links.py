"""Read-only share links for an external review (PRODUCT.md §9).

A link opens one workshop's team-page section and its PDF bilan, nothing
else, until its expiry date (inclusive) or until a facilitator revokes it.
The secret is shown once, when made; only its SHA-256 digest is stored, so
a copy of the database opens nothing.
"""

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select

from ..domain.errors import Refusal
from ..extensions import db
from ..models import ShareLink, Workshop
from ..models._time import utcnow

DEFAULT_DAYS = 30
MAX_DAYS = 90
# What a token looks like (secrets.token_urlsafe(32)): anything else is not one.
_TOKEN_LENGTH = 43


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def today() -> dt.date:
    return utcnow().date()


def default_expiry(on: dt.date | None = None) -> dt.date:
    return (on or today()) + dt.timedelta(days=DEFAULT_DAYS)


def earliest_expiry(on: dt.date | None = None) -> dt.date:
    return (on or today()) + dt.timedelta(days=1)


def latest_expiry(on: dt.date | None = None) -> dt.date:
    return (on or today()) + dt.timedelta(days=MAX_DAYS)


def parse_expiry(value: object, on: dt.date | None = None) -> dt.date:
    """An expiry date from a form: tomorrow at the earliest, MAX_DAYS ahead at most;
    empty means DEFAULT_DAYS from today."""
    on = on or today()
    if value is None or value == "":
        return default_expiry(on)
    if not isinstance(value, str) or len(value) > 10:
        raise Refusal("share_expiry_invalid", limit=MAX_DAYS)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise Refusal("share_expiry_invalid", limit=MAX_DAYS) from None
    if not on < day <= latest_expiry(on):
        raise Refusal("share_expiry_invalid", limit=MAX_DAYS)
    return day


def make_link(workshop: Workshop, expires_on: dt.date) -> str:
    """A new link's secret token (shown once); the database keeps its digest."""
    token = secrets.token_urlsafe(32)
    db.session.add(ShareLink(workshop_id=workshop.id, digest=digest(token), expires_on=expires_on))
    db.session.commit()
    return token


def revoke(workshop: Workshop, link_id: int) -> bool:
    """This workshop's link stops working; another workshop's id changes nothing."""
    link = db.session.get(ShareLink, link_id)
    if link is None or link.workshop_id != workshop.id:
        return False
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        db.session.commit()
    return True


def live_links(workshop: Workshop) -> list[ShareLink]:
    """The links that still open the workshop, oldest first."""
    query = (
        select(ShareLink)
        .filter(
            ShareLink.workshop_id == workshop.id,
            ShareLink.revoked_at.is_(None),
            ShareLink.expires_on >= today(),
        )
        .order_by(ShareLink.created_at, ShareLink.id)
    )
    return list(db.session.scalars(query))


def open_link(token: str) -> tuple[ShareLink, Workshop]:
    """The link and its workshop; refused when unknown, revoked or expired."""
    link = None
    if isinstance(token, str) and len(token) == _TOKEN_LENGTH:
        link = db.session.scalar(select(ShareLink).filter_by(digest=digest(token)))
    if link is None:
        raise Refusal("share_not_found")
    if link.revoked_at is not None:
        raise Refusal("share_revoked")
    if link.expires_on < today():
        raise Refusal("share_expired")
    workshop = db.session.get(Workshop, link.workshop_id)
    if workshop is None:  # pragma: no cover - the link goes with its workshop (cascade)
        raise Refusal("share_not_found")
    return link, workshop
