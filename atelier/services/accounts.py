"""Accounts: creating them, signing in, and what an admin changes."""

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..domain import accounts, tokens
from ..domain.errors import Refusal
from ..extensions import db
from ..models import ManagedTeam, SiteSetting, User

SIGNUP_KEY = "signup_open"


def _hasher() -> PasswordHasher:
    """Argon2id with RFC 9106's low-memory profile; tests may ask for the cheapest."""
    profile = current_app.config.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY")
    return PasswordHasher.from_parameters(getattr(profiles, profile))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=email.strip().lower()))


def create_user(email: object, name: object, password: object, role: object) -> User:
    user = User(
        email=accounts.clean_account_email(email),
        name=accounts.clean_display_name(name),
        password_hash=hash_password(accounts.clean_password(password)),
        role=accounts.parse_role(role),
        active=True,
        session_nonce=tokens.new_nonce(),
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
            hasher.hash(password[: accounts.MAX_PASSWORD])
            raise VerificationError
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise Refusal("login_failed") from None
    if not user.active:
        raise Refusal("login_failed")
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        db.session.commit()
    return user


def signup_open() -> bool:
    setting = db.session.get(SiteSetting, SIGNUP_KEY)
    return setting is None or setting.value == "1"


def set_signup_open(is_open: bool) -> None:
    setting = db.session.get(SiteSetting, SIGNUP_KEY) or SiteSetting(key=SIGNUP_KEY)
    setting.value = "1" if is_open else "0"
    db.session.add(setting)
    db.session.commit()


def sign_up(email: object, name: object, password: object) -> User:
    """Self sign-up makes facilitators; admins come from the command line or another admin."""
    if not signup_open():
        raise Refusal("signup_closed")
    return create_user(email, name, password, accounts.FACILITATOR)


def _active_admins() -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).filter_by(role=accounts.ADMIN, active=True)
    )


def update_user(user_id: object, *, role: object, active: bool, teams: object) -> User:
    """What an admin changes of an account; the last active admin always stays one."""
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise Refusal("account_not_found")
    role = accounts.parse_role(role)
    teams = accounts.clean_teams(teams)
    loses_admin = (
        user.role == accounts.ADMIN and user.active and (role != accounts.ADMIN or not active)
    )
    if loses_admin and _active_admins() <= 1:
        raise Refusal("last_admin")
    if user.active and not active:
        user.session_nonce = tokens.new_nonce()  # signed out everywhere
    user.role, user.active = role, active
    _set_teams(user, teams if role == accounts.MANAGER else [])
    db.session.commit()
    return user


def _set_teams(user: User, teams: list[str]) -> None:
    """Keep the rows that stay: replacing them all would clash on (user, team) in one flush."""
    wanted = {accounts.team_key(t): t for t in teams}
    for kept in list(user.teams):
        if kept.team_key not in wanted:
            user.teams.remove(kept)
        else:
            kept.team = wanted.pop(kept.team_key)
    user.teams.extend(ManagedTeam(team) for team in wanted.values())


def change_password(user: User, current: object, new: object) -> None:
    authenticate(user.email, current)
    user.password_hash = hash_password(accounts.clean_password(new))
    user.session_nonce = tokens.new_nonce()
    db.session.commit()


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.email)))
