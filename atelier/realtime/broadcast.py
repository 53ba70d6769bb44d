"""The one place that sends changes to the rooms. Called only after commit."""

import logging
import threading

from flask import current_app, has_app_context

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
    """Send one committed change: "me" updates, then the same version to both rooms.

    The change is already committed: if sending fails (the message queue is
    down), the sender still gets its "ok" and the pages resync at the next
    version they see, rather than a retry storing the change twice.

    A join or a ballot (``outcome.coalesce``) waits up to
    ``BROADCAST_INTERVAL`` seconds to leave with the joins and ballots that
    follow it, as one message covering their contiguous versions: 300 phones
    joining (or voting in) a room of 300 cost a few messages per device
    rather than 300. Any other change of the workshop sends the waiting ones
    first, so versions still leave in order.
    """
    if outcome.version is None:  # a retry that changed nothing
        return
    interval = current_app.config.get("BROADCAST_INTERVAL", 0) if has_app_context() else 0
    server = socketio.server
    key = (id(server), outcome.workshop_id)
    coalesced = outcome.coalesce and interval > 0
    with _lock:
        before = _pending.pop(key, None)
        if coalesced:
            if before is not None and before.last + 1 == outcome.version:
                before.add(outcome)
                _pending[key] = before
                return
            # The first join of a batch, or one whose version another process
            # (or a change between) took the one before: a new batch.
            _pending[key] = _Batch(server, outcome)
            server.start_background_task(_flush_later, key, _pending[key], interval)
        if before is not None:
            # Under the lock: the timer's flush can't slip a batch in between.
            before.send()
    if not coalesced:
        _send(server, outcome.workshop_id, outcome.version, None, outcome, _mes(outcome))


class _Batch:
    """Joins and ballots of one workshop waiting to leave as one message per room."""

    def __init__(self, server, outcome: Outcome):
        self.server = server
        self.workshop_id = outcome.workshop_id
        self.first = self.last = outcome.version
        self.public: list[dict] = []
        self.facilitator: list[dict] = []
        self.personal: list[tuple[int, dict]] = []
        self.add(outcome)

    def add(self, outcome: Outcome) -> None:
        self.last = outcome.version
        self.public += outcome.public
        self.facilitator += outcome.facilitator
        self.personal += _mes(outcome)

    def send(self) -> None:
        first = self.first if self.first < self.last else None
        self.public = compact_votes(self.public)
        self.facilitator = compact_votes(self.facilitator)
        # A "me" is a participant's whole own state: the latest one says it all.
        latest = {pid: me for pid, me in self.personal}
        _send(self.server, self.workshop_id, self.last, first, self, list(latest.items()))


def compact_votes(ops: list[dict]) -> list[dict]:
    """The ``votes`` ops of a batch as one, where the latest one's progress
    stands and the tallies (only the ideas whose count changed) merge, later
    counts winning: what a page holds after applying them all in order.

    Nothing else reads or writes the votes (docs/realtime-api.md), so the one
    op takes the place of the last. When the tallies are null in some ops
    only (hidden, then shown: never inside one batch, since that change is
    not coalesced), merging would differ: the ops stay as they are.
    """
    votes = [op["data"] for op in ops if op["type"] == "votes"]
    if len(votes) < 2:
        return ops
    hidden = [data["tallies"] is None for data in votes]
    if any(hidden) and not all(hidden):
        return ops
    tallies = None
    if not any(hidden):
        tallies = {}
        for data in votes:
            tallies.update(data["tallies"])
    merged = {"type": "votes", "data": {**votes[-1], "tallies": tallies}}
    last = max(i for i, op in enumerate(ops) if op["type"] == "votes")
    return [
        merged if i == last else op
        for i, op in enumerate(ops)
        if op["type"] != "votes" or i == last
    ]


# Joins and ballots waiting, by (Socket.IO server, workshop): one process's batches. The
# lock orders a batch's sending before any later change of its workshop.
_pending: dict[tuple[int, int], _Batch] = {}
_lock = threading.RLock()


def _flush_later(key: tuple[int, int], batch: _Batch, interval: float) -> None:
    """The background task of one batch: after the interval, send it if no
    other change of the workshop has sent it already."""
    batch.server.sleep(interval)
    with _lock:
        if _pending.get(key) is not batch:
            return
        del _pending[key]
        batch.send()


def _mes(outcome: Outcome) -> list[tuple[int, dict]]:
    # Versioned too: a late "me" never overwrites a newer one.
    return [(pid, {**me, "v": outcome.version}) for pid, me in outcome.personal.items()]


def _send(server, workshop_id: int, v: int, first: int | None, change, mes) -> None:
    """Each participant's "me", then the change messages of versions
    ``first``..``v`` (one version when ``first`` is None) to both rooms.

    In that order: should the queue fail part-way, a page that missed the
    change learns it is behind from the next heartbeat and resyncs, "me"
    included; a page that got the change but missed its "me" would not.
    """
    try:
        for participant_id, me in mes:
            server.emit("me", me, to=participant_room(participant_id), namespace="/")
        span = {"v": v} if first is None else {"v": v, "from": first}
        server.emit(
            "change", {**span, "ops": change.public}, to=public_room(workshop_id), namespace="/"
        )
        server.emit(
            "change",
            {**span, "ops": change.facilitator},
            to=facilitator_room(workshop_id),
            namespace="/",
        )
    except Exception:
        log.exception("broadcast of workshop %s v%s failed", workshop_id, v)


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
    with _lock:  # changes still waiting to be sent are moot
        _pending.pop((id(socketio.server), workshop_id), None)
    for room in (public_room(workshop_id), facilitator_room(workshop_id)):
        try:
            socketio.emit("deleted", {}, to=room)
            socketio.close_room(room)
        except Exception:
            log.exception("telling workshop %s's pages about its deletion failed", workshop_id)
