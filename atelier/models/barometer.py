import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class BarometerRound(db.Model):
    """One round of a workshop's barometer (domain/barometer.py ROUNDS).

    Made when the facilitator first opens it; answers come in only between
    ``opened_at`` and ``closed_at``, and closing is final.
    """

    __tablename__ = "barometer_rounds"
    __table_args__ = (UniqueConstraint("workshop_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    round: Mapped[str] = mapped_column(String(10))  # day0 | day15
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class BarometerAnswers(db.Model):
    """One participant's answer set for one round, as domain/barometer.clean_answers
    returns it (side → dimension → 1-5), replaced whole on each save.

    Tied to its author only so that they can change or withdraw it and see
    their own choices again: nothing reads it per person for anyone else
    (services/barometer.py). No timestamp, so the order of the answers
    cannot be matched with who was in the room when.
    """

    __tablename__ = "barometer_answers"
    __table_args__ = (UniqueConstraint("participant_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    round: Mapped[str] = mapped_column(String(10))  # day0 | day15
    answers: Mapped[dict] = mapped_column(JSON)
