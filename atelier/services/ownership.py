"""Who runs a workshop: its owner, the co-facilitators they invite, and claiming.

A workshop made through a facilitator link alone (before accounts
existed) has no owner until someone holding that link claims it.
"""

from sqlalchemy import or_, select

from ..domain.accounts import MANAGER
from ..domain.errors import Refusal
from ..extensions import db
from ..models import CoFacilitator, User, Workshop
from .accounts import find_by_email


def facilitates(user: User | None, workshop: Workshop) -> bool:
    """An account runs this workshop as its owner or as an invited co-facilitator."""
    if user is None or not user.can_facilitate:
        return False
    if workshop.owner_id == user.id:
        return True
    return db.session.get(CoFacilitator, (workshop.id, user.id)) is not None


def manages(user: User | None, workshop: Workshop) -> bool:
    """A manager reads the workshops of the teams an admin gave them."""
    return (
        user is not None
        and user.active
        and user.role == MANAGER
        and bool(workshop.team_key)
        and workshop.team_key in user.team_keys
    )


def claim(user: User, workshop: Workshop) -> None:
    """The holder of the link attaches a link-only workshop to their account."""
    if not user.can_facilitate:
        raise Refusal("not_facilitator")
    if workshop.owner_id is not None:
        if workshop.owner_id == user.id:
            return
        raise Refusal("already_owned")
    workshop.owner_id = user.id
    db.session.commit()


def require_owner(user: User | None, workshop: Workshop) -> None:
    if user is None or workshop.owner_id != user.id or not user.can_facilitate:
        raise Refusal("not_owner")


def invite(owner: User, workshop: Workshop, email: object) -> User:
    require_owner(owner, workshop)
    guest = find_by_email(email) if isinstance(email, str) else None
    if guest is None or not guest.active:
        raise Refusal("account_not_found")
    if not guest.can_facilitate:
        raise Refusal("not_a_facilitator_account")
    if guest.id != owner.id and db.session.get(CoFacilitator, (workshop.id, guest.id)) is None:
        db.session.add(CoFacilitator(workshop_id=workshop.id, user_id=guest.id))
        db.session.commit()
    return guest


def remove(owner: User, workshop: Workshop, user_id: object) -> None:
    require_owner(owner, workshop)
    row = (
        db.session.get(CoFacilitator, (workshop.id, user_id)) if isinstance(user_id, int) else None
    )
    if row is not None:
        db.session.delete(row)
        db.session.commit()


def owner_of(workshop: Workshop) -> User | None:
    return db.session.get(User, workshop.owner_id) if workshop.owner_id else None


def co_facilitators(workshop: Workshop) -> list[User]:
    query = (
        select(User)
        .join(CoFacilitator, CoFacilitator.user_id == User.id)
        .filter(CoFacilitator.workshop_id == workshop.id)
        .order_by(User.name)
    )
    return list(db.session.scalars(query))


def workshops_run_by(user: User) -> list[Workshop]:
    """The workshops an account owns or co-facilitates, the most recent first."""
    co = select(CoFacilitator.workshop_id).filter_by(user_id=user.id)
    query = (
        select(Workshop)
        .filter(or_(Workshop.owner_id == user.id, Workshop.id.in_(co)))
        .order_by(Workshop.date.desc(), Workshop.id.desc())
    )
    return list(db.session.scalars(query))


def workshop_ids_run_by(user: User) -> list[int]:
    """The ids of the workshops whose facilitator pages this account may have open."""
    co = select(CoFacilitator.workshop_id).filter_by(user_id=user.id)
    query = select(Workshop.id).filter(or_(Workshop.owner_id == user.id, Workshop.id.in_(co)))
    return list(db.session.scalars(query))


def workshops_managed_by(user: User) -> list[Workshop]:
    keys = user.team_keys
    if user.role != MANAGER or not keys:
        return []
    query = (
        select(Workshop)
        .filter(Workshop.team_key.in_(keys))
        .order_by(Workshop.date.desc(), Workshop.id.desc())
    )
    return list(db.session.scalars(query))
