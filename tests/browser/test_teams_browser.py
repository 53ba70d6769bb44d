"""In Debian's Chromium, on a laptop and on a phone: the admin merges two
spellings of one team offered as a near miss, then the facilitator who leads
it picks it from the list on the home form (issue 12). axe-core finds nothing
on either page."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..servers import ACCOUNT, create_account, signed_in, site_server
from .axe import assert_accessible
from .conftest import LAPTOP, PHONE

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
ADMIN = {"email": "admin@example.org", "password": "un mot de passe d’admin"}


def sign_in(page, base: str, account: dict) -> None:
    page.goto(f"{base}/login?lang=fr")
    page.fill("#email", account["email"])
    page.fill("#password", account["password"])
    page.press("#password", "Enter")
    page.wait_for_load_state()


def keep(page, name: str) -> None:
    """A full-page screenshot for a person to look at, when asked for."""
    folder = os.environ.get("ATELIER_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_admin_merges_a_near_miss_and_the_facilitator_picks_the_team(
    tmp_path, open_context, size
):
    phone = size == PHONE
    with site_server(tmp_path) as (server, env, _database):
        create_account(env, ADMIN, name="Dominique", role="admin")
        base = server.url
        camille = signed_in(base)
        for title, team in (("Lundi", "Accueil Rennes"), ("Mardi", "Accueil Renne")):
            made = camille.post(f"{base}/api/workshops", json={"title": title, "team": team})
            made.raise_for_status()

        admin = open_context(size, "fr", phone=phone).new_page()
        sign_in(admin, base, ADMIN)
        admin.goto(f"{base}/admin/#teams")
        near = admin.get_by_test_id("near-miss")
        expect(near).to_have_count(1)
        expect(near).to_contain_text("Accueil Renne")
        assert_accessible(admin, f"admin teams {size}")
        keep(admin, f"admin-teams-{size[0]}")
        near.get_by_role("button", name="Fusionner dans « Accueil Rennes »").click()
        expect(admin.locator(".flash")).to_contain_text(
            "Les équipes n’en font plus qu’une : « Accueil Rennes »", timeout=TIMEOUT
        )
        expect(admin.get_by_test_id("near-miss")).to_have_count(0)
        expect(admin.get_by_test_id("team-list")).to_contain_text("Accueil Rennes 2 ateliers")
        expect(admin.get_by_test_id("team-list").locator("> li")).to_have_count(1)
        assert_accessible(admin, f"admin teams merged {size}")
        keep(admin, f"admin-teams-merged-{size[0]}")

        home = open_context(size, "fr", phone=phone).new_page()
        sign_in(home, base, ACCOUNT)
        home.goto(f"{base}/")
        choice = home.get_by_label("Équipe", exact=True)
        other = home.get_by_label("Autre équipe")
        # One team left to choose (the two spellings are one), the text field
        # hidden until "Une autre équipe…" is chosen.
        options = choice.locator("option")
        expect(options).to_have_text(["Aucune équipe", "Accueil Rennes", "Une autre équipe…"])
        expect(other).to_be_hidden()
        choice.select_option(label="Une autre équipe…")
        expect(other).to_be_visible()
        expect(other).to_be_focused()
        keep(home, f"home-other-team-{size[0]}")
        choice.select_option(label="Accueil Rennes")
        expect(other).to_be_hidden()
        home.fill("#title", "Mercredi")
        assert_accessible(home, f"home form with teams {size}")
        keep(home, f"home-teams-{size[0]}")
        home.get_by_role("button", name="Créer l’atelier").click()
        expect(home).to_have_url(re.compile(r"/w/\w{6}/facilitate$"), timeout=TIMEOUT)
        # The settings card shows the team chosen, from the same list.
        settings = home.locator("#s-team-choice")
        expect(settings.locator("option:checked")).to_have_text("Accueil Rennes", timeout=TIMEOUT)
        expect(home.locator("#s-team")).to_be_hidden()
