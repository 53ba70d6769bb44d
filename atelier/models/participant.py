import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._time import utcnow


class Participant(db.Model):
    """Someone who joined from a phone: a first name, no account."""

    __tablename__ = "participants"
    # SQLite must never give a deleted record's id to a new one: ids live on
    # in open connections, caches and links.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(40))
    # Return link = HMAC(secret key, id, nonce); see domain/tokens.py.
    token_nonce: Mapped[str] = mapped_column(String(32))
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Optional, for reminders only: never shown to anyone, never exported
    # with names to other participants.
    email: Mapped[str | None] = mapped_column(String(254))
    # When a device of theirs last opened the workshop (at most every few
    # minutes): who is "back" at the review (domain/claims.py).
    seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<Participant {self.id} {self.name!r}>"
