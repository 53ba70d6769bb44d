import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._time import utcnow


class Receipt(db.Model):
    """Proof that a submission was applied, keyed by the client's own id.

    Written in the same transaction as the change it records, so a retry
    after a lost acknowledgement finds it and changes nothing.
    """

    __tablename__ = "receipts"
    __table_args__ = (UniqueConstraint("workshop_id", "actor", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    # "p<participant id>" or "f" (the facilitator).
    actor: Mapped[str] = mapped_column(String(24))
    # "<operation>:<client id>": one id reused for another action is not a retry.
    client_id: Mapped[str] = mapped_column(String(100))
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
