"""Persistence: SQLAlchemy models. Schema changes go through migrations/."""

from .account import Invitation, LoginSession, SiteSetting, User
from .barometer import BarometerAnswers, BarometerRound
from .claim import IdentityClaim
from .idea import Authorship, Idea
from .participant import Participant
from .receipt import Receipt
from .review import Decision, Reminder, Report, ReviewRound, RoundIdea
from .team import ShareLink, Team, TeamMember, TeamsKeptApart
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
    "Participant",
    "Receipt",
    "Reminder",
    "Report",
    "ReviewRound",
    "RoundIdea",
    "ShareLink",
    "SiteSetting",
    "Team",
    "TeamMember",
    "TeamsKeptApart",
    "User",
    "Vote",
    "Workshop",
]
