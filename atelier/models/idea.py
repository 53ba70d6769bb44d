import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.anonymity import name_shown
from ..extensions import db
from . import search
from ._time import utcnow
from .participant import Participant


class Authorship(db.Model):
    """Who wrote an idea; a merged idea keeps every author of the ideas merged into it."""

    __tablename__ = "idea_authors"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    # Written while the workshop hid names: never shown, whatever the
    # workshop shows later (domain/anonymity.py).
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    participant: Mapped[Participant] = relationship(lazy="selectin")


class Idea(db.Model):
    """A client idea, or a colleague idea (the transposition of one, or free)."""

    __tablename__ = "ideas"
    # SQLite must never give a deleted record's id to a new one: ids live on
    # in open connections, caches and links.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # "client" | "colleague"
    text: Mapped[str] = mapped_column(Text)
    # For a colleague idea, the client idea it mirrors (None: a free idea).
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True
    )
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set when the facilitator merged this idea into another; it then
    # disappears everywhere but is kept so that nothing typed is lost.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # An idea offered to the vote because another workshop kept it: where
    # it comes from (that workshop's idea), so the new group sees how it went.
    origin_idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    # The barometer dimension a colleague idea serves (domain/barometer.py
    # DIMENSIONS), when known: the library filters on it.
    dimension: Mapped[str | None] = mapped_column(String(20))

    authorships: Mapped[list[Authorship]] = relationship(
        lazy="selectin", order_by=Authorship.participant_id, cascade="all, delete-orphan"
    )

    @property
    def visible(self) -> bool:
        return not self.hidden and self.merged_into_id is None

    def author_names(self, show_names: bool) -> list[str]:
        """The names shown next to the idea (domain/anonymity.py)."""
        return [a.participant.name for a in self.authorships if name_shown(show_names, a.anonymous)]

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.kind}>"


# The library's full-text index over ``text`` (models/search.py).
search.listen(Idea.__table__)
