"""Socket events fed anything a client could send: a documented code, never a server error."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atelier.domain.errors import CODES

EVENTS = [
    "sync",
    "idea.post",
    "vote.set",
    "report.save",
    "email.set",
    "idea.edit",
    "idea.hide",
    "idea.merge",
    "phase.set",
    "timer.start",
    "timer.stop",
    "tallies.reveal",
    "workshop.update",
    "review_date.set",
    "review.focus",
    "decision.set",
    "review.outcome",
]
FIELDS = [
    "kind", "text", "parent_id", "client_id", "idea_ids", "idea_id", "into_id", "hidden",
    "phase", "seconds", "revealed", "settings", "date", "tried", "feeling", "comment",
    "choice", "note", "next_step", "lessons", "email", "title", "votes_per_person",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=False),
    st.text(max_size=300),
    st.sampled_from(["client", "colleague", "vote", "results", "yes", "other", "2026-12-08"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4)
    ),
    max_leaves=8,
)
payloads = st.one_of(values, st.dictionaries(st.sampled_from(FIELDS), values, max_size=6))
EXAMPLES = int(os.environ.get("ATELIER_FUZZ_EXAMPLES", "150"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """One workshop at the vote, with a facilitator and a phone connected."""
    from ..support import Harness, build_app

    app = build_app(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3")
    harness = Harness(app)
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    for phase in ("client_ideas", "transposition", "vote"):
        facilitator.ok("phase.set", {"phase": phase})
    return facilitator, phone


@pytest.mark.parametrize("view", ["facilitator", "phone"])
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(event=st.sampled_from(EVENTS), payload=payloads)
def test_any_payload_gets_an_answer_with_a_known_code(pages, view, event, payload):
    facilitator, phone = pages
    page = facilitator if view == "facilitator" else phone
    ack = page.sio.emit(event, payload, callback=True)
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
    if not ack["ok"]:
        assert ack["error"]["code"] in CODES - {"server_error"}, ack
        assert ack["error"]["message"]
    assert page.sio.is_connected()
    page.sio.get_received()
