"""In Debian's Chromium: the projected screen fits a 1280×720 and a 1920×1080
projector at every step, for the 12-person demo and a 40-person room with
120 long ideas, in French and English — nothing outside the screen,
scrolled, clipped or covered; at 720 p no type under 14 px, no idea under
18 px; pages turn with "n / m" when more than fits; axe-core finds no
WCAG 2 A/AA violation (light theme for the demo, dark for the large room).
"""

import re

import pytest
from playwright.sync_api import expect

from ..servers import ServerProcess, connect, create_account, ok
from .axe import violations
from .screen_fit import (
    LANGUAGES,
    PROJECTORS,
    SIZES,
    fit_problems,
    hardest_review_idea,
    make_room,
    walk,
)

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
SMALL, LARGE = PROJECTORS


@pytest.fixture(scope="module")
def rooms(tmp_path_factory):
    """One server; the demo and the large room in French and English, played to the review."""
    folder = tmp_path_factory.mktemp("screen-fit")
    database = folder / "screen.sqlite3"
    env = {"ATELIER_DATABASE_URL": f"sqlite:///{database}"}
    create_account(env)
    made = {(size, lang): make_room(env, size, lang) for size in SIZES for lang in LANGUAGES}
    server = ServerProcess(env, folder / "server.log").start()
    yield server.url, str(database), made
    server.stop()


def open_screen(browser, base: str, code: str, key: str, lang: str):
    context = browser.new_context(
        viewport={"width": SMALL[0], "height": SMALL[1]},
        locale="fr-FR" if lang == "fr" else "en-GB",
        reduced_motion="reduce",  # measured at rest, not mid-animation
        bypass_csp=True,  # to inject axe-core
    )
    page = context.new_page()
    page.goto(f"{base}/w/{code}/f/{key}")  # this browser now holds the facilitator link
    page.goto(f"{base}/w/{code}/screen")
    status = page.get_by_test_id("connection")
    expect(status).to_have_attribute("data-status", "online", timeout=TIMEOUT)
    return context, page


def settle(page) -> None:
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def at_size(page, size) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.wait_for_function("([w, h]) => innerWidth === w && innerHeight === h", arg=list(size))
    settle(page)


def shown(page, state: str) -> None:
    """Wait until the screen shows ``state``."""
    phase = {"review-focus": "review", "vote-revealed": "vote"}.get(state, state)
    expect(page.locator("#phase")).to_have_attribute("data-phase", phase, timeout=TIMEOUT)
    if state == "review-focus":
        expect(page.get_by_test_id("review-focus")).to_be_visible(timeout=TIMEOUT)
    elif state == "review":
        # The ideas, or the barometer's day 0 / day 15 once both rounds closed.
        expect(page.locator("#review-overview")).to_be_visible(timeout=TIMEOUT)
    elif state == "vote-revealed":
        expect(page.locator("#vote-tallies")).to_be_visible(timeout=TIMEOUT)
    elif state == "vote":
        expect(page.locator("#vote-options")).to_be_visible(timeout=TIMEOUT)
    settle(page)


def pages_of(page) -> tuple[int, int] | None:
    pager = page.get_by_test_id("pager")
    if not pager.is_visible():
        return None
    found = re.search(r"(\d+) / (\d+)", pager.inner_text())
    return int(found[1]), int(found[2])


def test_pages_turn_on_a_key_hold_on_p_and_show_every_idea(browser, rooms):
    """The large room's 120 client ideas: every one shows on some page; ↓ and ↑ turn, P holds."""
    base, _, made = rooms
    code, key = made[("large", "en")]
    context, page = open_screen(browser, base, code, key, "en")
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    try:
        for phase in ("results", "vote", "transposition", "client_ideas"):
            ok(facilitator, "phase.set", {"phase": phase})
        shown(page, "client_ideas")
        first, total = pages_of(page)
        assert total > 1
        seen = set()
        for n in range(total):
            number = (first - 1 + n) % total + 1
            expect(page.get_by_test_id("pager")).to_contain_text(f"{number} / {total}")
            texts = page.locator("#screen-ideas .idea-text").all_inner_texts()
            assert texts and not seen & set(texts)
            seen |= set(texts)
            page.keyboard.press("ArrowDown")
        assert len(seen) == 120  # never "and 10 more" with no way to see them
        page.keyboard.press("ArrowUp")
        expect(page.get_by_test_id("pager")).to_contain_text(f"{(first - 2) % total + 1} / {total}")
        page.keyboard.press("p")
        expect(page.get_by_test_id("pager")).to_have_class(re.compile("is-held"))
        expect(page.get_by_test_id("pager")).to_contain_text("held")
        page.keyboard.press("?")
        help_box = page.locator("#help")
        expect(help_box).to_be_visible()
        for keys in ("↓", "P", "J", "S", "D"):
            expect(help_box.locator("kbd", has_text=keys).first).to_be_visible()
        for phase in ("transposition", "vote", "results", "review"):  # as the walk expects it
            ok(facilitator, "phase.set", {"phase": phase})
    finally:
        facilitator.disconnect()
        context.close()


def test_join_panel_on_j_corner_code_only_while_joining_and_the_timers_end(browser, rooms):
    base, _, made = rooms
    code, key = made[("demo", "fr")]
    context, page = open_screen(browser, base, code, key, "fr")
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    corner = page.locator("#corner")
    panel = page.get_by_test_id("join-panel")
    try:
        shown(page, "review")
        # At the review a lost participant must find themselves, not join as someone new.
        expect(corner).to_be_hidden()
        page.keyboard.press("j")
        expect(panel).to_be_visible()
        expect(panel).to_contain_text("vous retrouver")
        expect(panel).to_contain_text(code[:3])
        qr = panel.locator("img").bounding_box()
        assert qr["height"] >= 0.4 * SMALL[1], qr
        assert not violations(page)
        page.keyboard.press("j")
        expect(panel).to_be_hidden()

        ok(facilitator, "phase.set", {"phase": "results"})
        shown(page, "results")
        expect(corner).to_be_hidden()  # the vote is over: nobody to invite any more
        ok(facilitator, "phase.set", {"phase": "vote"})
        shown(page, "vote")
        expect(corner).to_be_visible()
        assert corner.locator("img").bounding_box()["height"] >= 0.22 * SMALL[1] - 0.5

        # The last ten seconds: big and round (a shape, not only a colour), in the corner's place.
        ok(facilitator, "timer.start", {"seconds": 10})
        timer = page.locator("#timer")
        expect(timer).to_have_class(re.compile("is-final"), timeout=TIMEOUT)
        expect(corner).to_be_hidden()
        size = float(timer.evaluate("(el) => getComputedStyle(el).fontSize").removesuffix("px"))
        assert size >= 0.14 * SMALL[1]
        assert not fit_problems(page, small=True)
        ok(facilitator, "timer.stop", {})
        expect(timer).to_be_hidden()
        expect(corner).to_be_visible()

        # Sound and the dark theme are this screen's own, and remembered.
        page.keyboard.press("s")
        page.keyboard.press("d")
        expect(page.get_by_test_id("sound")).to_have_attribute("data-sound", "on")
        page.reload()
        expect(page.get_by_test_id("sound")).to_have_attribute("data-sound", "on")
        expect(page.get_by_test_id("sound")).to_contain_text("Son activé")
        expect(page.locator("body")).to_have_class(re.compile("theme-dark"))
        for phase in ("results", "review"):  # as the walk expects it
            ok(facilitator, "phase.set", {"phase": phase})
    finally:
        facilitator.disconnect()
        context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_fits_both_projectors_and_passes_axe(browser, rooms, size, lang):
    """Runs last: it walks each room from the review back to the lobby, then closes it."""
    base, database, made = rooms
    code, key = made[(size, lang)]
    context, page = open_screen(browser, base, code, key, lang)
    if size == "large":
        page.keyboard.press("d")  # the dark projector theme, checked by axe too
        expect(page.locator("body")).to_have_class(re.compile("theme-dark"))
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    problems, paged = [], {}
    try:
        for state in walk(facilitator, hardest_review_idea(database, code)):
            shown(page, state)
            for projector in (LARGE, SMALL):  # ends at 1280×720 for axe and the next step
                at_size(page, projector)
                found = fit_problems(page, small=projector == SMALL)
                problems += [f"{state} at {projector[0]}: {p}" for p in found[:5]]
            paged[state] = pages_of(page)
            problems += [f"{state}: axe {v}" for v in violations(page)]
    finally:
        facilitator.disconnect()
        context.close()
    assert not problems, "\n".join(problems)
    if size == "large":
        # 120 ideas of up to 280 characters cannot fit on one 720 p screen: they turn.
        for state in ("client_ideas", "transposition", "vote"):
            assert paged[state] and paged[state][1] > 1, (state, paged[state])
    else:
        assert paged["client_ideas"] is None, "18 short ideas fit on one page"
