"""Socket.IO handlers: authenticate, validate the envelope, call a service, publish.

Every client event is acknowledged with ``{"ok": true, "v": …}`` or
``{"ok": false, "error": {"code", "message"}}`` (docs/realtime-api.md).
"""

import functools
import logging

from flask import g, session
from flask_socketio import ConnectionRefusedError, emit, join_room, leave_room

from .. import flood_guard, throttle
from ..credentials import recall
from ..db_errors import database_unavailable, one_line
from ..domain.errors import Refusal
from ..domain.settings import LANGUAGES
from ..extensions import db, socketio
from ..i18n import error_payload
from ..login import login_key, signed_in_user
from ..models import Participant, User, Workshop
from ..services import accounts, barometer, claims, flood, ideas, review, votes, workshops
from ..services.identity import Identity, identify, is_facilitator
from ..services.ownership import facilitates
from ..services.snapshots import snapshot_text
from ..services.views import FACILITATOR, PUBLIC
from ..throttle import find_workshop_by_code
from .broadcast import (
    facilitator_room,
    participant_room,
    public_room,
    publish,
    publish_claims,
)
from .encoded import Encoded

log = logging.getLogger(__name__)

_CONN = "atelier_conn"  # per-connection state kept by Flask-SocketIO's session
VIEWS = ("screen", "phone", "facilitator")
# What a participant writes: counted per participant (RATE_LIMIT_CONTRIBUTIONS).
CONTRIBUTIONS = frozenset({"idea.post", "vote.set", "report.save", "email.set", "barometer.save"})


def _connect_identity(workshop, view: str, auth: dict) -> Identity:
    held = recall(workshop.id)
    key, token = auth.get("key") or held.get("f"), auth.get("token") or held.get("p")
    if view == "screen":
        # The screen is public to anyone holding the code; with the
        # facilitator's key it also takes keyboard shortcuts.
        try:
            return identify(workshop, key=key, user=signed_in_user())
        except Refusal:
            return Identity(workshop.id)
    if view == "phone":
        return identify(workshop, token=token)
    # The facilitator's page: their link, or the account they signed in with.
    user = signed_in_user()
    if not is_facilitator(workshop, key, user):
        # Someone known (a participant, another account, a renewed link's
        # old key) is told it is not theirs; nobody at all (signed out, or
        # the sign-in ended elsewhere) is asked to sign in.
        known = user is not None or key is not None or token is not None
        raise Refusal("not_facilitator" if known else "login_required")
    return Identity(workshop.id, facilitator=True)


@socketio.on("connect")
def on_connect(auth=None):
    auth = auth if isinstance(auth, dict) else {}
    g.locale = auth.get("lang") if auth.get("lang") in LANGUAGES else None
    try:
        view = auth.get("view")
        if view not in VIEWS:
            raise Refusal("invalid_request")
        workshop = find_workshop_by_code(auth.get("code"))
        identity = _connect_identity(workshop, view, auth)
    except Refusal as refusal:
        raise _refused(refusal) from None
    except Exception as error:
        raise _refused_after(error) from None
    session[_CONN] = {
        "workshop_id": identity.workshop_id,
        "participant_id": identity.participant_id,
        "facilitator": identity.facilitator,
        "because": _facilitator_basis(workshop, auth) if identity.facilitator else None,
        "view": view,
        "lang": g.locale,
    }
    if view == "facilitator":
        join_room(facilitator_room(workshop.id))
    else:
        join_room(public_room(workshop.id))
    if identity.participant_id is not None:
        join_room(participant_room(identity.participant_id))
    # The page starts (or restarts, after any gap) from a snapshot, read
    # after joining the rooms so that no change falls between the two. This
    # process holds the connection: the queue, if any, has no part in it.
    try:
        state = _snapshot_for(workshop, view, identity)
    except Exception as error:
        # Refused: Socket.IO takes the connection out of the rooms again.
        raise _refused_after(error) from None
    emit("state", Encoded(state), ignore_queue=True)
    if identity.participant_id is not None and view == "phone":
        # Back in the room: not offered to someone coming back without a link.
        # Written after the state is sent: the commit would make every object
        # loaded so far be read again. The page has its state: a database
        # gone meanwhile only delays this mark to the next connection.
        try:
            claims.mark_seen(identity.participant)
        except Exception as error:
            _discard_session()
            if not database_unavailable(error):
                raise
            log.warning("participant not marked as seen, database unavailable: %s", one_line(error))
    db.session.remove()


def _refused_after(error: Exception) -> ConnectionRefusedError:
    """The refusal of a connection that failed unexpectedly: the page shows a
    reason and tries again later, instead of a socket that never opens."""
    _discard_session()
    if database_unavailable(error):
        log.warning("connection refused, database unavailable: %s", one_line(error))
        return _refused(Refusal("unavailable"))
    log.exception("connection refused after an unexpected failure")
    return _refused(Refusal("server_error"))


def _discard_session() -> None:
    """Roll back; with the database away the rollback fails too: drop the session."""
    try:
        db.session.rollback()
    except Exception:
        db.session.remove()


def _refused(refusal: Refusal) -> ConnectionRefusedError:
    """Socket.IO sends ``{"message": args[0], "data": args[1]}``: socket.io-client
    shows ``message`` as the error's message and hands ``data`` (the code) over."""
    payload = error_payload(refusal)
    return ConnectionRefusedError(payload["message"], payload)


def _facilitator_basis(workshop, auth: dict) -> dict:
    """What made this connection a facilitator's, to check again at each event."""
    key = auth.get("key") or recall(workshop.id).get("f")
    if is_facilitator(workshop, key):
        return {"nonce": workshop.facilitator_nonce}
    return {"user": signed_in_user().id, "login": login_key()}


def _still_facilitator(conn: dict) -> bool:
    """A renewed link, a removed co-facilitator, or an account signed out, with a
    new password, another role or deactivated, loses control at once."""
    workshop = db.session.get(Workshop, conn["workshop_id"])
    basis = conn.get("because") or {}
    if workshop is None:
        raise Refusal("workshop_not_found")
    if "nonce" in basis:
        return workshop.facilitator_nonce == basis["nonce"]
    if "user" not in basis or not accounts.login_open(basis["user"], basis.get("login")):
        return False
    return facilitates(db.session.get(User, basis["user"]), workshop)


def _snapshot_for(workshop, view: str, identity: Identity) -> str:
    """The page's state, as JSON text (its shared part is encoded once per version)."""
    audience = FACILITATOR if view == "facilitator" else PUBLIC
    participant = identity.participant
    if participant is None and identity.participant_id is not None:  # "sync"
        participant = db.session.get(Participant, identity.participant_id)
    extra = {"can_facilitate": identity.facilitator}
    if view == "facilitator":
        # Not versioned: read fresh for each facilitator page (a few per workshop).
        extra["claims"] = claims.pending(workshop.id)
    return snapshot_text(workshop, audience, participant, **extra)


def _failure(refusal: Refusal) -> dict:
    return {"ok": False, "error": error_payload(refusal)}


def action(name: str):
    """Register a client event: identity from the connection, a dict payload, an ack."""

    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(payload=None, *_ignored):
            conn = session.get(_CONN)
            if conn is None:
                return _failure(Refusal("unauthenticated"))
            g.locale = conn.get("lang")
            if payload is None:
                payload = {}
            if not isinstance(payload, dict):
                return _failure(Refusal("invalid_request"))
            try:
                if conn["facilitator"] and not _still_facilitator(conn):
                    conn = {**conn, "facilitator": False}
                    session[_CONN] = conn
                    leave_room(facilitator_room(conn["workshop_id"]))
                identity = Identity(
                    conn["workshop_id"], conn["participant_id"], conn["facilitator"]
                )
                if name in CONTRIBUTIONS and not identity.facilitator:
                    throttle.consume(
                        "RATE_LIMIT_CONTRIBUTIONS", identity.workshop_id, identity.participant_id
                    )
                reply = handler(identity, payload, conn)
            except Refusal as refusal:
                _discard_session()
                return _failure(refusal)
            except Exception as error:
                _discard_session()
                if database_unavailable(error):
                    # The page sends it again with the same client_id: stored once,
                    # whether or not this attempt's commit went through.
                    log.warning("socket event %s: database unavailable: %s", name, one_line(error))
                    return _failure(Refusal("unavailable"))
                log.exception("socket event %s failed", name)
                return _failure(Refusal("server_error"))
            finally:
                db.session.remove()
            return reply

        socketio.on_event(name, wrapper)
        return wrapper

    return decorator


def _done(outcome) -> dict:
    publish(outcome)
    return {"ok": True, "v": outcome.version, "duplicate": outcome.duplicate, **outcome.result}


@action("sync")
def on_sync(identity: Identity, payload: dict, conn: dict) -> dict:
    """A client that missed a version asks for the whole state again."""
    workshop = db.session.get(Workshop, identity.workshop_id)
    if workshop is None:
        raise Refusal("workshop_not_found")
    if conn["view"] == "facilitator":
        identity.require_facilitator()  # no longer, if their access was taken away
    return Encoded('{"ok":true,"state":' + _snapshot_for(workshop, conn["view"], identity) + "}")


@action("idea.post")
def on_idea_post(identity, payload, conn):
    if not identity.facilitator:
        identity.require_participant()
        flood_guard.guard(
            identity.workshop_id,
            "ideas",
            actor=identity.actor,
            operation="idea.post",
            client_id=payload.get("client_id"),
        )
    outcome = ideas.post_idea(
        identity,
        payload.get("kind"),
        payload.get("text"),
        payload.get("parent_id"),
        payload.get("client_id"),
    )
    if not identity.facilitator:
        flood_guard.accepted(identity.workshop_id, "ideas", outcome)
    return _done(outcome)


@action("vote.set")
def on_vote_set(identity, payload, conn):
    return _done(votes.set_ballot(identity, payload.get("idea_ids"), payload.get("client_id")))


@action("idea.edit")
def on_idea_edit(identity, payload, conn):
    return _done(ideas.edit_idea(identity, payload.get("idea_id"), payload.get("text")))


@action("idea.hide")
def on_idea_hide(identity, payload, conn):
    return _done(ideas.hide_idea(identity, payload.get("idea_id"), payload.get("hidden")))


@action("idea.merge")
def on_idea_merge(identity, payload, conn):
    return _done(ideas.merge_ideas(identity, payload.get("idea_id"), payload.get("into_id")))


@action("phase.set")
def on_phase_set(identity, payload, conn):
    return _done(workshops.set_phase(identity, payload.get("phase")))


@action("timer.start")
def on_timer_start(identity, payload, conn):
    return _done(workshops.start_timer(identity, payload.get("seconds")))


@action("timer.stop")
def on_timer_stop(identity, payload, conn):
    return _done(workshops.stop_timer(identity))


@action("tallies.reveal")
def on_tallies_reveal(identity, payload, conn):
    return _done(workshops.reveal_tallies(identity, payload.get("revealed")))


@action("workshop.update")
def on_workshop_update(identity, payload, conn):
    return _done(workshops.update_settings(identity, payload.get("settings")))


@action("inspiration.show")
def on_inspiration_show(identity, payload, conn):
    return _done(workshops.show_inspiration(identity, payload.get("shown")))


@action("report.save")
def on_report_save(identity, payload, conn):
    return _done(
        review.save_report(
            identity,
            payload.get("idea_id"),
            payload.get("tried"),
            payload.get("feeling"),
            payload.get("comment"),
            payload.get("client_id"),
        )
    )


@action("decision.set")
def on_decision_set(identity, payload, conn):
    return _done(
        review.set_decision(
            identity,
            payload.get("idea_id"),
            payload.get("choice"),
            payload.get("note"),
            payload.get("dimension", ...),
        )
    )


@action("review.outcome")
def on_review_outcome(identity, payload, conn):
    return _done(
        review.set_outcome(
            identity, payload.get("next_step"), payload.get("note"), payload.get("lessons")
        )
    )


@action("review.focus")
def on_review_focus(identity, payload, conn):
    return _done(review.set_focus(identity, payload.get("idea_id")))


@action("review_date.set")
def on_review_date_set(identity, payload, conn):
    return _done(review.move_review_date(identity, payload.get("date")))


@action("review.extend")
def on_review_extend(identity, payload, conn):
    return _done(review.extend(identity, payload.get("idea_ids"), payload.get("date")))


@action("flood.lift")
def on_flood_lift(identity, payload, conn):
    identity.require_facilitator()
    # Counts first: an idea arriving between the two must not find the old
    # window full and trip the guard again at once.
    flood_guard.start_afresh(identity.workshop_id)
    return _done(flood.lift(identity))


@action("barometer.save")
def on_barometer_save(identity, payload, conn):
    return _done(
        barometer.save_answers(
            identity, payload.get("round"), payload.get("answers"), payload.get("client_id")
        )
    )


@action("barometer.open")
def on_barometer_open(identity, payload, conn):
    return _done(barometer.open_round(identity, payload.get("round")))


@action("barometer.close")
def on_barometer_close(identity, payload, conn):
    return _done(barometer.close_round(identity, payload.get("round")))


@action("email.set")
def on_email_set(identity, payload, conn):
    """Private to the participant: acknowledged, never broadcast."""
    return {"ok": True, **review.set_email(identity, payload.get("email"))}


@action("claim.answer")
def on_claim_answer(identity, payload, conn):
    """A facilitator confirms (or refuses) that a phone is the person it says."""
    claim = claims.answer(identity, payload.get("claim_id"), payload.get("confirm"))
    publish_claims(identity.workshop_id, claims.pending(identity.workshop_id))
    return {"ok": True, "claim": claim}
