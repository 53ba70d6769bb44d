"""Who is asking: the facilitator of a workshop, one of its participants, or nobody."""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import bindparam, select

from ..domain import tokens
from ..domain.errors import Refusal
from ..domain.join_codes import normalize
from ..extensions import db
from ..models import Participant, User, Workshop
from .ownership import facilitates

FACILITATOR = "facilitator"
PARTICIPANT = "participant"
MANAGER = "manager"


@dataclass(frozen=True)
class Identity:
    workshop_id: int
    participant_id: int | None = None
    facilitator: bool = False
    # The row that proved a participant, when ``identify`` read one: kept, so
    # that the session does not read it again (it holds objects weakly).
    participant: Participant | None = field(default=None, compare=False, repr=False)

    @property
    def actor(self) -> str:
        return "f" if self.facilitator else f"p{self.participant_id}"

    def require_facilitator(self) -> None:
        if not self.facilitator:
            raise Refusal("not_facilitator")

    def require_participant(self) -> int:
        if self.participant_id is None:
            raise Refusal("not_participant")
        return self.participant_id


def _secret() -> bytes:
    return current_app.secret_key.encode()


def facilitator_key(workshop: Workshop) -> str:
    return tokens.make_token(_secret(), FACILITATOR, workshop.id, workshop.facilitator_nonce)


def participant_token(participant: Participant) -> str:
    return tokens.make_token(_secret(), PARTICIPANT, participant.id, participant.token_nonce)


# Built once: every page load and every connection looks its workshop up.
_BY_CODE = select(Workshop).where(Workshop.code == bindparam("code"))


def find_workshop(code: object) -> Workshop:
    normalized = normalize(code)
    workshop = normalized and db.session.scalar(_BY_CODE, {"code": normalized})
    if not workshop:
        raise Refusal("workshop_not_found")
    return workshop


def is_facilitator(workshop: Workshop, key: object, user: User | None = None) -> bool:
    """The facilitator link, or a signed-in account that owns or co-facilitates it."""
    has_link = (
        isinstance(key, str)
        and tokens.token_id(key) == workshop.id
        and tokens.check_token(_secret(), FACILITATOR, workshop.id, workshop.facilitator_nonce, key)
    )
    return has_link or facilitates(user, workshop)


def find_participant(workshop: Workshop, token: object) -> Participant | None:
    """The participant a return token belongs to, in this workshop only."""
    pid = tokens.token_id(token)
    if pid is None:
        return None
    participant = db.session.get(Participant, pid)
    if participant is None or participant.workshop_id != workshop.id:
        return None
    if not tokens.check_token(_secret(), PARTICIPANT, pid, participant.token_nonce, token):
        return None
    return participant


def identify(
    workshop: Workshop, *, key: object = None, token: object = None, user: User | None = None
) -> Identity:
    """The strongest identity the given credentials prove, or a refusal."""
    if is_facilitator(workshop, key, user):
        return Identity(workshop.id, facilitator=True)
    participant = find_participant(workshop, token) if token is not None else None
    if participant is not None:
        return Identity(workshop.id, participant_id=participant.id, participant=participant)
    raise Refusal("unauthenticated")


def manager_token(workshop: Workshop) -> str | None:
    if workshop.manager_nonce is None:
        return None
    return tokens.make_token(_secret(), MANAGER, workshop.id, workshop.manager_nonce)


def is_manager(workshop: Workshop, token: object) -> bool:
    """The read-only manager link, while the facilitator has not revoked it."""
    return (
        workshop.manager_nonce is not None
        and isinstance(token, str)
        and tokens.token_id(token) == workshop.id
        and tokens.check_token(_secret(), MANAGER, workshop.id, workshop.manager_nonce, token)
    )
