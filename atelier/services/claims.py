"""Coming back without one's link (domain/claims.py): the list of names, the
phone's request, the facilitator's answer, and the hand-over of the identity.

Claims are not part of the workshop's versioned state (nothing the room sees
changes): they live in their own table, each write is one conditional
statement, and the facilitator's pages hear of them by a ``claims`` event
(realtime/broadcast.py ``publish_claims``).
"""

import datetime as dt
import re

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.exc import IntegrityError

from ..domain import claims as rules
from ..domain.errors import Refusal
from ..domain.ids import check_id
from ..extensions import db
from ..models import IdentityClaim, Participant, Vote, Workshop
from ..models._time import utcnow
from .changes import check_client_id
from .identity import Identity
from .views import iso_utc

# A phone seen again within this time is not written down again.
SEEN_EVERY = dt.timedelta(minutes=5)


def mark_seen(participant: Participant, now: dt.datetime | None = None) -> None:
    """A device of this participant opened the workshop: they are back.

    Written at every step, not only at the review: people arrive at a day-15
    meeting while it is still at the results, and stay connected when the
    review opens. At most once per ``SEEN_EVERY``, so a room reconnecting
    costs one write per person, not one per connection."""
    now = now or utcnow()
    if participant.seen_at is not None and now - participant.seen_at < SEEN_EVERY:
        return
    db.session.execute(_SEEN, {"pid": participant.id, "when": now})
    db.session.commit()


# Built once: in a reconnect storm this runs for every phone.
_people = Participant.__table__
_SEEN = update(_people).where(_people.c.id == bindparam("pid")).values(seen_at=bindparam("when"))


def candidates(workshop: Workshop, now: dt.datetime | None = None) -> list[dict]:
    """The first names offered to someone coming back, in alphabetical order."""
    now = now or utcnow()
    if not rules.recovery_open(workshop.current_phase):
        return []
    committed = set(
        db.session.scalars(select(Vote.participant_id).filter_by(workshop_id=workshop.id))
    )
    anonymous = db.session.scalar(
        select(exists().where(Vote.workshop_id == workshop.id, Vote.anonymous.is_(True)))
    )
    by_commitment = rules.names_by_commitment(workshop.show_names, bool(anonymous))
    people = db.session.execute(
        select(Participant.id, Participant.name, Participant.seen_at).filter_by(
            workshop_id=workshop.id
        )
    ).all()
    return sorted(
        (
            {"id": pid, "name": name}
            for pid, name, seen_at in people
            if rules.listed(
                back=rules.is_back(seen_at, now),
                committed=pid in committed,
                by_commitment=by_commitment,
            )
        ),
        key=lambda p: (p["name"].casefold(), p["id"]),
    )


def claim_view(claim: IdentityClaim, name: str, now: dt.datetime | None = None) -> dict:
    return {
        "id": claim.id,
        "participant_id": claim.participant_id,
        "name": name,
        "number": claim.number,
        "status": rules.status(claim.status, claim.expires_at, now or utcnow()),
        "expires_at": iso_utc(claim.expires_at),
    }


def pending(workshop_id: int, now: dt.datetime | None = None) -> list[dict]:
    """The requests waiting for a facilitator's answer, oldest first."""
    now = now or utcnow()
    rows = db.session.execute(
        select(IdentityClaim, Participant.name)
        .join(Participant, Participant.id == IdentityClaim.participant_id)
        .where(*_still_waiting(workshop_id, now))
        .order_by(IdentityClaim.id)
    ).all()
    return [claim_view(claim, name, now) for claim, name in rows]


def _still_waiting(workshop_id: int, now: dt.datetime) -> tuple:
    return (
        IdentityClaim.workshop_id == workshop_id,
        IdentityClaim.status == rules.PENDING,
        IdentityClaim.expires_at > now,
    )


def _waiting(workshop_id: int, now: dt.datetime) -> list[IdentityClaim]:
    """The workshop's claims still waiting for an answer."""
    return list(db.session.scalars(select(IdentityClaim).where(*_still_waiting(workshop_id, now))))


def _held(workshop_id: int, claim_id: object) -> IdentityClaim | None:
    if not isinstance(claim_id, int):
        return None
    claim = db.session.get(IdentityClaim, claim_id)
    return claim if claim is not None and claim.workshop_id == workshop_id else None


def create(
    workshop: Workshop,
    participant_id: object,
    client_id: object,
    *,
    held_claim_id: object = None,
    now: dt.datetime | None = None,
) -> tuple[IdentityClaim, bool]:
    """A phone asks to be ``participant_id``: ``(claim, duplicate)``.

    The same ``client_id`` from the browser that sent it is a retry; from
    another browser it is refused. A browser has one request at a time: a
    new one withdraws the previous one.
    """
    now = now or utcnow()
    client_id = check_client_id(client_id)
    existing = db.session.scalar(
        select(IdentityClaim).filter_by(workshop_id=workshop.id, client_id=client_id)
    )
    if existing is not None:
        if existing.id != held_claim_id:
            raise Refusal("client_id_reused")
        return existing, True
    rules.check_can_claim(workshop.current_phase)
    # A form field: ASCII digits only (int() would also take " 1 " or "١").
    if isinstance(participant_id, str) and re.fullmatch(r"[0-9]{1,10}", participant_id):
        participant_id = int(participant_id)
    participant_id = check_id(participant_id, not_found="name_not_listed")
    if participant_id not in {p["id"] for p in candidates(workshop, now)}:
        raise Refusal("name_not_listed")
    previous = _held(workshop.id, held_claim_id)
    if previous is not None and previous.status == rules.PENDING:
        previous.status = rules.WITHDRAWN
        previous.answered_at = now
    waiting = _waiting(workshop.id, now)
    rules.check_room_for(sum(1 for c in waiting if c.participant_id == participant_id))
    claim = IdentityClaim(
        workshop_id=workshop.id,
        participant_id=participant_id,
        client_id=client_id,
        number=rules.new_number({c.number for c in waiting}),
        status=rules.PENDING,
        created_at=now,
        expires_at=now + rules.CLAIM_TTL,
    )
    db.session.add(claim)
    try:
        db.session.commit()
    except IntegrityError:
        # The same request sent twice at once: the other one was stored.
        db.session.rollback()
        raise Refusal("client_id_reused") from None
    return claim, False


def answer(
    identity: Identity, claim_id: object, confirm: object, now: dt.datetime | None = None
) -> dict:
    """A facilitator confirms or refuses a request; a confirmation refuses
    the other requests for the same person."""
    identity.require_facilitator()
    now = now or utcnow()
    claim_id = check_id(claim_id, not_found="claim_not_found")
    if not isinstance(confirm, bool):
        raise Refusal("invalid_request")
    claim = _held(identity.workshop_id, claim_id)
    if claim is None:
        raise Refusal("claim_not_found")
    current = rules.status(claim.status, claim.expires_at, now)
    wanted = rules.answer(current, confirm)
    if wanted != current:
        # Only a request still pending (and in time) moves: two answers at
        # once cannot both win.
        moved = db.session.execute(
            update(IdentityClaim)
            .where(
                IdentityClaim.id == claim.id,
                IdentityClaim.status == rules.PENDING,
                IdentityClaim.expires_at > now,
            )
            .values(status=wanted, answered_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not moved:
            db.session.rollback()
            db.session.refresh(claim)
            rules.answer(rules.status(claim.status, claim.expires_at, now), confirm)
        elif confirm:
            db.session.execute(
                update(IdentityClaim)
                .where(
                    IdentityClaim.participant_id == claim.participant_id,
                    IdentityClaim.id != claim.id,
                    IdentityClaim.status == rules.PENDING,
                )
                .values(status=rules.REFUSED, answered_at=now)
                .execution_options(synchronize_session=False)
            )
            db.session.execute(
                update(Participant)
                .where(Participant.id == claim.participant_id)
                .values(seen_at=now)
                .execution_options(synchronize_session=False)
            )
        db.session.commit()
        db.session.refresh(claim)
    name = db.session.scalar(select(Participant.name).filter_by(id=claim.participant_id))
    return claim_view(claim, name, now)


def held_claim(workshop: Workshop, claim_id: int, held_claim_id: object) -> IdentityClaim:
    """The request this browser made, or a refusal: a claim is only ever seen
    by the phone that sent it."""
    claim = _held(workshop.id, held_claim_id)
    if claim is None or claim.id != claim_id:
        raise Refusal("claim_not_found")
    return claim


def current_status(claim: IdentityClaim, now: dt.datetime | None = None) -> str:
    return rules.status(claim.status, claim.expires_at, now or utcnow())
