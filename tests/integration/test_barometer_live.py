"""The barometer through the Socket.IO transport, as the room lives it.

Phones answer in the lobby; the screen counts them and never learns who
said what; the facilitator closes the round and every page gets the same
figures; day 15 is answered at the results and review, colleague side only.
"""

import json

from atelier.domain.barometer import DIMENSIONS

from ..support import Client, client_id


def ratings(value: int) -> dict[str, int]:
    return {d: value for d in DIMENSIONS}


def answer(phone, customers: int, colleagues: int, round_: str = "day0", cid=None) -> dict:
    answers = {"colleagues": ratings(colleagues)}
    if customers:
        answers["customers"] = ratings(customers)
    return phone.act(
        "barometer.save", {"round": round_, "answers": answers, "client_id": cid or client_id()}
    )


def drain(*pages):
    for page in pages:
        page.drain()


def test_phones_answer_in_the_lobby_and_the_room_sees_counts_then_figures(harness):
    code, facilitator, screen, phones = harness.open_workshop(("Zoé", "Karim", "Amina", "Léo"))
    drain(facilitator, screen, *phones)
    # The lobby opened day 0: every page sees it take answers.
    for page in (facilitator, screen, *phones):
        assert page.store.barometer["rounds"]["day0"]["accepting"] is True

    ack = answer(phones[0], 4, 2)
    assert ack["ok"] and ack["answered"] == 20, ack
    for phone, (cu, co) in zip(phones[1:3], [(5, 3), (4, 3)], strict=True):
        assert answer(phone, cu, co)["ok"]
    received = [m for page in (facilitator, screen, *phones) for m in page.drain()]
    day0 = screen.store.barometer["rounds"]["day0"]
    assert day0["respondents"] == 3
    # While open: a count, never a figure.
    assert day0["summary"] is None

    # Nothing any page received carries a rating, not even the author's own
    # devices: "me" says how many cards they answered.
    assert '"customers"' not in json.dumps(received) and '"trust"' not in json.dumps(received)
    assert phones[0].me["barometer"] == {"day0": 10}
    assert phones[3].me["barometer"] == {}

    facilitator.ok("barometer.close", {"round": "day0"})
    drain(facilitator, screen, *phones)
    for page in (facilitator, screen, phones[3]):
        summary = page.store.barometer["rounds"]["day0"]["summary"]
        assert summary["respondents"] == 3
        assert summary["profiles"]["customers"]["trust"] == {"count": 3, "mean": 4.3}
        assert summary["profiles"]["colleagues"]["trust"] == {"count": 3, "mean": 2.7}
        assert summary["widest"][0] == {
            "dimension": "trust",
            "customers": 4.3,
            "colleagues": 2.7,
            "gap": 1.6,
        }
    # Closed: Léo can no longer answer, and says so in his language.
    late = answer(phones[3], 3, 3)
    assert late["error"]["code"] == "barometer_closed"
    assert late["error"]["message"] == "The barometer is not open for answers now."


def test_a_saved_answer_set_counts_on_the_same_persons_other_device_only(app, harness):
    code, facilitator, screen, phones = harness.open_workshop(("Zoé", "Karim"))
    # Zoé's second device: the same browser session, another connection.
    second = Client(app, phones[0].http, code, "phone")
    drain(second, phones[1])
    answer(phones[0], 3, 2)
    drain(second, phones[1])
    assert second.me["barometer"] == {"day0": 10}
    assert phones[1].me["barometer"] == {}


def test_a_personal_link_opened_elsewhere_shows_no_rating(app, harness):
    """The facilitator may show anyone's personal link (coming back without
    one's link); opened on their device, it tells how many cards, not what."""
    code, facilitator, screen, phones = harness.open_workshop(("Zoé", "Karim", "Amina"))
    answer(phones[0], 5, 1)
    facilitator.ok("barometer.close", {"round": "day0"})
    zoe_id = phones[0].me["id"]
    shown = facilitator.sio.flask_test_client.get(
        f"/api/w/{code}/participants/{zoe_id}/return-link"
    )
    elsewhere = app.test_client()
    assert elsewhere.get(shown.json["return_url"].split("localhost", 1)[-1]).status_code == 302
    page = Client(app, elsewhere, code, "phone")
    assert page.me["name"] == "Zoé"
    assert page.me["barometer"] == {"day0": 10}
    state = page.sync()
    assert state["me"]["barometer"] == {"day0": 10}
    # One answer: the room's figures hold counts and no mean either.
    profiles = state["barometer"]["rounds"]["day0"]["summary"]["profiles"]
    assert {f["mean"] for side in profiles.values() for f in side.values()} == {None}


def test_a_retried_save_is_counted_once(harness):
    code, facilitator, screen, phones = harness.open_workshop(("Zoé",))
    first = answer(phones[0], 4, 2, cid="same-save")
    retry = answer(phones[0], 4, 2, cid="same-save")
    assert retry["duplicate"] is True and retry["v"] is None
    assert retry["answered"] == first["answered"]
    drain(screen)
    assert screen.store.barometer["rounds"]["day0"]["respondents"] == 1


def test_the_server_refuses_what_the_rules_forbid(harness):
    code, facilitator, screen, phones = harness.open_workshop(("Zoé",))
    zoe = phones[0]

    def code_of(payload):
        return zoe.act("barometer.save", {"client_id": client_id(), **payload})["error"]["code"]

    assert code_of({"round": "day0", "answers": {"colleagues": {"trust": 6}}}) == "invalid_request"
    assert code_of({"round": "day0", "answers": {"colleagues": {"trust": 2.0}}}) == (
        "invalid_request"
    )
    assert code_of({"round": "day9", "answers": {}}) == "invalid_request"
    # Day 15 is not open in the lobby.
    assert code_of({"round": "day15", "answers": {"colleagues": {"trust": 3}}}) == (
        "barometer_closed"
    )
    # The screen and the facilitator have no answer set.
    refused = facilitator.act(
        "barometer.save", {"round": "day0", "answers": {}, "client_id": client_id()}
    )
    assert refused["error"]["code"] == "not_participant"
    # Phones cannot open or close a round.
    assert zoe.act("barometer.close", {"round": "day0"})["error"]["code"] == "not_facilitator"


def test_the_barometer_switches_in_draft_only(harness):
    code, http, key = harness.create()
    facilitator = harness.facilitator(code, http)
    facilitator.ok("workshop.update", {"settings": {"barometer": False}})
    facilitator.drain()
    assert facilitator.store.workshop["barometer"] is False
    facilitator.ok("workshop.update", {"settings": {"barometer": True}})
    facilitator.ok("phase.set", {"phase": "lobby"})
    refused = facilitator.act("workshop.update", {"settings": {"barometer": False}})
    assert refused["error"]["code"] == "barometer_locked"


def test_a_workshop_without_the_barometer_offers_nothing(harness):
    code, facilitator, screen, phones = harness.open_workshop(("Zoé",), barometer=False)
    drain(screen)
    assert screen.store.workshop["barometer"] is False
    assert screen.store.barometer["rounds"]["day0"]["opened"] is False
    assert answer(phones[0], 3, 3)["error"]["code"] == "barometer_off"


def test_day15_from_the_results_to_the_comparison(harness):
    names = ("Zoé", "Karim", "Amina")
    code, facilitator, screen, phones = harness.open_workshop(names)
    for phone, (cu, co) in zip(phones, [(5, 2), (4, 2), (4, 3)], strict=True):
        assert answer(phone, cu, co)["ok"]
    # Leaving the lobby closes day 0: its figures show.
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    drain(screen)
    assert screen.store.barometer["rounds"]["day0"]["closed"] is True
    assert screen.store.barometer["rounds"]["day0"]["summary"]["respondents"] == 3
    for phase in ("transposition", "vote", "results"):
        facilitator.ok("phase.set", {"phase": phase})
    drain(screen)
    assert screen.store.barometer["rounds"]["day15"]["accepting"] is False
    # The facilitator opens day 15 at the results, for the return links.
    facilitator.ok("barometer.open", {"round": "day15"})
    customers_too = phones[0].act(
        "barometer.save",
        {
            "round": "day15",
            "answers": {"customers": ratings(3), "colleagues": ratings(4)},
            "client_id": client_id(),
        },
    )
    assert customers_too["error"]["code"] == "invalid_request"
    for phone, co in zip(phones, (4, 4, 3), strict=True):
        assert answer(phone, 0, co, round_="day15")["ok"]
    facilitator.ok("phase.set", {"phase": "review"})
    drain(screen)
    assert screen.store.barometer["comparison"] is None
    facilitator.ok("barometer.close", {"round": "day15"})
    drain(screen, *phones)
    trust = screen.store.barometer["comparison"][0]
    assert trust == {
        "dimension": "trust",
        "day0": {"count": 3, "mean": 2.3},
        "day15": {"count": 3, "mean": 3.7},
        "change": 1.4,
        "gap_day0": 2.0,
        "gap_day15": 0.6,
        "gap_change": -1.4,
    }
    assert phones[2].store.barometer == screen.store.barometer


def test_the_exports_carry_aggregates_and_nobodys_answers(harness):
    code, http, key = harness.create()
    facilitator = harness.facilitator(code, http)
    facilitator.ok("phase.set", {"phase": "lobby"})
    phones = [harness.join(code, name)[0] for name in ("Zoé", "Karim", "Amina")]
    for phone, (cu, co) in zip(phones, [(5, 1), (4, 2), (4, 2)], strict=True):
        assert answer(phone, cu, co)["ok"]
    facilitator.ok("barometer.close", {"round": "day0"})
    exported = http.get(f"/w/{code}/export.json").json
    day0 = exported["barometer"]["rounds"]["day0"]["summary"]
    assert day0["profiles"]["colleagues"]["trust"] == {"count": 3, "mean": 1.7}
    # Zoé's 1 between colleagues shows nowhere, neither by person nor as a rating list.
    assert '"answers"' not in json.dumps(exported)
    assert all(set(p) == {"id", "name"} for p in exported["participants"])
    csv_text = http.get(f"/w/{code}/export.csv").text
    assert "barometer" not in csv_text.lower()


def test_a_changed_answer_set_tells_the_room_nothing(harness):
    code, facilitator, screen, phones = harness.open_workshop(("Zoé", "Karim"))
    drain(screen)
    answer(phones[0], 4, 2)
    ops = [
        op["type"] for m in screen.drain() if m["name"] == "change" for op in m["args"][0]["ops"]
    ]
    assert ops == ["barometer"]  # one more person answered
    answer(phones[0], 3, 3)  # Zoé changes her mind
    changes = [m["args"][0] for m in screen.drain() if m["name"] == "change"]
    assert [c["ops"] for c in changes] == [[]]  # a version goes by, nothing else
    assert screen.store.barometer["rounds"]["day0"]["respondents"] == 1
