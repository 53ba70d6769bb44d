"""In Debian's Chromium: a page whose connection is refused says why, from the
code socket.io-client finds in connect_error's `data` (docs/asyncapi.yaml)."""

import re

import pytest
from playwright.sync_api import expect

from ..servers import signed_in

pytestmark = pytest.mark.browser

TIMEOUT = 15_000


def test_a_page_opened_with_a_renewed_link_says_it_lost_the_controls(server, browser):
    base = server.url
    owner = signed_in(base)
    created = owner.post(f"{base}/api/workshops", json={"title": "Atelier"}).json()
    code, key = created["workshop"]["code"], created["facilitator_key"]
    laptop = browser.new_page(locale="en-GB")
    laptop.goto(f"{base}/w/{code}/f/{key}?lang=en")
    expect(laptop.get_by_test_id("connection")).to_have_attribute(
        "data-status", "online", timeout=TIMEOUT
    )
    # The owner renews the link from their own page, as a browser posts the form.
    page = owner.get(f"{base}/w/{code}/facilitate").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    renewed = owner.post(f"{base}/w/{code}/facilitator-link", data={"csrf_token": token})
    assert renewed.status_code == 200  # redirected back to the facilitator view
    # The laptop is told to reconnect, is refused, and shows the reason.
    expect(laptop.get_by_test_id("connection")).to_have_attribute(
        "data-status", "refused", timeout=TIMEOUT
    )
    expect(laptop.locator("[data-live-refused] .refused-message")).to_have_text(
        "Only the facilitator can do that."
    )
