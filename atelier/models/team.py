import datetime as dt

from sqlalchemy import DateTime, String, Text
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
