"""The facilitator's pages: the full view and the phone-sized remote."""

from flask import (
    Blueprint,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext

from .. import throttle
from ..credentials import remember
from ..domain.errors import Refusal
from ..domain.ids import MAX_ID
from ..domain.settings import LIMITS
from ..domain.teams import chosen_option
from ..login import require_account, signed_in_user
from ..realtime.broadcast import revoke_facilitators
from ..services import carry_over, ownership, workshops
from ..services.identity import is_facilitator
from ..services.teams import teams_of
from .pages import external_url, join_url, load_workshop, may_facilitate, page_config

bp = Blueprint("facilitate", __name__)


def _require_facilitator(workshop) -> None:
    if not may_facilitate(workshop):
        raise Refusal("not_facilitator")


def _require_facilitator_page(workshop) -> None:
    """Someone not signed in may be the owner on a new device: ask them to sign in."""
    if not may_facilitate(workshop) and signed_in_user() is None:
        raise Refusal("login_required")
    _require_facilitator(workshop)
    ownership.note_opened(signed_in_user(), workshop)


@bp.get("/w/<code>/f/<key>")
def open_link(code: str, key: str):
    """The secret facilitator link: this browser now holds the workshop."""
    workshop = load_workshop(code)
    if not is_facilitator(workshop, key):
        raise Refusal("not_facilitator")
    remember(workshop.id, key=key)
    return redirect(url_for("facilitate.view", code=workshop.code))


@bp.get("/w/<code>/facilitate")
def view(code: str):
    workshop = load_workshop(code)
    _require_facilitator_page(workshop)
    links = get_flashed_messages(category_filter=["facilitator_link"])
    user = signed_in_user()
    led = teams_of(user) if user is not None and user.can_facilitate else []
    return render_template(
        "facilitate.html",
        led_teams=led,
        team_chosen=chosen_option([(t.id, t.name) for t in led], workshop.team),
        workshop=workshop,
        config=page_config(workshop, "facilitator"),
        join_url=join_url(workshop),
        facilitator_link=links[0] if links else None,
        limits=LIMITS,
        user=user,
        owner=ownership.owner_of(workshop),
        invitations=ownership.invitations(workshop),
        source=carry_over.source_of(workshop),
        # Starting a workshop from this one's ideas needs an account that runs it.
        may_start_from=ownership.facilitates(signed_in_user(), workshop),
    )


@bp.get("/w/<code>/remote")
def remote(code: str):
    workshop = load_workshop(code)
    _require_facilitator_page(workshop)
    return render_template(
        "remote.html", workshop=workshop, config=page_config(workshop, "facilitator")
    )


def _back(workshop):
    return redirect(url_for("facilitate.view", code=workshop.code) + "#facilitators")


@bp.post("/w/<code>/claim")
def claim(code: str):
    """Attach a workshop held by its link to the signed-in account."""
    workshop = load_workshop(code)
    user = require_account()
    _require_facilitator(workshop)
    ownership.claim(user, workshop)
    flash(gettext("This workshop is now in your account."), "facilitators")
    return _back(workshop)


@bp.post("/w/<code>/co-facilitators")
def invite(code: str):
    """Invite an address: the same answer whether it has an account or not."""
    workshop = load_workshop(code)
    owner = require_account()
    ownership.require_owner(owner, workshop)
    throttle.consume("RATE_LIMIT_INVITES", owner.id)
    address = ownership.invite(owner, workshop, request.form.get("email"))
    flash(
        gettext(
            "Invitation recorded for %(email)s. If this address has (or creates) a facilitator"
            " account, it can facilitate this workshop.",
            email=address,
        ),
        "facilitators",  # shown in the panel (templates/_facilitators_panel.html)
    )
    return _back(workshop)


@bp.post("/w/<code>/co-facilitators/<int:invitation_id>/remove")
def remove_co_facilitator(code: str, invitation_id: int):
    workshop = load_workshop(code)
    # An id no row can have (over the column's range) is nothing to remove.
    ownership.remove(
        require_account(), workshop, invitation_id if invitation_id <= MAX_ID else None
    )
    revoke_facilitators(workshop.id)
    flash(gettext("The invitation was removed."), "facilitators")
    return _back(workshop)


@bp.post("/w/<code>/facilitator-link")
def renew_link(code: str):
    """A new secret link, shown once; whoever held the old one loses control."""
    workshop = load_workshop(code)
    _require_facilitator(workshop)
    if workshop.owner_id is not None:
        ownership.require_owner(signed_in_user(), workshop)
    key = workshops.renew_facilitator_link(workshop)
    revoke_facilitators(workshop.id)
    remember(workshop.id, key=key)
    flash(external_url("facilitate.open_link", code=workshop.code, key=key), "facilitator_link")
    return redirect(url_for("facilitate.view", code=workshop.code))
