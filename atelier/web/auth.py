"""Signing in and out, and self sign-up (when an admin leaves it open)."""

import unicodedata

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from .. import throttle
from ..domain.accounts import MIN_PASSWORD
from ..domain.errors import Refusal
from ..extensions import limiter
from ..i18n import error_payload
from ..login import signed_in_user
from ..services import accounts

bp = Blueprint("auth", __name__)


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
    """Failures count per address and per e-mail, so neither can be guessed at speed."""
    address = throttle.client_address()
    tried = email.strip().lower()[:254] if isinstance(email, str) else ""
    throttle.check("RATE_LIMIT_LOGIN", "address", address)
    throttle.check("RATE_LIMIT_LOGIN", "email", tried)
    try:
        user = accounts.authenticate(email, password)
    except Refusal:
        throttle.count("RATE_LIMIT_LOGIN", "address", address)
        throttle.count("RATE_LIMIT_LOGIN", "email", tried)
        raise
    _start_session(user)
    return user


def _start_session(user) -> None:
    # A new CSRF token for the new identity; workshops held by this browser stay.
    session.pop("csrf", None)
    login_user(user)
    session.permanent = True


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if signed_in_user():
            return redirect(_safe_next(request.args.get("next")))
        return render_template(
            "auth/login.html", error=None, email="", next=request.args.get("next")
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
    logout_user()
    session.clear()
    return redirect(url_for("home.index"))


def _signup_limit() -> str:
    from flask import current_app

    return current_app.config["RATE_LIMIT_SIGNUP"]


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"], deduct_when=lambda r: r.status_code == 302)
def signup():
    form = request.form if request.method == "POST" else {}
    if request.method == "POST":
        try:
            user = accounts.sign_up(form.get("email"), form.get("name"), form.get("password"))
        except Refusal as refusal:
            return _signup_page(form, error_payload(refusal)), 403 if (
                refusal.code == "signup_closed"
            ) else 400
        _start_session(user)
        return redirect(url_for("account.index"))
    return _signup_page(form, None)


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
    logout_user()
    session.clear()
    return "", 204
