"""The home page: create a workshop, or join one by code."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ..domain.errors import Refusal
from ..domain.join_codes import normalize
from ..domain.settings import DEFAULTS, LIMITS
from ..domain.teams import chosen_option, team_choice
from ..i18n import error_payload
from ..login import require_account, signed_in_user
from ..services.accounts import signup_open
from ..services.teams import teams_of
from ..services.workshops import create_workshop
from .pages import external_url

bp = Blueprint("home", __name__)

SETTING_FIELDS = ("title", "team", "language", "date", "votes_per_person", "commitment_days")


def _form_settings(form) -> dict:
    values = {k: form[k] for k in SETTING_FIELDS if form.get(k) not in (None, "")}
    values["show_names"] = form.get("show_names") == "on"
    values["barometer"] = form.get("barometer") == "on"
    values["in_library"] = form.get("in_library") == "on"
    if form.get("serves") == "custom":
        values["serves"] = {
            "singular": form.get("serves_singular", ""),
            "plural": form.get("serves_plural", ""),
        }
    elif form.get("serves"):
        values["serves"] = form["serves"]
    return values


def _home(form, error):
    user = signed_in_user()
    led = teams_of(user) if user is not None and user.can_facilitate else []
    chosen = form.get("team_choice")
    if chosen is None:  # a fresh form, or one posted by a client without the list
        chosen = chosen_option([(t.id, t.name) for t in led], form.get("team"))
    return render_template(
        "home.html",
        defaults=DEFAULTS,
        limits=LIMITS,
        form=form,
        error=error,
        user=user,
        signup_open=signup_open(),
        led_teams=led,
        team_chosen=chosen,
    )


def _team_from_form(owner, form) -> str:
    """The workshop's team as a name (the API's and the socket's way): one of
    the owner's teams, or the name typed for another."""
    led = {team.id: team.name for team in teams_of(owner)}
    return team_choice(form.get("team_choice"), form.get("team"), led)


@bp.get("/")
def index():
    return _home({}, None)


@bp.post("/workshops")
def create():
    """Workshops belong to an account; its link still opens it on the room's laptop."""
    owner = require_account()
    if not owner.can_facilitate:
        # A manager: refused as by the API (their home page shows no form to fix).
        raise Refusal("not_facilitator")
    try:
        values = _form_settings(request.form)
        values["team"] = _team_from_form(owner, request.form)
        workshop, key = create_workshop(values, owner=owner)
    except Refusal as refusal:
        return _home(request.form, error_payload(refusal)), 400
    link = external_url("facilitate.open_link", code=workshop.code, key=key)
    flash(link, "facilitator_link")
    return redirect(url_for("facilitate.view", code=workshop.code))


@bp.route("/join", methods=["GET", "POST"])
def join():
    raw = request.values.get("code")
    if raw is None:
        return render_template("join.html", error=None, code="")
    code = normalize(raw)
    if code is None:
        message = gettext("A code has 6 letters and digits, as shown on the screen.")
        return render_template("join.html", error=message, code=raw), 400
    return redirect(url_for("participate.phone", code=code))
