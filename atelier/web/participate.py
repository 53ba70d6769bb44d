"""The participant's phone: join with a first name, then the live page; and
coming back without one's link (domain/claims.py)."""

import uuid

from flask import (
    Blueprint,
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from .. import throttle
from ..credentials import recall, remember
from ..domain import claims as claim_rules
from ..domain.errors import Refusal
from ..domain.ids import MAX_ID
from ..domain.phases import Phase, allowed_actions
from ..extensions import db
from ..flood_guard import accepted, check_join
from ..i18n import error_payload
from ..models import Participant
from ..realtime.broadcast import publish, publish_claims
from ..services import claims, participants
from ..services.identity import find_participant, participant_token
from .errors import STATUS, with_retry_after
from .pages import external_url, load_workshop, may_facilitate, page_config
from .screen import qr_svg

bp = Blueprint("participate", __name__)

_CLAIMS = "claims"  # the session's pending request per workshop: {workshop id: claim id}


def _return_url(workshop, token: str) -> str:
    return external_url("participate.return_link", code=workshop.code, token=token)


def _wrong_code(code: str):
    """An unknown code: back to the join form, the code kept, the reason beside it."""
    message = error_payload(Refusal("workshop_not_found"))["message"]
    return render_template("join.html", error=message, code=code), 404


def _workshop_or_form(code: str):
    """``(workshop, None)``, or ``(None, the join form saying the code is wrong)``."""
    try:
        return load_workshop(code), None
    except Refusal as refusal:
        if refusal.code != "workshop_not_found":
            raise
        return None, _wrong_code(code)


def _not_open(workshop, status: int = 200):
    """Draft or closed: said before any name is asked."""
    return render_template("join_closed.html", workshop=workshop), status


def _name_form(workshop, error=None, name="", status=200):
    page = render_template(
        "join_name.html",
        workshop=workshop,
        error=error,
        name=name,
        client_id=uuid.uuid4().hex,
        coming_back=claims.candidates(workshop) != [] and not error,
    )
    return page, status


@bp.get("/j/<code>")
def phone(code: str):
    workshop, wrong = _workshop_or_form(code)
    if wrong:
        return wrong
    token = recall(workshop.id).get("p")
    participant = find_participant(workshop, token) if token else None
    if participant is None:
        if workshop.current_phase in (Phase.DRAFT, Phase.CLOSED):
            return _not_open(workshop)
        people = claims.candidates(workshop)
        if people and request.args.get("new") != "1":
            return _find_page(workshop, people)
        return _name_form(workshop)
    claims.mark_seen(participant)
    config = page_config(
        workshop, "phone", return_url=_return_url(workshop, token), participant=participant.id
    )
    return render_template("phone.html", workshop=workshop, participant=participant, config=config)


@bp.post("/j/<code>")
def join(code: str):
    workshop, wrong = _workshop_or_form(code)
    if wrong:
        return wrong
    try:
        check_join(workshop, request.form.get("client_id"))
        outcome, _ = participants.join(
            workshop,
            request.form.get("name"),
            request.form.get("client_id"),
            held_token=recall(workshop.id).get("p"),
        )
    except Refusal as refusal:
        if refusal.code == "join_closed":
            return _not_open(workshop, STATUS["join_closed"])
        page, status = _name_form(
            workshop,
            error_payload(refusal),
            request.form.get("name", ""),
            STATUS.get(refusal.code, 400),
        )
        return with_retry_after(make_response(page, status), refusal.code)
    accepted(workshop.id, "joins", outcome)
    publish(outcome)
    remember(workshop.id, token=outcome.result["token"])
    return redirect(url_for("participate.phone", code=workshop.code))


# ---- coming back without one's link ------------------------------------------


def _held_claim_id(workshop) -> int | None:
    return dict(session.get(_CLAIMS, {})).get(str(workshop.id))


def _hold_claim(workshop, claim_id: int | None) -> None:
    held = dict(session.get(_CLAIMS, {}))
    if claim_id is None:
        held.pop(str(workshop.id), None)
    else:
        held[str(workshop.id)] = claim_id
    session[_CLAIMS] = held


def _find_page(workshop, people, error=None, status=200):
    page = render_template(
        "join_find.html",
        workshop=workshop,
        people=people,
        error=error,
        client_id=uuid.uuid4().hex,
        can_join=allowed_actions(workshop.current_phase)["join"],
    )
    return page, status


@bp.post("/j/<code>/claims")
def claim(code: str):
    """ "That's me": a request the facilitator confirms (or not) on their page."""
    workshop, wrong = _workshop_or_form(code)
    if wrong:
        return wrong
    try:
        throttle.consume("RATE_LIMIT_CLAIMS", throttle.client_address(), workshop.id)
        made, duplicate = claims.create(
            workshop,
            request.form.get("participant_id"),
            request.form.get("client_id"),
            held_claim_id=_held_claim_id(workshop),
        )
    except Refusal as refusal:
        closed = workshop.current_phase in (Phase.DRAFT, Phase.CLOSED)
        if refusal.code == "claim_closed" and closed:
            return _not_open(workshop, STATUS["claim_closed"])
        page, status = _find_page(
            workshop,
            claims.candidates(workshop),
            error_payload(refusal),
            STATUS.get(refusal.code, 400),
        )
        return with_retry_after(make_response(page, status), refusal.code)
    _hold_claim(workshop, made.id)
    if not duplicate:
        publish_claims(workshop.id, claims.pending(workshop.id))
    return redirect(url_for("participate.waiting", code=workshop.code, claim_id=made.id))


@bp.get("/j/<code>/claims/<int:claim_id>")
def waiting(code: str, claim_id: int):
    """The phone waits for the facilitator; once confirmed, it becomes that person."""
    workshop, wrong = _workshop_or_form(code)
    if wrong:
        return wrong
    made = claims.held_claim(workshop, claim_id, _held_claim_id(workshop))
    status = claims.current_status(made)
    participant = _claimed(made)
    if status == claim_rules.CONFIRMED:
        # The same as opening their personal link on this phone.
        remember(workshop.id, token=participant_token(participant))
        _hold_claim(workshop, None)
        return redirect(url_for("participate.phone", code=workshop.code))
    if status == claim_rules.WITHDRAWN:
        return redirect(url_for("participate.phone", code=workshop.code))
    return render_template(
        "join_wait.html",
        workshop=workshop,
        claim=made,
        status=status,
        name=participant.name,
        status_url=url_for("participate.claim_status", code=workshop.code, claim_id=made.id),
    )


@bp.get("/api/w/<code>/claims/<int:claim_id>")
def claim_status(code: str, claim_id: int):
    """What the waiting page asks every few seconds (static/js/wait.js)."""
    workshop = load_workshop(code)
    made = claims.held_claim(workshop, claim_id, _held_claim_id(workshop))
    return _private(make_response({"claim": claims.claim_view(made, _claimed(made).name)}))


def _claimed(made) -> Participant:
    participant = db.session.get(Participant, made.participant_id)
    if participant is None:
        abort(404)
    return participant


# ---- personal links ------------------------------------------------------------


def _participant_for_facilitator(code: str, participant_id: int) -> tuple:
    workshop = load_workshop(code)
    if not may_facilitate(workshop):
        raise Refusal("not_facilitator")
    participant = db.session.get(Participant, participant_id) if participant_id <= MAX_ID else None
    if participant is None or participant.workshop_id != workshop.id:
        abort(404)
    return workshop, participant


def _private(response):
    """A personal link is a secret: never cached, never sent to another site."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/api/w/<code>/participants/<int:participant_id>/return-link")
def return_link_for(code: str, participant_id: int):
    """A participant's personal link, for their facilitator to show on their own device.

    The link is derived, not stored (domain/tokens.py): it is the same link the
    participant was given, shown again; nothing is revoked."""
    workshop, participant = _participant_for_facilitator(code, participant_id)
    url = _return_url(workshop, participant_token(participant))
    return _private(
        make_response(
            {
                "participant": {"id": participant.id, "name": participant.name},
                "return_url": url,
                "qr_url": url_for(
                    "participate.return_qr", code=workshop.code, participant_id=participant.id
                ),
            }
        )
    )


@bp.get("/w/<code>/participants/<int:participant_id>/return-qr.svg")
def return_qr(code: str, participant_id: int):
    """The personal link as a QR code, for the facilitator's dialog only."""
    workshop, participant = _participant_for_facilitator(code, participant_id)
    svg = qr_svg(_return_url(workshop, participant_token(participant)))
    return _private(Response(svg, mimetype="image/svg+xml"))


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
