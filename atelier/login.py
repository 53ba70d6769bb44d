"""Signed-in accounts through Flask-Login, for pages and Socket.IO connections alike.

The login session lives in Flask's signed session cookie, which the
Socket.IO handshake carries too: a facilitator's socket is authenticated by
the same sign-in as their pages.
"""

from flask import Flask
from flask_login import current_user

from .domain.accounts import ADMIN
from .domain.errors import Refusal
from .extensions import db, login_manager
from .models import User


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    """``id.nonce``: a new nonce on the account signs every browser out."""
    user_id, _, nonce = session_id.partition(".")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or user.session_nonce != nonce:
        return None
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    raise Refusal("login_required")


def signed_in_user() -> User | None:
    return current_user if current_user.is_authenticated else None


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
