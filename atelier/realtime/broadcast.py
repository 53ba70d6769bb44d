"""The one place that sends changes to the rooms. Called only after commit."""

import logging

from ..extensions import socketio
from ..services.changes import Outcome

log = logging.getLogger(__name__)


def public_room(workshop_id: int) -> str:
    """The screen and the phones."""
    return f"w{workshop_id}"


def facilitator_room(workshop_id: int) -> str:
    return f"w{workshop_id}:f"


def participant_room(participant_id: int) -> str:
    """Every device of one participant."""
    return f"p{participant_id}"


def publish(outcome: Outcome) -> None:
    """Send one committed change: the same version to both rooms, then "me" updates.

    The change is already committed: if sending fails (the message queue is
    down), the sender still gets its "ok" and the pages resync at the next
    version they see, rather than a retry storing the change twice.
    """
    if outcome.version is None:  # a retry that changed nothing
        return
    wid, v = outcome.workshop_id, outcome.version
    try:
        socketio.emit("change", {"v": v, "ops": outcome.public}, to=public_room(wid))
        socketio.emit("change", {"v": v, "ops": outcome.facilitator}, to=facilitator_room(wid))
        for participant_id, me in outcome.personal.items():
            # Versioned too: a late "me" never overwrites a newer one.
            socketio.emit("me", {**me, "v": v}, to=participant_room(participant_id))
    except Exception:
        log.exception("broadcast of workshop %s v%s failed", wid, v)


def publish_claims(workshop_id: int, pending: list[dict]) -> None:
    """The requests of people coming back without their link, to the facilitator
    pages only: the whole (short) list, outside the versioned changes, since
    nothing the room sees has changed."""
    try:
        socketio.emit("claims", {"claims": pending}, to=facilitator_room(workshop_id))
    except Exception:
        log.exception("sending workshop %s's identity claims failed", workshop_id)


def revoke_facilitators(workshop_id: int) -> None:
    """A facilitator's access was taken away: the facilitator pages leave the room
    (on every process) and are asked to connect again, which checks them anew."""
    room = facilitator_room(workshop_id)
    try:
        socketio.emit("reauth", {}, to=room)
        socketio.close_room(room)
    except Exception:
        log.exception("asking workshop %s's facilitator pages to reconnect failed", workshop_id)


def revoke_account(workshop_ids: list[int]) -> None:
    """An account signed out, changed its password, lost its role or was
    deactivated: the facilitator pages of its workshops check themselves again.

    Those of other facilitators reconnect and carry on; those that relied on
    the ended sign-in are refused, on every process."""
    for workshop_id in workshop_ids:
        revoke_facilitators(workshop_id)


def publish_deleted(workshop_id: int) -> None:
    """Open pages learn that the workshop is gone, and leave its rooms."""
    for room in (public_room(workshop_id), facilitator_room(workshop_id)):
        try:
            socketio.emit("deleted", {}, to=room)
            socketio.close_room(room)
        except Exception:
            log.exception("telling workshop %s's pages about its deletion failed", workshop_id)
