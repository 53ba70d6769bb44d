"""In Debian's Chromium, on the gevent server: an account made at /signup prepares a
workshop, and on another computer, signed in without any link, runs it live."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
EMAIL, PASSWORD = "ines@example.org", "une phrase de passe assez longue"


def test_sign_up_create_then_run_it_from_another_computer_by_signing_in(server, browser):
    base = server.url
    laptop = browser.new_page(locale="fr-FR")
    laptop.goto(f"{base}/signup")
    laptop.fill("#name", "Inès")
    laptop.fill("#email", EMAIL)
    laptop.fill("#password", PASSWORD)
    laptop.get_by_role("button", name="Créer mon compte").click()
    # The sign-in form follows, the address filled in: the password is typed again.
    expect(laptop.locator("#email")).to_have_value(EMAIL, timeout=TIMEOUT)
    laptop.fill("#password", PASSWORD)
    laptop.get_by_role("button", name="Se connecter").click()
    expect(laptop.locator("#me-title")).to_have_text("Inès", timeout=TIMEOUT)

    laptop.goto(f"{base}/")
    laptop.fill("#title", "Prendre soin des collègues")
    laptop.fill("#team", "Accueil")
    laptop.get_by_role("button", name="Créer l’atelier").click()
    expect(laptop).to_have_url(re.compile(r"/w/\w{6}/facilitate$"), timeout=TIMEOUT)
    code = re.search(r"/w/(\w{6})/", laptop.url).group(1)

    # Another computer: no facilitator link, only the account.
    desk = browser.new_context(locale="fr-FR").new_page()
    desk.goto(f"{base}/w/{code}/facilitate")
    expect(desk).to_have_url(re.compile(r"/login\?next="), timeout=TIMEOUT)
    desk.fill("#email", EMAIL)
    desk.fill("#password", PASSWORD)
    desk.get_by_role("button", name="Se connecter").last.click()
    expect(desk).to_have_url(re.compile(rf"/w/{code}/facilitate$"), timeout=TIMEOUT)
    # The live connection is authenticated by the sign-in: the controls work.
    expect(desk.get_by_test_id("connection")).to_have_attribute(
        "data-status", "online", timeout=TIMEOUT
    )
    desk.locator("#step-next").click()
    expect(desk.get_by_test_id("phase")).to_have_attribute("data-phase", "lobby", timeout=TIMEOUT)
    # The first computer sees the same workshop move.
    expect(laptop.get_by_test_id("phase")).to_have_attribute("data-phase", "lobby", timeout=TIMEOUT)
    desk.goto(f"{base}/account")
    desk.get_by_role("button", name="Se déconnecter").click()
    desk.goto(f"{base}/w/{code}/facilitate")
    expect(desk).to_have_url(re.compile(r"/login\?next="), timeout=TIMEOUT)
