"""Share links for an external review: made and revoked by the workshop's
facilitators, opened by whoever holds one (read-only, until it expires)."""

from flask import (
    Blueprint,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext

from ..domain.errors import Refusal
from ..domain.ids import MAX_ID
from ..i18n import error_payload
from ..services import follow_through, page_charts, share_links
from .bilan import pdf_response
from .followup import facilitator_workshop
from .pages import external_url

bp = Blueprint("share", __name__)

NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _back(workshop):
    return redirect(url_for("facilitate.view", code=workshop.code) + "#share")


@bp.post("/w/<code>/share-links")
def make(code: str):
    workshop = facilitator_workshop(code)
    try:
        expires_on = share_links.parse_expiry(request.form.get("expires_on"))
    except Refusal as refusal:
        # Said next to the date, in the panel: the form is one click away.
        flash(error_payload(refusal)["message"], "share_error")
        return _back(workshop)
    token = share_links.make_link(workshop, expires_on)
    # Shown once, on the facilitator view (templates/_bilan_panel.html): only
    # its digest is kept.
    flash(external_url("share.view", token=token), "share_link")
    return _back(workshop)


@bp.post("/w/<code>/share-links/<int:link_id>/revoke")
def revoke(code: str, link_id: int):
    workshop = facilitator_workshop(code)
    # Another workshop's id, or one past the column's range, revokes nothing.
    if link_id <= MAX_ID:
        share_links.revoke(workshop, link_id)
    flash(gettext("The review link no longer works."), "share")
    return _back(workshop)


def _open(token: str):
    """The link's workshop; the page for a link that no longer opens anything."""
    try:
        _, workshop = share_links.open_link(token)
    except Refusal as refusal:
        status = 404 if refusal.code == "share_not_found" else 410
        page = render_template("share_gone.html", error=error_payload(refusal), status=status)
        return None, (page, status, NO_STORE)
    g.workshop_language = workshop.language
    return workshop, None


@bp.get("/s/<token>")
def view(token: str):
    workshop, gone = _open(token)
    if gone:
        return gone
    outcome = follow_through.workshop_on_team_page(workshop)
    page = render_template(
        "share.html", workshop=workshop, outcome=outcome, token=token, charts=page_charts
    )
    return page, 200, NO_STORE


@bp.get("/s/<token>/bilan.pdf")
def download(token: str):
    workshop, gone = _open(token)
    if gone:
        return gone
    return pdf_response(workshop)


@bp.app_context_processor
def share_panel_helpers():
    """What the bilan panel shows of the share links (templates/_bilan_panel.html)."""

    def share_panel(workshop) -> dict:
        made = [m for c, m in _flashes() if c == "share_link"]
        return {
            "links": share_links.live_links(workshop),
            "new_link": made[-1] if made else None,
            "default": share_links.default_expiry(),
            "earliest": share_links.earliest_expiry(),
            "latest": share_links.latest_expiry(),
            "max_days": share_links.MAX_DAYS,
        }

    return {"share_panel": share_panel}


def _flashes():
    return get_flashed_messages(with_categories=True)
