"""The admin's page: accounts, their roles and teams, and whether sign-up is open."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ..domain.accounts import ROLES
from ..domain.errors import Refusal
from ..domain.ids import MAX_ID
from ..i18n import error_payload
from ..login import require_admin
from ..realtime.broadcast import revoke_account
from ..services import accounts, ownership

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(error=None, form=None, status=200):
    return render_template(
        "admin.html",
        users=accounts.all_users(),
        roles=ROLES,
        signup_open=accounts.signup_open(),
        error=error,
        form=form or {},
    ), status


@bp.get("/")
def index():
    require_admin()
    return _page()


@bp.post("/users")
def create_user():
    require_admin()
    form = request.form
    try:
        user = accounts.create_user(
            form.get("email"), form.get("name"), form.get("password"), form.get("role")
        )
    except Refusal as refusal:
        return _page(error_payload(refusal), form, 400)
    flash(gettext("Account created for %(email)s.", email=user.email), "info")
    return redirect(url_for("admin.index"))


@bp.post("/users/<int:user_id>")
def update_user(user_id: int):
    require_admin()
    form = request.form
    try:
        # An id no row can have (over the column's range) is an unknown account.
        user = accounts.update_user(
            user_id if user_id <= MAX_ID else None,
            role=form.get("role"),
            active=form.get("active") == "on",
            teams=form.get("teams", ""),
        )
    except Refusal as refusal:
        return _page(error_payload(refusal), None, 409 if refusal.code == "last_admin" else 400)
    # A new role or a deactivation takes effect on the account's open live pages now.
    revoke_account(ownership.workshop_ids_run_by(user))
    flash(gettext("Account %(email)s updated.", email=user.email), "info")
    return redirect(url_for("admin.index"))


@bp.post("/signup")
def set_signup():
    require_admin()
    accounts.set_signup_open(request.form.get("open") == "on")
    flash(gettext("Sign-up settings saved."), "info")
    return redirect(url_for("admin.index"))
