"""In Debian's Chromium: the facilitator changes who the team serves in the
lobby, and the screen and a phone say the new word at once, without a reload;
at the client ideas their titles and instructions use it (issue 14)."""

import socketio
from playwright.sync_api import expect

from ..servers import signed_in

TIMEOUT = 15_000


def test_the_word_changes_on_the_screen_and_the_phone_while_the_room_waits(
    server, browser, phone_page, screen_page
):
    base = server.url
    created = signed_in(base).post(f"{base}/api/workshops", json={"title": "Mairie"}).json()
    code, key = created["workshop"]["code"], created["facilitator_key"]
    room = socketio.Client(reconnection=False)
    room.connect(
        base, auth={"code": code, "view": "facilitator", "key": key}, transports=["websocket"]
    )
    assert room.call("phase.set", {"phase": "lobby"})["ok"]

    screen_page.goto(f"{base}/w/{code}/screen")
    phone_page.goto(f"{base}/j/{code}")
    phone_page.get_by_test_id("join-name").fill("Zoé")
    phone_page.get_by_test_id("join-name").press("Enter")
    # Texts the server wrote with the first word (hidden until their step).
    side = screen_page.locator("[data-t=baro_side_customers]").first
    not_tied = phone_page.locator("[data-t=not_tied]")
    expect(side).to_have_text("Avec nos clients", timeout=TIMEOUT)
    expect(not_tied).to_have_text("Sans lien avec une idée client", timeout=TIMEOUT)

    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    facilitator = context.new_page()
    facilitator.goto(f"{base}/w/{code}/f/{key}")
    facilitator.goto(f"{base}/w/{code}/facilitate")
    facilitator.get_by_test_id("serves").select_option("custom")
    facilitator.get_by_test_id("serves-singular").fill("l’habitant")
    facilitator.get_by_test_id("serves-plural").fill("les habitants")
    facilitator.locator("#settings button[type=submit]").click()

    expect(side).to_have_text("Avec nos habitants", timeout=TIMEOUT)
    expect(not_tied).to_have_text("Sans lien avec une idée habitant", timeout=TIMEOUT)
    expect(facilitator.locator("li[data-step=client_ideas]")).to_have_text("Idées habitants")

    assert room.call("phase.set", {"phase": "client_ideas"})["ok"]
    expect(screen_page.get_by_test_id("phase")).to_have_text("Idées habitants", timeout=TIMEOUT)
    expect(screen_page.locator("#instruction")).to_have_text(
        "Quels sont tous les petits détails qui font que les habitants viennent et reviennent ?"
    )
    expect(phone_page.get_by_test_id("phase")).to_have_text("Idées habitants", timeout=TIMEOUT)
    expect(phone_page.locator("#composer-label")).to_have_text("Votre idée habitant")
    # From now on the list is locked on the facilitator's page.
    expect(facilitator.get_by_test_id("serves")).to_be_disabled(timeout=TIMEOUT)
    room.disconnect()
    context.close()
