"""The admin's page: accounts, their roles and teams, the teams themselves
(create, rename, merge near misses), and whether sign-up is open."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ..domain.accounts import ROLES
from ..domain.errors import Refusal
from ..domain.ids import MAX_ID
from ..domain.teams import parse_team_ids
from ..i18n import error_payload
from ..login import require_admin
from ..realtime.broadcast import publish, revoke_account
from ..services import accounts, ownership, team_admin

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(error=None, form=None, status=200, team_error=None):
    return render_template(
        "admin.html",
        users=accounts.all_users(),
        teams=team_admin.overview(),
        near_misses=team_admin.near_misses(),
        roles=ROLES,
        signup_open=accounts.signup_open(),
        error=error,
        team_error=team_error,
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
            teams=form.getlist("teams"),
        )
    except Refusal as refusal:
        status = {"last_admin": 409, "team_not_found": 404}.get(refusal.code, 400)
        return _page(error_payload(refusal), None, status)
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


def _team_id(team_id: int) -> int | None:
    # An id no row can have (over the column's range) is an unknown team.
    return team_id if team_id <= MAX_ID else None


def _to_teams():
    return redirect(url_for("admin.index") + "#teams")


def _team_refused(refusal: Refusal, typed: bool = False):
    """The page again with the refusal above the teams; a new team's name
    stays in its field (a rename's is in the team's own form)."""
    form = {"team_name": request.form.get("name", "")} if typed else None
    status = {"team_exists": 409, "team_not_found": 404}.get(refusal.code, 400)
    return _page(None, form, status, team_error=error_payload(refusal))


@bp.post("/teams")
def create_team():
    require_admin()
    try:
        team = team_admin.create_team(request.form.get("name"))
    except Refusal as refusal:
        return _team_refused(refusal, typed=True)
    flash(gettext("Team %(name)s created.", name=team.name), "info")
    return _to_teams()


@bp.post("/teams/<int:team_id>/rename")
def rename_team(team_id: int):
    require_admin()
    try:
        team = team_admin.rename_team(_team_id(team_id), request.form.get("name"))
    except Refusal as refusal:
        return _team_refused(refusal)
    _tell_rooms(team.id)
    flash(gettext("Team renamed %(name)s.", name=team.name), "info")
    return _to_teams()


@bp.post("/teams/<int:team_id>/merge")
def merge_team(team_id: int):
    """``team_id`` goes into the team ``into``: its workshops and members move."""
    require_admin()
    try:
        kept = team_admin.merge_teams(_team_id(team_id), _form_id("into"))
    except Refusal as refusal:
        return _team_refused(refusal)
    _tell_rooms(kept.id)
    flash(gettext("The teams are now one: %(name)s.", name=kept.name), "info")
    return _to_teams()


@bp.post("/teams/<int:team_id>/keep-apart")
def keep_apart(team_id: int):
    require_admin()
    try:
        team_admin.keep_apart(_team_id(team_id), _form_id("other"))
    except Refusal as refusal:
        return _team_refused(refusal)
    flash(gettext("Kept apart: they are no longer listed as possibly the same team."), "info")
    return _to_teams()


def _form_id(field: str) -> int | None:
    ids = parse_team_ids(request.form.get(field))
    return ids[0] if ids else None


def _tell_rooms(team_id: int) -> None:
    for outcome in team_admin.announce(team_id):
        publish(outcome)
