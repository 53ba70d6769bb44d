"""Posting ideas, and the facilitator's tidying: edit, hide, merge."""

from sqlalchemy import select, update

from ..domain.anonymity import written_anonymously
from ..domain.ballots import merged_voters
from ..domain.errors import Refusal
from ..domain.flooding import check_not_flooded
from ..domain.ids import check_id
from ..domain.merging import MergeSide, check_merge
from ..domain.phases import check_accepts_idea, check_can_edit, check_can_tidy
from ..domain.texts import clean_text
from ..extensions import db
from ..models import Authorship, Idea, Participant, Vote, Workshop
from .changes import Outcome, check_client_id, run_change
from .identity import Identity
from .views import FACILITATOR, PUBLIC, add_votes_op, idea_view, me_view, origin_views

KINDS = ("client", "colleague")


def _idea_op(outcome: Outcome, workshop: Workshop, idea: Idea) -> None:
    """An idea changed: the facilitator always sees it, the room only if visible."""
    origins = origin_views([idea.origin_idea_id] if idea.origin_idea_id else [])
    fview = idea_view(idea, workshop.show_names, FACILITATOR, origins)
    if idea.visible:
        outcome.add("idea", idea_view(idea, workshop.show_names, PUBLIC, origins), fview)
    else:
        outcome.add_split(("idea_removed", {"id": idea.id}), ("idea", fview))


def _get_idea(workshop: Workshop, idea_id: object) -> Idea:
    idea = db.session.get(Idea, check_id(idea_id))
    # An id from another workshop is answered exactly like a missing one.
    if idea is None or idea.workshop_id != workshop.id or idea.merged_into_id is not None:
        raise Refusal("idea_not_found")
    return idea


def post_idea(
    identity: Identity, kind: object, text: object, parent_id: object, client_id: object
) -> Outcome:
    if kind not in KINDS:
        raise Refusal("invalid_request")
    text = clean_text(text)
    client_id = check_client_id(client_id)
    if parent_id is not None and kind == "client":
        raise Refusal("invalid_request")

    if not identity.facilitator:
        identity.require_participant()

    def apply(workshop: Workshop, outcome: Outcome):
        check_accepts_idea(workshop.current_phase, kind)
        if not identity.facilitator:
            check_not_flooded(workshop.flood_guard_since)
        if parent_id is not None:
            parent = _get_idea(workshop, parent_id)
            if parent.kind != "client" or parent.hidden:
                raise Refusal("parent_not_found")
        idea = Idea(workshop_id=workshop.id, kind=kind, text=text, parent_id=parent_id)
        if identity.participant_id is not None:
            idea.authorships.append(
                Authorship(
                    participant=db.session.get(Participant, identity.participant_id),
                    anonymous=written_anonymously(workshop.show_names),
                )
            )
        db.session.add(idea)
        db.session.flush()
        _idea_op(outcome, workshop, idea)
        if identity.participant_id is not None:
            # The author's other devices mark the idea as theirs too.
            outcome.personal[identity.participant_id] = me_view(identity.participant_id)
        return {"idea_id": idea.id}

    return run_change(
        identity.workshop_id,
        apply,
        actor=identity.actor,
        client_id=client_id,
        operation="idea.post",
    )


def edit_idea(identity: Identity, idea_id: object, text: object) -> Outcome:
    identity.require_facilitator()
    text = clean_text(text)

    def apply(workshop: Workshop, outcome: Outcome):
        check_can_edit(workshop.current_phase)
        idea = _get_idea(workshop, idea_id)
        idea.text = text
        _idea_op(outcome, workshop, idea)

    return run_change(identity.workshop_id, apply)


def _drop_votes(outcome: Outcome, idea_ids: list[int], workshop_id: int) -> None:
    """Votes on an idea people can no longer see are given back to them."""
    voters = set(db.session.scalars(select(Vote.participant_id).where(Vote.idea_id.in_(idea_ids))))
    if voters:
        db.session.execute(
            Vote.__table__.delete().where(
                Vote.idea_id.in_(idea_ids), Vote.workshop_id == workshop_id
            )
        )
        for pid in voters:
            outcome.personal[pid] = me_view(pid)


def hide_idea(identity: Identity, idea_id: object, hidden: object) -> Outcome:
    identity.require_facilitator()
    if not isinstance(hidden, bool):
        raise Refusal("invalid_request")

    def apply(workshop: Workshop, outcome: Outcome):
        check_can_tidy(workshop.current_phase)
        idea = _get_idea(workshop, idea_id)
        idea.hidden = hidden
        _idea_op(outcome, workshop, idea)
        if idea.kind == "colleague":
            if hidden:
                _drop_votes(outcome, [idea.id], workshop.id)
            # Hidden or shown again, the ideas to choose from changed: the
            # limit and whose ballot is full change with them.
            add_votes_op(outcome, workshop, [idea.id])

    return run_change(identity.workshop_id, apply)


def merge_ideas(identity: Identity, idea_id: object, into_id: object) -> Outcome:
    """Merge a duplicate into the idea that stays; the kept text is the target's."""
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        check_can_tidy(workshop.current_phase)
        source, target = _get_idea(workshop, idea_id), _get_idea(workshop, into_id)
        if target.hidden:
            # Votes moved there would be commitments to an idea nobody sees.
            raise Refusal("merge_invalid")
        check_merge(
            MergeSide(source.id, source.kind, source.merged_into_id is not None),
            MergeSide(target.id, target.kind, target.merged_into_id is not None),
        )
        # Each authorship keeps its own anonymity; someone who wrote both
        # keeps the one of the text that stays (the target's).
        kept = {a.participant_id for a in target.authorships}
        for authorship in source.authorships:
            if authorship.participant_id not in kept:
                target.authorships.append(
                    Authorship(participant=authorship.participant, anonymous=authorship.anonymous)
                )
        # Colleague versions of a merged client idea now mirror the kept one.
        children = list(db.session.scalars(select(Idea).filter_by(parent_id=source.id)))
        for child in children:
            child.parent_id = target.id
        moved, dropped = merged_voters(
            set(db.session.scalars(select(Vote.participant_id).filter_by(idea_id=source.id))),
            set(db.session.scalars(select(Vote.participant_id).filter_by(idea_id=target.id))),
        )
        if dropped:
            db.session.execute(
                Vote.__table__.delete().where(
                    Vote.idea_id == source.id, Vote.participant_id.in_(dropped)
                )
            )
        if moved:
            db.session.execute(
                update(Vote).where(Vote.idea_id == source.id).values(idea_id=target.id)
            )
        source.merged_into_id = target.id
        db.session.flush()
        outcome.add("idea_removed", {"id": source.id})
        _idea_op(outcome, workshop, target)
        for child in children:
            _idea_op(outcome, workshop, child)
        for pid in {a.participant_id for a in target.authorships} | moved | dropped:
            outcome.personal[pid] = me_view(pid)
        if target.kind == "colleague":
            add_votes_op(outcome, workshop, [source.id, target.id])
        return {"idea_id": target.id}

    return run_change(identity.workshop_id, apply)
