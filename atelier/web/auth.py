"""Signing in and out, and self sign-up (when an admin leaves it open)."""

import unicodedata

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext

from .. import throttle
from ..domain.accounts import MIN_PASSWORD
from ..domain.errors import Refusal
from ..i18n import error_payload
from ..login import end_session, signed_in_user, start_session
from ..mailer import mail_enabled
from ..realtime.broadcast import revoke_account
from ..services import account_notices, accounts, ownership
from .pages import external_url

bp = Blueprint("auth", __name__)
# The address just signed up with, to fill in the sign-in form that follows.
_SIGNED_UP = "signed_up"


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never an open redirect to another.

    Browsers drop tabs and line breaks from a URL ("/<tab>/evil.example" is
    "//evil.example"): a target with any control character or white space is
    refused too.
    """
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in target)
    ):
        return target
    return url_for("account.index")


def _sign_in(email: object, password: object):
    """Each attempt counts before the password is checked, per address and per
    e-mail: however many arrive at once, no more than the limit are checked."""
    tried = email.strip().lower()[:254] if isinstance(email, str) else ""
    address = throttle.client_address()
    throttle.consume("RATE_LIMIT_LOGIN_ADDRESS", "address", address, fail_closed=True)
    throttle.consume("RATE_LIMIT_LOGIN", "email", tried, fail_closed=True)
    user = accounts.authenticate(email, password)
    start_session(user)
    return user


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if signed_in_user():
            return redirect(_safe_next(request.args.get("next")))
        return render_template(
            "auth/login.html",
            error=None,
            email="",
            next=request.args.get("next"),
        )
    try:
        _sign_in(request.form.get("email"), request.form.get("password"))
    except Refusal as refusal:
        status = 429 if refusal.code == "rate_limited" else 401
        return render_template(
            "auth/login.html",
            error=error_payload(refusal),
            email=request.form.get("email", ""),
            next=request.form.get("next"),
        ), status
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    """Everything this browser held goes: on a shared laptop nothing stays behind."""
    _end_session()
    return redirect(url_for("home.index"))


def _end_session() -> None:
    """End the login session (committed), then cut the live pages that used it."""
    user = signed_in_user()
    workshop_ids = ownership.workshop_ids_run_by(user) if user is not None else []
    end_session()
    revoke_account(workshop_ids)


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if request.method == "GET":
        return _signup_page({}, None)
    form = request.form
    # Every attempt counts, before the password is hashed.
    throttle.consume("RATE_LIMIT_SIGNUP", throttle.client_address(), fail_closed=True)
    try:
        user, created = accounts.sign_up(form.get("email"), form.get("name"), form.get("password"))
    except Refusal as refusal:
        status = 403 if refusal.code == "signup_closed" else 400
        return _signup_page(form, error_payload(refusal)), status
    # The same answer whether the address was free or not: sign-up does not
    # tell a visitor who has an account. The owner of the address learns
    # which it was by e-mail, when e-mail is configured.
    account_notices.notify_signup(user, created, external_url("auth.login"), str(get_locale()))
    session[_SIGNED_UP] = user.email
    return redirect(url_for("auth.signed_up"))


@bp.get("/signup/done")
def signed_up():
    """After a sign-up: the sign-in form, with the address just typed."""
    if mail_enabled(current_app):
        notice = gettext(
            "Thank you. Sign in below with this address and your password. "
            "We also sent a message to this address."
        )
    else:
        notice = gettext(
            "Thank you. If this address had no account yet, it has one now: sign in below "
            "with your password. If it already had one, sign in with that account's password."
        )
    return render_template(
        "auth/login.html", error=None, notice=notice, email=session.pop(_SIGNED_UP, ""), next=None
    )


def _signup_page(form, error):
    return render_template(
        "auth/signup.html",
        error=error,
        form=form,
        open=accounts.signup_open(),
        min_password=MIN_PASSWORD,
    )


@bp.post("/api/session")
def api_login():
    """Sign in with JSON ``{"email", "password"}``; the session cookie comes back."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refusal("invalid_request")
    user = _sign_in(body.get("email"), body.get("password"))
    return {"account": {"id": user.id, "email": user.email, "name": user.name, "role": user.role}}


@bp.delete("/api/session")
def api_logout():
    _end_session()
    return "", 204
