"""Helpers shared by the page blueprints."""

from flask import current_app, g, request, url_for
from flask_babel import get_locale

from .. import served_texts
from ..credentials import recall
from ..domain.review import MAX_COMMENT, MAX_LESSONS, MAX_NOTE, MAX_REVIEW_DAYS
from ..domain.texts import MAX_TEXT
from ..login import signed_in_user
from ..models import Workshop
from ..services.identity import is_facilitator
from ..throttle import find_workshop_by_code


def load_workshop(code: str) -> Workshop:
    """The workshop of a URL; its language becomes the page's default."""
    workshop = find_workshop_by_code(code)
    g.workshop_language = workshop.language
    return workshop


def bearer_token() -> str | None:
    """A key or token sent as ``Authorization: Bearer …`` by a script."""
    header = request.headers.get("Authorization", "")
    return header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None


def may_facilitate(workshop: Workshop) -> bool:
    """The facilitator link (held by this browser, or as a bearer) or a signed-in owner."""
    key = bearer_token() or recall(workshop.id).get("f")
    return is_facilitator(workshop, key, signed_in_user())


def public_base_url() -> str:
    configured = current_app.config.get("PUBLIC_URL")
    return (configured or request.host_url).rstrip("/")


def external_url(endpoint: str, **values) -> str:
    """A link to send elsewhere (QR code, another device, a manager): on the public URL."""
    return public_base_url() + url_for(endpoint, **values)


def join_url(workshop: Workshop) -> str:
    return external_url("participate.phone", code=workshop.code)


def loopback_host() -> bool:
    """Phones cannot reach 127.0.0.1: the screen warns the facilitator."""
    host = public_base_url().split("//", 1)[-1].split(":", 1)[0].strip("[]")
    return host in ("localhost", "::1") or host.startswith("127.")


def page_config(workshop: Workshop, view: str, **extra) -> dict:
    """What a page's script needs to connect, read by static/js/live.js."""
    return {
        "code": workshop.code,
        "view": view,
        "lang": str(get_locale()),
        "max_text": MAX_TEXT,
        "max_comment": MAX_COMMENT,
        "max_note": MAX_NOTE,
        "max_lessons": MAX_LESSONS,
        "max_review_days": MAX_REVIEW_DAYS,
        # Who the team serves, in the page's language, until the snapshot says.
        "served": served_texts.workshop_placeholders(workshop),
        **extra,
    }
