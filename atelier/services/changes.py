"""The one way a workshop changes: a locked, versioned, idempotent transaction."""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, update

from ..domain.errors import Refusal
from ..extensions import db
from ..models import Receipt, Workshop


@dataclass
class Outcome:
    """What a change did: the events to broadcast and the sender's acknowledgement.

    ``public`` ops go to the screen and the phones, ``facilitator`` ops to the
    facilitator's pages; both share ``version``. ``personal`` holds a fresh
    "me" payload for participants whose own choices changed.
    """

    workshop_id: int
    version: int | None = None
    public: list[dict] = field(default_factory=list)
    facilitator: list[dict] = field(default_factory=list)
    personal: dict[int, dict] = field(default_factory=dict)
    result: dict = field(default_factory=dict)
    duplicate: bool = False
    # May wait a moment to be broadcast with the changes of the same kind
    # that follow it (joins: atelier/realtime/broadcast.py).
    coalesce: bool = False

    def add(self, type_: str, data: dict, facilitator_data: dict | None = None) -> None:
        """Record one op for everyone; ``facilitator_data`` when the facilitator sees more."""
        self.public.append({"type": type_, "data": data})
        self.facilitator.append({"type": type_, "data": facilitator_data or data})

    def add_split(self, public_op: tuple[str, dict], facilitator_op: tuple[str, dict]) -> None:
        """Record one change that the room and the facilitator see differently."""
        self.public.append({"type": public_op[0], "data": public_op[1]})
        self.facilitator.append({"type": facilitator_op[0], "data": facilitator_op[1]})


def check_client_id(client_id: object, required: bool = True) -> str | None:
    if client_id is None and not required:
        return None
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= 64:
        raise Refusal("invalid_request")
    if not client_id.isascii() or not client_id.isprintable():
        raise Refusal("invalid_request")
    return client_id


def already_applied(workshop_id: int, actor: str, operation: str, client_id: object) -> bool:
    """Whether a submission was applied before: its retry must get its first answer."""
    client_id = check_client_id(client_id)
    return (
        db.session.scalar(
            select(Receipt.id).filter_by(
                workshop_id=workshop_id, actor=actor, client_id=f"{operation}:{client_id}"
            )
        )
        is not None
    )


def run_change(
    workshop_id: int,
    apply: Callable[[Workshop, Outcome], dict | None],
    *,
    actor: str | None = None,
    client_id: str | None = None,
    operation: str = "",
) -> Outcome:
    """Apply one change to a workshop, commit it, and describe it.

    The version bump is the transaction's first statement: that UPDATE takes
    the workshop row's lock (PostgreSQL) or the database's write lock
    (SQLite) before anything is read, so changes to one workshop run one
    after the other and a rule checked inside (the vote limit) cannot race.
    A refusal rolls everything back, the bump included.
    """
    if client_id is not None:
        # The same id sent with another action is not a retry of the first.
        client_id = f"{operation}:{client_id}"
    session = db.session()
    if session.in_transaction():
        # End any read transaction: a write must start with the lock.
        session.commit()
    try:
        version = session.execute(
            update(Workshop)
            .where(Workshop.id == workshop_id)
            .values(version=Workshop.version + 1)
            .returning(Workshop.version)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if version is None:
            raise Refusal("workshop_not_found")
        if client_id is not None:
            done = session.scalar(
                select(Receipt.result).filter_by(
                    workshop_id=workshop_id, actor=actor, client_id=client_id
                )
            )
            if done is not None:
                session.rollback()
                return Outcome(workshop_id, result=done, duplicate=True)
        workshop = session.get(Workshop, workshop_id, populate_existing=True)
        outcome = Outcome(workshop_id, version)
        outcome.result = apply(workshop, outcome) or {}
        if client_id is not None:
            session.add(
                Receipt(
                    workshop_id=workshop_id,
                    actor=actor,
                    client_id=client_id,
                    result=outcome.result,
                )
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return outcome
