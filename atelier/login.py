"""Signed-in accounts through Flask-Login, for pages and Socket.IO connections alike.

The login session lives in Flask's signed session cookie, which the
Socket.IO handshake carries too: a facilitator's socket is authenticated by
the same sign-in as their pages. The cookie holds ``<account id>.<secret>``;
the secret's login session is recorded server-side (``LoginSession``), so
signing out, a password change or a deactivation ends it for every copy of
the cookie.
"""

from flask import Flask, session
from flask_login import current_user, login_user, logout_user

from .domain.accounts import ADMIN
from .domain.errors import Refusal
from .extensions import login_manager
from .models import User
from .services import accounts


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    user_id, _, secret = session_id.partition(".")
    if not user_id.isdigit():
        return None
    return accounts.user_of_login(int(user_id), secret)


@login_manager.unauthorized_handler
def _unauthorized():
    raise Refusal("login_required")


def signed_in_user() -> User | None:
    return current_user if current_user.is_authenticated else None


def login_key() -> str | None:
    """The server-side id of this browser's login session, if it has one."""
    user = signed_in_user()
    return accounts.login_digest(user.login_secret) if user and user.login_secret else None


def start_session(user: User) -> None:
    """Sign this browser in with a login session of its own."""
    # A new CSRF token for the new identity; workshops held by this browser stay.
    session.pop("csrf_token", None)
    user.login_secret = accounts.open_login(user)
    login_user(user)
    session.permanent = True


def end_session() -> None:
    """Sign out: the login session ends on the server, and the cookie is emptied
    (the workshops this browser held included: a shared laptop keeps nothing)."""
    user = signed_in_user()
    if user is not None and user.login_secret:
        accounts.close_login(user.login_secret)
    logout_user()
    session.clear()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)


def require_account() -> User:
    """The signed-in account, or a refusal that sends a page to the sign-in form."""
    user = signed_in_user()
    if user is None:
        raise Refusal("login_required")
    return user


def require_admin() -> User:
    user = require_account()
    if user.role != ADMIN:
        raise Refusal("not_admin")
    return user
