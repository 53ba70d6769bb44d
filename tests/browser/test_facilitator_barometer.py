"""In Debian's Chromium: the facilitator follows the barometer and closes it.

The setting is offered while the workshop is prepared and locks once it
opens; in the lobby the facilitator's page counts the phones that answered
(never who) as they answer, and "Close and show the results" closes the
round for good; at the results, day 15 opens from the same card.
"""

import datetime as dt

import pytest
import requests
from playwright.sync_api import expect

from ..servers import connect, ok, signed_in
from .axe import assert_accessible
from .conftest import LAPTOP, PHONE

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
DIMENSIONS = (
    "trust", "meaning", "example", "digital", "initiative",
    "ease", "support", "listening", "recognition", "cooperation",
)  # fmt: skip


def answer(base: str, code: str, n: int, name: str, value: int) -> None:
    """A phone joins and answers every card, through the real server."""
    joined = requests.post(
        f"{base}/api/w/{code}/participants", json={"name": name, "client_id": f"join-{n}"}
    )
    assert joined.status_code == 201, joined.text
    phone = connect(base, {"code": code, "view": "phone", "token": joined.json()["token"]})
    colleagues = {d: value for d in DIMENSIONS}
    customers = {d: value + 1 for d in DIMENSIONS}
    ok(
        phone,
        "barometer.save",
        {
            "round": "day0",
            "answers": {"customers": customers, "colleagues": colleagues},
            "client_id": f"b-{n}",
        },
    )
    phone.disconnect()


def test_the_facilitator_counts_the_answers_and_closes_the_barometer(server, open_context):
    base = server.url
    created = signed_in(base).post(f"{base}/api/workshops", json={"title": "Baromètre"}).json()
    code, key = created["workshop"]["code"], created["facilitator_key"]
    page = open_context(LAPTOP, "en").new_page()
    page.goto(f"{base}/w/{code}/f/{key}")
    page.goto(f"{base}/w/{code}/facilitate?lang=en")
    switch = page.get_by_label("Client/colleague barometer in the lobby")
    expect(switch).to_be_checked(timeout=TIMEOUT)
    expect(switch).to_be_enabled()
    card = page.get_by_test_id("barometer-card")
    expect(card).to_be_hidden()

    page.locator("#step-next").click()
    expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", "lobby", timeout=TIMEOUT)
    # Offered to people as they join: it no longer switches.
    expect(switch).to_be_disabled()
    status = page.get_by_test_id("barometer-status")
    expect(status).to_have_text("0 of 0 have answered.", timeout=TIMEOUT)

    for n, name in enumerate(("Zoé", "Karim", "Amina")):
        answer(base, code, n, name, 3 + n % 2)
    expect(status).to_have_text("3 of 3 have answered.", timeout=TIMEOUT)
    assert "Zoé" not in card.inner_text()
    assert_accessible(page, "the facilitator's barometer card in the lobby")

    page.get_by_test_id("barometer-close").click()
    expect(status).to_have_text("Closed: 3 people answered.", timeout=TIMEOUT)
    expect(page.get_by_test_id("barometer-close")).to_be_hidden()
    expect(page.get_by_test_id("now-showing")).to_contain_text("The screen shows the barometer")
    # At the transposition, the widest gaps come back on the screen as prompts.
    for step in ("client_ideas", "transposition"):
        page.locator("#step-next").click()
        expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", step)
    expect(page.get_by_test_id("now-showing")).to_contain_text("widest gaps as prompts")


def test_day15_opens_from_the_results_on_the_remote(server, open_context):
    base = server.url
    created = signed_in(base).post(f"{base}/api/workshops", json={"title": "Jour 15"}).json()
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    for step in ("lobby", "client_ideas", "transposition", "vote", "results"):
        ok(facilitator, "phase.set", {"phase": step})

    page = open_context(PHONE, "fr", phone=True).new_page()
    page.goto(f"{base}/w/{code}/f/{key}")
    page.goto(f"{base}/w/{code}/remote")
    status = page.get_by_test_id("barometer-status")
    expect(status).to_have_text(
        "Les questions du jour 15 ne sont pas encore ouvertes.", timeout=TIMEOUT
    )
    expect(page.get_by_test_id("barometer-close")).to_be_hidden()
    # On the workshop's day "has anything moved?" would come minutes after the vote.
    expect(page.get_by_test_id("barometer-open")).to_be_hidden()
    expect(page.locator("#barometer-hint")).to_contain_text("à partir du lendemain de l’atelier")
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    ok(facilitator, "workshop.update", {"settings": {"date": yesterday}})
    facilitator.disconnect()
    page.get_by_test_id("barometer-open").click()
    expect(status).to_have_text("0 personne a répondu depuis l’atelier.", timeout=TIMEOUT)
    expect(page.get_by_test_id("barometer-open")).to_be_hidden()
    assert_accessible(page, "the remote's barometer card at the results")
