"""A team's page (its workshops and what became of them) and the dashboard of
the teams an account is given, with its CSV export."""

from flask import Blueprint, Response, render_template
from flask_babel import format_decimal, format_percent

from ..domain.errors import Refusal
from ..domain.ids import MAX_ID
from ..extensions import db
from ..login import require_account
from ..models import Team
from ..services import follow_through, page_charts
from ..services.teams import may_see_team

bp = Blueprint("teams", __name__)


@bp.app_template_filter("decimal1")
def decimal1(value: float) -> str:
    """A mean as the bilan prints it: one decimal, in the page's language."""
    return format_decimal(value, format="0.0")


@bp.app_template_filter("percent")
def percent(value: float) -> str:
    return format_percent(value)


@bp.get("/teams/<int:team_id>")
def team_page(team_id: int):
    """For the team's members (its managers and facilitators), nobody else."""
    user = require_account()
    # An id over the column's range is no team (and no database error).
    team = db.session.get(Team, team_id) if team_id <= MAX_ID else None
    if team is None:
        raise Refusal("team_not_found")
    if not may_see_team(user, team):
        raise Refusal("not_team_member")
    timeline = follow_through.team_timeline(team)
    return render_template(
        "team.html",
        team=team,
        timeline=timeline,
        total=follow_through.follow_through(timeline),
        reviews=follow_through.next_reviews(timeline),
        charts=page_charts,
    )


@bp.get("/dashboard")
def dashboard():
    """Each of the account's teams: latest workshop, follow-through, reviews, decisions."""
    user = require_account()
    return render_template("dashboard.html", user=user, summaries=follow_through.dashboard(user))


@bp.get("/dashboard.csv")
def dashboard_csv():
    user = require_account()
    # A BOM so that spreadsheets open the accents right.
    return Response(
        "\ufeff" + follow_through.dashboard_csv(follow_through.dashboard(user)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="atelier-dashboard.csv"',
            "Cache-Control": "no-store",
        },
    )
