"""The flood guard: a workshop that receives ideas or joins faster than a room
of people on phones can produce them is paused until its facilitator says so."""

import datetime as dt

from .errors import Refusal

# What tripped it: too many ideas, or too many joins, in the guard's window.
REASONS = ("ideas", "joins")


def check_not_flooded(flooded_since: dt.datetime | None) -> None:
    """New ideas from participants and new joins wait while the guard is on."""
    if flooded_since is not None:
        raise Refusal("workshop_flooded")
