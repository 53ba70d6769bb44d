"""Who runs a workshop: its owner, the addresses they invite, and claiming.

A workshop made through a facilitator link alone (before accounts
existed) has no owner until someone holding that link claims it.
"""

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ..domain.accounts import FACILITATING_ROLES, MANAGER, clean_account_email
from ..domain.errors import Refusal
from ..extensions import db
from ..models import Invitation, TeamMember, User, Workshop
from ..models._time import utcnow


def facilitates(user: User | None, workshop: Workshop) -> bool:
    """An account runs this workshop as its owner, or because its address is invited."""
    if user is None or not user.can_facilitate:
        return False
    if workshop.owner_id == user.id:
        return True
    return _invitation_for(user, workshop) is not None


def _invitation_for(user: User, workshop: Workshop) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).filter_by(workshop_id=workshop.id, email=user.email)
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


def invite(owner: User, workshop: Workshop, email: object) -> str:
    """Record an invitation for a well-formed address; the normalised address.

    Whether the address has an account, and of which kind, changes nothing
    here (not even the time it takes): inviting must not tell who has one.
    """
    require_owner(owner, workshop)
    address = clean_account_email(email)
    exists = select(Invitation.id).filter_by(workshop_id=workshop.id, email=address)
    if db.session.scalar(exists) is None:
        db.session.add(Invitation(workshop_id=workshop.id, email=address))
        try:
            db.session.commit()
        except IntegrityError:  # the same address, invited at the same moment
            db.session.rollback()
    return address


def remove(owner: User, workshop: Workshop, invitation_id: object) -> None:
    """Forget an invitation of this workshop (an id of another workshop's is nothing)."""
    require_owner(owner, workshop)
    if not isinstance(invitation_id, int):
        return
    row = db.session.get(Invitation, invitation_id)
    if row is not None and row.workshop_id == workshop.id:
        db.session.delete(row)
        db.session.commit()


def note_opened(user: User | None, workshop: Workshop) -> None:
    """An invited account opens the workshop: from now on the bilan names it."""
    if user is None or workshop.owner_id == user.id or not user.can_facilitate:
        return
    invitation = _invitation_for(user, workshop)
    if invitation is not None and invitation.opened_at is None:
        invitation.opened_at = utcnow()
        db.session.commit()


def owner_of(workshop: Workshop) -> User | None:
    return db.session.get(User, workshop.owner_id) if workshop.owner_id else None


def invitations(workshop: Workshop) -> list[Invitation]:
    """The invited addresses, for the facilitators panel (never their accounts)."""
    query = select(Invitation).filter_by(workshop_id=workshop.id).order_by(Invitation.email)
    return list(db.session.scalars(query))


def co_facilitators(workshop: Workshop) -> list[User]:
    """The accounts that co-facilitate through an invitation they have used
    (opened the workshop with), and still can facilitate; by name."""
    query = (
        select(User)
        .join(Invitation, Invitation.email == User.email)
        .filter(
            Invitation.workshop_id == workshop.id,
            Invitation.opened_at.is_not(None),
            User.active.is_(True),
            User.role.in_(FACILITATING_ROLES),
        )
        .order_by(User.name, User.email)
    )
    return list(db.session.scalars(query))


def _run_by(user: User):
    """The condition on workshops that an account owns or is invited to."""
    invited = select(Invitation.workshop_id).filter_by(email=user.email)
    return or_(Workshop.owner_id == user.id, Workshop.id.in_(invited))


def workshops_run_by(user: User) -> list[Workshop]:
    """The workshops an account owns or is invited to, the most recent first."""
    query = (
        select(Workshop).filter(_run_by(user)).order_by(Workshop.date.desc(), Workshop.id.desc())
    )
    return list(db.session.scalars(query))


def workshop_ids_run_by(user: User) -> list[int]:
    """The ids of the workshops whose facilitator pages this account may have open."""
    return list(db.session.scalars(select(Workshop.id).filter(_run_by(user))))


def workshops_managed_by(user: User) -> list[Workshop]:
    """The workshops of a manager's teams, the most recent first."""
    if user.role != MANAGER or not user.active:
        return []
    query = (
        select(Workshop)
        .join(TeamMember, TeamMember.team_id == Workshop.team_id)
        .filter(TeamMember.user_id == user.id)
        .order_by(Workshop.date.desc(), Workshop.id.desc())
    )
    return list(db.session.scalars(query))
