"""The one place that sends changes to the rooms. Called only after commit."""

from ..extensions import socketio
from ..services.changes import Outcome


def public_room(workshop_id: int) -> str:
    """The screen and the phones."""
    return f"w{workshop_id}"


def facilitator_room(workshop_id: int) -> str:
    return f"w{workshop_id}:f"


def participant_room(participant_id: int) -> str:
    """Every device of one participant."""
    return f"p{participant_id}"


def publish(outcome: Outcome) -> None:
    """Send one committed change: the same version to both rooms, then "me" updates."""
    if outcome.version is None:  # a retry that changed nothing
        return
    wid, v = outcome.workshop_id, outcome.version
    socketio.emit("change", {"v": v, "ops": outcome.public}, to=public_room(wid))
    socketio.emit("change", {"v": v, "ops": outcome.facilitator}, to=facilitator_room(wid))
    for participant_id, me in outcome.personal.items():
        socketio.emit("me", me, to=participant_room(participant_id))


def publish_deleted(workshop_id: int) -> None:
    """Open pages learn that the workshop is gone, and say so."""
    for room in (public_room(workshop_id), facilitator_room(workshop_id)):
        socketio.emit("deleted", {}, to=room)
