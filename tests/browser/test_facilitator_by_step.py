"""In Debian's Chromium: the facilitator's page follows the step.

At every step of the 12-person demo, in French and English, on a 1440×900
laptop and a 1024×768 tablet, what the step needs is in the first viewport:
its main action, "open the screen" and the line saying what the room sees
now; during the vote the progress and Reveal, at the review the walk, at
closed the bilan (and no join link any more), in the lobby the join link,
its QR code and who is in. The settings stay editable until the vote
starts, as the home page promises, then say they are locked. axe-core finds
no WCAG 2 A/AA violation on the facilitator's page and the remote at any
step, in either language.
"""

import json
import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from ..servers import site_server
from .axe import assert_accessible
from .conftest import LAPTOP, PHONE

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
TABLET = (1024, 768)
STEPS = ("lobby", "client_ideas", "transposition", "vote", "results", "review", "closed")
LANGUAGES = ("fr", "en")
OPEN_SCREEN = {"fr": "Ouvrir l’écran", "en": "Open the screen"}
SCREEN_SHOWS = {"fr": "L’écran ", "en": "The screen "}

# Plays the demo workshop up to each step, in the server's database.
PLAY = """
import json, sys
from atelier.app import build_app
from atelier.demo import play
from atelier.domain.phases import Phase

app = build_app()
links = {}
with app.app_context():
    for language in ("fr", "en"):
        for step in sys.argv[1:]:
            workshop, key = play(language, Phase(step))
            links[f"{language}-{step}"] = f"/w/{workshop.code}/f/{key}"
print(json.dumps(links))
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A server, and the facilitator link of the demo at each step in each language."""
    with site_server(tmp_path_factory.mktemp("facilitator-steps")) as (process, env, _db):
        played = subprocess.run(
            [sys.executable, "-c", PLAY, *STEPS],
            env={**os.environ, "ATELIER_SECRET_KEY": "tests-only-secret",
                 "ATELIER_ASYNC_MODE": "threading", **env},
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        links = json.loads(played.stdout.strip().splitlines()[-1])
        yield process.url, links


@pytest.fixture
def open_page(browser):
    """A page at a size and in a language, signed in as the facilitator of ``link``."""
    contexts = []

    def make(base, link, size, lang, remote=False):
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]},
            locale="fr-FR" if lang == "fr" else "en-GB",
            is_mobile=remote,
            has_touch=remote,
            reduced_motion="reduce",
            bypass_csp=True,  # to inject axe-core
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(base + link)  # the secret link: this browser facilitates
        expect(page).to_have_url(re.compile(r"/facilitate$"))
        if remote:
            page.goto(page.url.replace("/facilitate", "/remote"))
        expect(page.get_by_test_id("connection")).to_have_attribute(
            "data-status", "online", timeout=TIMEOUT
        )
        return page

    yield make
    for context in contexts:
        context.close()


def in_first_viewport(page, locator, what: str) -> None:
    """``locator`` is visible and its whole box lies in the viewport, unscrolled."""
    expect(locator).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    box = locator.bounding_box()
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    assert box["x"] >= 0 and box["y"] >= 0, f"{what} starts off screen: {box}"
    assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, (
        f"{what} is below the fold at {width}×{height}: {box}"
    )


@pytest.mark.parametrize("size", [LAPTOP, TABLET], ids=["1440x900", "1024x768"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_the_step_needs_is_above_the_fold(demo, open_page, size, lang):
    base, links = demo
    for step in STEPS:
        page = open_page(base, links[f"{lang}-{step}"], size, lang)
        where = f"{step} ({lang}, {size[0]}×{size[1]})"
        expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", step)
        assert page.locator("h1").count() == 1, f"{where}: one h1"
        expect(page.locator("h1")).to_have_text(re.compile(r"\S"))
        in_first_viewport(
            page, page.get_by_role("link", name=OPEN_SCREEN[lang]), f"{where}: open the screen"
        )
        expect(page.get_by_test_id("now-showing")).to_contain_text(SCREEN_SHOWS[lang])
        if step == "review":
            # The demo closed both barometer rounds: the overview is their comparison.
            barometer = {"fr": "le baromètre, jour 0 face au jour 15", "en": "the barometer, day 0"}
            expect(page.get_by_test_id("now-showing")).to_contain_text(barometer[lang])
        in_first_viewport(page, page.get_by_test_id("now-showing"), f"{where}: what the room sees")
        if step == "closed":
            in_first_viewport(page, page.locator("#bilan a[download]"), f"{where}: the bilan")
            expect(page.locator("#join-url")).to_be_hidden()
            expect(page.locator("#step-next")).to_be_hidden()
            continue
        in_first_viewport(page, page.locator("#step-next"), f"{where}: the next step")
        if step == "lobby":
            in_first_viewport(page, page.locator("#join-url"), f"{where}: the join link")
            in_first_viewport(page, page.locator(".join-qr"), f"{where}: the QR code")
            in_first_viewport(page, page.locator("#participants"), f"{where}: who is in")
        elif step == "vote":
            expect(page.get_by_test_id("vote-progress")).to_have_text(re.compile(r"12\D+12"))
            in_first_viewport(page, page.get_by_test_id("vote-progress"), f"{where}: progress")
            in_first_viewport(page, page.locator("#reveal"), f"{where}: reveal")
        elif step == "review":
            in_first_viewport(page, page.locator("#walk-next"), f"{where}: next idea")
            in_first_viewport(page, page.locator("#walk-prev"), f"{where}: previous idea")
        page.context.close()


def test_settings_change_until_the_vote_starts_then_say_they_are_locked(demo, open_page):
    base, links = demo
    for step in ("client_ideas", "transposition"):
        page = open_page(base, links[f"en-{step}"], LAPTOP, "en")
        card = page.get_by_test_id("settings-card")
        expect(card).to_be_visible()
        expect(page.get_by_test_id("settings-state")).to_have_text(
            "You can change these settings until the vote starts."
        )
        card.locator("summary").click()
        expect(page.locator("#s-votes")).to_be_enabled()
        page.fill("#s-title", f"Retitled at {step}")
        page.fill("#s-votes", "3")
        page.get_by_role("button", name="Save the settings").click()
        expect(page.locator("#fac-status")).to_have_text("Saved.", timeout=TIMEOUT)
        expect(page.locator("h1")).to_have_text(f"Retitled at {step}")
        page.reload()
        expect(page.locator("#s-votes")).to_have_value("3")

    page = open_page(base, links["en-vote"], LAPTOP, "en")
    expect(page.get_by_test_id("settings-state")).to_contain_text(
        "The vote has started: the commitments per person and the days before the review"
        " can no longer change."
    )
    page.get_by_test_id("settings-card").locator("summary").click()
    expect(page.locator("#s-votes")).to_be_disabled()
    expect(page.locator("#s-days")).to_be_disabled()

    page = open_page(base, links["en-closed"], LAPTOP, "en")
    expect(page.get_by_test_id("settings-card")).to_be_hidden()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_facilitator_page_and_remote_are_accessible_at_every_step(demo, open_page, lang):
    base, links = demo
    for step in STEPS:
        page = open_page(base, links[f"{lang}-{step}"], LAPTOP, lang)
        assert_accessible(page, f"facilitator page at {step} ({lang})")
        page.context.close()
        remote = open_page(base, links[f"{lang}-{step}"], PHONE, lang, remote=True)
        assert remote.locator("h1").count() == 1, f"remote at {step}: one h1"
        assert_accessible(remote, f"remote at {step} ({lang})")
        remote.context.close()
