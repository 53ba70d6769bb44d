"""The flood guard's state: tripped by the room's pace, lifted by the facilitator.

The counting is in atelier/flood_guard.py (rate-limit storage, shared by every
process); here the guard's switch, stored with the workshop and versioned
like any change, so that every page of every process sees it.
"""

import datetime as dt

from ..domain.errors import Refusal
from ..domain.flooding import REASONS
from ..domain.phases import check_not_closed
from ..models import Workshop
from ..models._time import utcnow
from .changes import Outcome, run_change
from .identity import Identity
from .views import workshop_view


def trip(workshop_id: int, reason: str, now: dt.datetime | None = None) -> Outcome:
    """Turn the guard on; refused (nothing written) when it is on already."""
    if reason not in REASONS:
        raise ValueError(reason)

    def apply(workshop: Workshop, outcome: Outcome):
        if workshop.flood_guard_since is not None:
            raise Refusal("workshop_flooded")
        workshop.flood_guard_since = now or utcnow()
        workshop.flood_guard_reason = reason
        outcome.add("workshop", workshop_view(workshop))

    return run_change(workshop_id, apply)


def lift(identity: Identity) -> Outcome:
    """The facilitator lets ideas and joins in again."""
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        check_not_closed(workshop.current_phase)
        workshop.flood_guard_since = workshop.flood_guard_reason = None
        outcome.add("workshop", workshop_view(workshop))

    return run_change(identity.workshop_id, apply)
