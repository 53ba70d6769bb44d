"""In Debian's Chromium: axe-core finds no WCAG 2 A/AA violation on the faces
people see most, in the states this release added: the sign-in after a
sign-up, the switch of identity, the phone with names hidden and paused by
the flood guard, the facilitator's page with the flood warning and two
invitations, the remote, and the projected screen at the lobby.

axe-core comes from npm (package.json's devDependencies, `make setup`); it is
injected in a context that bypasses the pages' Content-Security-Policy, which
forbids injected scripts otherwise (tests only).
"""

import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

from ..servers import ACCOUNT, connect, ok, signed_in, site_server
from .axe import assert_accessible
from .conftest import LAPTOP, PHONE, PROJECTOR, SMALL_PHONE

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
# Three ideas a minute trip the flood guard at the fourth, as in a flood.
FLOOD_IDEAS = 3


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One gevent server for the module, its flood guard set low enough to trip."""
    folder = tmp_path_factory.mktemp("accessibility")
    flood = {"ATELIER_FLOOD_GUARD_IDEAS": f"{FLOOD_IDEAS}/minute"}
    with site_server(folder, **flood) as (process, _env, _database):
        yield process.url


def online(page) -> None:
    expect(page.get_by_test_id("connection")).to_have_attribute(
        "data-status", "online", timeout=TIMEOUT
    )


def workshop(base: str, phase: str, **settings) -> tuple[str, object]:
    """A workshop of the account at ``phase``, and its connected facilitator."""
    created = signed_in(base).post(
        f"{base}/api/workshops", json={"title": "Prendre soin des collègues", **settings}
    )
    code, key = created.json()["workshop"]["code"], created.json()["facilitator_key"]
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    for step in ("lobby", "client_ideas"):
        ok(facilitator, "phase.set", {"phase": step})
        if step == phase:
            break
    return code, facilitator


def join(base: str, code: str, name: str) -> dict:
    answer = requests.post(
        f"{base}/api/w/{code}/participants",
        json={"name": name, "client_id": uuid.uuid4().hex},
        timeout=10,
    )
    answer.raise_for_status()
    return answer.json()


def join_in_browser(page, base: str, code: str, name: str, lang: str) -> None:
    page.goto(f"{base}/j/{code}?lang={lang}")
    page.get_by_test_id("join-name").fill(name)
    page.get_by_test_id("join-name").press("Enter")
    online(page)


def test_sign_up_then_sign_in(site, open_context):
    page = open_context(PHONE, "en", phone=True).new_page()
    page.goto(f"{site}/signup?lang=en")
    assert_accessible(page, "sign-up form")
    page.fill("#name", "Inès")
    page.fill("#email", "ines@example.org")
    page.fill("#password", "une phrase de passe assez longue")
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(r"/signup/done$"), timeout=TIMEOUT)
    expect(page.locator("#email")).to_have_value("ines@example.org")
    assert_accessible(page, "sign-in after sign-up")


def test_switch_of_identity_on_a_small_phone(site, open_context):
    code, facilitator = workshop(site, "lobby")
    karim = join(site, code, "Karim")
    page = open_context(SMALL_PHONE, "fr", phone=True).new_page()
    join_in_browser(page, site, code, "Aïcha", "fr")
    page.goto(f"{site}/w/{code}/me/{karim['token']}")
    expect(page.get_by_test_id("switch-identity")).to_be_visible()
    assert_accessible(page, "switch of identity")
    facilitator.disconnect()


def test_phone_with_names_hidden(site, open_context):
    code, facilitator = workshop(site, "client_ideas", show_names=False)
    page = open_context(PHONE, "fr", phone=True).new_page()
    join_in_browser(page, site, code, "Zoé", "fr")
    expect(page.get_by_test_id("names-line-write")).to_be_visible()
    assert_accessible(page, "phone at client ideas, names hidden")
    facilitator.disconnect()


def test_flood_guard_on_the_phone_the_facilitator_page_and_the_remote(site, open_context):
    code, facilitator = workshop(site, "client_ideas")
    phone = open_context(PHONE, "en", phone=True).new_page()
    join_in_browser(phone, site, code, "Zoé", "en")
    # Someone floods the workshop; the guard trips on the idea after the limit.
    flooder = join(site, code, "Flood")
    bot = connect(site, {"code": code, "view": "phone", "token": flooder["token"]})
    for n in range(FLOOD_IDEAS + 1):
        bot.call(
            "idea.post",
            {"kind": "client", "text": f"spam {n}", "parent_id": None, "client_id": f"s{n}"},
            timeout=10,
        )
    bot.disconnect()
    expect(phone.get_by_test_id("paused")).to_be_visible(timeout=TIMEOUT)
    # Zoé posts anyway: the text stays, with a word on why.
    phone.get_by_test_id("idea-text").fill("Un café offert")
    phone.get_by_test_id("idea-submit").click()
    expect(phone.locator("#composer-error.is-paused")).to_be_visible(timeout=TIMEOUT)
    assert_accessible(phone, "phone paused by the flood guard")

    owner = open_context(LAPTOP, "fr")
    assert owner.request.post(f"{site}/api/session", data=ACCOUNT).ok
    laptop = owner.new_page()
    laptop.goto(f"{site}/w/{code}/facilitate?lang=fr")
    for address in ("dominique.delacroix-beaumont@exemple-entreprise.fr", "sam@example.org"):
        laptop.fill("#co-email", address)
        laptop.get_by_role("button", name="Inviter", exact=True).click()
        expect(laptop.locator("#facilitators .flash")).to_contain_text(address)
    expect(laptop.locator("#facilitators .invited-email")).to_have_count(2)
    expect(laptop.get_by_test_id("flood-guard")).to_be_visible(timeout=TIMEOUT)
    online(laptop)
    assert_accessible(laptop, "facilitator page with the flood warning and two invitations")

    remote = owner.new_page()
    remote.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    remote.goto(f"{site}/w/{code}/remote?lang=en")
    expect(remote.get_by_test_id("flood-guard")).to_be_visible(timeout=TIMEOUT)
    online(remote)
    assert_accessible(remote, "remote with the flood warning")
    facilitator.disconnect()


def test_projected_screen_at_the_lobby(site, open_context):
    code, facilitator = workshop(site, "lobby", language="en")
    for name in ("Zoé", "Jean-François", "Amina"):
        join(site, code, name)
    owner = open_context(PROJECTOR, "en")
    assert owner.request.post(f"{site}/api/session", data=ACCOUNT).ok
    page = owner.new_page()
    page.goto(f"{site}/w/{code}/screen")
    online(page)
    expect(page.locator("#names li")).to_have_count(3, timeout=TIMEOUT)
    assert_accessible(page, "screen at the lobby")
    facilitator.disconnect()
