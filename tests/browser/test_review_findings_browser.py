"""In Debian's Chromium: a review held late proposes a next review still to come."""

import datetime as dt
import re

from playwright.sync_api import expect

from ..servers import ok
from .test_review_report import play_to_results

TIMEOUT = 15_000


def test_a_late_review_proposes_a_next_review_in_the_future(server, browser):
    """The review planned 25 days ago is held today: the longer experiment's
    proposed date (and the earliest the picker offers) is after today, not a
    date already gone, which would send no summary and no reminder."""
    code, key, facilitator, _, (greet, _coffee) = play_to_results(server.url)
    past = (dt.date.today() - dt.timedelta(days=40)).isoformat()
    ok(facilitator, "workshop.update", {"settings": {"date": past}})
    ok(facilitator, "phase.set", {"phase": "review"})
    ok(facilitator, "decision.set", {"idea_id": greet, "choice": "extend", "note": ""})
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{server.url}/w/{code}/f/{key}")
        expect(page).to_have_url(re.compile(r"/facilitate$"))
        date = page.locator("#extend-date")
        expect(page.locator("#extend-card")).to_be_visible(timeout=TIMEOUT)
        today = dt.date.today().isoformat()
        assert date.input_value() > today
        assert date.get_attribute("min") > today
    finally:
        context.close()
