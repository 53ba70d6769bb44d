"""Persistence: SQLAlchemy models. Schema changes go through migrations/."""

from .account import Invitation, LoginSession, ManagedTeam, SiteSetting, User
from .barometer import BarometerAnswers, BarometerRound
from .claim import IdentityClaim
from .idea import Authorship, Idea
from .participant import Participant
from .receipt import Receipt
from .review import Decision, Reminder, Report
from .team import Team
from .vote import Vote
from .workshop import Workshop

__all__ = [
    "Authorship",
    "BarometerAnswers",
    "BarometerRound",
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
    "Team",
    "User",
    "Vote",
    "Workshop",
]
