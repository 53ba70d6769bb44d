"""The PDF bilan: the workshop's whole life as a document a manager forwards.

Rendered by WeasyPrint from templates/pdf/bilan.html and its print
stylesheet, in the workshop's language, generated afresh on each request so
that it includes the review once there is one.
"""

import datetime as dt
import re
import unicodedata
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from ..domain import tokens
from ..extensions import db
from ..models import Decision, Idea, Participant, Vote, Workshop
from .changes import Outcome, run_change
from .identity import Identity
from .views import review_view

_FONT_CONFIG = None


def _font_config():
    """One FontConfiguration for the process: building it costs more than a page."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def bilan_context(workshop: Workshop, generated_at: dt.datetime) -> dict:
    """Everything the document shows, read in one go."""
    ideas = db.session.scalars(
        select(Idea)
        .filter_by(workshop_id=workshop.id, hidden=False)
        .where(Idea.merged_into_id.is_(None))
        .order_by(Idea.id)
    ).all()
    participants = db.session.scalars(
        select(Participant).filter_by(workshop_id=workshop.id).order_by(Participant.name)
    ).all()
    votes = db.session.scalars(select(Vote).filter_by(workshop_id=workshop.id)).all()
    tallies: dict[int, int] = {}
    by_person: dict[int, list[int]] = {}
    for vote in votes:
        tallies[vote.idea_id] = tallies.get(vote.idea_id, 0) + 1
        by_person.setdefault(vote.participant_id, []).append(vote.idea_id)
    client = [i for i in ideas if i.kind == "client"]
    colleague = [i for i in ideas if i.kind == "colleague"]
    by_id = {i.id: i for i in ideas}
    ranking = sorted(
        (i for i in colleague if tallies.get(i.id)), key=lambda i: (-tallies[i.id], i.id)
    )
    decisions = {
        d.idea_id: d
        for d in db.session.scalars(select(Decision).filter_by(workshop_id=workshop.id))
    }
    return {
        "workshop": workshop,
        "generated_at": generated_at,
        "participants": participants,
        "client_ideas": client,
        "colleague_ideas": colleague,
        "free_ideas": [i for i in colleague if i.parent_id is None],
        "mirror": [(c, [i for i in colleague if i.parent_id == c.id]) for c in client],
        "ranking": ranking,
        "tallies": tallies,
        "commitments": [
            (p, [by_id[i] for i in sorted(by_person.get(p.id, [])) if i in by_id])
            for p in participants
        ],
        "committed_people": len(by_person),
        "review": [
            (by_id[r["idea_id"]], r) for r in review_view(workshop) if r["idea_id"] in by_id
        ],
        "decisions": decisions,
        "reviewed": workshop.current_phase.value in ("review", "closed"),
    }


def render_bilan(workshop: Workshop, generated_at: dt.datetime | None = None) -> bytes:
    from weasyprint import HTML

    generated_at = generated_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with force_locale(workshop.language):
        html = render_template("pdf/bilan.html", **bilan_context(workshop, generated_at))
    static = Path(current_app.static_folder).resolve()
    return HTML(string=html, base_url=str(static) + "/", encoding="utf-8").write_pdf(
        font_config=_font_config()
    )


def filename(workshop: Workshop) -> str:
    """bilan-<team>-<date>.pdf, in plain ASCII so every mail client keeps it."""
    label = workshop.team or workshop.title
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_label).strip("-").lower()[:40] or "atelier"
    return f"bilan-{slug}-{workshop.date.isoformat()}.pdf"


def new_manager_link(identity: Identity) -> Outcome:
    """Make (or replace) the manager's read-only link; the old one stops working."""
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        workshop.manager_nonce = tokens.new_nonce()

    return run_change(identity.workshop_id, apply)


def revoke_manager_link(identity: Identity) -> Outcome:
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        workshop.manager_nonce = None

    return run_change(identity.workshop_id, apply)
