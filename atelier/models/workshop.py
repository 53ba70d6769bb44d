import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.phases import Phase
from ..domain.settings import review_date
from ..extensions import db
from ._time import utcnow


class Workshop(db.Model):
    __tablename__ = "workshops"
    # SQLite must never give a deleted record's id to a new one: ids live on
    # in open connections, caches and links.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public identifier: the join code, in URLs and on the screen.
    code: Mapped[str] = mapped_column(String(6), unique=True)
    # Facilitator link = HMAC(secret key, id, nonce); see domain/tokens.py.
    facilitator_nonce: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(120))
    team: Mapped[str] = mapped_column(String(120), default="")
    # The team as a row (models/team.py), the same for every spelling of its
    # name; None for a workshop without a team (services/teams.py keeps it
    # in step with ``team``).
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str] = mapped_column(String(5), default="fr")
    date: Mapped[dt.date] = mapped_column(Date)
    votes_per_person: Mapped[int] = mapped_column(Integer, default=2)
    commitment_days: Mapped[int] = mapped_column(Integer, default=15)
    show_names: Mapped[bool] = mapped_column(Boolean, default=True)
    # The client/colleague barometer (domain/barometer.py): on unless the
    # facilitator switched it off before the lobby.
    barometer: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    phase: Mapped[str] = mapped_column(String(20), default=Phase.DRAFT.value)
    # Bumped by every change, in the change's own transaction: clients use
    # it to notice a missed event. The UPDATE that bumps it is also the
    # lock that serializes changes to one workshop.
    version: Mapped[int] = mapped_column(Integer, default=0)
    tallies_revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    timer_ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    timer_seconds: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # When the room reached the results: commitments start from there.
    results_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The review day when the facilitator moved it; else date + period.
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    # The idea the review screen is showing, chosen by the facilitator.
    review_focus_id: Mapped[int | None] = mapped_column(Integer)
    next_step: Mapped[str | None] = mapped_column(String(30))
    next_step_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    lessons: Mapped[str] = mapped_column(Text, default="", server_default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The review round under way (domain/rounds.py): 1 until a review
    # extends ideas to a further round.
    review_round: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The review's calendar event SEQUENCE (services/calendar.py): one more
    # each time its date really changes, so a calendar updates it once.
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The manager's read-only link = HMAC(secret key, id, nonce); None: no link
    # (never made, or revoked by the facilitator).
    manager_nonce: Mapped[str | None] = mapped_column(String(32))
    # The account that created or claimed the workshop; None for a workshop
    # held only through its facilitator link (made before accounts existed).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The flood guard (domain/flooding.py): when it tripped, and on what
    # ("ideas" or "joins"); None while the workshop takes ideas and joins.
    flood_guard_since: Mapped[dt.datetime | None] = mapped_column(DateTime)
    flood_guard_reason: Mapped[str | None] = mapped_column(String(10))
    # Its tried colleague ideas feed the organisation's library (without
    # names) unless the facilitator opted out.
    in_library: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Who the team serves (domain/served.py): a preset's key, or "custom"
    # with the facilitator's typed singular and plural.
    serves: Mapped[str] = mapped_column(String(20), default="customers", server_default="customers")
    serves_singular: Mapped[str] = mapped_column(String(40), default="", server_default="")
    serves_plural: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # At the transposition, the screen shows ideas other teams kept (from
    # the library) when the facilitator turns this on; off by default.
    inspiration: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The workshop whose kept ideas this one started from ("start a
    # workshop from these ideas"); None for a workshop started afresh.
    source_workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="SET NULL")
    )

    @property
    def current_phase(self) -> Phase:
        return Phase(self.phase)

    @property
    def review_date(self) -> dt.date:
        return self.review_on or review_date(self.date, self.commitment_days)

    def __repr__(self) -> str:
        return f"<Workshop {self.code} {self.phase} v{self.version}>"
