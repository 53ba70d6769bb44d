"""JSON over HTTP: create, join, read a snapshot. Live actions go through Socket.IO."""

from flask import Blueprint, request

from ..credentials import recall, remember
from ..domain.errors import Refusal
from ..flood_guard import accepted, check_join
from ..login import require_account, signed_in_user
from ..realtime.broadcast import publish
from ..services import participants
from ..services.identity import identify
from ..services.snapshots import snapshot
from ..services.views import FACILITATOR, PUBLIC, workshop_view
from ..services.workshops import create_workshop
from ..throttle import find_workshop_by_code
from .pages import bearer_token, external_url

bp = Blueprint("api", __name__, url_prefix="/api")


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refusal("invalid_request")
    return body


@bp.post("/workshops")
def create():
    workshop, key = create_workshop(_json_body(), owner=require_account())
    return {
        "workshop": workshop_view(workshop),
        "facilitator_key": key,
        "facilitator_url": external_url("facilitate.open_link", code=workshop.code, key=key),
    }, 201


@bp.get("/w/<code>")
def public_info(code: str):
    """What the join page shows before anyone has joined."""
    workshop = find_workshop_by_code(code)
    view = workshop_view(workshop)
    return {"workshop": {k: view[k] for k in ("code", "title", "team", "language", "phase")}}


@bp.post("/w/<code>/participants")
def join(code: str):
    workshop = find_workshop_by_code(code)
    body = _json_body()
    check_join(workshop, body.get("client_id"))
    outcome, participant = participants.join(
        workshop, body.get("name"), body.get("client_id"), held_token=recall(workshop.id).get("p")
    )
    accepted(workshop.id, "joins", outcome)
    publish(outcome)
    token = outcome.result["token"]
    remember(workshop.id, token=token)
    return {
        "participant": {"id": participant.id, "name": participant.name},
        "token": token,
        "return_url": external_url("participate.return_link", code=workshop.code, token=token),
        "duplicate": outcome.duplicate,
    }, 200 if outcome.duplicate else 201


@bp.get("/w/<code>/snapshot")
def read_snapshot(code: str):
    """The state a client starts from; who you are decides what you see."""
    workshop = find_workshop_by_code(code)
    held = recall(workshop.id)
    bearer = bearer_token()
    identity = identify(
        workshop,
        key=bearer or held.get("f"),
        token=bearer or held.get("p"),
        user=signed_in_user(),
    )
    audience = FACILITATOR if identity.facilitator else PUBLIC
    state = snapshot(workshop, audience, identity.participant)
    return {**state, "can_facilitate": identity.facilitator}
