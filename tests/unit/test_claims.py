"""The rules of coming back without one's link (atelier/domain/claims.py)."""

import datetime as dt

import pytest

from atelier.domain import claims
from atelier.domain.errors import Refusal
from atelier.domain.phases import Phase

NOW = dt.datetime(2026, 12, 15, 10, 0)


@pytest.mark.parametrize("phase", list(Phase))
def test_people_come_back_at_the_review_only(phase):
    # At the results everyone's phone was in the room within the hour: nobody
    # would be "not back"; the facilitator's QR code of the link serves then.
    open_ = phase is Phase.REVIEW
    assert claims.recovery_open(phase) is open_
    if open_:
        claims.check_can_claim(phase)
    else:
        with pytest.raises(Refusal) as refused:
            claims.check_can_claim(phase)
        assert refused.value.code == "claim_closed"


def test_someone_seen_in_this_meeting_is_back():
    assert not claims.is_back(None, NOW)
    assert claims.is_back(NOW - dt.timedelta(minutes=30), NOW)
    assert not claims.is_back(NOW - dt.timedelta(days=15), NOW)
    # Within three hours, not at three hours.
    assert claims.is_back(NOW - dt.timedelta(hours=3) + dt.timedelta(seconds=1), NOW)
    assert not claims.is_back(NOW - dt.timedelta(hours=3), NOW)


def test_with_names_shown_only_those_who_committed_are_offered():
    by_commitment = claims.names_by_commitment(show_names=True, anonymous_commitments=False)
    assert by_commitment
    assert claims.listed(back=False, committed=True, by_commitment=by_commitment)
    assert not claims.listed(back=False, committed=False, by_commitment=by_commitment)
    assert not claims.listed(back=True, committed=True, by_commitment=by_commitment)


@pytest.mark.parametrize("show_names, anonymous", [(False, False), (False, True), (True, True)])
def test_with_names_hidden_the_list_does_not_tell_who_committed(show_names, anonymous):
    by_commitment = claims.names_by_commitment(show_names, anonymous)
    assert not by_commitment
    # Committed or not, everyone not back is offered alike.
    assert claims.listed(back=False, committed=False, by_commitment=by_commitment)
    assert claims.listed(back=False, committed=True, by_commitment=by_commitment)
    assert not claims.listed(back=True, committed=False, by_commitment=by_commitment)


def test_a_request_waits_ten_minutes_then_expires():
    expires = NOW + claims.CLAIM_TTL
    assert claims.status("pending", expires, NOW) == "pending"
    assert claims.status("pending", expires, expires) == "expired"
    # An answer given in time stays what it was.
    assert claims.status("confirmed", expires, expires + dt.timedelta(hours=1)) == "confirmed"


def test_the_facilitators_answer():
    assert claims.answer("pending", True) == "confirmed"
    assert claims.answer("pending", False) == "refused"
    # A retried tap is harmless.
    assert claims.answer("confirmed", True) == "confirmed"
    assert claims.answer("refused", False) == "refused"
    for current, confirm, code in [
        ("confirmed", False, "claim_answered"),
        ("refused", True, "claim_answered"),
        ("withdrawn", True, "claim_answered"),
        ("expired", True, "claim_expired"),
        ("expired", False, "claim_expired"),
    ]:
        with pytest.raises(Refusal) as refused:
            claims.answer(current, confirm)
        assert refused.value.code == code


def test_request_numbers_have_two_digits_never_one_already_waiting():
    taken = set(range(10, 99))  # every number but 99 shows on a waiting request
    assert claims.new_number(taken) == 99
    assert all(10 <= claims.new_number(set()) <= 99 for _ in range(200))
    with pytest.raises(Refusal) as refused:
        claims.new_number(set(range(10, 100)))
    assert refused.value.code == "claim_crowded"


def test_two_requests_at_most_wait_for_one_person():
    claims.check_room_for(0)
    claims.check_room_for(1)
    with pytest.raises(Refusal) as refused:
        claims.check_room_for(2)
    assert refused.value.code == "claim_crowded"
