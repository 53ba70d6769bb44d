"""Every refusal and HTTP error as a translated page, or as JSON under /api/."""

import logging

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..db_errors import database_unavailable, one_line
from ..domain.errors import Refusal
from ..extensions import db
from ..i18n import error_payload

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)

STATUS = {
    "unauthenticated": 401,
    "login_required": 401,
    "login_failed": 401,
    "not_admin": 403,
    "not_owner": 403,
    "signup_closed": 403,
    "account_not_found": 404,
    "email_taken": 409,
    "already_owned": 409,
    "last_admin": 409,
    "team_exists": 409,
    "team_not_found": 404,
    "not_team_leader": 403,
    "rate_limited": 429,
    "workshop_flooded": 429,
    "not_facilitator": 403,
    "not_participant": 403,
    "csrf_failed": 400,
    "workshop_not_found": 404,
    "idea_not_found": 404,
    "join_closed": 409,
    "client_id_reused": 409,
    "wrong_phase": 409,
    "vote_closed": 409,
    "ideas_locked": 409,
    "settings_locked": 409,
    "serves_locked": 409,
    "phase_invalid": 409,
    "server_error": 500,
    "unavailable": 503,
    "claim_closed": 409,
    "name_not_listed": 409,
    "claim_crowded": 409,
    "claim_not_found": 404,
    "claim_expired": 409,
    "claim_answered": 409,
    "not_team_member": 403,
    "share_not_found": 404,
    "share_expired": 410,
    "share_revoked": 410,
    "share_expiry_invalid": 400,
}
HTTP_CODES = {
    400: "invalid_request",
    404: "not_found",
    405: "invalid_request",
    413: "too_large",
    429: "rate_limited",
}


def _respond(payload: dict, status: int):
    if request.path.startswith("/api/"):
        return {"error": payload}, status
    return render_template("error.html", error=payload, status=status), status


@bp.app_errorhandler(Refusal)
def refusal(error: Refusal):
    db.session.rollback()
    is_page = not request.path.startswith("/api/")
    if error.code == "login_required" and is_page and request.method == "GET":
        # A page asks for an account: sign in, then come back here.
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return with_retry_after(
        make_response(_respond(error_payload(error), STATUS.get(error.code, 400))), error.code
    )


def with_retry_after(response, code: str):
    """A refusal that passes with time says when to try again."""
    if code in ("rate_limited", "workshop_flooded"):
        # Limits count per minute: a client that waits this long gets through
        # (a flood guard lasts until lifted: a minute is a fair time to look again).
        response.headers["Retry-After"] = "60"
    elif code == "unavailable":
        # The database restarting: back within seconds.
        response.headers["Retry-After"] = "5"
    return response


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    """A post without the session's token: from another site, or a stale page."""
    return refusal(Refusal("csrf_failed"))


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = HTTP_CODES.get(error.code or 500, "invalid_request")
    if code == "not_found":
        from flask_babel import gettext

        payload = {"code": code, "message": gettext("This page does not exist.")}
    elif code == "too_large":
        from flask_babel import gettext

        payload = {"code": code, "message": gettext("This request is too large.")}
    else:
        payload = error_payload(Refusal(code))
    return _respond(payload, error.code or 500)


@bp.app_errorhandler(Exception)
def unexpected(error: Exception):
    _discard_session()
    if database_unavailable(error):
        log.warning(
            "database unavailable: %s %s: %s", request.method, request.path, one_line(error)
        )
        response = make_response(_respond(error_payload(Refusal("unavailable")), 503))
        return with_retry_after(response, "unavailable")
    log.exception("request failed: %s %s", request.method, request.path)
    return _respond(error_payload(Refusal("server_error")), 500)


def _discard_session() -> None:
    """Roll back what the request began; with the database away, the rollback
    fails too, and the session is thrown away instead."""
    try:
        db.session.rollback()
    except Exception:
        db.session.remove()
