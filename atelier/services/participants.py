"""Joining a workshop from a phone."""

from ..domain import tokens
from ..domain.errors import Refusal
from ..domain.flooding import check_not_flooded
from ..domain.phases import check_can_join
from ..domain.texts import clean_name
from ..extensions import db
from ..models import Participant, Workshop
from .changes import Outcome, check_client_id, run_change
from .identity import find_participant, participant_token
from .views import participant_view


def join(
    workshop: Workshop, name: object, client_id: object, *, held_token: object = None
) -> tuple[Outcome, Participant]:
    """Add a participant; a retry of the same join gives the same person.

    A ``client_id`` already used is a retry only when it comes from the
    browser that joined (``held_token``: the participant its session holds)
    or carries the same first name (a client whose answer was lost, without
    the cookie). Anything else is refused: an id seen elsewhere must never
    hand out another person's token.
    """
    name = clean_name(name)
    client_id = check_client_id(client_id)

    def apply(locked: Workshop, outcome: Outcome):
        check_can_join(locked.current_phase)
        check_not_flooded(locked.flood_guard_since)
        participant = Participant(workshop_id=locked.id, name=name, token_nonce=tokens.new_nonce())
        db.session.add(participant)
        db.session.flush()
        outcome.add("participant", participant_view(participant))
        return {"participant_id": participant.id}

    outcome = run_change(workshop.id, apply, actor="join", client_id=client_id, operation="join")
    # A room joining at once: its joins reach the room in a few batches.
    outcome.coalesce = True
    participant = db.session.get(Participant, outcome.result["participant_id"])
    if outcome.duplicate and not _same_person(workshop, participant, name, held_token):
        raise Refusal("client_id_reused")
    outcome.result = {**outcome.result, "token": participant_token(participant)}
    return outcome, participant


def _same_person(workshop: Workshop, participant: Participant, name: str, held_token) -> bool:
    if participant.name == name:
        return True
    held = find_participant(workshop, held_token) if held_token else None
    return held is not None and held.id == participant.id
