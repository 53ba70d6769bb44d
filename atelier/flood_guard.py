"""The per-workshop flood guard, where requests come in (Socket.IO and HTTP).

Each participant's idea and each join is counted per workshop in the rate
limits' storage (Redis with several processes, so the count is the room's,
whatever process each phone reaches). Past ``FLOOD_GUARD_IDEAS`` or
``FLOOD_GUARD_JOINS`` (docs/security.md gives the figures and why), the guard
trips: the workshop records it (services/flood.py), every page hears it, and
new ideas from participants and new joins are refused with
``workshop_flooded`` until the facilitator lifts it (``flood.lift``).
"""

import contextlib

from sqlalchemy import select

from . import throttle
from .domain.errors import Refusal
from .extensions import db
from .models import Workshop
from .realtime.broadcast import publish
from .services import flood
from .services.changes import already_applied

LIMITS = {"ideas": "FLOOD_GUARD_IDEAS", "joins": "FLOOD_GUARD_JOINS"}


def guard(workshop_id: int, reason: str, *, actor: str, operation: str, client_id) -> None:
    """Before an idea or a join: past the room's figure, trip the guard and refuse.

    Only what was accepted counts (``accepted``): a flood of requests that are
    refused anyway (an empty name, the wrong step) must not pause the room. A
    retry of a submission already applied is never refused here: it must get
    its first answer (the service finds its receipt). While the guard is on,
    the service refuses under the lock.
    """
    if not throttle.exhausted(LIMITS[reason], workshop_id):
        return
    if already_applied(workshop_id, actor, operation, client_id):
        return
    if _flooded(workshop_id) is None:
        with contextlib.suppress(Refusal):  # another request may have tripped it first
            publish(flood.trip(workshop_id, reason))
    raise Refusal("workshop_flooded")


def accepted(workshop_id: int, reason: str, outcome) -> None:
    """Count an idea or a join the workshop took (a retry is not a new one)."""
    if not outcome.duplicate:
        throttle.count(LIMITS[reason], workshop_id)


def _flooded(workshop_id: int):
    return db.session.scalar(select(Workshop.flood_guard_since).filter_by(id=workshop_id))


def start_afresh(workshop_id: int) -> None:
    """After a lift: the room's counts start from zero, on every process."""
    for name in LIMITS.values():
        throttle.reset(name, workshop_id)


def check_join(workshop: Workshop, client_id) -> None:
    """Before a join: per address (a room behind one NAT shares it), then the
    room's pace; ``accepted(workshop.id, "joins", outcome)`` once it is done."""
    throttle.consume("RATE_LIMIT_JOINS", throttle.client_address(), workshop.id)
    guard(workshop.id, "joins", actor="join", operation="join", client_id=client_id)
