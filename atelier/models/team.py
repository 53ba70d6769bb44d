import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._time import utcnow


class Team(db.Model):
    """A team workshops belong to (domain/teams.py): one row per team, however
    its name was typed, so that a typo no longer hides a workshop.

    ``key`` is ``teams.match_key(name)``: two names that differ only in case,
    accents or spacing are one team.
    """

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # Unbounded: NFKD may lengthen a name (ligatures, compatibility letters).
    key: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TeamMember(db.Model):
    """An account given a team: a manager reads its workshops, a facilitator
    leads it (sees its page, renames it). What the membership allows follows
    the account's role (domain/teams.py)."""

    __tablename__ = "team_members"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TeamsKeptApart(db.Model):
    """Two teams whose names are close but that an admin said are different:
    no longer listed as a near miss. ``first_id`` < ``second_id``."""

    __tablename__ = "teams_kept_apart"

    first_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    second_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )


class ShareLink(db.Model):
    """A read-only link to one workshop's bilan and team-page section, for an
    external review. Only a digest of its secret is stored; it stops working
    on ``expires_on`` (inclusive) or once revoked."""

    __tablename__ = "share_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
