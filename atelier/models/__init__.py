"""Persistence: SQLAlchemy models. Schema changes go through migrations/."""

from .idea import Idea, idea_authors
from .participant import Participant
from .receipt import Receipt
from .review import Decision, Reminder, Report
from .vote import Vote
from .workshop import Workshop

__all__ = [
    "Decision",
    "Idea",
    "Participant",
    "Receipt",
    "Reminder",
    "Report",
    "Vote",
    "Workshop",
    "idea_authors",
]
