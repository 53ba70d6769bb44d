"""Start a workshop from these ideas: the plain form at the review."""

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..domain.errors import Refusal
from ..i18n import error_payload
from ..login import signed_in_user
from ..services import carry_over
from ..services.identity import facilitator_key, find_workshop
from .pages import external_url, load_workshop

bp = Blueprint("start_from", __name__)

# Refusals the form shows next to its fields; any other is the error page.
_FORM_REFUSALS = frozenset(
    {"no_ideas_chosen", "team_not_allowed", "setting_invalid", "idea_not_found", "invalid_request"}
)


def _form(workshop, user, *, values, error=None, status=200):
    offered = carry_over.offered_ideas(workshop)
    if "idea_ids" in values:
        ticked = set(values["idea_ids"])
    else:
        ticked = {str(o.idea.id) for o in offered if o.default}
    return (
        render_template(
            "start_from.html",
            workshop=workshop,
            offered=offered,
            ticked=ticked,
            team_choices=carry_over.team_choices(user, workshop),
            values=values,
            error=error,
        ),
        status,
    )


@bp.get("/w/<code>/start-from")
def form(code: str):
    workshop = load_workshop(code)
    user = carry_over.require_source(signed_in_user(), workshop)
    values = {
        "title": workshop.title,
        "team": carry_over.SAME_TEAM,
        "date": "",
        # The form's own id: submitting it twice makes one workshop.
        "request_id": secrets.token_urlsafe(16),
    }
    return _form(workshop, user, values=values)


@bp.post("/w/<code>/start-from")
def create(code: str):
    workshop = load_workshop(code)
    user = carry_over.require_source(signed_in_user(), workshop)
    values = {
        "title": request.form.get("title", ""),
        "team": request.form.get("team", ""),
        "date": request.form.get("date", ""),
        "request_id": request.form.get("request_id", ""),
        "idea_ids": request.form.getlist("idea_ids"),
    }
    try:
        new_code = carry_over.start_from(
            user,
            workshop,
            idea_ids=values["idea_ids"],
            team=values["team"],
            title=values["title"],
            date=values["date"],
            request_id=values["request_id"],
        )
    except Refusal as refusal:
        if refusal.code not in _FORM_REFUSALS:
            raise
        if refusal.code == "invalid_request":  # a missing or malformed form id: a fresh one
            values["request_id"] = secrets.token_urlsafe(16)
        return _form(workshop, user, values=values, error=error_payload(refusal), status=400)
    try:
        created = find_workshop(new_code)
    except Refusal:  # deleted since (a retry of an old form): its source then
        return redirect(url_for("facilitate.view", code=workshop.code))
    # As for any new workshop: its secret link, shown once on its page.
    key = facilitator_key(created)
    flash(external_url("facilitate.open_link", code=new_code, key=key), "facilitator_link")
    return redirect(url_for("facilitate.view", code=new_code))
