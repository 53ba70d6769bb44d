"""In Debian's Chromium: hostile text in every field stays text on every page.

An account signs up with markup as its name; a workshop gets markup as its
title and team; people join with markup as first names and write markup as
ideas, comments, decision notes and lessons. The workshop runs from the
lobby to the review while the screen, a phone, the facilitator's page and
the account page are open. On each, nothing ran (``window.__xss``), no
element came from user text, the text is shown as typed, and the
Content-Security-Policy reported nothing. tests/integration/test_xss_outputs.py
checks the server-side outputs (HTML source, PDF, e-mail, .ics, CSV).
"""

import json
import re
import uuid

import pytest
import requests
import socketio
from playwright.sync_api import expect

from ..hostile import CLASSIC, HOSTILE, IMG, SCRIPT, STYLE, SVG, TEXTAREA
from ..servers import connect, ok, signed_in

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
# From the shared list: markup, a style break-out and a formula, as colleague
# versions (few and short enough for the projected screen to show every idea).
FROM_FILE = [HOSTILE["texts"][n] for n in (0, 1, 4, 5)]
VERSIONS = [*FROM_FILE, IMG, SCRIPT, SVG]
TITLE = f"{SCRIPT} {SVG}"
TEAM = f"{IMG} {STYLE} {TEXTAREA}"
ACCOUNT_NAME = f"{IMG} {TEXTAREA}"
PHONE_NAME = IMG  # typed on the join page of the phone
OTHER_NAMES = [SVG, SCRIPT, TEXTAREA, "<b>bold</b>"]
PHONE_IDEA = f"{SCRIPT} typed on the phone"
EDITED = '<img src=x onerror="window.__xss=2"> edited by the facilitator'
COMMENT = f"{STYLE} {IMG} tried it twice"
NOTE = f"{SVG} {TEXTAREA} one more month"
LESSONS = "\n".join(CLASSIC)
PLAIN = "A shared coffee on Monday mornings"
PASSWORD = "un mot de passe de test"

# Everything that could run or that would not be there without user text.
AUDIT = """() => {
  const bad = [];
  const describe = (el) => el.outerHTML.slice(0, 120);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) bad.push(`event handler: ${describe(el)}`);
      if (["href", "src", "action", "formaction", "xlink:href"].includes(attr.name)
          && /^\\s*javascript:/i.test(attr.value)) bad.push(`javascript: URL: ${describe(el)}`);
    }
  }
  for (const el of document.querySelectorAll('img[src="x"], svg, style, iframe, object, embed'))
    bad.push(`injected element: ${describe(el)}`);
  for (const el of document.querySelectorAll("b"))
    if (el.textContent.includes("bold")) bad.push(`injected <b>: ${describe(el)}`);
  for (const el of document.querySelectorAll("script"))
    if (!el.src && el.type !== "application/json") bad.push(`inline script: ${describe(el)}`);
  return {
    bad,
    xss: typeof window.__xss,
    csp: window.__csp || [],
    hidden: getComputedStyle(document.body).display === "none",
    text: document.body.textContent,
    title: document.title,
  };
}"""
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ""}`));
"""


def audit(page, *shown: str) -> str:
    """Nothing ran or was injected on ``page``; each of ``shown`` is in its text."""
    page.wait_for_load_state("networkidle")
    found = page.evaluate(AUDIT)
    where = page.url
    assert found["xss"] == "undefined", where
    assert found["bad"] == [], (where, found["bad"])
    assert found["csp"] == [], (where, found["csp"])
    assert not found["hidden"], where
    text = found["text"] + found["title"]
    pager = page.locator("#pager")
    if pager.count() and pager.is_visible():  # the screen shows more than fits, page by page
        for _ in range(int(pager.inner_text().split("/")[-1].split()[0]) - 1):
            page.keyboard.press("ArrowDown")
            again = page.evaluate(AUDIT)
            assert again["xss"] == "undefined" and again["bad"] == [], where
            text += again["text"]
    for payload in shown:
        assert payload in text, (where, payload)
    return text


def post(client: socketio.Client, text: str, kind: str = "client", parent=None) -> int:
    payload = {"kind": kind, "text": text, "parent_id": parent, "client_id": uuid.uuid4().hex}
    return ok(client, "idea.post", payload)["idea_id"]


def invite(base: str, owner: requests.Session, code: str, email: str) -> None:
    page = owner.get(f"{base}/w/{code}/facilitate").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = owner.post(
        f"{base}/w/{code}/co-facilitators",
        data={"csrf_token": token, "email": email},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]


def test_hostile_text_in_every_field_is_inert_on_every_page(
    browser, server, phone_page, screen_page
):
    base = server.url
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    console = []
    pages = [screen_page, phone_page, laptop.new_page()]
    for page in pages:
        page.context.add_init_script(LISTEN)
        page.on("console", lambda m: console.append(m.text))
    screen, phone, desk = pages
    sockets = []
    try:
        # An account whose name is markup: sign-up, then the header and the account page.
        desk.goto(f"{base}/signup")
        desk.locator("#name").fill(ACCOUNT_NAME)
        desk.locator("#email").fill("guest@example.org")
        desk.locator("#password").fill(PASSWORD)
        desk.locator("#password").press("Enter")
        expect(desk.locator("#email")).to_have_value("guest@example.org", timeout=TIMEOUT)
        desk.locator("#password").fill(PASSWORD)
        desk.locator("#password").press("Enter")
        expect(desk.locator("#me-title")).to_have_text(ACCOUNT_NAME, timeout=TIMEOUT)
        expect(desk.locator('.account-nav a[href="/account"]')).to_have_text(ACCOUNT_NAME)
        audit(desk, ACCOUNT_NAME)

        # Camille's workshop: the title on creation, the team through the live settings.
        owner = signed_in(base)
        created = owner.post(
            f"{base}/api/workshops",
            json={"title": TITLE, "language": "en", "votes_per_person": 3},
        ).json()
        code, key = created["workshop"]["code"], created["facilitator_key"]
        invite(base, owner, code, "guest@example.org")
        facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
        sockets.append(facilitator)
        ok(facilitator, "workshop.update", {"settings": {"team": TEAM}})
        ok(facilitator, "phase.set", {"phase": "lobby"})

        screen.goto(f"{base}/w/{code}/screen")
        phone.goto(f"{base}/j/{code}")
        audit(phone, TITLE, TEAM)
        phone.get_by_test_id("join-name").fill(PHONE_NAME)
        phone.get_by_test_id("join-name").press("Enter")
        expect(phone.locator(".me-name")).to_have_text(PHONE_NAME, timeout=TIMEOUT)
        config = json.loads(phone.locator("#atelier-config").text_content())
        phone_token = config["return_url"].rsplit("/", 1)[1]
        others = []
        for name in OTHER_NAMES:
            joined = requests.post(
                f"{base}/api/w/{code}/participants",
                json={"name": name, "client_id": uuid.uuid4().hex},
                timeout=10,
            ).json()
            others.append(connect(base, {"code": code, "view": "phone", "token": joined["token"]}))
        sockets.extend(others)
        names = screen.locator("#names")
        for name in [PHONE_NAME, *OTHER_NAMES]:
            expect(names).to_contain_text(name, timeout=TIMEOUT)
        audit(screen, TITLE, PHONE_NAME, *OTHER_NAMES)
        audit(phone, TITLE, PHONE_NAME)

        # Client ideas: one typed on the phone, the others through the phones' sockets.
        ok(facilitator, "phase.set", {"phase": "client_ideas"})
        clients = [post(others[n % len(others)], text) for n, text in enumerate(CLASSIC)]
        phone.get_by_test_id("idea-text").fill(PHONE_IDEA)
        phone.get_by_test_id("idea-submit").click()
        board = screen.get_by_test_id("screen-ideas")
        expect(board).to_contain_text(PHONE_IDEA, timeout=TIMEOUT)
        expect(board.get_by_test_id("idea")).to_have_count(len(CLASSIC) + 1)
        audit(screen, *CLASSIC, PHONE_IDEA)
        expect(phone.locator("#client-list")).to_contain_text(CLASSIC[-1], timeout=TIMEOUT)
        audit(phone, PHONE_IDEA, *CLASSIC)

        # Colleague versions, a free idea, and one the facilitator rewrites.
        ok(facilitator, "phase.set", {"phase": "transposition"})
        colleagues = [
            post(others[n % len(others)], text, "colleague", parent)
            for n, (text, parent) in enumerate(zip(VERSIONS, clients, strict=True))
        ]
        colleagues.append(post(others[0], PLAIN, "colleague"))
        rewritten = post(others[1], "A colleague idea to rewrite", "colleague")
        ok(facilitator, "idea.edit", {"idea_id": rewritten, "text": EDITED})
        colleagues.append(rewritten)
        expect(screen.get_by_test_id("screen-mirror")).to_contain_text(EDITED, timeout=TIMEOUT)
        audit(screen, EDITED, PLAIN, *CLASSIC, *FROM_FILE)

        # Everyone commits; the phone page's person too (through its return token).
        ok(facilitator, "phase.set", {"phase": "vote"})
        expect(screen.locator("#vote-options")).to_contain_text(EDITED, timeout=TIMEOUT)
        audit(screen, EDITED, PLAIN, *FROM_FILE)
        expect(phone.locator("#vote-groups")).to_contain_text(EDITED, timeout=TIMEOUT)
        audit(phone, EDITED, PLAIN, *FROM_FILE)
        mine = [colleagues[0], rewritten, colleagues[-2]]  # <script>…, the edit, the plain one
        me = connect(base, {"code": code, "view": "phone", "token": phone_token})
        sockets.append(me)
        ok(me, "vote.set", {"idea_ids": mine, "client_id": uuid.uuid4().hex})
        for n, other in enumerate(others):
            ballot = [colleagues[n], colleagues[n + 1]]  # few enough for the room's screen
            ok(other, "vote.set", {"idea_ids": ballot, "client_id": uuid.uuid4().hex})
        ok(facilitator, "phase.set", {"phase": "results"})
        ranking = screen.locator("#results-ranking")
        expect(ranking).to_contain_text(EDITED, timeout=TIMEOUT)
        audit(screen, EDITED, IMG)

        # The review: a report, decisions with notes, the outcome and lessons.
        ok(facilitator, "phase.set", {"phase": "review"})
        report = {"tried": "partly", "feeling": 3, "comment": COMMENT}
        ok(me, "report.save", {"idea_id": colleagues[0], **report, "client_id": uuid.uuid4().hex})
        ok(facilitator, "decision.set", {"idea_id": colleagues[0], "choice": "other", "note": NOTE})
        ok(facilitator, "decision.set", {"idea_id": rewritten, "choice": "other", "note": SCRIPT})
        ok(facilitator, "review.outcome", {"next_step": "other", "note": NOTE, "lessons": LESSONS})
        ok(facilitator, "review.focus", {"idea_id": colleagues[0]})
        focus = screen.get_by_test_id("review-focus")
        expect(focus).to_contain_text(COMMENT, timeout=TIMEOUT)
        expect(focus).to_contain_text(PHONE_NAME)  # the comment's author
        audit(screen, COMMENT, PHONE_NAME, IMG, NOTE)
        ok(facilitator, "review.focus", {"idea_id": None})
        expect(screen.get_by_test_id("review-item").filter(has_text=EDITED)).to_contain_text(
            SCRIPT, timeout=TIMEOUT
        )
        screen.reload()  # drawn again from a snapshot rather than from changes
        expect(screen.get_by_test_id("review-item").filter(has_text=EDITED)).to_contain_text(
            SCRIPT, timeout=TIMEOUT
        )
        audit(screen, TITLE, EDITED, SCRIPT, NOTE, IMG)

        # The phone, back through its personal link: commitments, notes, lessons.
        phone.goto(config["return_url"])
        commitments = phone.get_by_test_id("my-commitments")
        expect(commitments).to_contain_text(NOTE, timeout=TIMEOUT)
        expect(commitments).to_contain_text(COMMENT)
        expect(phone.locator("#outcome-lessons")).to_have_text(LESSONS)
        audit(phone, TITLE, PHONE_NAME, IMG, EDITED, PLAIN, NOTE, COMMENT, LESSONS, SCRIPT)

        # The facilitator's page, opened by the link then as the co-facilitator it is.
        desk.goto(f"{base}/w/{code}/f/{key}")
        expect(desk).to_have_url(f"{base}/w/{code}/facilitate")
        expect(desk.get_by_test_id("fac-review-item").filter(has_text=EDITED)).to_be_visible(
            timeout=TIMEOUT
        )
        expect(desk.locator("#facilitators")).to_contain_text("guest@example.org")
        expect(desk.locator("#outcome-lessons")).to_have_value(LESSONS)
        # The guest's hostile name is not on this page: the panel lists addresses.
        audit(desk, TITLE, EDITED, COMMENT, PHONE_NAME, *CLASSIC, *FROM_FILE)
        desk.goto(f"{base}/account")
        expect(desk.locator("#me-title")).to_have_text(ACCOUNT_NAME, timeout=TIMEOUT)
        audit(desk, ACCOUNT_NAME, TITLE, TEAM)
        desk.goto(f"{base}/")
        audit(desk, ACCOUNT_NAME)

        assert [m for m in console if "Content Security Policy" in m or "__xss" in m] == []
    finally:
        for client in sockets:
            client.disconnect()
        laptop.close()
