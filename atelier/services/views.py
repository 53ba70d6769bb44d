"""The JSON shapes clients receive; docs/realtime-api.md describes each one."""

import datetime as dt
import functools

from sqlalchemy import bindparam, case, func, select

from .. import served_texts
from ..domain.anonymity import name_shown
from ..domain.ballots import vote_limit
from ..domain.phases import Phase, allowed_actions
from ..extensions import db
from ..models import (
    Authorship,
    BarometerAnswers,
    Decision,
    Idea,
    Participant,
    Report,
    RoundIdea,
    Vote,
    Workshop,
)

PUBLIC = "public"
FACILITATOR = "facilitator"


def iso_utc(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def tallies_public(workshop: Workshop) -> bool:
    """Tallies stay off the screen until revealed, to avoid herding."""
    return workshop.tallies_revealed or workshop.current_phase not in (
        Phase.DRAFT,
        Phase.LOBBY,
        Phase.CLIENT_IDEAS,
        Phase.TRANSPOSITION,
        Phase.VOTE,
    )


def workshop_view(workshop: Workshop) -> dict:
    timer = None
    if workshop.timer_ends_at is not None:
        timer = {"ends_at": iso_utc(workshop.timer_ends_at), "seconds": workshop.timer_seconds}
    flood_guard = None
    if workshop.flood_guard_since is not None:
        flood_guard = {
            "since": iso_utc(workshop.flood_guard_since),
            "reason": workshop.flood_guard_reason,
        }
    return {
        "code": workshop.code,
        "title": workshop.title,
        "team": workshop.team,
        "language": workshop.language,
        "date": workshop.date.isoformat(),
        "review_date": workshop.review_date.isoformat(),
        "phase": workshop.phase,
        "votes_per_person": workshop.votes_per_person,
        "commitment_days": workshop.commitment_days,
        "show_names": workshop.show_names,
        "tallies_revealed": workshop.tallies_revealed,
        "timer": timer,
        "review_focus_id": workshop.review_focus_id,
        "next_step": workshop.next_step,
        "next_step_note": workshop.next_step_note,
        "lessons": workshop.lessons,
        "allowed": allowed_actions(workshop.current_phase, workshop.review_round),
        "review_round": workshop.review_round,
        "round_ideas": round_idea_ids(workshop) or [],
        "flood_guard": flood_guard,
        "barometer": workshop.barometer,
        "in_library": workshop.in_library,
        "serves": {
            "key": workshop.serves,
            "singular": workshop.serves_singular,
            "plural": workshop.serves_plural,
        },
        # Each page fills its sentences with these (in its own language).
        "serves_words": served_texts.both_languages(workshop),
    }


def round_idea_ids(workshop: Workshop, round_: int | None = None) -> list[int] | None:
    """The ideas a later review round is about; None for round 1 (every commitment)."""
    round_ = round_ or workshop.review_round
    if round_ <= 1:
        return None
    return list(
        db.session.scalars(
            select(RoundIdea.idea_id)
            .filter_by(workshop_id=workshop.id, round=round_)
            .order_by(RoundIdea.idea_id)
        )
    )


def participant_view(participant: Participant) -> dict:
    return {"id": participant.id, "name": participant.name}


def idea_view(idea: Idea, show_names: bool, audience: str, origins: dict | None = None) -> dict:
    """One idea; ``origins`` (from ``origin_views``) saves a query per carried idea."""
    origin = None
    if idea.origin_idea_id is not None:
        known = origins if origins is not None else origin_views([idea.origin_idea_id])
        origin = known.get(idea.origin_idea_id)
    view = {
        "id": idea.id,
        "kind": idea.kind,
        "text": idea.text,
        "parent_id": idea.parent_id,
        # Names only when the workshop shows them and the author wrote it
        # while it did (domain/anonymity.py), for everyone alike.
        "authors": idea.author_names(show_names),
        # Carried over from another workshop: how it went there (no names).
        "origin": origin,
    }
    if audience == FACILITATOR:
        view["hidden"] = idea.hidden
    return view


def commitment_counts(idea_ids: list[int]) -> dict[int, int]:
    """How many people committed to each of these ideas (ideas nobody chose are absent)."""
    query = select(Vote.idea_id, func.count()).where(Vote.idea_id.in_(idea_ids))
    return dict(db.session.execute(query.group_by(Vote.idea_id)).all())


def latest_reports(idea_ids: list[int]) -> dict[tuple[int, int], tuple[str, int]]:
    """(idea, participant) → (tried, feeling) of each person's latest report on these
    ideas: a longer experiment reviews an idea again, and the later round says how it went."""
    query = (
        select(Report.idea_id, Report.participant_id, Report.tried, Report.feeling)
        .where(Report.idea_id.in_(idea_ids))
        .order_by(Report.round)
    )
    return {
        (idea, person): (tried, feeling)
        for idea, person, tried, feeling in db.session.execute(query)
    }


def latest_decisions(idea_ids: list[int]) -> dict[int, str]:
    """Each idea's decision in the latest review round that took one."""
    query = (
        select(Decision.idea_id, Decision.choice)
        .where(Decision.idea_id.in_(idea_ids))
        .order_by(Decision.round)
    )
    return dict(db.session.execute(query).all())


def origin_views(idea_ids) -> dict[int, dict]:
    """How each origin idea went, in its own workshop: aggregates only.

    Its team and date, how many committed, what they answered at the review
    (tried yes / partly / no), the mean feeling (1–5, None without a report)
    and the group's decision (None if none). No names, no comments, no note.
    """
    ids = sorted(set(idea_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Idea.id, Workshop.team, Workshop.date)
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(Idea.id.in_(ids))
    ).all()
    views = {
        idea_id: {
            "team": team,
            "date": date.isoformat(),
            "committed": 0,
            "tried": {"yes": 0, "partly": 0, "no": 0},
            "feeling": None,
            "decision": None,
        }
        for idea_id, team, date in rows
    }
    found = list(views)
    for idea_id, n in commitment_counts(found).items():
        views[idea_id]["committed"] = n
    feelings: dict[int, list[int]] = {}
    for (idea_id, _), (tried, feeling) in latest_reports(found).items():
        views[idea_id]["tried"][tried] += 1
        feelings.setdefault(idea_id, []).append(feeling)
    for idea_id, values in feelings.items():
        views[idea_id]["feeling"] = round(sum(values) / len(values), 1)
    for idea_id, choice in latest_decisions(found).items():
        views[idea_id]["decision"] = choice
    return views


@functools.cache
def vote_statements():
    """Core statements of a ballot and of the vote's progress, built once: a
    room voting at once sends hundreds of ballots a second, and building an
    ORM query costs more than running it."""
    ideas, votes = Idea.__table__, Vote.__table__
    wid = bindparam("wid")
    per_person = (
        select(func.count().label("n"))
        .where(votes.c.workshop_id == wid)
        .group_by(votes.c.participant_id)
        .subquery()
    )
    return {
        "eligible": select(ideas.c.id).where(
            ideas.c.workshop_id == wid,
            ideas.c.kind == "colleague",
            ideas.c.hidden.is_(False),
            ideas.c.merged_into_id.is_(None),
        ),
        # Voters, and those whose ballot is full: one row, whatever the room.
        "progress": select(
            func.count(),
            func.coalesce(func.sum(case((per_person.c.n >= bindparam("limit"), 1), else_=0)), 0),
        ).select_from(per_person),
        "tallies": select(votes.c.idea_id, func.count())
        .where(votes.c.workshop_id == wid)
        .group_by(votes.c.idea_id),
        "tallies_of": select(votes.c.idea_id, func.count())
        .where(votes.c.workshop_id == wid, votes.c.idea_id.in_(bindparam("ids", expanding=True)))
        .group_by(votes.c.idea_id),
        "ballot": select(votes.c.idea_id).where(votes.c.participant_id == bindparam("pid")),
        "drop": votes.delete().where(
            votes.c.participant_id == bindparam("pid"),
            votes.c.idea_id.in_(bindparam("ids", expanding=True)),
        ),
        "add": votes.insert(),
    }


def eligible_idea_ids(workshop_id: int) -> list[int]:
    """Colleague ideas one can commit to: visible, not merged away."""
    return list(db.session.scalars(vote_statements()["eligible"], {"wid": workshop_id}))


def votes_view(workshop: Workshop, with_tallies: bool, idea_ids=None, eligible=None) -> dict:
    """Vote progress; with tallies, the counts of ``idea_ids`` (all when None).

    Without, ``tallies`` is None: "you see no tallies, drop any you hold"
    (a page that merged counts while they were shown must forget them).
    ``eligible``: the eligible idea ids, when the caller has them already.
    """
    statements = vote_statements()
    if eligible is None:
        eligible = eligible_idea_ids(workshop.id)
    limit = vote_limit(workshop.votes_per_person, len(eligible))
    # A limit of 0 (nothing to choose yet): nobody's ballot is complete.
    voters, complete = db.session.execute(
        statements["progress"], {"wid": workshop.id, "limit": limit or 1}
    ).one()
    view = {
        "voters": voters,
        "complete": int(complete) if limit else 0,
        "limit": limit,
        "tallies": None,
    }
    if with_tallies:
        if idea_ids is None:
            counts = dict(db.session.execute(statements["tallies"], {"wid": workshop.id}).all())
            ids = counts
        else:
            ids = list(idea_ids)
            counts = {}
            if ids:
                counts = dict(
                    db.session.execute(
                        statements["tallies_of"], {"wid": workshop.id, "ids": ids}
                    ).all()
                )
        view["tallies"] = {str(i): counts.get(i, 0) for i in ids}
    return view


def add_votes_op(outcome, workshop: Workshop, idea_ids=None, eligible=None) -> None:
    """Broadcast vote progress; tallies to the facilitator, and to all once revealed."""
    with_counts = votes_view(workshop, True, idea_ids, eligible)
    # Hidden from the room: `null`, so pages that merged counts drop them.
    hidden = {**with_counts, "tallies": None}
    outcome.add("votes", with_counts if tallies_public(workshop) else hidden, with_counts)


@functools.cache
def _me_statements():
    """Core statements over the tables, built once: a room reconnecting reads
    "me" a thousand times, and building an ORM query costs more than running it."""
    reports, authors, ideas = Report.__table__, Authorship.__table__, Idea.__table__
    votes, answers = Vote.__table__, BarometerAnswers.__table__
    people = Participant.__table__
    pid = bindparam("pid")
    return (
        select(people.c.email).where(people.c.id == pid),
        select(reports.c.idea_id, reports.c.tried, reports.c.feeling, reports.c.comment)
        .add_columns(reports.c.anonymous)
        .where(reports.c.participant_id == pid, reports.c.round == bindparam("round")),
        select(ideas.c.id)
        .join(authors, authors.c.idea_id == ideas.c.id)
        .where(authors.c.participant_id == pid, ideas.c.merged_into_id.is_(None)),
        select(votes.c.idea_id).where(votes.c.participant_id == pid),
        select(answers.c.round, answers.c.answers).where(answers.c.participant_id == pid),
    )


def me_view(
    participant_id: int,
    participant: Participant | None = None,
    review_round: int | None = None,
    votes: list[int] | None = None,
) -> dict:
    """A participant's own ideas, choices and reports, for every device they use.

    The reports are the current review round's (a later round asks again).
    A caller holding the participant, its workshop's round or its choices
    (a ballot just stored) passes them.
    """
    email_q, reports_q, ideas_q, votes_q, barometer_q = _me_statements()
    mine = {"pid": participant_id}
    if participant is None and review_round is not None:
        email = db.session.scalar(email_q, mine)  # no need for the whole participant
    else:
        if participant is None:
            participant = db.session.get(Participant, participant_id)
        email = participant.email
    round_ = review_round
    if round_ is None:
        round_ = db.session.scalar(
            select(Workshop.review_round).filter_by(id=participant.workshop_id)
        )
    return {
        "email": email,
        "reports": {
            str(idea_id): {
                "tried": tried,
                "feeling": feeling,
                "comment": comment,
                "anonymous": anonymous,
            }
            for idea_id, tried, feeling, comment, anonymous in db.session.execute(
                reports_q, {**mine, "round": round_}
            )
        },
        # Their own ideas, anonymous ones included: only they receive this.
        "idea_ids": sorted(db.session.scalars(ideas_q, mine)),
        "votes": sorted(db.session.scalars(votes_q, mine) if votes is None else votes),
        # How many barometer cards they answered, per round; never the
        # ratings: a personal link or a confirmed claim opens this "me" on
        # another device (the facilitator's too), and the ratings stay on
        # the phone that gave them (static/js/phone/barometer.js).
        "barometer": {
            round_: len({d for ratings in answers.values() for d in ratings})
            for round_, answers in db.session.execute(barometer_q, mine)
        },
    }


def commitment_texts(participant_id: int, idea_ids=None) -> list[str]:
    """The texts of the ideas a participant committed to, in posting order.

    ``idea_ids``: only these (a later review round's extended ideas).
    """
    query = (
        select(Idea.text)
        .join(Vote, Vote.idea_id == Idea.id)
        .where(Vote.participant_id == participant_id)
        .order_by(Idea.id)
    )
    if idea_ids is not None:
        query = query.where(Idea.id.in_(idea_ids))
    return list(db.session.scalars(query))


def review_public(workshop: Workshop) -> bool:
    """The room sees reports at the review, not before (no herding either)."""
    return workshop.current_phase in (Phase.REVIEW, Phase.CLOSED)


def review_view(workshop: Workshop, idea_ids=None, round_: int | None = None) -> list[dict]:
    """Per committed idea: who tried it, how it felt, comments, the decision.

    Of one review round (the current one by default): a later round shows
    its extended ideas only, with its own reports and decisions.
    """
    round_ = round_ or workshop.review_round
    committed = select(Vote.idea_id, func.count()).filter_by(workshop_id=workshop.id)
    if idea_ids is not None:
        committed = committed.where(Vote.idea_id.in_(idea_ids))
    in_round = round_idea_ids(workshop, round_)
    if in_round is not None:
        committed = committed.where(Vote.idea_id.in_(in_round))
        idea_ids = None if idea_ids is None else [i for i in idea_ids if i in in_round]
    counts = dict(db.session.execute(committed.group_by(Vote.idea_id)).all())
    ids = sorted(set(counts) | set(idea_ids or ()))
    if not ids:
        return []
    reports = db.session.execute(
        select(Report, Participant.name)
        .join(Participant, Participant.id == Report.participant_id)
        .where(Report.idea_id.in_(ids), Report.round == round_)
        .order_by(Report.id)
    ).all()
    decisions = {
        d.idea_id: d
        for d in db.session.scalars(
            select(Decision).where(Decision.idea_id.in_(ids), Decision.round == round_)
        )
    }
    views = {
        i: {
            "idea_id": i,
            "committed": counts.get(i, 0),
            "reports": 0,
            "tried": {"yes": 0, "partly": 0, "no": 0},
            "feelings": [0, 0, 0, 0, 0],
            "comments": [],
            "decision": None,
        }
        for i in ids
    }
    for report, name in reports:
        view = views[report.idea_id]
        view["reports"] += 1
        view["tried"][report.tried] += 1
        view["feelings"][report.feeling - 1] += 1
        if report.comment:
            view["comments"].append(
                {
                    "text": report.comment,
                    "tried": report.tried,
                    "author": name if name_shown(workshop.show_names, report.anonymous) else None,
                }
            )
    if decisions:
        # The barometer dimension the idea serves, named with the decision (the library's).
        dimensions = dict(
            db.session.execute(select(Idea.id, Idea.dimension).where(Idea.id.in_(decisions))).all()
        )
    for idea_id, decision in decisions.items():
        views[idea_id]["decision"] = {
            "choice": decision.choice,
            "note": decision.note,
            "dimension": dimensions.get(idea_id),
        }
    return [views[i] for i in ids]


def add_review_op(outcome, workshop: Workshop, idea_ids) -> None:
    """Broadcast the review of some ideas: to the room only once the review is open."""
    items = review_view(workshop, idea_ids)
    if review_public(workshop):
        outcome.add("review", {"items": items})
    else:
        outcome.add_split(("review", {"items": []}), ("review", {"items": items}))
