"""In Debian's Chromium: after the review, the facilitator starts a workshop
from the kept ideas (desktop, 1440×900), and the new group's phone (360×740)
offers them at the vote with how they went, without a name.

Set ATELIER_SHOTS=<folder> to keep screenshots of each page.
"""

import os
import re
import time
import uuid
from pathlib import Path

import requests
from playwright.sync_api import expect

from ..servers import ACCOUNT, connect, ok, signed_in
from .axe import assert_accessible
from .conftest import LAPTOP, PHONE, PROJECTOR

TIMEOUT = 15_000
SHOTS = os.environ.get("ATELIER_SHOTS")
KEPT = "Dire bonjour à chaque collègue en arrivant"
STOPPED = "Un café d’équipe le lundi matin"
HOSTILE_TEAM = "Agence <b>Nantes</b>"


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def reviewed(base: str) -> str:
    """A French workshop at its review: Zoé committed to two ideas, tried the first
    (feeling 4); the first is kept, the second stopped; the next step is a new group."""
    created = (
        signed_in(base)
        .post(f"{base}/api/workshops", json={"title": "Atelier d’origine", "team": HOSTILE_TEAM})
        .json()
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    try:
        ok(facilitator, "phase.set", {"phase": "lobby"})
        joined = requests.post(
            f"{base}/api/w/{code}/participants",
            json={"name": "Zoé", "client_id": uuid.uuid4().hex},
            timeout=10,
        ).json()
        ok(facilitator, "phase.set", {"phase": "client_ideas"})
        ok(facilitator, "phase.set", {"phase": "transposition"})
        ideas = [
            ok(
                facilitator,
                "idea.post",
                {
                    "kind": "colleague",
                    "text": text,
                    "parent_id": None,
                    "client_id": uuid.uuid4().hex,
                },
            )["idea_id"]
            for text in (KEPT, STOPPED)
        ]
        ok(facilitator, "phase.set", {"phase": "vote"})
        phone = connect(base, {"code": code, "view": "phone", "token": joined["token"]})
        ok(phone, "vote.set", {"idea_ids": ideas, "client_id": uuid.uuid4().hex})
        ok(facilitator, "phase.set", {"phase": "results"})
        ok(facilitator, "phase.set", {"phase": "review"})
        report = {"idea_id": ideas[0], "tried": "yes", "feeling": 4, "comment": "Zoé ravie"}
        ok(phone, "report.save", {**report, "client_id": uuid.uuid4().hex})
        phone.disconnect()
        ok(facilitator, "decision.set", {"idea_id": ideas[0], "choice": "keep", "note": ""})
        ok(facilitator, "decision.set", {"idea_id": ideas[1], "choice": "stop", "note": ""})
        ok(facilitator, "review.outcome", {"next_step": "new_group", "note": "", "lessons": ""})
    finally:
        facilitator.disconnect()
    return code


def test_a_new_group_starts_from_the_kept_ideas_and_sees_how_they_went(server, open_context):
    base = server.url
    code = reviewed(base)

    desk_context = open_context(LAPTOP, "fr")
    assert desk_context.request.post(f"{base}/api/session", data=ACCOUNT).ok
    desk = desk_context.new_page()
    desk.goto(f"{base}/w/{code}/facilitate")
    link = desk.get_by_test_id("start-from-link")
    expect(link).to_be_visible(timeout=TIMEOUT)
    # The next step chosen is a new group: the button is put forward, and says why.
    expect(link).to_have_class(re.compile(r"button-primary"), timeout=TIMEOUT)
    expect(desk.locator("#start-from-hint")).to_be_visible()
    link.scroll_into_view_if_needed()
    shot(desk, "start-from-facilitator-1440")
    link.click()

    expect(
        desk.get_by_role("heading", name="Lancer un atelier à partir de ces idées")
    ).to_be_visible()
    ideas = desk.get_by_test_id("carry-idea")
    expect(ideas).to_have_count(2)
    kept = ideas.filter(has_text=KEPT)
    expect(kept.get_by_role("checkbox")).to_be_checked()
    expect(ideas.filter(has_text=STOPPED).get_by_role("checkbox")).not_to_be_checked()
    expect(kept).to_contain_text(HOSTILE_TEAM)  # typed text, shown as text
    expect(kept).to_contain_text("1 engagé · 1 l’a essayée · ressenti 4,0/5 · décision : Continuer")
    expect(desk.locator("body")).not_to_contain_text("Zoé")
    expect(desk.get_by_label("Équipe du nouvel atelier")).to_contain_text(HOSTILE_TEAM)
    assert_accessible(desk, "start-from form 1440")
    shot(desk, "start-from-form-1440")

    desk.get_by_label("Titre").fill("Suite à Brest")
    desk.get_by_test_id("start-from-submit").click()
    expect(desk).to_have_url(re.compile(r"/w/\w{6}/facilitate$"), timeout=TIMEOUT)
    new_code = re.search(r"/w/(\w{6})/facilitate", desk.url).group(1)
    assert new_code != code
    expect(desk.locator("#workshop-title")).to_have_text("Suite à Brest")
    expect(desk.get_by_test_id("started-from")).to_contain_text("Atelier d’origine")
    carried = desk.locator("#colleague-ideas .fac-group").first
    expect(carried).to_contain_text("D’un atelier précédent", timeout=TIMEOUT)
    expect(carried).to_contain_text(KEPT)
    expect(carried).to_contain_text("décision : Continuer")
    key = desk.locator("#facilitator-link").input_value().rsplit("/", 1)[-1]
    shot(desk, "start-from-new-workshop-1440")

    # The new group, on a phone: the kept idea is there to choose, with how it went.
    facilitator = connect(base, {"code": new_code, "view": "facilitator", "key": key})
    try:
        ok(facilitator, "phase.set", {"phase": "lobby"})
        phone = open_context(PHONE, "fr", phone=True).new_page()
        phone.goto(f"{base}/j/{new_code}")
        phone.get_by_test_id("join-name").fill("Noé")
        phone.get_by_test_id("join-name").press("Enter")
        expect(phone.get_by_test_id("phase")).to_be_visible(timeout=TIMEOUT)
        for phase in ("client_ideas", "transposition"):
            ok(facilitator, "phase.set", {"phase": phase})
        # The screen's mirror: the carried ideas have no client idea of this
        # room, so a row of their own comes first, each with how it went.
        screen = open_context(PROJECTOR, "fr").new_page()
        screen.goto(f"{base}/w/{new_code}/screen")
        mirror = screen.get_by_test_id("screen-mirror")
        expect(mirror.locator(".pair").first).to_contain_text(
            "D’un atelier précédent", timeout=TIMEOUT
        )
        expect(mirror.locator(".pair").first).to_contain_text("1 engagé · 1 l’a essayée")
        shot(screen, "start-from-screen-transposition-1280")
        ok(facilitator, "phase.set", {"phase": "vote"})
        option = screen.locator("#vote-options").get_by_test_id("idea").filter(has_text=KEPT)
        expect(option).to_contain_text("décision : Continuer", timeout=TIMEOUT)
        expect(screen.locator("body")).not_to_contain_text("Zoé")
        shot(screen, "start-from-screen-vote-1280")
        expect(phone.get_by_test_id("phase")).to_have_attribute(
            "data-phase", "vote", timeout=TIMEOUT
        )
        choice = phone.get_by_test_id("idea").filter(has_text=KEPT)
        expect(choice).to_be_visible(timeout=TIMEOUT)
        expect(phone.locator(".vote-group-label").first).to_have_text("D’un atelier précédent")
        origin = choice.get_by_test_id("idea-origin")
        expect(origin).to_contain_text(HOSTILE_TEAM)
        expect(origin).to_contain_text("1 engagé · 1 l’a essayée · ressenti 4,0/5")
        expect(phone.locator("body")).not_to_contain_text("Zoé")
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the vote scrolls sideways by {overflow} px"
        assert_accessible(phone, "new group's vote 360")
        shot(phone, "start-from-phone-vote-360")
        choice.click()
        expect(choice).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
        # The choice counts in the new workshop's tallies.
        for _ in range(50):
            state = ok(facilitator, "sync", {})["state"]
            carried_id = next(i["id"] for i in state["ideas"] if i["text"] == KEPT)
            if (state["votes"]["tallies"] or {}).get(str(carried_id)) == 1:
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"the vote on the carried idea did not count: {state['votes']}")
    finally:
        facilitator.disconnect()
