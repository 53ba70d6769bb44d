"""A workshop flooded with ideas or joins is paused until its facilitator lifts the guard
(joins per address: tests/integration/test_rate_limits.py).

Security review, issue 9, finding 6: one address joined 300 times in 15 s;
40 such participants posted 2,400 ideas into one room in 29 s.
"""

import pytest

from ..support import Harness, client_id


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _join(http, code: str, name: str, cid: str | None = None):
    return http.post(
        f"/api/w/{code}/participants", json={"name": name, "client_id": cid or client_id()}
    )


def _guard(page) -> dict | None:
    return page.store.workshop["flood_guard"]


@pytest.fixture
def guarded(make_app):
    return make_app(FLOOD_GUARD_IDEAS="5/minute", FLOOD_GUARD_JOINS="6/minute")


def test_a_flood_of_ideas_pauses_ideas_and_joins_until_the_facilitator_lifts_it(guarded):
    harness = Harness(guarded)
    code, facilitator, screen, phones = harness.open_workshop(["Zoé", "Karim"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    posted = [harness.post(phones[n % 2], f"Idée {n}") for n in range(5)]
    assert all(ack["ok"] for ack in posted)
    flooded = harness.post(phones[0], "Idée de trop")
    assert flooded["ok"] is False and flooded["error"]["code"] == "workshop_flooded"
    assert flooded["error"]["message"]
    for page in (facilitator, screen, *phones):
        page.drain()
        assert _guard(page)["reason"] == "ideas", page
        assert _guard(page)["since"].endswith("Z")
    assert len(facilitator.store.ideas) == 5  # nothing extra stored

    # Everyone is paused, joins included.
    assert harness.post(phones[1], "Autre idée")["error"]["code"] == "workshop_flooded"
    late = _join(guarded.test_client(), code, "Amina")
    assert late.status_code == 429 and late.json["error"]["code"] == "workshop_flooded"
    # The facilitator is never held back, and alone can lift the guard.
    facilitator.ok("idea.post", {"kind": "client", "text": "Saisie", "client_id": client_id()})
    refused = phones[0].act("flood.lift", {})
    assert refused["ok"] is False and refused["error"]["code"] == "not_facilitator"
    lifted = facilitator.ok("flood.lift", {})
    assert isinstance(lifted["v"], int)
    for page in (facilitator, screen, *phones):
        page.drain()
        assert _guard(page) is None

    # The room starts afresh: five more ideas, then the guard trips again.
    again = client_id()
    first = harness.post(phones[0], "Après la pause", cid=again)
    assert first["ok"]
    assert _join(guarded.test_client(), code, "Amina").status_code == 201
    for n in range(4):
        assert harness.post(phones[1], f"Suite {n}")["ok"]
    assert harness.post(phones[1], "Encore")["error"]["code"] == "workshop_flooded"
    retry = harness.post(phones[0], "Après la pause", cid=again)
    assert retry["ok"] and retry["duplicate"] is True and retry["idea_id"] == first["idea_id"]


def test_a_flood_of_joins_pauses_the_workshop_too(guarded):
    harness = Harness(guarded)
    code, facilitator, screen, phones = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    for n in range(5):
        assert _join(_from(guarded, f"203.0.113.{n}"), code, f"Invité {n}").status_code == 201
    refused = _join(_from(guarded, "203.0.113.99"), code, "Un de trop")
    assert refused.status_code == 429 and refused.json["error"]["code"] == "workshop_flooded"
    page = _from(guarded, "203.0.113.98").post(
        f"/j/{code}?lang=en", data={"name": "Un de trop", "client_id": client_id()}
    )
    assert page.status_code == 429 and "paused" in page.text
    facilitator.drain()
    assert _guard(facilitator)["reason"] == "joins"
    assert harness.post(phones[0], "Une idée")["error"]["code"] == "workshop_flooded"
    facilitator.ok("flood.lift", {})
    assert harness.post(phones[0], "Une idée")["ok"]
    assert _join(_from(guarded, "203.0.113.99"), code, "Enfin").status_code == 201


def test_a_flooded_room_lets_through_only_a_retry_of_ones_own_submission(guarded):
    harness = Harness(guarded)
    code, facilitator, screen, phones = harness.open_workshop(["Zoé", "Karim"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    used = client_id()
    assert harness.post(phones[0], "Idée 0", cid=used)["ok"]
    for n in range(1, 5):
        assert harness.post(phones[n % 2], f"Idée {n}")["ok"]
    # Karim sending the id of Zoé's idea is not retrying anything of his.
    assert harness.post(phones[1], "Idée 0", cid=used)["error"]["code"] == "workshop_flooded"


def test_a_join_id_used_in_another_workshop_is_no_retry_in_this_one(guarded):
    harness = Harness(guarded)
    elsewhere, _, _, _ = harness.open_workshop(["Zoé"])
    code, facilitator, screen, phones = harness.open_workshop(["Karim"])
    used = client_id()
    assert _join(_from(guarded, "203.0.113.50"), elsewhere, "Amina", used).status_code == 201
    for n in range(5):
        assert _join(_from(guarded, f"203.0.113.{n}"), code, f"Invité {n}").status_code == 201
    refused = _join(_from(guarded, "203.0.113.99"), code, "Amina", used)
    assert refused.status_code == 429 and refused.json["error"]["code"] == "workshop_flooded"


def test_the_facilitator_page_shows_the_guard_and_its_button(guarded, signed_in):
    harness = Harness(guarded)
    code, http, _ = harness.create()
    page = http.get(f"/w/{code}/facilitate?lang=en")
    assert 'data-testid="flood-guard"' in page.text and "Resume ideas and joins" in page.text
    remote = http.get(f"/w/{code}/remote?lang=fr")
    assert 'data-testid="flood-guard"' in remote.text


def test_requests_the_workshop_refuses_anyway_never_pause_the_room(guarded):
    """Only what the room took counts: joins with no name and ideas of the wrong
    step are refused as they are, and leave the guard off for real people."""
    harness = Harness(guarded)
    code, facilitator, screen, phones = harness.open_workshop(["Zoé"])
    for n in range(10):
        nameless = _join(_from(guarded, f"203.0.113.{n}"), code, "   ")
        assert nameless.status_code == 400 and nameless.json["error"]["code"] == "name_empty"
    assert _join(guarded.test_client(), code, "Amina").status_code == 201
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    for n in range(10):
        wrong = harness.post(phones[0], f"Idée collègue {n}", kind="colleague")
        assert wrong["error"]["code"] == "wrong_phase"
    assert harness.post(phones[0], "Un café offert")["ok"]
    facilitator.drain()
    assert _guard(facilitator) is None
