"""A signed-in account's own page: the workshops it runs or reads, its password."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from .. import throttle
from ..domain.accounts import MIN_PASSWORD
from ..domain.errors import Refusal
from ..i18n import error_payload
from ..login import require_account, start_session
from ..realtime.broadcast import revoke_account
from ..services import accounts, ownership

bp = Blueprint("account", __name__)


@bp.get("/account")
def index():
    user = require_account()
    return _page(user, None), 200


def _page(user, password_error):
    return render_template(
        "account.html",
        user=user,
        running=ownership.workshops_run_by(user) if user.can_facilitate else [],
        managed=ownership.workshops_managed_by(user),
        password_error=password_error,
        min_password=MIN_PASSWORD,
    )


@bp.post("/account/password")
def change_password():
    user = require_account()
    # The current password is checked: counted like a sign-in.
    throttle.consume("RATE_LIMIT_LOGIN", "email", user.email, fail_closed=True)
    try:
        accounts.change_password(
            user, request.form.get("current_password"), request.form.get("new_password")
        )
    except Refusal as refusal:
        return _page(user, error_payload(refusal)), 400
    # Every login session ended, and the live pages that relied on one are cut;
    # this browser signs in again.
    revoke_account(ownership.workshop_ids_run_by(user))
    start_session(user)
    flash(gettext("Your password was changed. Other devices were signed out."), "info")
    return redirect(url_for("account.index"))
