"""Accounts: creating them, signing in, login sessions, and what an admin changes."""

import hashlib
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ..domain import accounts
from ..domain.errors import Refusal
from ..domain.teams import parse_team_ids
from ..extensions import db
from ..models import LoginSession, SiteSetting, User
from ..models._time import utcnow
from ..offload import Busy, run_native
from .team_admin import teams_by_ids

SIGNUP_KEY = "signup_open"


def _hasher() -> PasswordHasher:
    """Argon2id with RFC 9106's low-memory profile; tests may ask for the cheapest."""
    profile = current_app.config.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY")
    return PasswordHasher.from_parameters(getattr(profiles, profile))


# Hashing takes ~0.1 s of CPU by design: it runs off the event loop
# (atelier/offload.py), so a flood of sign-ins never freezes a live room.


def _off_the_loop(function, *args):
    """Other requests run while this one waits for its hash: end its read
    transaction first, or its later write would have to upgrade a snapshot
    that another write made stale (SQLite refuses: "database is locked")."""
    db.session.commit()  # nothing is pending where hashes are computed
    try:
        return run_native("passwords", function, *args)
    except Busy:  # many hashes already wait (a flood from many addresses)
        raise Refusal("rate_limited") from None


def hash_password(password: str) -> str:
    return _off_the_loop(_hasher().hash, password)


def _verify(hasher: PasswordHasher, password_hash: str, password: str) -> None:
    _off_the_loop(hasher.verify, password_hash, password)


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=email.strip().lower()))


def create_user(email: object, name: object, password: object, role: object) -> User:
    user = User(
        email=accounts.clean_account_email(email),
        name=accounts.clean_display_name(name),
        password_hash=hash_password(accounts.clean_password(password)),
        role=accounts.parse_role(role),
        active=True,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refusal("email_taken") from None
    return user


def authenticate(email: object, password: object) -> User:
    """The active account these credentials open; one refusal for every failure.

    An unknown address costs a hash too, so the answer's timing does not
    tell which addresses have accounts.
    """
    if not isinstance(email, str) or not isinstance(password, str):
        raise Refusal("invalid_request")
    user = find_by_email(email.strip()) if len(password) <= accounts.MAX_PASSWORD else None
    hasher = _hasher()
    try:
        if user is None:
            _off_the_loop(hasher.hash, password[: accounts.MAX_PASSWORD])
            raise VerificationError
        _verify(hasher, user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise Refusal("login_failed") from None
    if not user.active:
        raise Refusal("login_failed")
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def login_digest(secret: str) -> str:
    """The id of a login session: only a digest of the cookie's secret is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def open_login(user: User) -> str:
    """A new login session for one browser; returns the secret its cookie keeps."""
    lifetime = current_app.permanent_session_lifetime
    # Sessions past the cookie's lifetime can no longer be used: tidy them here.
    db.session.execute(delete(LoginSession).where(LoginSession.created_at < utcnow() - lifetime))
    secret = secrets.token_urlsafe(24)
    db.session.add(LoginSession(id=login_digest(secret), user_id=user.id))
    db.session.commit()
    return secret


def user_of_login(user_id: int, secret: str) -> User | None:
    """The active account a cookie's login session opens, while that session lasts."""
    if not secret:
        return None
    login = db.session.get(LoginSession, login_digest(secret))
    if login is None or login.user_id != user_id or _expired(login) or not login.user.active:
        return None
    login.user.login_secret = secret
    return login.user


def login_open(user_id: int, digest: str | None) -> bool:
    """Whether that login session still lasts (checked at each facilitator event)."""
    login = db.session.get(LoginSession, digest) if digest else None
    return login is not None and login.user_id == user_id and not _expired(login)


def _expired(login: LoginSession) -> bool:
    return login.created_at < utcnow() - current_app.permanent_session_lifetime


def close_login(secret: str) -> None:
    db.session.execute(delete(LoginSession).where(LoginSession.id == login_digest(secret)))
    db.session.commit()


def _close_all_logins(user: User) -> None:
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def signup_open() -> bool:
    setting = db.session.get(SiteSetting, SIGNUP_KEY)
    return setting is None or setting.value == "1"


def set_signup_open(is_open: bool) -> None:
    setting = db.session.get(SiteSetting, SIGNUP_KEY) or SiteSetting(key=SIGNUP_KEY)
    setting.value = "1" if is_open else "0"
    db.session.add(setting)
    db.session.commit()


def sign_up(email: object, name: object, password: object) -> tuple[User, bool]:
    """Self sign-up makes facilitators; admins come from the command line or another admin.

    Returns the account of that address and whether it was just made. An
    address that already has one costs the same hash and changes nothing:
    the visitor gets the same answer either way (web/auth.py), so sign-up
    does not tell who has an account.
    """
    if not signup_open():
        raise Refusal("signup_closed")
    email = accounts.clean_account_email(email)
    name = accounts.clean_display_name(name)
    password_hash = hash_password(accounts.clean_password(password))
    existing = find_by_email(email)
    if existing is not None:
        return existing, False
    user = User(
        email=email, name=name, password_hash=password_hash, role=accounts.FACILITATOR, active=True
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # the same address signed up at the same instant
        db.session.rollback()
        return find_by_email(email), False
    return user, True


def _active_admins() -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).filter_by(role=accounts.ADMIN, active=True)
    )


def update_user(user_id: object, *, role: object, active: bool, teams: object) -> User:
    """What an admin changes of an account; the last active admin always stays one.

    ``teams``: the ids of the teams it is given (a manager reads them, a
    facilitator leads them), chosen from the list of teams.
    """
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise Refusal("account_not_found")
    role = accounts.parse_role(role)
    given = teams_by_ids(parse_team_ids(teams))
    loses_admin = (
        user.role == accounts.ADMIN and user.active and (role != accounts.ADMIN or not active)
    )
    if loses_admin and _active_admins() <= 1:
        raise Refusal("last_admin")
    if user.active and not active:
        _close_all_logins(user)  # signed out everywhere
    user.role, user.active = role, active
    user.teams = given
    db.session.commit()
    return user


def change_password(user: User, current: object, new: object) -> None:
    """A new password ends every login session of the account; the browser that
    changed it signs in again (web/account.py)."""
    authenticate(user.email, current)
    user.password_hash = hash_password(accounts.clean_password(new))
    _close_all_logins(user)
    db.session.commit()


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.email)))
