"""Persistence: SQLAlchemy models. Schema changes go through migrations/."""

from .account import Invitation, LoginSession, ManagedTeam, SiteSetting, User
from .claim import IdentityClaim
from .idea import Authorship, Idea
from .participant import Participant
from .receipt import Receipt
from .review import Decision, Reminder, Report
from .vote import Vote
from .workshop import Workshop

__all__ = [
    "Authorship",
    "Decision",
    "Idea",
    "IdentityClaim",
    "Invitation",
    "LoginSession",
    "ManagedTeam",
    "Participant",
    "Receipt",
    "Reminder",
    "Report",
    "SiteSetting",
    "User",
    "Vote",
    "Workshop",
]
