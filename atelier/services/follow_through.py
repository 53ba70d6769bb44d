"""Follow-through: what became of each workshop's commitments, per team and
per manager (PRODUCT.md §9). Read-only.

Each workshop's outcome is taken from the bilan's own figures
(``bilan.bilan_context``): the team page, the dashboard, the share page and
the PDF never disagree, and names follow the same rule everywhere (a
commitment is named only where the room showed names when it was made,
``domain/anonymity.py``). The barometer gives aggregates only, each from
``MIN_ANSWERS`` people up.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from sqlalchemy import select

from ..domain import barometer as barometer_rules
from ..domain.phases import Phase
from ..domain.review import DECISIONS
from ..extensions import db
from ..models import Team, User, Workshop
from ..models._time import utcnow
from . import barometer, bilan, glance, teams
from .exports import safe_cell

# Steps whose commitments are made: from the results on.
_COMMITTED = frozenset({Phase.RESULTS, Phase.REVIEW, Phase.CLOSED})
_REVIEWED = frozenset({Phase.REVIEW, Phase.CLOSED})


@dataclass
class IdeaOutcome:
    """One committed idea: who committed (names only where shown), what was tried."""

    idea_id: int
    text: str
    committed: int
    names: list[str]
    unnamed: int
    tried: dict[str, int]
    waiting: int
    reports: int
    feeling_mean: float | None
    decision: str | None
    decision_note: str


@dataclass
class WorkshopOutcome:
    workshop: Workshop
    number: int  # its place in the team's time order, from 1
    participants: int
    committed_phase: bool  # the commitments are made (results or later)
    reviewed: bool
    ideas: list[IdeaOutcome]
    committed: int
    tried: dict[str, int]  # yes / partly / no, over the reviewed commitments
    reports: int
    feeling_mean: float | None
    next_step: str | None
    next_step_note: str
    next_review: dt.date | None
    barometer_day0: float | None  # the colleague side's overall mean
    barometer_day15: float | None
    barometer_sentences: list[str] = field(default_factory=list)
    # A longer experiment's further review rounds (services/bilan._rounds).
    later_rounds: list[dict] = field(default_factory=list)

    @property
    def tried_count(self) -> int:
        """Tried fully or in part."""
        return self.tried["yes"] + self.tried["partly"]

    @property
    def waiting(self) -> int:
        return max(0, self.committed - self.reports)

    @property
    def rate(self) -> float | None:
        """Share of the commitments tried, once reviewed."""
        if not self.reviewed or not self.committed:
            return None
        return self.tried_count / self.committed

    @property
    def decisions(self) -> list[IdeaOutcome]:
        return [i for i in self.ideas if i.decision]

    @property
    def latest_decisions(self) -> list[tuple[str, str]]:
        """(choice, idea text) of the latest review held: a later round's once reviewed."""
        for later in reversed(self.later_rounds):
            if later["held"]:
                return [
                    (item["decision"]["choice"], item["idea"].text)
                    for item in later["review"]
                    if item["decision"]
                ]
        return [(i.decision, i.text) for i in self.decisions]


def workshop_outcome(workshop: Workshop, number: int = 1) -> WorkshopOutcome:
    """One workshop, read once through the bilan's context."""
    phase = workshop.current_phase
    ctx = bilan.bilan_context(workshop, utcnow())
    named: dict[int, list[str]] = {}
    for participant, chosen in ctx["commitments"]:
        for idea in chosen:
            named.setdefault(idea.id, []).append(participant.name)
    review = {item["idea_id"]: item for item in ctx["review"]}
    ideas = []
    for idea in ctx["ranking"]:
        committed = ctx["tallies"][idea.id]
        item = review.get(idea.id)
        decision = ctx["decisions"].get(idea.id)
        names = named.get(idea.id, [])
        ideas.append(
            IdeaOutcome(
                idea_id=idea.id,
                text=idea.text,
                committed=committed,
                names=names,
                unnamed=committed - len(names),
                tried=dict(item["tried"]) if item else {"yes": 0, "partly": 0, "no": 0},
                waiting=item["waiting"] if item else committed,
                reports=item["reports"] if item else 0,
                feeling_mean=item["feeling_mean"] if item else None,
                decision=decision.choice if decision else None,
                decision_note=decision.note if decision else "",
            )
        )
    totals = ctx["review_totals"]
    baro = ctx["barometer"]
    sentences = []
    if baro is not None:
        day15 = barometer.round_state(workshop)["rounds"]["day15"]
        sentences = glance.gap_sentences(
            workshop,
            baro["day0"],
            baro["changes"],
            ctx["reviewed"],
            day15_open=day15["opened"] and not day15["closed"],
        )
    return WorkshopOutcome(
        workshop=workshop,
        number=number,
        participants=len(ctx["participants"]),
        committed_phase=phase in _COMMITTED,
        # The first review was held: at or after it, or a later round is on.
        reviewed=ctx["reviewed"],
        ideas=ideas,
        committed=ctx["vote_count"],
        tried=dict(totals["tried"]),
        reports=totals["reports"],
        feeling_mean=totals["feeling_mean"],
        next_step=workshop.next_step,
        next_step_note=workshop.next_step_note,
        next_review=_next_review(workshop, ctx["next_review"]),
        barometer_day0=barometer_rules.profile_mean(baro["day0"]) if baro else None,
        barometer_day15=barometer_rules.profile_mean(baro["day15"]) if baro else None,
        barometer_sentences=sentences,
        later_rounds=ctx["later_rounds"],
    )


def _next_review(workshop: Workshop, proposed: dt.date | None) -> dt.date | None:
    """The next review to plan. A longer experiment chosen at the first review
    was carried out by extending ideas (review rounds): once a later round is
    reviewed, that choice plans nothing more; the round's own date is the
    workshop's review date while it waits."""
    if workshop.review_round > 1 and workshop.current_phase is not Phase.RESULTS:
        return None
    return proposed


def team_workshops(team: Team) -> list[Workshop]:
    """The team's workshops in time order (oldest first)."""
    query = select(Workshop).filter_by(team_id=team.id).order_by(Workshop.date, Workshop.id)
    return list(db.session.scalars(query))


def team_timeline(team: Team) -> list[WorkshopOutcome]:
    return [workshop_outcome(w, n) for n, w in enumerate(team_workshops(team), 1)]


@dataclass
class FollowThrough:
    """Commitments tried (fully or in part) over the reviewed workshops."""

    tried: int
    committed: int
    workshops: int

    @property
    def rate(self) -> float | None:
        return self.tried / self.committed if self.committed else None


def follow_through(timeline: list[WorkshopOutcome]) -> FollowThrough:
    reviewed = [o for o in timeline if o.reviewed]
    return FollowThrough(
        tried=sum(o.tried_count for o in reviewed),
        committed=sum(o.committed for o in reviewed),
        workshops=len(reviewed),
    )


@dataclass
class ReviewDate:
    outcome: WorkshopOutcome
    day: dt.date
    kind: str  # "review": its day-15 review; "next": the next one after a longer experiment
    past: bool  # the day has gone by (a review not held yet is overdue)


def next_reviews(timeline: list[WorkshopOutcome], today: dt.date | None = None) -> list[ReviewDate]:
    """Reviews still to come: the day-15 review of a workshop not reviewed yet
    (past dates included: an overdue review is worth seeing), and the next
    review a longer experiment calls for."""
    today = today or utcnow().date()
    dates = []
    for outcome in timeline:
        phase = outcome.workshop.current_phase
        if phase is Phase.DRAFT:
            continue
        if phase not in _REVIEWED:  # waiting for a review (a later round's too)
            day = outcome.workshop.review_date
            dates.append(ReviewDate(outcome, day, "review", day < today))
        elif outcome.next_review is not None and outcome.next_review >= today:
            # A proposal (review date + one period), not a date anyone set:
            # once gone by, it plans nothing.
            dates.append(
                ReviewDate(outcome, outcome.next_review, "next", outcome.next_review < today)
            )
    return sorted(dates, key=lambda r: (r.day, r.outcome.workshop.id))


@dataclass
class TeamSummary:
    """One row of a manager's dashboard."""

    team: Team
    timeline: list[WorkshopOutcome]
    latest: WorkshopOutcome | None
    latest_reviewed: WorkshopOutcome | None
    follow_through: FollowThrough
    next_reviews: list[ReviewDate]


def team_summary(team: Team) -> TeamSummary:
    timeline = team_timeline(team)
    started = [o for o in timeline if o.workshop.current_phase is not Phase.DRAFT]
    reviewed = [o for o in timeline if o.reviewed]
    return TeamSummary(
        team=team,
        timeline=timeline,
        latest=(started or timeline or [None])[-1],
        latest_reviewed=reviewed[-1] if reviewed else None,
        follow_through=follow_through(timeline),
        next_reviews=next_reviews(timeline),
    )


def dashboard(user: User) -> list[TeamSummary]:
    """The teams an account is given (a manager reads them, a facilitator
    leads them), by name: never another team's."""
    return [team_summary(team) for team in teams.teams_of(user)]


def workshop_on_team_page(workshop: Workshop) -> WorkshopOutcome:
    """One workshop as its team page shows it (the share page's section),
    numbered by its place in its team's time order."""
    if workshop.team_id is None:
        return workshop_outcome(workshop)
    earlier = db.session.scalars(
        select(Workshop.id).filter_by(team_id=workshop.team_id).order_by(Workshop.date, Workshop.id)
    ).all()
    return workshop_outcome(workshop, earlier.index(workshop.id) + 1)


CSV_COLUMNS = (
    "team", "workshop", "date", "step", "review_date", "participants", "commitments",
    "tried_yes", "tried_partly", "tried_no", "no_answer", "follow_through", "feeling_average",
    "decisions", "next_step", "next_review", "barometer_colleagues_day0",
    "barometer_colleagues_day15",
)  # fmt: skip


def _decision_counts(outcome: WorkshopOutcome) -> str:
    """ "keep 2; stop 1": the latest review's decisions by kind, in the order the
    method names them (a later round's once it was reviewed, as on the dashboard)."""
    latest = [choice for choice, _ in outcome.latest_decisions]
    counts = [(c, latest.count(c)) for c in DECISIONS]
    return "; ".join(f"{c} {n}" for c, n in counts if n)


def dashboard_csv(summaries: list[TeamSummary]) -> str:
    """One row per workshop of the account's teams, oldest first within a team.

    Counts and means only, never a name. Cells a spreadsheet would run as a
    formula are neutralised (``exports.safe_cell``): titles and team names
    are what people typed.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for summary in summaries:
        for o in summary.timeline:
            w = o.workshop
            row = [
                summary.team.name,
                w.title,
                w.date.isoformat(),
                w.phase,
                w.review_date.isoformat(),
                o.participants,
                o.committed if o.committed_phase else "",
                o.tried["yes"] if o.reviewed else "",
                o.tried["partly"] if o.reviewed else "",
                o.tried["no"] if o.reviewed else "",
                o.waiting if o.reviewed else "",
                round(o.rate, 2) if o.rate is not None else "",
                round(o.feeling_mean, 2) if o.feeling_mean is not None else "",
                _decision_counts(o),
                o.next_step or "",
                o.next_review.isoformat() if o.next_review else "",
                o.barometer_day0 if o.barometer_day0 is not None else "",
                o.barometer_day15 if o.barometer_day15 is not None else "",
            ]
            writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
