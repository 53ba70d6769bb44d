"""In Debian's Chromium: a longer experiment. At the review the facilitator
extends one idea to a second round; the participant's phone (360×740) then
asks about that idea only, and its report is the second round's."""

import os
import re
from pathlib import Path

from playwright.sync_api import expect

from ..servers import ok
from .axe import assert_accessible
from .test_review_report import COFFEE, GREET, play_to_results

TIMEOUT = 15_000
# Where to leave the screenshots to look at (git-ignored); none when unset.
SHOTS = os.environ.get("ATELIER_SCREENSHOTS")


def shot(page, name: str, full_page: bool = True) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


def test_a_participant_reports_again_in_round_two(server, browser, phone_page, axe_script):
    code, key, facilitator, return_url, (greet, coffee) = play_to_results(server.url)
    try:
        ok(facilitator, "phase.set", {"phase": "review"})
        ok(facilitator, "decision.set", {"idea_id": greet, "choice": "extend", "note": ""})
        ok(facilitator, "decision.set", {"idea_id": coffee, "choice": "keep", "note": ""})

        context = browser.new_context(
            viewport={"width": 1440, "height": 900}, locale="en-GB", bypass_csp=True
        )
        page = context.new_page()
        page.goto(f"{server.url}/w/{code}/f/{key}")
        expect(page).to_have_url(re.compile(r"/facilitate$"))
        card = page.locator("#extend-card")
        expect(card).to_be_visible(timeout=TIMEOUT)
        # What the group decided to extend comes ticked.
        expect(card.get_by_role("checkbox", name=GREET)).to_be_checked()
        expect(card.get_by_role("checkbox", name=COFFEE)).not_to_be_checked()
        card.scroll_into_view_if_needed()
        shot(page, "facilitator-extend-1440")
        assert_accessible(page, "the facilitator at the review, with the extend form")
        card.get_by_test_id("extend-submit").click()
        expect(page.get_by_test_id("phase")).to_have_attribute(
            "data-phase", "results", timeout=TIMEOUT
        )
        expect(card).to_be_hidden()
        expect(page.locator("#review-hint")).to_contain_text("Round 2")
        # While round 2 waits, what the group decided stays in view.
        expect(page.locator("#outcome-read")).to_be_visible()
        context.close()

        phone_page.goto(return_url)
        expect(phone_page.get_by_test_id("phase")).to_have_attribute(
            "data-phase", "results", timeout=TIMEOUT
        )
        commitments = phone_page.get_by_test_id("commitment")
        expect(commitments).to_have_count(1, timeout=TIMEOUT)
        commitment = commitments.filter(has_text=GREET)
        expect(commitment).to_be_visible()
        expect(phone_page.locator("#review-date")).to_contain_text("Round 2 review on")
        commitment.get_by_test_id("report-open").click()
        form = commitment.get_by_test_id("report-form")
        form.get_by_test_id("report-tried-yes").check()
        form.get_by_test_id("report-feeling-4").check()
        form.get_by_test_id("report-comment").fill("Plus facile la deuxième fois")
        form.get_by_test_id("report-submit").click()
        expect(commitment.get_by_test_id("report-saved")).to_be_visible(timeout=TIMEOUT)
        phone_page.evaluate("window.scrollTo(0, 0)")
        shot(phone_page, "phone-round2-360", full_page=False)
        # The smallest phone we support: nothing sticks out sideways.
        phone_page.set_viewport_size({"width": 320, "height": 568})
        expect(commitment).to_be_visible()
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320
        phone_page.evaluate("window.scrollTo(0, 0)")
        shot(phone_page, "phone-round2-320", full_page=False)
        review = ok(facilitator, "sync", {})["state"]["review"]
        assert [(item["idea_id"], item["reports"]) for item in review] == [(greet, 1)]
    finally:
        facilitator.disconnect()
