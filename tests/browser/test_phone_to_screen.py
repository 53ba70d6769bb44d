"""In Debian's Chromium: a phone joins by the QR code's URL, posts, the screen shows it."""

import re

import socketio
from playwright.sync_api import expect

from ..servers import signed_in

TIMEOUT = 15_000


def open_workshop(base: str, phase: str = "client_ideas") -> tuple[str, str]:
    created = (
        signed_in(base).post(f"{base}/api/workshops", json={"title": "Atelier navigateur"}).json()
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = socketio.Client(reconnection=False)
    facilitator.connect(
        base, auth={"code": code, "view": "facilitator", "key": key}, transports=["websocket"]
    )
    for step in ("lobby", "client_ideas", "transposition"):
        assert facilitator.call("phase.set", {"phase": step})["ok"]
        if step == phase:
            break
    facilitator.disconnect()
    return code, key


def join(phone_page, url: str, name: str) -> None:
    phone_page.goto(url)
    phone_page.get_by_test_id("join-name").fill(name)
    phone_page.get_by_test_id("join-name").press("Enter")
    expect(phone_page.get_by_test_id("idea-text")).to_be_visible(timeout=TIMEOUT)


def test_phone_joins_through_the_qr_url_posts_and_the_screen_shows_it(
    server, phone_page, screen_page
):
    code, _ = open_workshop(server.url)
    screen_page.goto(f"{server.url}/w/{code}/screen")
    # The URL behind the QR code is printed under it: that is what phones open.
    join_url = f"{server.url}/j/{code}"
    printed = join_url.removeprefix("http://")
    expect(screen_page.get_by_text(printed).first).to_be_visible(timeout=TIMEOUT)
    qr = screen_page.locator(f"img[src$='/w/{code}/qr.svg']").first
    expect(qr).to_be_visible()

    join(phone_page, join_url, "Zoé")
    hostile = "<img src=x onerror=alert(1)> Un café offert"
    phone_page.get_by_test_id("idea-text").fill(hostile)
    phone_page.get_by_test_id("idea-submit").click()

    ideas = screen_page.get_by_test_id("screen-ideas")
    expect(ideas).to_contain_text(hostile, timeout=TIMEOUT)  # shown as text, not markup
    assert screen_page.locator("[data-testid=screen-ideas] img").count() == 0
    expect(phone_page.get_by_test_id("idea-text")).to_have_value("")


def test_input_typed_while_the_server_is_down_arrives_after_restart(
    server, phone_page, screen_page
):
    code, _ = open_workshop(server.url)
    join(phone_page, f"{server.url}/j/{code}", "Karim")
    screen_page.goto(f"{server.url}/w/{code}/screen")
    expect(screen_page.get_by_test_id("phase")).to_be_visible(timeout=TIMEOUT)

    server.stop()
    expect(phone_page.get_by_test_id("connection")).to_have_attribute(
        "data-status", re.compile("offline|reconnecting|connecting"), timeout=TIMEOUT
    )
    phone_page.get_by_test_id("idea-text").fill("Écrit pendant la coupure")
    phone_page.get_by_test_id("idea-submit").click()
    # The phone's page is closed before the server is back (battery, a tab
    # swiped away): the idea waits in the browser's storage.
    context = phone_page.context
    phone_page.close()

    server.start()
    reopened = context.new_page()
    reopened.goto(f"{server.url}/j/{code}")
    expect(screen_page.get_by_test_id("screen-ideas")).to_contain_text(
        "Écrit pendant la coupure", timeout=30_000
    )
    reopened.wait_for_timeout(500)
    # Sent once, stored once.
    assert screen_page.get_by_text("Écrit pendant la coupure").count() == 1


def test_pages_run_under_the_content_security_policy(server, screen_page):
    """A strict CSP is only worth it if nothing on our pages breaks under it."""
    violations = []
    screen_page.on(
        "console", lambda m: "Content Security Policy" in m.text and violations.append(m.text)
    )
    code, _ = open_workshop(server.url)
    for path in ("/", "/join", f"/w/{code}/screen", f"/j/{code}"):
        screen_page.goto(server.url + path)
        screen_page.wait_for_load_state("networkidle")
    expect(screen_page.get_by_test_id("join-name")).to_be_visible()
    assert violations == []


def test_two_tabs_of_one_phone_offline_lose_nothing(server, phone_page, screen_page):
    """The QR code scanned twice: two tabs share one outbox in the phone's storage."""
    code, _ = open_workshop(server.url)
    join(phone_page, f"{server.url}/j/{code}", "Inès")
    second_tab = phone_page.context.new_page()
    second_tab.goto(f"{server.url}/j/{code}")
    expect(second_tab.get_by_test_id("idea-text")).to_be_visible(timeout=TIMEOUT)

    server.stop()
    for tab, text in (
        (phone_page, "Idée du premier onglet"),
        (second_tab, "Idée du second onglet"),
    ):
        expect(tab.get_by_test_id("connection")).to_have_attribute(
            "data-status", re.compile("offline|reconnecting|connecting"), timeout=TIMEOUT
        )
        tab.get_by_test_id("idea-text").fill(text)
        tab.get_by_test_id("idea-submit").click()
    context = phone_page.context
    phone_page.close()
    second_tab.close()

    server.start()
    context.new_page().goto(f"{server.url}/j/{code}")
    screen_page.goto(f"{server.url}/w/{code}/screen")
    board = screen_page.get_by_test_id("screen-ideas")
    expect(board).to_contain_text("Idée du premier onglet", timeout=30_000)
    expect(board).to_contain_text("Idée du second onglet", timeout=30_000)
