"""The facilitator's pages: the full view and the phone-sized remote."""

from flask import Blueprint, get_flashed_messages, redirect, render_template, url_for

from ..credentials import recall, remember
from ..domain.errors import Refusal
from ..domain.settings import LIMITS
from ..services.identity import is_facilitator
from .pages import join_url, load_workshop, page_config

bp = Blueprint("facilitate", __name__)


def _require_facilitator(workshop) -> None:
    if not is_facilitator(workshop, recall(workshop.id).get("f")):
        raise Refusal("not_facilitator")


@bp.get("/w/<code>/f/<key>")
def claim(code: str, key: str):
    """The secret facilitator link: this browser now holds the workshop."""
    workshop = load_workshop(code)
    if not is_facilitator(workshop, key):
        raise Refusal("not_facilitator")
    remember(workshop.id, key=key)
    return redirect(url_for("facilitate.view", code=workshop.code))


@bp.get("/w/<code>/facilitate")
def view(code: str):
    workshop = load_workshop(code)
    _require_facilitator(workshop)
    links = get_flashed_messages(category_filter=["facilitator_link"])
    return render_template(
        "facilitate.html",
        workshop=workshop,
        config=page_config(workshop, "facilitator"),
        join_url=join_url(workshop),
        facilitator_link=links[0] if links else None,
        limits=LIMITS,
    )


@bp.get("/w/<code>/remote")
def remote(code: str):
    workshop = load_workshop(code)
    _require_facilitator(workshop)
    return render_template(
        "remote.html", workshop=workshop, config=page_config(workshop, "facilitator")
    )
