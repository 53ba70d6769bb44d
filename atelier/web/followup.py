"""After the live workshop: the calendar file, exports, deletion."""

from flask import Blueprint, Response, current_app, flash, redirect, request, url_for
from flask_babel import gettext

from ..credentials import recall
from ..domain.errors import Refusal
from ..login import signed_in_user
from ..mailer import mail_enabled
from ..models._time import utcnow
from ..realtime.broadcast import publish_deleted
from ..services import exports, ownership
from ..services.calendar import review_calendar
from ..services.identity import find_participant, participant_token
from .pages import bearer_token, external_url, load_workshop, may_facilitate

bp = Blueprint("followup", __name__)


def facilitator_workshop(code: str):
    """The workshop of the URL, if this browser (or bearer, or account) facilitates it."""
    workshop = load_workshop(code)
    if not may_facilitate(workshop):
        raise Refusal("not_facilitator")
    return workshop


@bp.get("/w/<code>/review.ics")
def calendar_file(code: str):
    workshop = load_workshop(code)
    token = bearer_token() or recall(workshop.id).get("p")
    participant = find_participant(workshop, token) if token else None
    if participant is None:
        raise Refusal("unauthenticated")
    link = external_url(
        "participate.return_link", code=workshop.code, token=participant_token(participant)
    )
    body = review_calendar(workshop, participant, link, utcnow())
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="atelier-{workshop.code}.ics"'},
    )


@bp.get("/w/<code>/export.json")
def export_json(code: str):
    workshop = facilitator_workshop(code)
    response = current_app.json.response(exports.export_data(workshop))
    response.headers["Content-Disposition"] = f'attachment; filename="atelier-{workshop.code}.json"'
    return response


@bp.get("/w/<code>/export.csv")
def export_csv(code: str):
    workshop = facilitator_workshop(code)
    # A BOM so that spreadsheets open the accents right.
    return Response(
        "\ufeff" + exports.export_csv(workshop),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="atelier-{workshop.code}.csv"'},
    )


def deletable_workshop(code: str):
    """An owned workshop is deleted by its owner only; a link-only one by its link."""
    workshop = facilitator_workshop(code)
    if workshop.owner_id is not None:
        ownership.require_owner(signed_in_user(), workshop)
    return workshop


@bp.post("/w/<code>/delete")
def delete(code: str):
    """Deleting needs the code typed again: it cannot be undone."""
    workshop = deletable_workshop(code)
    if (request.form.get("confirm") or "").strip().upper() != workshop.code:
        flash(gettext("Type the workshop's code to confirm the deletion."), "error")
        return redirect(url_for("facilitate.view", code=workshop.code))
    workshop_id = workshop.id
    exports.delete_workshop(workshop_id)
    publish_deleted(workshop_id)
    flash(gettext("The workshop and all its data were deleted."), "info")
    return redirect(url_for("home.index"))


@bp.delete("/api/w/<code>")
def api_delete(code: str):
    workshop = deletable_workshop(code)
    workshop_id = workshop.id
    exports.delete_workshop(workshop_id)
    publish_deleted(workshop_id)
    return "", 204


@bp.app_context_processor
def reminders_flag():
    return {"reminders_enabled": mail_enabled(current_app)}
