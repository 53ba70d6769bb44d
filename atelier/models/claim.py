import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._time import utcnow


class IdentityClaim(db.Model):
    """A phone asking to be a participant who lost their link (domain/claims.py).

    Nothing is handed over until a facilitator confirms it; the phone that
    asked is the browser whose session holds this claim's id.
    """

    __tablename__ = "identity_claims"
    __table_args__ = (
        UniqueConstraint("workshop_id", "client_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    # The phone's id for this request: a retry finds the same claim.
    client_id: Mapped[str] = mapped_column(String(64))
    # Two digits the phone shows, for the facilitator to tell two requests apart.
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
