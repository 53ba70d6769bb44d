"""In Debian's Chromium: day 15. A participant comes back on a new phone with
their return link, tells how a commitment went, and the review screen shows
it as soon as the facilitator puts that idea on it."""

import re
import uuid

import requests
from playwright.sync_api import expect

from ..servers import connect, ok, signed_in

TIMEOUT = 15_000
GREET = "Greet every colleague by name when you arrive"
COFFEE = "A shared team coffee on Monday mornings"
COMMENT = "Tried it twice; awkward at first, then people smiled back."


def play_to_results(base: str):
    """A workshop in English up to the results: Zoé joined and committed to two ideas.

    Returns the code, the connected facilitator, Zoé's return link and the
    ids of her two commitments.
    """
    created = (
        signed_in(base)
        .post(f"{base}/api/workshops", json={"title": "Review in the browser", "language": "en"})
        .json()
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    ok(facilitator, "phase.set", {"phase": "lobby"})
    joined = requests.post(
        f"{base}/api/w/{code}/participants", json={"name": "Zoé", "client_id": uuid.uuid4().hex}
    ).json()

    ok(facilitator, "phase.set", {"phase": "client_ideas"})
    client_idea = ok(
        facilitator,
        "idea.post",
        {
            "kind": "client",
            "text": "Call customers by name",
            "parent_id": None,
            "client_id": uuid.uuid4().hex,
        },
    )["idea_id"]
    ok(facilitator, "phase.set", {"phase": "transposition"})
    ideas = [
        ok(
            facilitator,
            "idea.post",
            {
                "kind": "colleague",
                "text": text,
                "parent_id": client_idea,
                "client_id": uuid.uuid4().hex,
            },
        )["idea_id"]
        for text in (GREET, COFFEE)
    ]
    ok(facilitator, "phase.set", {"phase": "vote"})
    phone = connect(base, {"code": code, "view": "phone", "token": joined["token"]})
    ok(phone, "vote.set", {"idea_ids": ideas, "client_id": uuid.uuid4().hex})
    phone.disconnect()
    ok(facilitator, "phase.set", {"phase": "results"})
    return code, key, facilitator, joined["return_url"], ideas


def test_a_report_from_a_return_link_reaches_the_review_screen_live(
    server, phone_page, screen_page
):
    code, _, facilitator, return_url, (greet, _) = play_to_results(server.url)
    try:
        # A new device, no cookie: the return link alone says who this is.
        phone_page.goto(return_url)
        expect(phone_page.get_by_role("banner")).to_contain_text("Zoé", timeout=TIMEOUT)
        expect(phone_page.get_by_test_id("phase")).to_have_attribute("data-phase", "results")
        commitment = phone_page.get_by_test_id("commitment").filter(has_text=GREET)
        expect(commitment).to_be_visible(timeout=TIMEOUT)
        expect(phone_page.get_by_test_id("commitment").filter(has_text=COFFEE)).to_be_visible()

        # Before the meeting: partly tried, it felt hard-ish (2), a comment.
        commitment.get_by_test_id("report-open").click()
        form = commitment.get_by_test_id("report-form")
        expect(form).to_be_visible()
        form.get_by_test_id("report-tried-partly").check()
        form.get_by_test_id("report-feeling-2").check()
        form.get_by_test_id("report-comment").fill(COMMENT)
        expect(form).to_contain_text(f"{len(COMMENT)} / 500")
        form.get_by_test_id("report-submit").click()
        saved = commitment.get_by_test_id("report-saved")
        expect(saved).to_contain_text("Saved", timeout=TIMEOUT)
        expect(saved).to_contain_text("Partly tried")
        expect(commitment).to_contain_text(COMMENT)
        expect(form).to_be_hidden()

        screen_page.goto(f"{server.url}/w/{code}/screen")
        expect(screen_page.get_by_test_id("phase")).to_have_attribute(
            "data-phase", "results", timeout=TIMEOUT
        )
        screen_page.evaluate("window.__sameLoad = true")
        # The room does not see reports before the review opens.
        expect(screen_page.get_by_text(COMMENT)).to_have_count(0)

        ok(facilitator, "phase.set", {"phase": "review"})
        items = screen_page.get_by_test_id("review-item")
        expect(items).to_have_count(2, timeout=TIMEOUT)
        expect(items.filter(has_text=GREET)).to_contain_text("1 of 1 answered")

        ok(facilitator, "review.focus", {"idea_id": greet})
        focus = screen_page.get_by_test_id("review-focus")
        expect(focus).to_be_visible(timeout=TIMEOUT)
        expect(focus.get_by_role("heading", name=GREET)).to_be_visible()
        expect(focus).to_contain_text("1 person committed · 1 of 1 answered")
        expect(focus).to_contain_text(COMMENT)
        expect(focus).to_contain_text("Zoé")  # names are shown in this workshop
        legend = focus.locator(".tried-legend")
        expect(legend).to_contain_text(re.compile(r"Yes\s*0"))
        expect(legend).to_contain_text(re.compile(r"Partly\s*1"))
        expect(legend).to_contain_text(re.compile(r"No\s*0"))
        expect(focus.locator(".feeling-col[data-feeling='2'] .feeling-num")).to_have_text("1")
        expect(focus).to_contain_text("Feeling 2: 1 person")  # what a screen reader says
        expect(items.first).to_be_hidden()  # the overview gives way to the idea
        assert screen_page.evaluate("window.__sameLoad") is True  # no reload

        # Back to the overview, and the phone learns the group's decision.
        ok(facilitator, "decision.set", {"idea_id": greet, "choice": "keep", "note": ""})
        ok(facilitator, "review.focus", {"idea_id": None})
        expect(focus).to_be_hidden(timeout=TIMEOUT)
        expect(items.filter(has_text=GREET)).to_contain_text("Keep going")
        expect(commitment).to_contain_text("The group decided: Keep going", timeout=TIMEOUT)
    finally:
        facilitator.disconnect()


def test_a_report_saved_while_the_server_is_down_arrives_after_restart(server, phone_page):
    code, key, facilitator, return_url, (greet, _) = play_to_results(server.url)
    facilitator.disconnect()
    phone_page.goto(return_url)
    commitment = phone_page.get_by_test_id("commitment").filter(has_text=GREET)
    expect(commitment.get_by_test_id("report-open")).to_be_visible(timeout=TIMEOUT)

    server.stop()
    expect(phone_page.get_by_test_id("connection")).to_have_attribute(
        "data-status", re.compile("offline|reconnecting|connecting"), timeout=TIMEOUT
    )
    commitment.get_by_test_id("report-open").click()
    form = commitment.get_by_test_id("report-form")
    form.get_by_test_id("report-tried-no").check()
    form.get_by_test_id("report-feeling-3").check()
    form.get_by_test_id("report-comment").fill("Not this time: I was on leave.")
    form.get_by_test_id("report-submit").click()
    expect(commitment.get_by_test_id("report-saved")).to_contain_text("Waiting to be sent")
    # The phone goes to sleep before the server is back: the report waits on it.
    context = phone_page.context
    phone_page.close()

    server.start()
    reopened = context.new_page()
    reopened.goto(f"{server.url}/j/{code}")
    saved = (
        reopened.get_by_test_id("commitment").filter(has_text=GREET).get_by_test_id("report-saved")
    )
    expect(saved).to_contain_text("Saved", timeout=30_000)
    expect(saved).to_contain_text("Not tried")
    snapshot = requests.get(
        f"{server.url}/api/w/{code}/snapshot", headers={"Authorization": f"Bearer {key}"}
    ).json()
    review = {item["idea_id"]: item for item in snapshot["review"]}
    assert review[greet]["tried"] == {"yes": 0, "partly": 0, "no": 1}
    assert review[greet]["reports"] == 1  # sent once, stored once
