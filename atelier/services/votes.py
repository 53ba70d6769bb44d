"""Choosing one's commitments."""

from ..domain.anonymity import written_anonymously
from ..domain.ballots import check_ballot
from ..domain.phases import check_can_vote
from ..extensions import db
from ..models import Workshop
from .changes import Outcome, check_client_id, run_change
from .identity import Identity
from .views import add_votes_op, eligible_idea_ids, me_view, vote_statements


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
        statements = vote_statements()
        eligible = eligible_idea_ids(workshop.id)
        choices = check_ballot(idea_ids, eligible, workshop.votes_per_person)
        mine = {"pid": participant_id}
        before = set(db.session.scalars(statements["ballot"], mine))
        after = set(choices)
        if before - after:
            db.session.execute(statements["drop"], {**mine, "ids": sorted(before - after)})
        # A choice kept from the previous ballot keeps the anonymity it was made with.
        anonymous = written_anonymously(workshop.show_names)
        added = [
            {
                "workshop_id": workshop.id,
                "participant_id": participant_id,
                "idea_id": i,
                "anonymous": anonymous,
            }
            for i in choices
            if i not in before
        ]
        if added:
            db.session.execute(statements["add"], added)
        # Progress in one aggregate, tallies of the ideas this ballot changed only.
        add_votes_op(outcome, workshop, sorted(before ^ after), eligible)
        outcome.personal[participant_id] = me_view(
            participant_id, review_round=workshop.review_round, votes=sorted(after)
        )
        return {"votes": outcome.personal[participant_id]["votes"]}

    outcome = run_change(
        identity.workshop_id, apply, actor=identity.actor, client_id=client_id, operation="vote.set"
    )
    # A room voting at once: its ballots reach the room in a few batches.
    outcome.coalesce = True
    return outcome
