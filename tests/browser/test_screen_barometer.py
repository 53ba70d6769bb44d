"""In Debian's Chromium: the barometer on the projected screen. In the lobby
it counts the phones that answered, live, never who; closed, it shows the
mirror chart of the two profiles with a known answer set ("—" and the
anonymity line where fewer than 3 answered) and its three widest gaps in
words; at the transposition those gaps are prompts above the pairs; at the
review, day 0 against day 15 between colleagues. Every state fits a
1280×720 and a 1920×1080 projector and passes axe; B hides and shows it.

ATELIER_SCREENSHOTS=<folder> also saves each state at both sizes.
"""

import os
import re
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from ..servers import connect, ok, signed_in
from .axe import violations
from .screen_fit import PROJECTORS, fit_problems

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
SMALL, LARGE = PROJECTORS
DIMENSIONS = ("trust", "meaning", "example", "digital", "initiative", "ease", "support",
              "listening", "recognition", "cooperation")  # fmt: skip

# Four people. Customers: 5, 4, 4, 4 everywhere (4.25 → 4.3). Colleagues: 4
# everywhere but three dimensions; "digital" rated by two people only.
COLLEAGUES = {"listening": (3, 2, 3, 2), "trust": (3, 3, 3, 2), "recognition": (3, 3, 3, 3)}
# Day 15, three people: listening 4, 3, 3 (3.3); "digital" now shown (4.0).
DAY15 = {"listening": (4, 3, 3)}

WORDS = {
    "en": {
        "invite": "Answer the barometer on your phone",
        "one": "1 person answered the barometer",
        "four": "4 people answered the barometer",
        "listening": "Listening",
        "gap": "Listening: 4.3 for customers, 2.5 between colleagues (gap 1.8)",
        "too_few": "Not enough answers to show without revealing anyone.",
        "prompt": "Where we care less for each other than for customers: "
        "Listening (gap 1.8) · Trust and promises kept (gap 1.5) · "
        "Consideration and recognition (gap 1.3)",
        "day15": "3 people answered since the workshop",
        "change": "2.5 → 3.3 (+0.8)",
        "narrowed": "the gap narrowed by 0.8",
        "respondents": "4 people answered",
    },
    "fr": {
        "invite": "Répondez au baromètre sur votre téléphone",
        "one": "1 personne a répondu au baromètre",
        "four": "4 personnes ont répondu au baromètre",
        "listening": "Écoute",
        "gap": "Écoute\u00a0: 4,3 pour les clients, 2,5 entre collègues (écart 1,8)",
        "too_few": "Pas assez de réponses",
        "prompt": "Là où nous prenons moins soin les uns des autres que des clients\u00a0: "
        "Écoute (écart 1,8) · Confiance et engagements tenus (écart 1,5) · "
        "Considération et reconnaissance (écart 1,3)",
        "day15": "3 personnes ont répondu depuis l’atelier",
        "change": "2,5 → 3,3 (+0,8)",
        "narrowed": "l’écart s’est réduit de 0,8",
        "respondents": "4 personnes ont répondu",
    },
}


def day0_answers(person: int) -> dict:
    colleagues = {d: COLLEAGUES.get(d, (4,) * 4)[person] for d in DIMENSIONS}
    if person >= 2:
        del colleagues["digital"]  # two people only: held back
    return {"customers": {d: 5 if person == 0 else 4 for d in DIMENSIONS}, "colleagues": colleagues}


def day15_answers(person: int) -> dict:
    return {"colleagues": {d: DAY15.get(d, (4,) * 3)[person] for d in DIMENSIONS}}


def save(phone, round_: str, answers: dict) -> None:
    ok(
        phone,
        "barometer.save",
        {"round": round_, "answers": answers, "client_id": uuid.uuid4().hex},
    )


def post(phone, kind: str, text: str, parent_id: int | None) -> dict:
    payload = {"kind": kind, "text": text, "parent_id": parent_id, "client_id": uuid.uuid4().hex}
    return ok(phone, "idea.post", payload)


def open_room(base: str, lang: str, people: int, **settings):
    """A workshop in the lobby, ``people`` joined with a phone connected each."""
    created = (
        signed_in(base)
        .post(f"{base}/api/workshops", json={"title": "Team day", "language": lang})
        .json()
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    if settings:
        ok(facilitator, "workshop.update", {"settings": settings})
    ok(facilitator, "phase.set", {"phase": "lobby"})
    phones = []
    for n in range(people):
        joined = requests.post(
            f"{base}/api/w/{code}/participants",
            json={"name": f"P{n}", "client_id": uuid.uuid4().hex},
        ).json()
        phones.append(connect(base, {"code": code, "view": "phone", "token": joined["token"]}))
    return code, key, facilitator, phones


def open_screen(open_context, base: str, code: str, key: str, lang: str):
    page = open_context(SMALL, lang).new_page()
    page.goto(f"{base}/w/{code}/f/{key}")  # this browser holds the facilitator link
    page.goto(f"{base}/w/{code}/screen")
    expect(page.get_by_test_id("connection")).to_have_attribute(
        "data-status", "online", timeout=TIMEOUT
    )
    return page


def checked(page, state: str, lang: str) -> list[str]:
    """Fit at both projectors, axe at 1280×720; saved if ATELIER_SCREENSHOTS is set."""
    problems = []
    for size in (LARGE, SMALL):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.wait_for_function("([w, h]) => innerWidth === w && innerHeight === h", arg=list(size))
        page.evaluate(
            "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        problems += [f"{state} at {size[0]}: {p}" for p in fit_problems(page, small=size == SMALL)]
        folder = os.environ.get("ATELIER_SCREENSHOTS")
        if folder:
            theme = (
                "dark" if "theme-dark" in page.locator("body").get_attribute("class") else "light"
            )
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/barometer-{state}-{lang}-{theme}-{size[0]}.png")
    return problems + [f"{state}: axe {v}" for v in violations(page)]


def row(page, box: str, dimension: str):
    return page.get_by_test_id(box).locator(f'.baro-row[data-dimension="{dimension}"]')


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_barometer_from_the_lobby_to_the_review(server, open_context, lang):
    words = WORDS[lang]
    base = server.url
    code, key, facilitator, phones = open_room(base, lang, 4)
    page = open_screen(open_context, base, code, key, lang)
    if lang == "fr":
        page.keyboard.press("d")  # the dark projector theme, checked by axe too
        expect(page.locator("body")).to_have_class(re.compile("theme-dark"))
    problems = []
    try:
        # The lobby: a count that follows the phones, beside the way in.
        count = page.get_by_test_id("barometer-count")
        expect(count).to_contain_text(words["invite"], timeout=TIMEOUT)
        save(phones[0], "day0", day0_answers(0))
        expect(count).to_have_text(words["one"], timeout=TIMEOUT)
        for n in (1, 2, 3):
            save(phones[n], "day0", day0_answers(n))
        expect(count).to_have_text(words["four"], timeout=TIMEOUT)
        expect(page.locator(".lobby-qr img")).to_be_visible()
        assert "P0" not in count.inner_text()
        problems += checked(page, "lobby-count", lang)

        # Closed: the mirror chart of the known answers, and the widest gaps in words.
        ok(facilitator, "barometer.close", {"round": "day0"})
        chart = page.get_by_test_id("barometer-chart")
        expect(chart).to_be_visible(timeout=TIMEOUT)
        expect(count).to_be_hidden()
        expect(page.locator(".lobby-qr")).to_be_hidden()
        expect(page.locator("#corner")).to_be_visible()  # latecomers still find the way in
        expect(chart.locator(".baro-row")).to_have_count(10)
        listening = row(page, "barometer-chart", "listening")
        expect(listening).to_contain_text(words["listening"])
        expect(listening.locator(".baro-value-customers .baro-num")).to_have_text(
            "4.3" if lang == "en" else "4,3"
        )
        expect(listening.locator(".baro-value-colleagues .baro-num")).to_have_text(
            "2.5" if lang == "en" else "2,5"
        )
        expect(listening.locator(".baro-rank")).to_have_text("1")
        digital = row(page, "barometer-chart", "digital")
        expect(digital.locator(".baro-value-colleagues .baro-num")).to_have_text("—")
        expect(digital.locator(".baro-value-customers .baro-num")).to_have_text(
            "4.3" if lang == "en" else "4,3"
        )
        expect(chart.locator(".baro-too-few")).to_contain_text(words["too_few"])
        expect(chart.locator(".baro-too-few")).to_have_count(1)
        expect(chart.locator(".baro-respondents")).to_have_text(words["respondents"])
        gaps = chart.locator(".baro-gaps li")
        expect(gaps).to_have_count(3)
        expect(gaps.first).to_have_text(words["gap"])
        problems += checked(page, "lobby-chart", lang)
        # B gives the lobby back to the way in, and B again shows the chart.
        page.keyboard.press("b")
        expect(chart).to_be_hidden()
        expect(page.locator(".lobby-qr img")).to_be_visible()
        page.keyboard.press("b")
        expect(chart).to_be_visible()
        page.keyboard.press("?")
        expect(page.locator("#help kbd", has_text="B")).to_be_visible()
        page.keyboard.press("Escape")

        # The transposition: the gaps as prompts, in a band above the pairs.
        ok(facilitator, "phase.set", {"phase": "client_ideas"})
        client = post(phones[0], "client", "Call customers by name", None)
        ok(facilitator, "phase.set", {"phase": "transposition"})
        for n, text in enumerate(("Greet each colleague by name", "Ask a colleague how it went")):
            post(phones[n], "colleague", text, client["idea_id"])
        prompts = page.get_by_test_id("barometer-prompts")
        expect(prompts).to_have_text(words["prompt"], timeout=TIMEOUT)
        expect(page.get_by_test_id("screen-mirror").locator(".colleague-card")).to_have_count(2)
        problems += checked(page, "transposition", lang)
        page.keyboard.press("b")
        expect(prompts).to_be_hidden()
        page.keyboard.press("b")
        expect(prompts).to_be_visible()

        # The review: day 15 counted while open, then day 0 against day 15.
        for phase in ("vote", "results", "review"):
            ok(facilitator, "phase.set", {"phase": phase})
        day15 = page.get_by_test_id("barometer-day15-count")
        expect(day15).to_be_visible(timeout=TIMEOUT)
        for n in range(3):
            save(phones[n], "day15", day15_answers(n))
        expect(day15).to_have_text(words["day15"], timeout=TIMEOUT)
        problems += checked(page, "review-count", lang)
        ok(facilitator, "barometer.close", {"round": "day15"})
        comparison = page.get_by_test_id("barometer-comparison")
        expect(comparison).to_be_visible(timeout=TIMEOUT)
        expect(day15).to_be_hidden()
        listening = row(page, "barometer-comparison", "listening")
        expect(listening.locator(".baro-change")).to_have_text(words["change"])
        expect(listening.locator(".baro-gap-change")).to_have_text(words["narrowed"])
        digital = row(page, "barometer-comparison", "digital")
        expect(digital.locator(".baro-change")).to_have_text(
            "— → 4.0" if lang == "en" else "— → 4,0"
        )
        expect(comparison.locator(".baro-too-few")).to_contain_text(words["too_few"])
        problems += checked(page, "review-comparison", lang)
        page.keyboard.press("b")
        expect(comparison).to_be_hidden()
        expect(page.locator("#review-grid")).to_be_visible()
    finally:
        for client in (facilitator, *phones):
            client.disconnect()
    assert not problems, "\n".join(problems)


def test_the_screen_shows_the_barometer_only_when_the_workshop_has_it(server, open_context):
    base = server.url
    for enabled in (True, False):
        code, key, facilitator, phones = open_room(base, "en", 3, barometer=enabled)
        page = open_screen(open_context, base, code, key, "en")
        try:
            expect(page.locator("#names li")).to_have_count(3, timeout=TIMEOUT)
            if enabled:
                save(phones[0], "day0", day0_answers(0))
            count = page.get_by_test_id("barometer-count")
            if enabled:
                expect(count).to_have_text("1 person answered the barometer", timeout=TIMEOUT)
                # One answer closed: no figure at all, only the anonymity line.
                ok(facilitator, "barometer.close", {"round": "day0"})
                chart = page.get_by_test_id("barometer-chart")
                expect(chart.locator(".baro-too-few")).to_have_text(
                    "— Not enough answers to show without revealing anyone.", timeout=TIMEOUT
                )
                expect(chart.locator(".baro-row")).to_have_count(0)
                expect(chart.locator(".baro-respondents")).to_have_text("1 person answered")
                expect(chart.locator(".baro-gaps")).to_be_hidden()
                problems = checked(page, "lobby-too-few", "en")
                assert not problems, "\n".join(problems)
            else:
                expect(count).to_be_hidden()
                assert "barometer" not in page.locator("main").inner_text().lower()
            page.keyboard.press("?")
            expect(page.locator("#help")).to_be_visible()
            expect(page.locator("#help kbd", has_text="B")).to_have_count(1 if enabled else 0)
        finally:
            for client in (facilitator, *phones):
                client.disconnect()
