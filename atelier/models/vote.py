import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._time import utcnow


class Vote(db.Model):
    """One commitment: a participant chose to try a colleague idea."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("participant_id", "idea_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Chosen while the workshop hid names: the bilan and exports count it,
    # never name it (domain/anonymity.py).
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
