"""A signed-in account's own page: the workshops it runs or reads, its teams
(a facilitator makes and renames the ones they lead), its password."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from .. import throttle
from ..domain.accounts import MIN_PASSWORD
from ..domain.errors import Refusal
from ..domain.ids import MAX_ID
from ..i18n import error_payload
from ..login import require_account, start_session
from ..realtime.broadcast import publish, revoke_account
from ..services import accounts, ownership, team_admin
from ..services.teams import teams_of

bp = Blueprint("account", __name__)


@bp.get("/account")
def index():
    user = require_account()
    return _page(user, None), 200


def _page(user, password_error, team_error=None, team_name=""):
    return render_template(
        "account.html",
        user=user,
        my_teams=teams_of(user),
        team_error=team_error,
        team_name=team_name,
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


def _require_facilitating():
    user = require_account()
    if not user.can_facilitate:
        raise Refusal("not_facilitator")  # a manager's teams are given by an admin
    return user


def _team_refused(user, refusal: Refusal, typed: bool = False):
    status = {"team_exists": 409, "team_not_found": 404, "not_team_leader": 403}
    page = _page(user, None, error_payload(refusal), request.form.get("name", "") if typed else "")
    return page, status.get(refusal.code, 400)


@bp.post("/account/teams")
def create_team():
    """A facilitator's new team, which they lead; a name that matches an
    existing team is refused (an admin adds them to it)."""
    user = _require_facilitating()
    try:
        team = team_admin.create_team(request.form.get("name"), leader=user)
    except Refusal as refusal:
        return _team_refused(user, refusal, typed=True)
    flash(gettext("Team %(name)s created. You lead it.", name=team.name), "info")
    return redirect(url_for("account.index") + "#my-teams")


@bp.post("/account/teams/<int:team_id>/rename")
def rename_team(team_id: int):
    user = _require_facilitating()
    try:
        team = team_admin.rename_team(
            team_id if team_id <= MAX_ID else None, request.form.get("name"), by=user
        )
    except Refusal as refusal:
        if refusal.code == "not_team_leader":
            raise
        return _team_refused(user, refusal)
    for outcome in team_admin.announce(team.id):
        publish(outcome)  # its open workshops show the new name
    flash(gettext("Team renamed %(name)s.", name=team.name), "info")
    return redirect(url_for("account.index") + "#my-teams")
