"""In Chromium: the phone says whether the first name goes with what is written,
and an idea written while names were hidden stays anonymous once they are shown."""

import requests
import socketio
from playwright.sync_api import expect

from ..servers import signed_in

TIMEOUT = 15_000


def test_an_anonymous_idea_stays_anonymous_after_names_are_turned_back_on(
    server, phone_page, screen_page
):
    base = server.url
    created = signed_in(base).post(
        f"{base}/api/workshops", json={"title": "Atelier discret", "show_names": False}
    )
    code, key = created.json()["workshop"]["code"], created.json()["facilitator_key"]
    facilitator = socketio.Client(reconnection=False)
    facilitator.connect(
        base, auth={"code": code, "view": "facilitator", "key": key}, transports=["websocket"]
    )
    for step in ("lobby", "client_ideas"):
        assert facilitator.call("phase.set", {"phase": step})["ok"]
    screen_page.goto(f"{base}/w/{code}/screen")

    phone_page.goto(f"{base}/j/{code}")
    phone_page.get_by_test_id("join-name").fill("Zoé")
    phone_page.get_by_test_id("join-name").press("Enter")
    line = phone_page.get_by_test_id("names-line-write")
    expect(line).to_have_text(
        "Votre prénom ne sera pas affiché avec ce que vous écrivez, ni devant le groupe ni"
        " dans le bilan, même si les prénoms sont affichés plus tard.",
        timeout=TIMEOUT,
    )
    phone_page.get_by_test_id("idea-text").fill("Un café offert")
    phone_page.get_by_test_id("idea-submit").click()
    anonymous_card = screen_page.get_by_test_id("idea").filter(has_text="Un café offert")
    expect(anonymous_card).to_be_visible(timeout=TIMEOUT)

    changed = facilitator.call("workshop.update", {"settings": {"show_names": True}})
    assert changed["ok"], changed
    expect(line).to_have_text(
        "Votre prénom sera affiché avec ce que vous écrivez, devant le groupe et dans le bilan.",
        timeout=TIMEOUT,
    )
    # Someone who writes now is named on the screen; Zoé's earlier idea is not.
    karim = requests.post(
        f"{base}/api/w/{code}/participants", json={"name": "Karim", "client_id": "k"}
    ).json()
    phone = socketio.Client(reconnection=False)
    phone.connect(
        base,
        auth={"code": code, "view": "phone", "token": karim["token"]},
        transports=["websocket"],
    )
    posted = phone.call(
        "idea.post", {"kind": "client", "text": "Un sourire", "parent_id": None, "client_id": "s"}
    )
    assert posted["ok"], posted
    named_card = screen_page.get_by_test_id("idea").filter(has_text="Un sourire")
    expect(named_card.locator(".idea-authors")).to_have_text("Karim", timeout=TIMEOUT)
    expect(anonymous_card.locator(".idea-authors")).to_be_hidden()
    screen_page.reload()
    expect(screen_page.get_by_test_id("idea").filter(has_text="Karim")).to_have_count(1)
    expect(anonymous_card.locator(".idea-authors")).to_be_hidden(timeout=TIMEOUT)
    for client in (phone, facilitator):
        client.disconnect()
