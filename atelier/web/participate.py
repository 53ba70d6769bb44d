"""The participant's phone: join with a first name, then the live page."""

import uuid

from flask import Blueprint, redirect, render_template, request, url_for

from ..credentials import recall, remember
from ..domain.errors import Refusal
from ..i18n import error_payload
from ..realtime.broadcast import publish
from ..services import participants
from ..services.identity import find_participant
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
        outcome, _ = participants.join(
            workshop, request.form.get("name"), request.form.get("client_id")
        )
    except Refusal as refusal:
        return render_template(
            "join_name.html",
            workshop=workshop,
            error=error_payload(refusal),
            name=request.form.get("name", ""),
            client_id=uuid.uuid4().hex,
        ), 400 if refusal.code != "join_closed" else 409
    publish(outcome)
    remember(workshop.id, token=outcome.result["token"])
    return redirect(url_for("participate.phone", code=workshop.code))


@bp.get("/w/<code>/me/<token>")
def return_link(code: str, token: str):
    """A personal link: it gives this device the participant's identity."""
    workshop = load_workshop(code)
    if find_participant(workshop, token) is None:
        raise Refusal("unauthenticated")
    remember(workshop.id, token=token)
    return redirect(url_for("participate.phone", code=workshop.code))
