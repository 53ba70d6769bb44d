"""The participant's phone: join with a first name, then the live page."""

import uuid

from flask import Blueprint, make_response, redirect, render_template, request, url_for

from ..credentials import recall, remember
from ..domain.errors import Refusal
from ..flood_guard import accepted, check_join
from ..i18n import error_payload
from ..realtime.broadcast import publish
from ..services import participants
from ..services.identity import find_participant
from .errors import STATUS, with_retry_after
from .pages import external_url, load_workshop, page_config

bp = Blueprint("participate", __name__)


def _return_url(workshop, token: str) -> str:
    return external_url("participate.return_link", code=workshop.code, token=token)


@bp.get("/j/<code>")
def phone(code: str):
    workshop = load_workshop(code)
    token = recall(workshop.id).get("p")
    participant = find_participant(workshop, token) if token else None
    if participant is None:
        return render_template(
            "join_name.html", workshop=workshop, error=None, name="", client_id=uuid.uuid4().hex
        )
    config = page_config(workshop, "phone", return_url=_return_url(workshop, token))
    return render_template("phone.html", workshop=workshop, participant=participant, config=config)


@bp.post("/j/<code>")
def join(code: str):
    workshop = load_workshop(code)
    try:
        check_join(workshop, request.form.get("client_id"))
        outcome, _ = participants.join(
            workshop,
            request.form.get("name"),
            request.form.get("client_id"),
            held_token=recall(workshop.id).get("p"),
        )
    except Refusal as refusal:
        page = render_template(
            "join_name.html",
            workshop=workshop,
            error=error_payload(refusal),
            name=request.form.get("name", ""),
            client_id=uuid.uuid4().hex,
        )
        return with_retry_after(make_response(page, STATUS.get(refusal.code, 400)), refusal.code)
    accepted(workshop.id, "joins", outcome)
    publish(outcome)
    remember(workshop.id, token=outcome.result["token"])
    return redirect(url_for("participate.phone", code=workshop.code))


def _linked(workshop, token: str):
    """The participant a personal link opens, or a refusal."""
    participant = find_participant(workshop, token)
    if participant is None:
        raise Refusal("unauthenticated")
    return participant


@bp.get("/w/<code>/me/<token>")
def return_link(code: str, token: str):
    """A personal link: it gives this device the participant's identity.

    A browser that already is someone else in this workshop is asked first:
    a link opened from another site must not silently make it someone else.
    """
    workshop = load_workshop(code)
    participant = _linked(workshop, token)
    held = recall(workshop.id).get("p")
    current = find_participant(workshop, held) if held else None
    if current is not None and current.id != participant.id:
        return render_template(
            "switch_identity.html", workshop=workshop, current=current, other=participant
        )
    remember(workshop.id, token=token)
    return redirect(url_for("participate.phone", code=workshop.code))


@bp.post("/w/<code>/me/<token>")
def switch_identity(code: str, token: str):
    """The confirmation page's form: this browser becomes the link's participant."""
    workshop = load_workshop(code)
    _linked(workshop, token)
    remember(workshop.id, token=token)
    return redirect(url_for("participate.phone", code=workshop.code))
