"""In Debian's Chromium: the participant's phone follows the room.

A step change brings the new task to the top and says so; in the vote a bar
that stays in view counts the choices, a refused third choice is explained
under the card that was tapped, and the last one confirms the commitments
are saved; the composer never holds more than the server takes; a draft
waits in its own step; the lobby speaks to someone already in; every step
fits 320 px with nothing cut, and axe-core finds nothing, of any impact, on
the join pages and the phone at every step, in French and in English.
"""

import uuid

import pytest
from playwright.sync_api import expect

from ..servers import connect, ok, signed_in, site_server
from .axe import ALL_RULES, assert_accessible
from .conftest import PHONE, SMALL_PHONE

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
TITLE = "Prendre soin des collègues"
STEPS = ["lobby", "client_ideas", "transposition", "vote", "results", "review", "closed"]
CLIENT_IDEAS = [
    "Appeler chaque client par son prénom",
    "Offrir un café pendant l'attente",
    "Rappeler quand on l'a promis",
    "Ne jamais renvoyer un client d'un service à l'autre",
    "Dire merci à la fin de chaque échange",
    "Prévenir avant que le client ne s'inquiète d'un retard",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with site_server(tmp_path_factory.mktemp("phone")) as (process, _env, _database):
        yield process.url


@pytest.fixture
def phone(browser):
    """A phone at a size and in a language (axe-core can be injected: tests only)."""
    contexts = []

    def make(size=PHONE, lang="fr"):
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]},
            locale="fr-FR" if lang == "fr" else "en-GB",
            is_mobile=True,
            has_touch=True,
            reduced_motion="reduce",
            bypass_csp=True,
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


class Room:
    """A workshop, its facilitator (a socket), moved step by step; with ``ideas``
    the facilitator writes client ideas and two colleague versions of each."""

    def __init__(self, base: str, lang: str = "fr", ideas: int = 0, title: str = TITLE):
        self.base = base
        created = signed_in(base).post(
            f"{base}/api/workshops", json={"title": title, "language": lang}
        )
        self.code = created.json()["workshop"]["code"]
        key = created.json()["facilitator_key"]
        self.facilitator = connect(base, {"code": self.code, "view": "facilitator", "key": key})
        self.ideas = ideas
        self.client_ids: list[int] = []
        self.phase = "draft"
        self.to("lobby")

    def post(self, kind: str, text: str, parent_id=None) -> int:
        payload = {"kind": kind, "text": text, "parent_id": parent_id}
        payload["client_id"] = uuid.uuid4().hex
        return ok(self.facilitator, "idea.post", payload)["idea_id"]

    def to(self, phase: str) -> None:
        """Move forward (or back) to ``phase``, writing the ideas on the way."""
        if self.phase in STEPS and STEPS.index(phase) < STEPS.index(self.phase):
            for step in reversed(STEPS[STEPS.index(phase) : STEPS.index(self.phase)]):
                ok(self.facilitator, "phase.set", {"phase": step})  # one step back at a time
            self.phase = phase
            return
        start = STEPS.index(self.phase) + 1 if self.phase in STEPS else 0
        for step in STEPS[start : STEPS.index(phase) + 1]:
            ok(self.facilitator, "phase.set", {"phase": step})
            self.phase = step
            if step == "client_ideas" and not self.client_ids:
                self.client_ids = [self.post("client", t) for t in CLIENT_IDEAS[: self.ideas]]
            if step == "transposition":
                for n, parent in enumerate(self.client_ids):
                    self.post("colleague", f"Version collègue {n + 1}a, pour l'équipe", parent)
                    self.post("colleague", f"Version collègue {n + 1}b, entre nous", parent)

    def close(self) -> None:
        self.facilitator.disconnect()


def join(page, room: Room, name: str, lang: str = "fr") -> None:
    page.goto(f"{room.base}/j/{room.code}?lang={lang}")
    page.get_by_test_id("join-name").fill(name)
    page.get_by_test_id("join-name").press("Enter")
    expect(page.get_by_test_id("connection")).to_have_attribute(
        "data-status", "online", timeout=TIMEOUT
    )


def at_step(page, phase: str) -> None:
    expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", phase, timeout=TIMEOUT)


def sideways(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - innerWidth")


def broken_words(page) -> list[str]:
    """Words of the page's labels and phrases (not user text) split over two lines."""
    return page.evaluate(
        """() => {
          const broken = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!parent || parent.closest(".user-text, script, [hidden]")) continue;
            const box = parent.getBoundingClientRect();
            if (box.width <= 1 || box.height <= 1) continue;  // not shown (or visually hidden)
            for (const match of node.textContent.matchAll(/[\\p{L}]{4,}/gu)) {
              const range = document.createRange();
              range.setStart(node, match.index);
              range.setEnd(node, match.index + match[0].length);
              const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              if (tops.size > 1) broken.push(match[0]);
            }
          }
          return broken;
        }"""
    )


# ---- a step change -----------------------------------------------------------


def test_a_step_change_brings_the_new_task_to_the_top_and_says_so(site, phone):
    room = Room(site, ideas=6)
    room.to("transposition")
    page = phone(PHONE, "fr")
    join(page, room, "Zoé")
    at_step(page, "transposition")
    # Far down the list of client ideas, as one is after writing a few versions.
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert page.evaluate("scrollY") > 300
    banner = page.get_by_test_id("step-banner")
    expect(banner).to_have_text("")  # nothing said while nothing changed

    room.to("vote")
    at_step(page, "vote")
    heading = page.get_by_test_id("phase")
    expect(heading).to_have_text("Engagements")
    expect(heading).to_be_in_viewport(ratio=1)
    expect(page.get_by_test_id("instruction")).to_contain_text("Voter, c’est promettre")
    expect(page.get_by_test_id("instruction")).to_be_in_viewport(ratio=1)
    assert heading.evaluate("(el) => el === document.activeElement")
    # Said aloud (a polite live region) and shown.
    expect(banner).to_have_text("Nouvelle étape : Engagements")
    expect(banner).to_be_visible()
    assert banner.get_attribute("role") == "status"
    expect(banner).to_have_text("", timeout=TIMEOUT)  # then it goes

    # The same step again (the timer starts: a change, not a new step): nothing moves.
    page.evaluate("window.scrollTo(0, 600)")
    ok(room.facilitator, "timer.start", {"seconds": 300})
    expect(page.locator("#timer")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(300)
    assert abs(page.evaluate("scrollY") - 600) < 40
    expect(banner).to_have_text("")
    room.close()


# ---- the vote -------------------------------------------------------------------


def test_a_refused_third_choice_is_explained_where_the_thumb_is(site, phone):
    room = Room(site, ideas=6)
    room.to("vote")
    page = phone(PHONE, "fr")
    join(page, room, "Karim")
    at_step(page, "vote")
    bar = page.get_by_test_id("vote-bar")
    expect(page.get_by_test_id("vote-count")).to_have_text("0 idée choisie sur 2")
    cards = page.locator("button.choice")
    expect(cards).to_have_count(12)

    cards.nth(0).click()
    expect(page.get_by_test_id("vote-count")).to_have_text("1 idée choisie sur 2")
    expect(page.get_by_test_id("vote-note")).to_have_text("Encore 1 choix")
    # The last allowed choice: the commitments are saved, said in the bar.
    cards.nth(1).click()
    expect(page.get_by_test_id("vote-count")).to_have_text("2 idées choisies sur 2")
    expect(page.get_by_test_id("vote-note")).to_contain_text(
        "Vos 2 engagements sont enregistrés", timeout=TIMEOUT
    )

    # A third, far down the list: the bar stayed in view, and the refusal is under that card.
    third = cards.nth(10)
    third.scroll_into_view_if_needed()
    assert page.evaluate("scrollY") > 800
    third.click()
    refusal = page.get_by_test_id("choice-refusal").filter(has_text="Retirez-en un")
    expect(refusal).to_be_visible()
    expect(refusal).to_be_in_viewport(ratio=1)
    card_box, refusal_box = third.bounding_box(), refusal.bounding_box()
    assert 0 <= refusal_box["y"] - (card_box["y"] + card_box["height"]) <= 24
    assert third.get_attribute("aria-describedby") == refusal.get_attribute("id")
    expect(bar).to_be_in_viewport(ratio=1)
    expect(page.get_by_test_id("vote-note")).to_have_text(
        "Vous avez déjà fait 2 choix. Retirez-en un d’abord."
    )
    expect(third).to_have_attribute("aria-pressed", "false")

    # Un-choosing one ends the refusal; the third then goes in.
    cards.nth(0).click()
    expect(refusal).to_be_hidden()
    third.click()
    expect(third).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("vote-note")).to_contain_text("Vos 2 engagements sont enregistrés")
    expect(bar).to_be_in_viewport(ratio=1)
    room.close()


# ---- the composer -------------------------------------------------------------------


def test_the_composer_holds_what_the_server_takes_and_says_one_thing_at_a_time(site, phone):
    room = Room(site, lang="en")
    room.to("client_ideas")
    page = phone(PHONE, "en")
    join(page, room, "Inès", "en")
    at_step(page, "client_ideas")
    text = page.get_by_test_id("idea-text")
    count = page.get_by_test_id("idea-count")
    submit = page.get_by_test_id("idea-submit")
    expect(count).to_have_text("280 characters left")

    # Typing past the limit: the field stops at 280, as the server counts them.
    text.fill("x" * 290)
    assert len(text.input_value()) == 280
    expect(count).to_have_text("0 characters left")
    text.fill("😀" * 290)  # one character each on the server too
    assert len(text.evaluate("(el) => [...el.value]")) == 280
    # A text put back from elsewhere may be longer: said, and it cannot be sent.
    text.evaluate("(el) => { el.value = 'y'.repeat(290); el.dispatchEvent(new Event('input')); }")
    expect(count).to_have_text("10 characters too many")
    expect(submit).to_be_disabled()
    expect(text).to_have_attribute("aria-invalid", "true")
    text.press("Control+Enter")
    expect(page.locator("#composer-error")).to_have_text("Text too long: 280 characters at most.")
    expect(page.locator("#composer-status")).to_be_hidden()

    # Cut to size, sent: "Sent." alone, no red word left under it.
    text.fill("A coffee on Monday mornings")
    expect(submit).to_be_enabled()
    expect(page.locator("#composer-error")).to_be_hidden()
    submit.click()
    expect(page.locator("#composer-status")).to_have_text("Sent.", timeout=TIMEOUT)
    expect(page.locator("#composer-error")).to_be_hidden()
    # An empty post is refused: the red word replaces the green one.
    submit.click()
    expect(page.locator("#composer-error")).to_have_text("Type something first.")
    expect(page.locator("#composer-status")).to_be_hidden()
    room.close()


def test_a_draft_waits_in_its_own_step(site, phone):
    room = Room(site, ideas=2)
    room.to("client_ideas")
    page = phone(PHONE, "fr")
    join(page, room, "Amina")
    page.get_by_test_id("idea-text").fill("Un mot gentil à l'accueil")  # not sent
    for step in ("transposition", "vote", "results"):
        room.to(step)
        at_step(page, step)
        # Not pinned on top of the steps that follow.
        expect(page.locator("#unsent")).to_be_hidden()
        expect(page.get_by_text("Un mot gentil à l'accueil")).to_have_count(0)
    room.to("client_ideas")  # the facilitator goes back: the draft is in its composer
    at_step(page, "client_ideas")
    expect(page.get_by_test_id("idea-text")).to_have_value("Un mot gentil à l'accueil")
    room.close()


# ---- every step: 320 px, nothing cut, axe-core -------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_step_fits_320_px_and_axe_finds_nothing(site, phone, lang):
    room = Room(site, lang=lang, ideas=3)
    join_page = phone(SMALL_PHONE, lang)
    join_page.goto(f"{site}/join?lang={lang}")
    assert sideways(join_page) <= 0, "code page scrolls sideways"
    assert_accessible(join_page, f"{lang}: code page", ALL_RULES)

    page = phone(SMALL_PHONE, lang)
    page.goto(f"{site}/j/{room.code}?lang={lang}")
    assert sideways(page) <= 0, "name page scrolls sideways"
    assert_accessible(page, f"{lang}: name page", ALL_RULES)
    page.get_by_test_id("join-name").fill("Jean-Christophe")
    page.get_by_test_id("join-name").press("Enter")
    expect(page.get_by_test_id("connection")).to_have_attribute(
        "data-status", "online", timeout=TIMEOUT
    )
    title = page.locator(".live-header .workshop-title")
    for step in STEPS:
        room.to(step)
        at_step(page, step)
        if step == "lobby":
            # Someone already in: no "scan the code"; the principles after their lead-in.
            expect(page.get_by_test_id("instruction")).to_have_text(
                "L’atelier commence bientôt." if lang == "fr" else "The workshop starts soon."
            )
            lead = page.locator(".prompts-lead")
            lead_in = "Dans cet atelier, on…" if lang == "fr" else "In this workshop, we…"
            expect(lead).to_have_text(lead_in)
            assert page.locator(".prompts li").first.evaluate(
                "(li) => getComputedStyle(li).borderTopWidth === '0px'"
            ), "the principles look like buttons"
        if step == "client_ideas":
            page.get_by_test_id("idea-text").fill("Un café offert" if lang == "fr" else "A coffee")
            page.get_by_test_id("idea-submit").click()
            expect(page.locator("#composer-status")).to_be_visible(timeout=TIMEOUT)
        if step == "transposition":
            page.locator("#transpose-list .pick").first.click()
            expect(page.get_by_test_id("idea-text")).to_be_focused()
        if step == "vote":
            cards = page.locator("button.choice")
            for n in (0, 1, 2):
                cards.nth(n).click()
            expect(page.locator("[data-testid=choice-refusal]:not([hidden])")).to_be_visible()
        if step == "review":
            expect(page.get_by_test_id("report-form").first).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(200)
        assert sideways(page) <= 0, f"{lang}: {step} scrolls sideways"
        assert broken_words(page) == [], f"{lang}: {step}: words broken mid-word"
        # The workshop's title, whole (it was cut to "Prendre s…").
        assert title.evaluate(
            "(el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth"
        ), f"{lang}: {step}: the title is cut"
        assert_accessible(page, f"{lang}: phone at {step}", ALL_RULES)
    room.close()


# ---- the keyboard alone ------------------------------------------------------------


def tab_to(page, selector: str, limit: int = 60, key: str = "Tab") -> None:
    """Press Tab until the focus is on ``selector``."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"Tab never reached {selector}")


def test_the_whole_phone_flow_with_the_keyboard_alone(site, phone):
    room = Room(site, lang="en", ideas=2)
    page = phone(PHONE, "en")
    page.goto(f"{site}/join?lang=en")
    tab_to(page, "#code")
    page.keyboard.type(room.code)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("join-name")).to_be_focused(timeout=TIMEOUT)
    page.keyboard.type("Zoé")
    page.keyboard.press("Enter")
    at_step(page, "lobby")

    room.to("client_ideas")
    at_step(page, "client_ideas")
    tab_to(page, "#idea-text")
    page.keyboard.type("Greet customers by name")
    tab_to(page, "#idea-submit")
    page.keyboard.press("Enter")
    expect(page.locator("#client-list")).to_contain_text("Greet customers by name", timeout=TIMEOUT)

    room.to("transposition")
    at_step(page, "transposition")
    tab_to(page, "#transpose-list .pick")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("idea-text")).to_be_focused()
    page.keyboard.type("Greet every colleague by name")
    tab_to(page, "#idea-submit")
    page.keyboard.press("Space")
    expect(page.locator("#transpose-list .mine-list").first).to_contain_text(
        "Greet every colleague by name", timeout=TIMEOUT
    )

    room.to("vote")
    at_step(page, "vote")
    tab_to(page, "button.choice")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("vote-count")).to_have_text("2 of 2 chosen")
    expect(page.get_by_test_id("vote-note")).to_contain_text(
        "Your 2 commitments are saved", timeout=TIMEOUT
    )

    room.to("results")
    room.to("review")
    at_step(page, "review")
    form = page.get_by_test_id("report-form").first
    expect(form).to_be_visible(timeout=TIMEOUT)
    tab_to(page, "input[name^='tried-']")
    page.keyboard.press("ArrowRight")  # yes → partly
    tab_to(page, "input[name^='feeling-']")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # 1 → 4
    tab_to(page, ".report-comment")
    page.keyboard.type("Easier than I thought.")
    tab_to(page, "[data-testid=report-submit]")
    page.keyboard.press("Enter")
    saved = page.get_by_test_id("report-saved").first
    expect(saved).to_contain_text("Partly tried", timeout=TIMEOUT)
    expect(saved).to_contain_text("feeling 4 out of 5")
    room.close()
