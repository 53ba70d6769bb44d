"""In Debian's Chromium: no dead ends (issue 10). Day 15, Zoé lost her personal
link: she scans the room's code, picks her first name, the facilitator taps
"Confirm" on their page, and her phone shows her commitments. axe-core finds
no WCAG 2 A/AA violation on the join form with a wrong code, a closed
workshop, "Coming back? Find your first name" and the waiting page, in French
and English, at 360 and 320 px, nor on the facilitator's request and QR dialog.

Set ATELIER_SHOTS=<folder> to keep screenshots of each page.
"""

import os
import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..servers import ACCOUNT, ok, site_server
from .axe import assert_accessible
from .conftest import LAPTOP, PHONE, SMALL_PHONE
from .test_review_report import GREET, play_to_results

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
SHOTS = os.environ.get("ATELIER_SHOTS")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with site_server(tmp_path_factory.mktemp("coming-back")) as (process, _env, database):
        yield process.url, database


def fifteen_days_later(database: Path) -> None:
    """Nobody's phone has opened the workshop since the results."""
    with sqlite3.connect(database) as db:
        db.execute("UPDATE participants SET seen_at = '2020-01-01 00:00:00'")


def day_15(base: str, database: Path):
    code, key, facilitator, _, ideas = play_to_results(base)
    ok(facilitator, "phase.set", {"phase": "review"})
    fifteen_days_later(database)
    return code, facilitator


def facilitator_page(open_context, base: str, code: str, lang: str = "en"):
    context = open_context(LAPTOP, lang)
    assert context.request.post(f"{base}/api/session", data=ACCOUNT).ok
    page = context.new_page()
    page.goto(f"{base}/w/{code}/facilitate?lang={lang}")
    expect(page.get_by_test_id("connection")).to_have_attribute(
        "data-status", "online", timeout=TIMEOUT
    )
    return page


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def no_sideways_scroll(page, what: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what}: scrolls sideways by {overflow} px"


def test_a_participant_without_their_link_finds_themselves_and_sees_their_commitments(
    site, open_context
):
    base, database = site
    code, facilitator = day_15(base, database)
    try:
        laptop = facilitator_page(open_context, base, code)
        # Someone else asks to be Zoé first.
        impostor = open_context(PHONE, "en", phone=True).new_page()
        impostor.goto(f"{base}/j/{code}?lang=en")
        impostor.get_by_test_id("find-name").filter(has_text="Zoé").click()
        expect(impostor.get_by_test_id("claim-wait")).to_have_attribute("data-status", "pending")
        phone = open_context(PHONE, "en", phone=True).new_page()
        # She scans the QR code still on the review screen.
        phone.goto(f"{base}/j/{code}?lang=en")
        expect(phone.get_by_role("heading", level=1)).to_have_text(
            "Coming back? Find your first name"
        )
        phone.get_by_test_id("find-name").filter(has_text="Zoé").click()
        expect(phone.get_by_test_id("claim-wait")).to_have_attribute("data-status", "pending")
        number = phone.get_by_test_id("claim-number").inner_text()

        # Both requests show on the facilitator's page, live, each with its own
        # number and a warning that two phones ask to be Zoé; the facilitator
        # confirms the number the real Zoé shows.
        rows = laptop.get_by_test_id("claim-row")
        expect(rows).to_have_count(2, timeout=TIMEOUT)
        for warning in rows.locator(".claim-twice").all():
            expect(warning).to_be_visible()
        row = rows.filter(has=laptop.locator(".claim-number", has_text=number))
        expect(row).to_contain_text("Zoé")
        row.get_by_test_id("claim-confirm").click()
        expect(laptop.get_by_test_id("claim-row")).to_have_count(0, timeout=TIMEOUT)
        # The impostor is told no.
        expect(impostor.get_by_test_id("claim-wait")).to_have_attribute(
            "data-status", "refused", timeout=TIMEOUT
        )

        # The phone becomes Zoé by itself, and shows her commitments.
        expect(phone).to_have_url(re.compile(rf"/j/{code}$"), timeout=TIMEOUT)
        expect(phone.get_by_role("banner")).to_contain_text("Zoé", timeout=TIMEOUT)
        expect(phone.get_by_test_id("commitment").filter(has_text=GREET)).to_be_visible(
            timeout=TIMEOUT
        )
    finally:
        facilitator.disconnect()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("size", [PHONE, SMALL_PHONE], ids=["360", "320"])
def test_the_pages_of_coming_back_are_accessible(site, open_context, lang, size):
    base, database = site
    label = f"{lang}-{size[0]}"
    page = open_context(size, lang, phone=True).new_page()

    page.goto(f"{base}/j/ZZZZZZ?lang={lang}")
    expect(page.locator("#code-error")).to_be_visible()
    expect(page.locator("#code")).to_have_value("ZZZZZZ")
    no_sideways_scroll(page, "wrong code")
    assert_accessible(page, f"join form with a wrong code ({label})")
    shot(page, f"wrong-code-{label}")

    code, facilitator = day_15(base, database)
    try:
        page.goto(f"{base}/j/{code}?lang={lang}")
        expect(page.get_by_test_id("find-name")).to_have_count(1)
        no_sideways_scroll(page, "find yourself")
        assert_accessible(page, f"find your first name ({label})")
        shot(page, f"find-{label}")

        page.get_by_test_id("find-name").click()
        expect(page.get_by_test_id("claim-wait")).to_have_attribute("data-status", "pending")
        no_sideways_scroll(page, "waiting")
        assert_accessible(page, f"waiting for the facilitator ({label})")
        shot(page, f"waiting-{label}")

        ok(facilitator, "phase.set", {"phase": "closed"})
        page.goto(f"{base}/j/{code}?lang={lang}")
        expect(page.get_by_test_id("join-state")).to_have_attribute("data-phase", "closed")
        no_sideways_scroll(page, "closed")
        assert_accessible(page, f"closed workshop ({label})")
        shot(page, f"closed-{label}")
    finally:
        facilitator.disconnect()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_facilitators_request_and_qr_dialog_are_accessible(site, open_context, lang):
    base, database = site
    code, facilitator = day_15(base, database)
    try:
        phone = open_context(PHONE, lang, phone=True).new_page()
        phone.goto(f"{base}/j/{code}?lang={lang}")
        phone.get_by_test_id("find-name").click()
        laptop = facilitator_page(open_context, base, code, lang)
        expect(laptop.get_by_test_id("claim-row")).to_have_count(1, timeout=TIMEOUT)
        laptop.get_by_test_id("claims-card").scroll_into_view_if_needed()
        assert_accessible(laptop, f"facilitator page with a request ({lang})")
        shot(laptop, f"facilitator-request-{lang}")

        laptop.locator("#return-links summary").click()
        laptop.get_by_test_id("show-return-link").first.click()
        dialog = laptop.get_by_test_id("return-link-dialog")
        expect(dialog).to_be_visible()
        expect(dialog.locator("#return-link-url")).to_have_value(re.compile(r"/me/"))
        expect(dialog.locator("#return-link-qr")).to_have_js_property("complete", True)
        assert laptop.evaluate("document.getElementById('return-link-qr').naturalWidth") > 0
        assert_accessible(laptop, f"personal link as a QR code ({lang})")
        shot(laptop, f"facilitator-qr-{lang}")
    finally:
        facilitator.disconnect()
