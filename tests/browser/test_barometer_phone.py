"""In Debian's Chromium: the barometer on a participant's phone (issue 11).

Day 0, in the lobby: one line on anonymity, then ten cards of two taps each
(one skipped), saved as the person goes, back after a reload, changeable
until the facilitator closes it; then the phone says so, and the server
holds exactly the answers tapped. Someone who said "Not now" keeps the
lobby, and sees nothing once it is closed. Day 15, from the return link at
the results: the same cards, colleague side only, below the commitments.
At 320 px nothing scrolls sideways, every choice is a big target, and
axe-core finds nothing, in French and in English.
"""

import json
import sqlite3

import pytest
from playwright.sync_api import expect

from ..servers import ok, site_server
from .axe import ALL_RULES, assert_accessible
from .conftest import PHONE, SMALL_PHONE
from .test_phone_follows_the_room import Room, broken_words, join, sideways
from .test_review_report import play_to_results

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
DIMENSIONS = ["trust", "meaning", "example", "digital", "initiative",
              "ease", "support", "listening", "recognition", "cooperation"]  # fmt: skip
SKIPPED = 4  # the fifth card, "initiative"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with site_server(tmp_path_factory.mktemp("barometer")) as (process, _env, database):
        yield process.url, database


def stored(database, code: str, round_: str) -> list[dict]:
    """Every answer set the server holds for a workshop's round (read in its database)."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT a.answers FROM barometer_answers a JOIN workshops w ON w.id = a.workshop_id"
            " WHERE w.code = ? AND a.round = ?",
            (code, round_),
        )
        return [json.loads(answers) for (answers,) in rows]


def wait_stored(page, database, code: str, round_: str, expected: list[dict]) -> None:
    for _ in range(60):
        if stored(database, code, round_) == expected:
            return
        page.wait_for_timeout(250)
    assert stored(database, code, round_) == expected


def tap(card, side: str, value: int) -> None:
    card.get_by_test_id(f"barometer-{side}").locator(f"input[value='{value}']").tap()


def checked(card, side: str) -> str | None:
    box = card.get_by_test_id(f"barometer-{side}").locator("input:checked")
    return box.get_attribute("value") if box.count() else None


def test_the_warm_up_in_the_lobby_ten_cards_saved_changeable_until_closed(site, open_context):
    base, database = site
    room = Room(base)
    page = open_context(PHONE, "fr", phone=True).new_page()
    join(page, room, "Zoé")
    baro = page.get_by_test_id("barometer")
    expect(baro).to_be_visible(timeout=TIMEOUT)
    expect(baro.get_by_role("heading", level=2)).to_have_text("Un échauffement de 2 minutes")
    # One line on anonymity before the first card.
    expect(page.get_by_test_id("barometer-anonymous")).to_have_text(
        "Anonyme : personne ne voit vos réponses ; la salle ne voit que des moyennes, "
        "à partir de 3 réponses."
    )
    page.get_by_test_id("barometer-start").tap()

    card = page.get_by_test_id("barometer-card")
    progress = page.get_by_test_id("barometer-progress")
    heading = page.get_by_test_id("barometer-dimension")
    expected = {"customers": {}, "colleagues": {}}
    names = []
    for n, dimension in enumerate(DIMENSIONS):
        expect(progress).to_have_text(f"Carte {n + 1} / 10")
        expect(card).to_be_in_viewport()
        names.append(heading.inner_text())
        if n == SKIPPED:
            expect(page.get_by_test_id("barometer-next")).to_have_text("Passer")
            page.get_by_test_id("barometer-next").tap()
            continue
        # Two taps, and the next card comes by itself.
        customers, colleagues = n % 5 + 1, (n + 2) % 5 + 1
        tap(card, "customers", customers)
        tap(card, "colleagues", colleagues)
        expected["customers"][dimension] = customers
        expected["colleagues"][dimension] = colleagues
    assert names[0] == "Confiance et engagements tenus"
    assert len(set(names)) == 10  # ten different cards, in order
    done = page.get_by_test_id("barometer-done")
    expect(done).to_contain_text("Vous avez répondu à 9 cartes sur 10.")
    wait_stored(page, database, room.code, "day0", [expected])

    # A reload comes back to the thanks; the answers are there to change.
    page.reload()
    expect(done).to_be_visible(timeout=TIMEOUT)
    page.get_by_test_id("barometer-again").tap()
    expect(progress).to_have_text("Carte 1 / 10")
    assert (checked(card, "customers"), checked(card, "colleagues")) == ("1", "3")
    page.get_by_test_id("barometer-next").tap()  # "Suivant": this card is answered
    expect(progress).to_have_text("Carte 2 / 10")
    assert (checked(card, "customers"), checked(card, "colleagues")) == ("2", "4")
    page.get_by_test_id("barometer-prev").tap()
    tap(card, "customers", 5)  # a change of mind on a card already answered stays on it
    expected["customers"]["trust"] = 5
    expect(progress).to_have_text("Carte 1 / 10")
    wait_stored(page, database, room.code, "day0", [expected])

    # The facilitator closes it: the phone says so, the cards go.
    ok(room.facilitator, "barometer.close", {"round": "day0"})
    closed = page.get_by_test_id("barometer-closed")
    expect(closed).to_have_text("Merci — l’animation a clos le baromètre.", timeout=TIMEOUT)
    expect(card).to_be_hidden()
    assert stored(database, room.code, "day0") == [expected]
    state = room.facilitator.call("sync", {}, timeout=10)["state"]["barometer"]["rounds"]["day0"]
    assert (state["closed"], state["respondents"]) == (True, 1)
    room.close()


def test_another_device_with_the_personal_link_sees_how_many_cards_not_what(site, open_context):
    """The server never sends ratings back: a personal link opened elsewhere
    (the facilitator may show anyone's) learns how many cards, not what."""
    base, database = site
    room = Room(base)
    page = open_context(PHONE, "fr", phone=True).new_page()
    join(page, room, "Zoé")
    page.get_by_test_id("barometer-start").tap()
    card = page.get_by_test_id("barometer-card")
    for n, value in enumerate((2, 4)):
        expect(page.get_by_test_id("barometer-progress")).to_have_text(f"Carte {n + 1} / 10")
        tap(card, "customers", value)
        tap(card, "colleagues", value)
    expected = {d: v for d, v in zip(DIMENSIONS[:2], (2, 4), strict=True)}
    wait_stored(
        page, database, room.code, "day0", [{"customers": expected, "colleagues": expected}]
    )
    config = json.loads(page.locator("#atelier-config").text_content())

    elsewhere = open_context(PHONE, "fr", phone=True).new_page()
    elsewhere.goto(config["return_url"])
    done = elsewhere.get_by_test_id("barometer-done")
    expect(done).to_contain_text("Vous avez répondu à 2 cartes sur 10.", timeout=TIMEOUT)
    expect(done).to_contain_text("Vos réponses restent sur le téléphone qui les a données")
    elsewhere.get_by_test_id("barometer-again").tap()
    other_card = elsewhere.get_by_test_id("barometer-card")
    assert (checked(other_card, "customers"), checked(other_card, "colleagues")) == (None, None)
    room.close()


def test_not_now_keeps_the_lobby_and_a_closed_round_leaves_no_trace(site, open_context):
    base, _ = site
    room = Room(base)
    page = open_context(PHONE, "en", phone=True).new_page()
    join(page, room, "Karim", "en")
    baro = page.get_by_test_id("barometer")
    expect(baro).to_be_visible(timeout=TIMEOUT)
    page.get_by_test_id("barometer-not-now").tap()
    # Out of the way: no card, no lead; the lobby's waiting content is all there.
    expect(page.get_by_test_id("barometer-anonymous")).to_be_hidden()
    expect(page.get_by_test_id("barometer-card")).to_be_hidden()
    expect(page.get_by_test_id("barometer-start")).to_have_text("Start")
    expect(page.get_by_text("In this workshop, we…")).to_be_visible()

    ok(room.facilitator, "barometer.close", {"round": "day0"})
    expect(baro).to_be_hidden(timeout=TIMEOUT)  # never answered: nothing to say
    room.close()


def test_a_save_after_closing_is_refused_in_the_servers_words(site, open_context):
    base, database = site
    room = Room(base)
    page = open_context(PHONE, "en", phone=True).new_page()
    join(page, room, "Inès", "en")
    page.get_by_test_id("barometer-start").tap()
    tap(page.get_by_test_id("barometer-card"), "customers", 4)
    # Closed within the moment the phone waits before saving the tap.
    ok(room.facilitator, "barometer.close", {"round": "day0"})
    expect(page.locator("#notice")).to_have_text(
        "The barometer is not open for answers now.", timeout=TIMEOUT
    )
    assert stored(database, room.code, "day0") == []
    room.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_cards_fit_320_px_with_big_targets_and_are_accessible(site, open_context, lang):
    base, _ = site
    room = Room(base, lang=lang)
    page = open_context(SMALL_PHONE, lang, phone=True).new_page()
    join(page, room, "Léa", lang)
    expect(page.get_by_test_id("barometer")).to_be_visible(timeout=TIMEOUT)
    assert sideways(page) <= 0, "intro"
    assert_accessible(page, f"barometer intro ({lang})", ALL_RULES)

    page.get_by_test_id("barometer-start").tap()
    card = page.get_by_test_id("barometer-card")
    expect(card).to_be_visible()
    assert sideways(page) <= 0, "card"
    assert not broken_words(page), broken_words(page)
    sizes = card.locator(".option-face").evaluate_all(
        "(faces) => faces.map((f) => [f.offsetWidth, f.offsetHeight])"
    )
    assert len(sizes) == 10 and all(w >= 44 and h >= 44 for w, h in sizes), sizes
    # Each side a group with its legend; every choice labelled, the ends in words.
    assert card.locator("fieldset legend").all_inner_texts() == (
        ["Avec nos clients", "Entre collègues"] if lang == "fr"
        else ["With our customers", "Between colleagues"]
    )  # fmt: skip
    first = page.get_by_role("radio", name="pas du tout" if lang == "fr" else "not at all")
    expect(first).to_have_count(2)
    # The focus shows on a choice reached with the keyboard.
    first.first.focus()
    page.keyboard.press("ArrowRight")
    ring = card.locator("input:focus-visible + .option-face").evaluate(
        "(face) => getComputedStyle(face).outlineStyle"
    )
    assert ring == "solid"
    assert_accessible(page, f"barometer card ({lang})", ALL_RULES)

    tap(card, "colleagues", 3)
    ok(room.facilitator, "barometer.close", {"round": "day0"})
    expect(page.get_by_test_id("barometer-closed")).to_be_visible(timeout=TIMEOUT)
    assert sideways(page) <= 0, "closed"
    assert_accessible(page, f"barometer closed ({lang})", ALL_RULES)
    room.close()


def test_day_15_from_the_return_link_asks_the_colleague_side_only(site, open_context):
    base, database = site
    code, _, facilitator, return_url, _ = play_to_results(base)
    page = open_context(PHONE, "en", phone=True).new_page()
    page.goto(return_url)
    expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", "results", timeout=TIMEOUT)
    expect(page.get_by_test_id("commitment")).to_have_count(2, timeout=TIMEOUT)
    baro = page.get_by_test_id("barometer")
    expect(baro).to_be_hidden()  # not before the facilitator opens it

    ok(facilitator, "barometer.open", {"round": "day15"})
    expect(baro).to_be_visible(timeout=TIMEOUT)
    expect(baro.get_by_role("heading", level=2)).to_have_text("The barometer, once more")
    expect(baro).to_contain_text("Has anything moved between us since the workshop?")
    # Below the commitments and their reports, not in their way.
    commitments = page.get_by_test_id("my-commitments").bounding_box()
    assert baro.bounding_box()["y"] >= commitments["y"] + commitments["height"]

    page.get_by_test_id("barometer-start").tap()
    card = page.get_by_test_id("barometer-card")
    expect(page.get_by_test_id("barometer-colleagues")).to_be_visible()
    expect(page.get_by_test_id("barometer-customers")).to_be_hidden()
    expect(card.locator("legend:visible")).to_have_text(["Between colleagues"])
    tap(card, "colleagues", 4)  # one tap per card here
    expect(page.get_by_test_id("barometer-progress")).to_have_text("Card 2 / 10")
    tap(card, "colleagues", 2)
    expect(page.get_by_test_id("barometer-progress")).to_have_text("Card 3 / 10")
    wait_stored(page, database, code, "day15", [{"colleagues": {"trust": 4, "meaning": 2}}])
    assert sideways(page) <= 0
    assert_accessible(page, "day 15 card", ALL_RULES)
    facilitator.disconnect()
