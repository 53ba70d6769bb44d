"""In Debian's Chromium: the organisation's library, searched at a phone's
360×740 and a laptop's 1440×900 (no sideways scrolling, axe clean, never a
name), and the transposition's inspiration: the facilitator's button puts the
ideas other teams kept on the projected screen, which still fits at
1280×720 and 1920×1080.

ATELIER_SCREENSHOTS=<folder> also saves each view.
"""

import os
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from ..servers import ACCOUNT, connect, ok, signed_in
from .axe import violations
from .conftest import LAPTOP, PHONE
from .screen_fit import PROJECTORS, fit_problems

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
SMALL, LARGE = PROJECTORS
# Participants' names: in no idea's text, so they must show nowhere here.
NAMES = ("Bérénice Quillard", "Octave Marchetti")
KEPT = "Un petit-déjeuner d'équipe chaque premier lundi du mois, préparé à tour de rôle"
STOPPED = "Thank-you cards on Fridays"


def reviewed(base: str, texts: list[str], decisions: list[str], team: str) -> None:
    """A workshop played to its review through the socket, decided idea by idea."""
    created = (
        signed_in(base)
        .post(f"{base}/api/workshops", json={"title": "Atelier", "team": team})
        .json()
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    ok(facilitator, "phase.set", {"phase": "lobby"})
    phones = []
    for name in NAMES:
        joined = requests.post(
            f"{base}/api/w/{code}/participants", json={"name": name, "client_id": uuid.uuid4().hex}
        ).json()
        phones.append(connect(base, {"code": code, "view": "phone", "token": joined["token"]}))
    for phase in ("client_ideas", "transposition"):
        ok(facilitator, "phase.set", {"phase": phase})
    ids = [
        ok(
            phones[0],
            "idea.post",
            {"kind": "colleague", "text": text, "parent_id": None, "client_id": uuid.uuid4().hex},
        )["idea_id"]
        for text in texts
    ]
    ok(facilitator, "phase.set", {"phase": "vote"})
    for phone in phones:
        ok(phone, "vote.set", {"idea_ids": ids, "client_id": uuid.uuid4().hex})
    ok(facilitator, "phase.set", {"phase": "results"})
    for phone, feeling in zip(phones, (4, 5), strict=True):
        for idea_id in ids:
            report = {"idea_id": idea_id, "tried": "yes", "feeling": feeling, "comment": ""}
            ok(phone, "report.save", {**report, "client_id": uuid.uuid4().hex})
    ok(facilitator, "phase.set", {"phase": "review"})
    for idea_id, choice in zip(ids, decisions, strict=True):
        ok(facilitator, "decision.set", {"idea_id": idea_id, "choice": choice, "note": ""})
    for client in (facilitator, *phones):
        client.disconnect()


def sign_in(page, base: str, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#email", ACCOUNT["email"])
    page.fill("#password", ACCOUNT["password"])
    page.press("#password", "Enter")
    page.wait_for_load_state()


def shot(page, name: str) -> None:
    folder = os.environ.get("ATELIER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize(("size", "lang"), [(PHONE, "fr"), (LAPTOP, "en")])
def test_the_library_is_searched_on_a_phone_and_a_laptop(server, open_context, size, lang):
    base = server.url
    reviewed(base, [KEPT, STOPPED], ["keep", "stop"], team="Accueil")
    page = open_context(size, lang, phone=size == PHONE).new_page()
    sign_in(page, base, lang)
    page.get_by_role("link", name="Bibliothèque" if lang == "fr" else "Library").click()
    expect(page.get_by_test_id("library-entry")).to_have_count(2, timeout=TIMEOUT)
    shot(page, f"library-{lang}-{size[0]}")
    # Without accents, in French; in English; and by decision.
    page.fill("#library-q", "equipe")
    page.get_by_role("button", name="Chercher" if lang == "fr" else "Search").click()
    entries = page.get_by_test_id("library-entry")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text(KEPT)
    expect(entries.first).to_contain_text(
        "2 personnes l’ont essayée" if lang == "fr" else "2 people tried it"
    )
    expect(entries.first).to_contain_text("4,5" if lang == "fr" else "4.5")
    page.fill("#library-q", "")
    page.select_option("#library-outcome", "stop")
    page.get_by_role("button", name="Chercher" if lang == "fr" else "Search").click()
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text(STOPPED)
    shot(page, f"library-filtered-{lang}-{size[0]}")
    html = page.content()
    for name in NAMES:
        assert name.split()[0] not in html and name.split()[1] not in html
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    found = violations(page)
    assert not found, "; ".join(found)


def test_the_facilitator_puts_ideas_other_teams_kept_on_the_screen(server, open_context):
    base = server.url
    reviewed(base, [KEPT, STOPPED], ["keep", "stop"], team="Accueil")
    created = (
        signed_in(base)
        .post(f"{base}/api/workshops", json={"title": "Atelier suivant", "team": "Standard"})
        .json()
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    for phase in ("lobby", "client_ideas"):
        ok(facilitator, "phase.set", {"phase": phase})
    joined = requests.post(
        f"{base}/api/w/{code}/participants", json={"name": "Lina", "client_id": uuid.uuid4().hex}
    ).json()
    phone = connect(base, {"code": code, "view": "phone", "token": joined["token"]})
    client = ok(
        phone,
        "idea.post",
        {"kind": "client", "text": "Un accueil personnalisé", "parent_id": None,
         "client_id": uuid.uuid4().hex},
    )["idea_id"]  # fmt: skip
    ok(facilitator, "phase.set", {"phase": "transposition"})
    ok(
        phone,
        "idea.post",
        {"kind": "colleague", "text": "Accueillir chaque nouveau collègue", "parent_id": client,
         "client_id": uuid.uuid4().hex},
    )  # fmt: skip

    context = open_context(LAPTOP, "fr")
    desk = context.new_page()
    desk.goto(f"{base}/w/{code}/f/{key}")
    screen = context.new_page()
    screen.set_viewport_size({"width": SMALL[0], "height": SMALL[1]})
    screen.goto(f"{base}/w/{code}/screen")
    expect(screen.get_by_test_id("connection")).to_have_attribute(
        "data-status", "online", timeout=TIMEOUT
    )
    band = screen.get_by_test_id("screen-inspiration")
    expect(band).to_be_hidden()  # off by default
    toggle = desk.get_by_test_id("inspiration-toggle")
    expect(toggle).to_have_text("Montrer les idées gardées par d’autres équipes", timeout=TIMEOUT)
    toggle.click()
    expect(band).to_be_visible(timeout=TIMEOUT)
    expect(band).to_contain_text("Des idées gardées par d’autres équipes")
    expect(band.get_by_test_id("inspiration-idea")).to_have_count(1)
    expect(band).to_contain_text(KEPT[:30])
    expect(band).not_to_contain_text(STOPPED)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(screen.get_by_test_id("screen-mirror")).to_contain_text("Accueillir chaque nouveau")
    for name in (*NAMES, "Lina"):
        assert name not in band.inner_text()
    problems = []
    for size in (LARGE, SMALL):
        screen.set_viewport_size({"width": size[0], "height": size[1]})
        screen.wait_for_function(
            "([w, h]) => innerWidth === w && innerHeight === h", arg=list(size)
        )
        screen.evaluate(
            "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        problems += [f"at {size[0]}: {p}" for p in fit_problems(screen, small=size == SMALL)]
        shot(screen, f"screen-inspiration-{size[0]}")
    problems += [f"axe: {v}" for v in violations(screen)]
    shot(desk, "facilitator-inspiration")
    toggle.click()
    expect(band).to_be_hidden(timeout=TIMEOUT)
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert not problems, "\n".join(problems)
    for client in (facilitator, phone):
        client.disconnect()
