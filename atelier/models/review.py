import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._time import utcnow


class Report(db.Model):
    """What one participant says of one commitment at day 15."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("participant_id", "idea_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    # The review round it is for (domain/rounds.py): 1 is the first review.
    round: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    tried: Mapped[str] = mapped_column(String(10))  # yes | partly | no
    feeling: Mapped[int] = mapped_column(Integer)  # 1..5
    comment: Mapped[str] = mapped_column(Text, default="")
    # Written (or once rewritten) while the workshop hid names: never shown
    # with a name again (domain/anonymity.py).
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Decision(db.Model):
    """What the group decides for one committed idea, at one review round."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("idea_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    choice: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Reminder(db.Model):
    """One reminder e-mail to one participant, claimed before it is sent.

    The unique constraint is what makes two concurrent runs of
    ``atelier send-reminders`` send it once: only one can insert the row.
    """

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("participant_id", "kind", "for_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # summary | halfway | eve
    # The review date it was sent for: a moved review gets its own reminders.
    for_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="sending")  # sending|sent|failed
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    error: Mapped[str] = mapped_column(Text, default="")


class ReviewRound(db.Model):
    """A further review round (2 and on), opened when a review extended ideas."""

    __tablename__ = "review_rounds"
    __table_args__ = (UniqueConstraint("workshop_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    # The previous round's review date: where this round's period starts
    # (its halfway reminder, its summary), and what the bilan shows for it.
    previous_review_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RoundIdea(db.Model):
    """An idea extended to a review round: that round reviews these only."""

    __tablename__ = "round_ideas"
    __table_args__ = (UniqueConstraint("workshop_id", "round", "idea_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
