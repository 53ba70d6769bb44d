import datetime as dt
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.accounts import can_facilitate
from ..extensions import db
from ._time import utcnow

if TYPE_CHECKING:
    from .team import Team


class User(UserMixin, db.Model):
    """A facilitator, manager or admin: someone who signs in. Participants never do."""

    __tablename__ = "users"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-case: one account per address, whatever the case typed.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    # The teams this account manages (a manager) or leads (a facilitator).
    teams: Mapped[list["Team"]] = relationship(secondary="team_members", order_by="Team.name")

    # The secret of the login session this object was loaded for (atelier/login.py).
    login_secret = None

    def get_id(self) -> str:
        """What the session cookie keeps: the account and its login session's secret."""
        return f"{self.id}.{self.login_secret}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def can_facilitate(self) -> bool:
        return self.active and can_facilitate(self.role)

    @property
    def team_ids(self) -> set[int]:
        return {t.id for t in self.teams}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class LoginSession(db.Model):
    """One signed-in browser. The cookie holds a secret whose digest is the id
    here: signing out deletes the row, so a copy of the cookie opens nothing."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 hex of the secret
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship()


class Invitation(db.Model):
    """An e-mail address the owner invited to run a workshop with them.

    Keyed by address, not by account, so that inviting says nothing about
    whether the address has an account: the account with this address
    facilitates while it can (facilitator or admin, active), whenever it
    was created."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("workshop_id", "email"), {"sqlite_autoincrement": True})

    # Never reused (autoincrement): a stale "Remove" form removes nothing else.
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    # Normalised like account e-mails (domain.accounts.clean_account_email).
    email: Mapped[str] = mapped_column(String(254), index=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # When the invited account first opened the workshop's facilitator pages:
    # only then does the bilan's cover name it (the owner learns a name from
    # what its holder did, never from inviting an address).
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SiteSetting(db.Model):
    """Instance-wide switches an admin changes from the admin page."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
