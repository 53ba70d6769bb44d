"""Persistence: SQLAlchemy models. Schema changes go through migrations/."""

from .idea import Idea, idea_authors
from .participant import Participant
from .receipt import Receipt
from .vote import Vote
from .workshop import Workshop

__all__ = ["Idea", "Participant", "Receipt", "Vote", "Workshop", "idea_authors"]
