"""The organisation's library of tried colleague ideas (domain/library.py).

Reads only what an entry needs: ideas' text and dimension, counts of
commitments, the feelings of those who tried, decisions. No participant
row is ever read, so no name can reach a page.
"""

from collections import defaultdict

from sqlalchemy import or_, select, text

from ..domain import library
from ..domain.barometer import DIMENSIONS
from ..domain.review import DECISIONS
from ..extensions import db
from ..models import Idea, Vote, Workshop
from ..models.search import FTS_TABLE, PG_VECTOR
from .views import commitment_counts, latest_decisions, latest_reports

MAX_QUERY = 200
INSPIRATION_SIZE = 6


def _facts(
    exclude_workshop_id: int | None = None, exclude_team_id: int | None = None
) -> list[library.IdeaFacts]:
    """Committed, visible colleague ideas of the workshops in the library."""
    query = (
        select(Idea.id, Idea.workshop_id, Idea.text, Idea.origin_idea_id, Idea.dimension)
        .add_columns(Workshop.team_id)
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(
            Workshop.in_library.is_(True),
            Idea.kind == "colleague",
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
            select(Vote.id).where(Vote.idea_id == Idea.id).exists(),
        )
    )
    if exclude_workshop_id is not None:
        query = query.where(Idea.workshop_id != exclude_workshop_id)
    if exclude_team_id is not None:
        query = query.where(or_(Workshop.team_id.is_(None), Workshop.team_id != exclude_team_id))
    rows = db.session.execute(query).all()
    ids = [row.id for row in rows]
    if not ids:
        return []
    commitments = commitment_counts(ids)
    feelings: dict[int, list[int]] = defaultdict(list)
    for (idea_id, _), (tried_it, feeling) in latest_reports(ids).items():
        if tried_it in library.TRIED:
            feelings[idea_id].append(feeling)
    decisions = latest_decisions(ids)
    return [
        library.IdeaFacts(
            id=row.id,
            workshop_id=row.workshop_id,
            team=library.team_key(row.team_id, row.workshop_id),
            text=row.text,
            origin_id=row.origin_idea_id,
            dimension=row.dimension,
            commitments=commitments.get(row.id, 0),
            feelings=tuple(feelings[row.id]),
            decision=decisions.get(row.id),
        )
        for row in rows
    ]


def _origins() -> dict[int, int]:
    """Every carried-over idea's origin, opted-out workshops included, so that a
    line of carried-over ideas stays one entry whichever links are in the library."""
    rows = db.session.execute(
        select(Idea.id, Idea.origin_idea_id).where(Idea.origin_idea_id.is_not(None))
    ).all()
    return dict(rows)


def find_ideas(query: str) -> set[int]:
    """The ids of the ideas whose text holds every word of the query, in French or
    English: accents ignored and words completed on SQLite, stems on PostgreSQL."""
    words = library.search_words(query[:MAX_QUERY])
    if not words:
        return set()
    if db.engine.dialect.name == "sqlite":
        # Each word quoted (no FTS5 syntax gets through), without its plural
        # mark, and completed: « équipes » finds « équipe » and « équipes ».
        match = " ".join('"' + library.word_stem(w) + '"*' for w in words)
        statement = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match")
        return set(db.session.execute(statement, {"match": match}).scalars())
    # The indexed expression as is, so that the GIN index serves; stems in
    # either language (« équipes » finds « équipe », "thanks" finds "thank").
    found = text(
        f"SELECT id FROM ideas WHERE kind = 'colleague' AND ({PG_VECTOR}"
        " @@ plainto_tsquery('french'::regconfig, :words)"
        f" OR {PG_VECTOR} @@ plainto_tsquery('english'::regconfig, :words))"
    )
    return set(db.session.execute(found, {"words": " ".join(words)}).scalars())


def search(query: str = "", dimension: str | None = None, outcome: str | None = None):
    """The library's entries that match the words and the filters."""
    return browse(query, dimension, outcome)[0]


def browse(
    query: str = "", dimension: str | None = None, outcome: str | None = None
) -> tuple[list[library.Entry], bool]:
    """The entries that match, and whether any entry of the library names a
    dimension (else the page does not offer that filter)."""
    dimension = dimension if dimension in DIMENSIONS else None
    outcome = outcome if outcome in DECISIONS else None
    items = library.entries(_facts(), _origins())
    found = find_ideas(query) if (query or "").strip() else None
    matching = [
        entry
        for entry in items
        if library.matches(entry, found=found, dimension=dimension, outcome=outcome)
    ]
    return matching, any(entry.dimension for entry in items)


def inspiration(workshop_id: int) -> list[library.Entry]:
    """Ideas other teams kept, for one workshop's screen (its own ideas left out)."""
    origins = _origins()
    # Nor an idea it carried over: the entry of its origin is already on its board.
    own = db.session.scalars(select(Idea.id).where(Idea.workshop_id == workshop_id)).all()
    own_roots = {library.root_of(idea_id, origins) for idea_id in own}
    # Other teams': the team's own earlier workshops are left out too.
    team_id = db.session.scalar(select(Workshop.team_id).where(Workshop.id == workshop_id))
    facts = _facts(exclude_workshop_id=workshop_id, exclude_team_id=team_id)
    items = library.entries(facts, origins)
    return library.kept([e for e in items if e.key not in own_roots], INSPIRATION_SIZE)


def inspiration_view(workshop: Workshop) -> dict:
    """What the screen shows at the transposition: ideas only while switched on."""
    ideas = inspiration(workshop.id) if workshop.inspiration else []
    return {"shown": workshop.inspiration, "ideas": [entry_view(e) for e in ideas]}


def entry_view(entry: library.Entry) -> dict:
    """An entry as pages and clients receive it: text and figures, nothing else."""
    return {
        "text": entry.text,
        "teams": entry.teams,
        "people": entry.people,
        "feeling": entry.feeling,
        "decisions": entry.decisions,
        "dimension": entry.dimension,
    }
