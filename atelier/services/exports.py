"""A workshop's data as JSON or CSV, and its deletion."""

import csv
import io
import json

from flask_babel import force_locale, gettext, ngettext, pgettext
from sqlalchemy import delete, select

from ..domain.anonymity import name_shown
from ..extensions import db
from ..models import (
    Authorship,
    BarometerAnswers,
    BarometerRound,
    Decision,
    Idea,
    Participant,
    Receipt,
    Reminder,
    Report,
    ShareLink,
    Vote,
    Workshop,
)
from ..origin_texts import DECISION_LABELS
from ..served_texts import upfirst, workshop_placeholders
from .barometer import barometer_view
from .views import workshop_view

# A cell starting with one of these is a formula to a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The CSV's columns, in order. People read their labels (_csv_header), in the
# workshop's language; these keys name them in the docs and the tests.
COLUMNS = (
    "id", "kind", "client_idea", "text", "authors", "commitments", "committed_by",
    "tried_yes", "tried_partly", "tried_no", "feeling_average", "decision", "decision_note",
)  # fmt: skip


def export_data(workshop: Workshop) -> dict:
    """Everything the workshop holds, e-mail addresses excepted (they are private).

    Who wrote or chose what only where a name would show (domain/anonymity.py):
    an anonymous contribution has no participant id, and comes after the named
    ones, so that its place says nothing of who wrote it.
    """
    show = workshop.show_names

    def who(row) -> int | None:
        return row.participant_id if name_shown(show, row.anonymous) else None

    participants = db.session.scalars(
        select(Participant).filter_by(workshop_id=workshop.id).order_by(Participant.id)
    ).all()
    ideas = db.session.scalars(
        select(Idea).filter_by(workshop_id=workshop.id).order_by(Idea.id)
    ).all()
    votes = db.session.scalars(
        select(Vote).filter_by(workshop_id=workshop.id).order_by(Vote.idea_id, Vote.participant_id)
    ).all()
    reports = db.session.scalars(
        select(Report)
        .filter_by(workshop_id=workshop.id)
        .order_by(Report.round, Report.idea_id, Report.participant_id)
    ).all()
    decisions = db.session.scalars(select(Decision).filter_by(workshop_id=workshop.id)).all()
    return {
        "workshop": workshop_view(workshop),
        "participants": [{"id": p.id, "name": p.name} for p in participants],
        "ideas": [
            {
                "id": i.id,
                "kind": i.kind,
                "text": i.text,
                "parent_id": i.parent_id,
                "hidden": i.hidden,
                "merged_into_id": i.merged_into_id,
                "author_ids": [
                    a.participant_id for a in i.authorships if name_shown(show, a.anonymous)
                ],
                "anonymous_authors": sum(not name_shown(show, a.anonymous) for a in i.authorships),
            }
            for i in ideas
        ],
        "commitments": _named_then_anonymous(
            [{"participant_id": who(v), "idea_id": v.idea_id} for v in votes]
        ),
        "reports": _named_then_anonymous(
            [
                {
                    "participant_id": who(r),
                    "idea_id": r.idea_id,
                    "round": r.round,
                    "tried": r.tried,
                    "feeling": r.feeling,
                    "comment": r.comment,
                }
                for r in reports
            ]
        ),
        "decisions": [
            {"idea_id": d.idea_id, "round": d.round, "choice": d.choice, "note": d.note}
            for d in decisions
        ],
        # Aggregates only, as the room sees them: never one person's answers.
        "barometer": barometer_view(workshop),
    }


def _named_then_anonymous(rows: list[dict]) -> list[dict]:
    """Named rows in their order; anonymous ones after them, ordered by what they
    say only: where an anonymous row stood among the named ones (by participant
    id) would tell who wrote it."""
    named = [row for row in rows if row["participant_id"] is not None]
    anonymous = [row for row in rows if row["participant_id"] is None]
    return named + sorted(anonymous, key=lambda row: json.dumps(row, sort_keys=True))


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas: the text is kept, prefixed by an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def export_csv(workshop: Workshop) -> str:
    """One row per idea, with its mirror, authors, commitments and review."""
    data = export_data(workshop)
    names = {p["id"]: p["name"] for p in data["participants"]}
    texts = {i["id"]: i["text"] for i in data["ideas"]}
    committed: dict[int, list[str | None]] = {}
    for c in data["commitments"]:
        committed.setdefault(c["idea_id"], []).append(names.get(c["participant_id"]))
    tried: dict[int, list[dict]] = {}
    # One row per idea: the first review's figures (the JSON has every round).
    for r in data["reports"]:
        if r["round"] == 1:
            tried.setdefault(r["idea_id"], []).append(r)
    decisions = {d["idea_id"]: d for d in data["decisions"] if d["round"] == 1}

    out = io.StringIO()
    writer = csv.writer(out)
    # Labels, not codes: the CSV is opened in a spreadsheet by people, in the
    # workshop's language and with its word for who the team serves
    # (export.json keeps the codes for programs).
    with force_locale(workshop.language):
        served = workshop_placeholders(workshop, workshop.language)
        client_idea = upfirst(ngettext("%(person)s idea", "%(persons)s ideas", 1, **served))
        kinds = {
            "client": client_idea,
            "colleague": upfirst(ngettext("colleague idea", "colleague ideas", 1)),
        }
        header = _csv_header(client_idea)
        decision_labels = {code: gettext(label) for code, label in DECISION_LABELS.items()}
    # The typed word is in the header: it is guarded as any cell.
    writer.writerow([safe_cell(cell) for cell in header])
    for idea in data["ideas"]:
        if idea["merged_into_id"] is not None:
            continue
        people = committed.get(idea["id"], [])
        reports = tried.get(idea["id"], [])
        feelings = [r["feeling"] for r in reports]
        decision = decisions.get(idea["id"], {})
        choice = decision.get("choice", "")
        row = [
            idea["id"],
            kinds.get(idea["kind"], idea["kind"]),
            texts.get(idea["parent_id"], ""),
            idea["text"],
            # export_data already left out the names that must not show.
            ", ".join(names[a] for a in idea["author_ids"]),
            len(people),
            ", ".join(name for name in people if name),
            sum(r["tried"] == "yes" for r in reports),
            sum(r["tried"] == "partly" for r in reports),
            sum(r["tried"] == "no" for r in reports),
            round(sum(feelings) / len(feelings), 2) if feelings else "",
            decision_labels.get(choice, choice),
            decision.get("note", ""),
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def _csv_header(client_idea: str) -> list[str]:
    """The columns' labels in the current language, in the order of COLUMNS."""
    labels = {
        "id": pgettext("CSV column", "No."),
        "kind": pgettext("CSV column", "Kind"),
        "client_idea": client_idea,
        "text": pgettext("CSV column", "Text"),
        "authors": pgettext("CSV column", "Authors"),
        "commitments": pgettext("CSV column", "Commitments"),
        "committed_by": pgettext("CSV column", "Who committed"),
        "tried_yes": pgettext("CSV column", "Tried: yes"),
        "tried_partly": pgettext("CSV column", "Tried: partly"),
        "tried_no": pgettext("CSV column", "Tried: no"),
        "feeling_average": pgettext("CSV column", "Average feeling (out of 5)"),
        "decision": pgettext("CSV column", "Decision"),
        "decision_note": pgettext("CSV column", "Decision note"),
    }
    return [labels[column] for column in COLUMNS]


def delete_workshop(workshop_id: int) -> None:
    """Everything of the workshop goes, in one transaction."""
    participant_ids = select(Participant.id).filter_by(workshop_id=workshop_id)
    idea_ids = select(Idea.id).filter_by(workshop_id=workshop_id)
    db.session.execute(delete(Authorship).where(Authorship.idea_id.in_(idea_ids)))
    for model in (Report, Decision, Vote, BarometerAnswers, BarometerRound, ShareLink):
        db.session.execute(delete(model).filter_by(workshop_id=workshop_id))
    db.session.execute(delete(Reminder).where(Reminder.participant_id.in_(participant_ids)))
    db.session.execute(delete(Receipt).filter_by(workshop_id=workshop_id))
    db.session.execute(
        Idea.__table__.update()
        .where(Idea.workshop_id == workshop_id)
        .values(parent_id=None, merged_into_id=None)
    )
    db.session.execute(delete(Idea).filter_by(workshop_id=workshop_id))
    db.session.execute(delete(Participant).filter_by(workshop_id=workshop_id))
    db.session.execute(delete(Workshop).filter_by(id=workshop_id))
    db.session.commit()
