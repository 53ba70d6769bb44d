"""The PDF bilan for the facilitator, and the manager's read-only link."""

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext

from ..domain.errors import Refusal
from ..login import signed_in_user
from ..realtime.broadcast import publish
from ..services import bilan
from ..services.identity import Identity, is_manager, manager_token
from ..services.teams import reads_workshop
from .followup import facilitator_workshop
from .pages import external_url, load_workshop, may_facilitate

bp = Blueprint("bilan", __name__)


def pdf_response(workshop) -> Response:
    """The bilan as a download: for the facilitator, the team, a manager or share link."""
    return Response(
        bilan.render_bilan(workshop),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{bilan.filename(workshop)}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/w/<code>/bilan.pdf")
def download(code: str):
    """For whoever facilitates the workshop, and for the members of its team."""
    workshop = load_workshop(code)
    if not (may_facilitate(workshop) or reads_workshop(signed_in_user(), workshop)):
        raise Refusal("not_facilitator")
    return pdf_response(workshop)


def _manager_workshop(code: str, token: str):
    workshop = load_workshop(code)
    if not is_manager(workshop, token):
        raise Refusal("unauthenticated")
    return workshop


@bp.get("/w/<code>/manager/<token>")
def manager_page(code: str, token: str):
    workshop = _manager_workshop(code, token)
    return render_template("manager.html", workshop=workshop, token=token)


@bp.get("/w/<code>/manager/<token>/bilan.pdf")
def manager_download(code: str, token: str):
    return pdf_response(_manager_workshop(code, token))


@bp.post("/w/<code>/manager-link")
def make_manager_link(code: str):
    workshop = facilitator_workshop(code)
    publish(bilan.new_manager_link(Identity(workshop.id, facilitator=True)))
    flash(gettext("A new manager link was made; any previous one no longer works."), "info")
    return redirect(url_for("facilitate.view", code=workshop.code) + "#bilan")


@bp.post("/w/<code>/manager-link/revoke")
def revoke_manager_link(code: str):
    workshop = facilitator_workshop(code)
    publish(bilan.revoke_manager_link(Identity(workshop.id, facilitator=True)))
    flash(gettext("The manager link no longer works."), "info")
    return redirect(url_for("facilitate.view", code=workshop.code) + "#bilan")


@bp.app_context_processor
def manager_link_helper():
    def manager_url(workshop) -> str | None:
        token = manager_token(workshop)
        if token is None:
            return None
        return external_url("bilan.manager_page", code=workshop.code, token=token)

    return {"manager_url": manager_url}
