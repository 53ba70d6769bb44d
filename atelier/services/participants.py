"""Joining a workshop from a phone."""

from ..domain import tokens
from ..domain.phases import check_can_join
from ..domain.texts import clean_name
from ..extensions import db
from ..models import Participant, Workshop
from .changes import Outcome, check_client_id, run_change
from .identity import participant_token
from .views import participant_view


def join(workshop: Workshop, name: object, client_id: object) -> tuple[Outcome, Participant]:
    """Add a participant; the same ``client_id`` twice gives the same person."""
    name = clean_name(name)
    client_id = check_client_id(client_id)

    def apply(locked: Workshop, outcome: Outcome):
        check_can_join(locked.current_phase)
        participant = Participant(workshop_id=locked.id, name=name, token_nonce=tokens.new_nonce())
        db.session.add(participant)
        db.session.flush()
        outcome.add("participant", participant_view(participant))
        return {"participant_id": participant.id}

    outcome = run_change(workshop.id, apply, actor="join", client_id=client_id, operation="join")
    participant = db.session.get(Participant, outcome.result["participant_id"])
    outcome.result = {**outcome.result, "token": participant_token(participant)}
    return outcome, participant
