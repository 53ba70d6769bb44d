"""Every refusal reaches its sender as a stable code and a translated message."""

import pytest

from atelier.domain.errors import CODES
from atelier.i18n import MESSAGES

from ..support import client_id


def error(ack) -> str:
    assert ack["ok"] is False, ack
    assert ack["error"]["message"]
    return ack["error"]["code"]


def test_every_code_has_a_message():
    assert set(MESSAGES) == set(CODES)


def test_contributions_outside_their_step_are_refused(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    assert error(harness.post(phone, "trop tôt")) == "wrong_phase"
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    assert error(harness.post(phone, "collègue", kind="colleague")) == "wrong_phase"
    assert error(phone.act("vote.set", {"idea_ids": [], "client_id": client_id()})) == "vote_closed"


def test_text_rules(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    assert error(harness.post(phone, "   ")) == "text_empty"
    assert error(harness.post(phone, "x" * 281)) == "text_too_long"
    assert error(phone.act("idea.post", {"kind": "client", "text": "no id"})) == "invalid_request"
    assert error(phone.act("idea.post", "not a dict")) == "invalid_request"


def test_an_idea_is_client_or_colleague_and_only_a_colleague_one_mirrors_a_shown_client_one(
    harness,
):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    client = harness.post(phone, "Un café offert")["idea_id"]
    hidden = harness.post(phone, "hors sujet")["idea_id"]
    facilitator.ok("idea.hide", {"idea_id": hidden, "hidden": True})
    assert error(harness.post(phone, "autre chose", kind="other")) == "invalid_request"
    assert error(harness.post(phone, "un miroir", parent_id=client)) == "invalid_request"
    facilitator.ok("phase.set", {"phase": "transposition"})
    mirror = harness.post(phone, "Un café au bureau", kind="colleague", parent_id=client)
    for parent in (mirror["idea_id"], hidden):
        ack = harness.post(phone, "un miroir", kind="colleague", parent_id=parent)
        assert error(ack) == "parent_not_found"
    screen.drain()
    assert sorted(screen.store.ideas) == [client, mirror["idea_id"]]


def test_vote_rules(harness):
    code, facilitator, screen, phones = harness.open_workshop(["A", "B"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    client = harness.post(phones[0], "client")["idea_id"]
    facilitator.ok("phase.set", {"phase": "transposition"})
    ideas = [harness.post(phones[0], f"c{n}", kind="colleague")["idea_id"] for n in range(3)]
    facilitator.ok("phase.set", {"phase": "vote"})
    vote = lambda ids: phones[1].act("vote.set", {"idea_ids": ids, "client_id": client_id()})  # noqa: E731
    assert error(vote(ideas)) == "too_many_choices"
    assert error(vote([ideas[0], ideas[0]])) == "duplicate_choice"
    assert error(vote([client])) == "choice_invalid"
    assert error(vote([99999])) == "choice_invalid"
    assert vote(ideas[:2])["ok"]


def test_the_limit_message_names_the_limit_in_french(harness):
    code, http, _ = harness.create(votes_per_person=1)
    facilitator = harness.facilitator(code, http)
    for phase in ("lobby", "client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    phone, _ = harness.join(code, "Zoé", lang="fr")
    ids = [harness.post(phone, f"c{n}", kind="colleague")["idea_id"] for n in range(2)]
    facilitator.ok("phase.set", {"phase": "vote"})
    ack = phone.act("vote.set", {"idea_ids": ids, "client_id": client_id()})
    assert ack["error"]["code"] == "too_many_choices"
    assert ack["error"]["message"] == "Un seul choix possible."


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("phase.set", {"phase": "client_ideas"}),
        ("timer.start", {"seconds": 60}),
        ("timer.stop", {}),
        ("tallies.reveal", {"revealed": True}),
        ("idea.edit", {"idea_id": 1, "text": "x"}),
        ("idea.hide", {"idea_id": 1, "hidden": True}),
        ("idea.merge", {"idea_id": 1, "into_id": 2}),
        ("workshop.update", {"settings": {"title": "pris"}}),
    ],
)
def test_facilitator_actions_are_refused_to_participants_and_the_public_screen(
    harness, event, payload
):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    assert error(phone.act(event, payload)) == "not_facilitator"
    assert error(screen.act(event, payload)) == "not_facilitator"


def test_screen_cannot_post_or_vote(harness):
    code, facilitator, screen, _ = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    assert error(harness.post(screen, "idée")) == "not_participant"


def test_phase_moves_are_checked_by_the_server(harness):
    code, facilitator, *_ = harness.open_workshop([])
    assert error(facilitator.act("phase.set", {"phase": "vote"})) == "phase_invalid"
    assert error(facilitator.act("phase.set", {"phase": "draft"})) == "phase_invalid"
    assert error(facilitator.act("phase.set", {"phase": "nonsense"})) == "phase_invalid"


def test_settings_freeze_at_the_vote(harness):
    code, facilitator, *_ = harness.open_workshop([])
    facilitator.ok("workshop.update", {"settings": {"votes_per_person": 3}})
    for phase in ("client_ideas", "transposition", "vote"):
        facilitator.ok("phase.set", {"phase": phase})
    assert (
        error(facilitator.act("workshop.update", {"settings": {"votes_per_person": 1}}))
        == "settings_locked"
    )
    facilitator.ok("workshop.update", {"settings": {"title": "Nouveau titre"}})


def test_refused_change_does_not_bump_the_version(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    screen.drain()
    before = screen.store.v
    harness.post(phone, "trop tôt")
    assert screen.drain() == []
    assert screen.sync()["v"] == before


def test_unauthenticated_connections_are_refused_with_a_reason(app, harness):
    from atelier.extensions import socketio

    code, *_ = harness.create()
    for auth, expected in (
        ({"code": code, "view": "phone", "lang": "en"}, "unauthenticated"),
        ({"code": code, "view": "facilitator", "lang": "en"}, "login_required"),
        ({"code": "ZZZZZZ", "view": "screen", "lang": "en"}, "workshop_not_found"),
        ({"code": code, "view": "admin", "lang": "en"}, "invalid_request"),
        (None, "invalid_request"),
    ):
        sio = socketio.test_client(app, auth=auth)
        assert not sio.is_connected()
        # socket.io-client gives `message` as the Error's message and `data` as is.
        refused = sio.connect_error
        assert refused["data"]["code"] == expected, (auth, refused)
        assert refused["message"] == refused["data"]["message"]


def test_a_participant_or_another_account_is_no_facilitator(app, harness):
    from atelier.extensions import socketio

    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    for browser in (phone.http, harness.signed_in("other@example.org")):
        sio = socketio.test_client(
            app, flask_test_client=browser, auth={"code": code, "view": "facilitator"}
        )
        assert sio.connect_error["data"]["code"] == "not_facilitator"


def test_tidying_is_refused_after_the_vote(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    a = harness.post(phone, "a")["idea_id"]
    b = harness.post(phone, "b")["idea_id"]
    for phase in ("transposition", "vote", "results"):
        facilitator.ok("phase.set", {"phase": phase})
    assert error(facilitator.act("idea.merge", {"idea_id": a, "into_id": b})) == "ideas_locked"
    assert error(facilitator.act("idea.hide", {"idea_id": a, "hidden": True})) == "ideas_locked"


def test_a_hidden_or_merged_away_idea_cannot_be_chosen(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    kept, hidden, merged = (
        harness.post(phone, f"collègue {n}", kind="colleague")["idea_id"] for n in range(3)
    )
    facilitator.ok("idea.hide", {"idea_id": hidden, "hidden": True})
    facilitator.ok("idea.merge", {"idea_id": merged, "into_id": kept})
    facilitator.ok("phase.set", {"phase": "vote"})
    vote = lambda ids: phone.act("vote.set", {"idea_ids": ids, "client_id": client_id()})  # noqa: E731
    assert error(vote([hidden])) == "choice_invalid"
    assert error(vote([merged])) == "choice_invalid"
    assert phone.sync()["me"]["votes"] == []  # nothing was stored
    assert vote([kept])["ok"]


def test_ballots_are_refused_once_the_results_are_shown(harness):
    code, facilitator, screen, phones, (first, second, third) = harness.at_results(["Zoé"])
    ack = phones[0].act("vote.set", {"idea_ids": [third], "client_id": client_id()})
    assert error(ack) == "vote_closed"
    assert phones[0].sync()["me"]["votes"] == [first, second]
