"""The organisation's library: tried colleague ideas, in figures, for any account."""

from flask import Blueprint, render_template, request

from ..barometer_texts import DIMENSION_NAMES
from ..domain.barometer import DIMENSIONS
from ..domain.review import DECISIONS
from ..login import require_account
from ..services import library

bp = Blueprint("library", __name__)


@bp.get("/library")
def index():
    require_account()
    query = (request.args.get("q") or "").strip()[: library.MAX_QUERY]
    dimension = request.args.get("dimension") or ""
    outcome = request.args.get("outcome") or ""
    dimension = dimension if dimension in DIMENSIONS else ""
    outcome = outcome if outcome in DECISIONS else ""
    results, dimensions_known = library.browse(query, dimension or None, outcome or None)
    return render_template(
        "library.html",
        results=[library.entry_view(entry) for entry in results],
        query=query,
        dimension=dimension,
        outcome=outcome,
        dimension_names=DIMENSION_NAMES,
        # "Where known": the filter shows once a facilitator named a dimension.
        dimensions_known=dimensions_known,
        decisions=DECISIONS,
        filtered=bool(query or dimension or outcome),
    )
