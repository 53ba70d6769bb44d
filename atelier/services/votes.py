"""Choosing one's commitments."""

from sqlalchemy import select

from ..domain.anonymity import written_anonymously
from ..domain.ballots import check_ballot
from ..domain.phases import check_can_vote
from ..extensions import db
from ..models import Vote, Workshop
from .changes import Outcome, check_client_id, run_change
from .identity import Identity
from .views import add_votes_op, eligible_idea_ids, me_view


def set_ballot(identity: Identity, idea_ids: object, client_id: object) -> Outcome:
    """Replace a participant's choices as a whole.

    Runs under the workshop's lock (see run_change): two ballots sent at
    once by one person are applied one after the other, and each holds at
    most N choices, so the stored votes never exceed N.
    """
    participant_id = identity.require_participant()
    client_id = check_client_id(client_id)

    def apply(workshop: Workshop, outcome: Outcome):
        check_can_vote(workshop.current_phase)
        choices = check_ballot(idea_ids, eligible_idea_ids(workshop.id), workshop.votes_per_person)
        before = set(
            db.session.scalars(select(Vote.idea_id).filter_by(participant_id=participant_id))
        )
        after = set(choices)
        db.session.execute(
            Vote.__table__.delete().where(
                Vote.participant_id == participant_id, Vote.idea_id.in_(before - after)
            )
        )
        # A choice kept from the previous ballot keeps the anonymity it was made with.
        anonymous = written_anonymously(workshop.show_names)
        db.session.add_all(
            Vote(
                workshop_id=workshop.id,
                participant_id=participant_id,
                idea_id=i,
                anonymous=anonymous,
            )
            for i in choices
            if i not in before
        )
        db.session.flush()
        add_votes_op(outcome, workshop, sorted(before ^ after))
        outcome.personal[participant_id] = me_view(participant_id)
        return {"votes": outcome.personal[participant_id]["votes"]}

    outcome = run_change(
        identity.workshop_id, apply, actor=identity.actor, client_id=client_id, operation="vote.set"
    )
    # A room voting at once: its ballots reach the room in a few batches.
    outcome.coalesce = True
    return outcome
