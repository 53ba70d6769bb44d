"""In Debian's Chromium, on the gevent server: a team's page, the dashboard and
a share link for an external review, on a 360 px phone and a 1440 px desktop,
in French and English. Three workshops of one team are played through the
real services (the sample workshop: 12 people, the barometer, the review):
two reviewed, the second with names hidden, the third at its results.

ATELIER_SCREENSHOT_DIR=<folder> also saves full-page screenshots there.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..servers import ACCOUNT, create_account, site_server
from .axe import assert_accessible
from .conftest import LAPTOP, PHONE

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
MANAGER = {"email": "manon@example.org", "password": "un mot de passe de manager"}
SIZES = [(PHONE, True), (LAPTOP, False)]
DATES = (dt.date(2026, 6, 2), dt.date(2026, 9, 1), dt.date(2026, 11, 16))


def seed(database: Path, folder: Path) -> dict:
    """Three workshops of the sample team, played in this process on the server's
    database; the facilitator account leads the team, the manager reads it."""
    from atelier.app import build_app
    from atelier.demo import play
    from atelier.domain.phases import Phase
    from atelier.extensions import db
    from atelier.models import TeamMember, User
    from atelier.services import share_links

    app = build_app(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "SECRET_KEY": "tests-only-secret",
            "ASYNC_MODE": "threading",
            "AUTO_MIGRATE": False,
            "INSTANCE_PATH": str(folder / "seed-instance"),
        }
    )
    with app.app_context():
        runs = [
            play("fr", Phase.CLOSED, seed=15),
            play("fr", Phase.CLOSED, seed=4),
            play("fr", Phase.RESULTS, seed=9),
        ]
        played = [workshop for workshop, _ in runs]
        for workshop, day in zip(played, DATES, strict=True):
            workshop.date = day
        played[1].show_names = False
        team_id = played[0].team_id
        for email in (ACCOUNT["email"], MANAGER["email"]):
            user = db.session.scalar(db.select(User).filter_by(email=email))
            db.session.add(TeamMember(team_id=team_id, user_id=user.id))
        db.session.commit()
        token = share_links.make_link(played[0], share_links.default_expiry())
        return {
            "team_id": team_id,
            "share": f"/s/{token}",
            "facilitator_links": [f"/w/{w.code}/f/{key}" for w, key in runs],
        }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("teams")
    with site_server(folder) as (process, env, database):
        create_account(env, MANAGER, name="Manon", role="manager")
        yield process.url, seed(database, folder)


def sign_in(page, base: str, account: dict, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#email", account["email"])
    page.fill("#password", account["password"])
    page.press("#password", "Enter")
    page.wait_for_load_state()


def shoot(page, name: str) -> None:
    folder = os.environ.get("ATELIER_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = str(Path(folder) / f"{name}.png")
        if hasattr(page, "goto"):
            page.screenshot(path=path, full_page=True)
        else:  # a part of a page
            page.screenshot(path=path)


def assert_fits(page, what: str) -> None:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    if overflow > 0:
        # Name what sticks out, to fix it.
        culprits = page.evaluate(
            """() => [...document.querySelectorAll("body *")]
              .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
              .slice(0, 5)
              .map((e) => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 40)}`)"""
        )
        raise AssertionError(f"{what}: {overflow}px wider than the screen: {culprits}")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_team_page_for_a_manager(site, open_context, lang):
    base, world = site
    for size, phone in SIZES:
        page = open_context(size, lang, phone=phone).new_page()
        sign_in(page, base, MANAGER, lang)
        page.goto(f"{base}/teams/{world['team_id']}?lang={lang}")
        expect(page.locator("h1")).to_have_text("Agence de Rennes — accueil", timeout=TIMEOUT)
        workshops = page.get_by_test_id("team-workshop")
        expect(workshops).to_have_count(3)
        # Oldest first: the June workshop, then September, then November.
        first_line = workshops.first.locator(".eyebrow")
        expect(first_line).to_contain_text("2026")
        expect(first_line).to_contain_text("juin" if lang == "fr" else "Jun")
        # The charts: two reviewed workshops in the follow-through chart, and
        # the barometer's points (with their figures in words for screen readers).
        expect(page.get_by_test_id("ft-value")).to_have_count(2)
        chart = page.locator("svg.baro-chart")
        expect(chart).to_be_visible()
        assert "3" in (chart.get_attribute("aria-label") or "")
        box = chart.bounding_box()
        assert box and box["width"] <= size[0] and box["x"] >= 0
        # Names hidden in the second workshop: counted, not named.
        hidden = "prénoms non affichés" if lang == "fr" else "names not shown"
        expect(workshops.nth(1)).to_contain_text(hidden)
        expect(workshops.nth(0)).not_to_contain_text(hidden)
        shoot(page, f"team-{lang}-{size[0]}")
        assert_fits(page, f"team page {size}")
        assert_accessible(page, f"team page {lang} {size}")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_dashboard_and_its_csv(site, open_context, lang):
    base, world = site
    for size, phone in SIZES:
        page = open_context(size, lang, phone=phone).new_page()
        sign_in(page, base, MANAGER, lang)
        # From the header, where the account links live.
        page.get_by_role("navigation").get_by_role(
            "link", name="Tableau de bord" if lang == "fr" else "Dashboard"
        ).click()
        expect(page).to_have_url(f"{base}/dashboard", timeout=TIMEOUT)
        team = page.get_by_test_id("dash-team")
        expect(team).to_have_count(1)
        expect(team.get_by_test_id("dash-rate")).to_contain_text("%")
        assert_fits(page, f"dashboard {size}")
        assert_accessible(page, f"dashboard {lang} {size}")
        shoot(page, f"dashboard-{lang}-{size[0]}")
        with page.expect_download() as download:
            page.get_by_role(
                "link", name="Export (CSV)" if lang == "en" else "Exporter (CSV)"
            ).click()
        body = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert body.splitlines()[0].startswith("team,workshop,date,step")
        assert len(body.strip().splitlines()) == 4  # the header and three workshops


def test_the_share_page_and_what_a_stranger_sees_after_revoking(site, open_context):
    base, world = site
    for size, phone in SIZES:
        page = open_context(size, "fr", phone=phone).new_page()
        page.goto(f"{base}{world['share']}")
        expect(page.locator("h1")).to_have_text(
            "Prendre soin des collègues comme des clients", timeout=TIMEOUT
        )
        expect(page.get_by_role("link", name="Télécharger le bilan (PDF)")).to_be_visible()
        expect(page.get_by_test_id("tw-idea").first).to_be_visible()
        assert_fits(page, f"share page {size}")
        assert_accessible(page, f"share page {size}")
        shoot(page, f"share-fr-{size[0]}")
    page = open_context(PHONE, "fr", phone=True).new_page()
    response = page.goto(f"{base}/s/{'A' * 43}")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Ce lien de relecture n’existe pas")
    assert_accessible(page, "unknown share link")


def test_the_facilitator_makes_and_revokes_a_review_link(site, open_context):
    base, world = site
    desk = open_context(LAPTOP, "fr").new_page()
    desk.goto(base + world["facilitator_links"][2])
    panel = desk.locator("#share")
    expect(panel.get_by_role("heading")).to_have_text(
        "Partager pour une relecture externe", timeout=TIMEOUT
    )
    expires = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    panel.get_by_label("Date d’expiration").fill(expires)
    panel.get_by_role("button", name="Créer un lien de relecture").click()
    link = desk.get_by_test_id("share-url")
    expect(link).to_be_visible(timeout=TIMEOUT)
    url = link.input_value()
    assert "/s/" in url
    shoot(desk.locator("#bilan"), "share-panel-fr-1440")
    assert_accessible(desk, "facilitator page with a new review link")

    stranger = open_context(PHONE, "fr", phone=True).new_page()
    stranger.goto(url)
    expect(stranger.locator("h1")).to_have_text(
        "Prendre soin des collègues comme des clients", timeout=TIMEOUT
    )
    # Shown once: reloading the facilitator page no longer shows the secret.
    desk.reload()
    expect(desk.get_by_test_id("share-url")).to_have_count(0)
    desk.locator("#share").get_by_role("button", name="Révoquer").click()
    expect(desk.locator("#share")).to_contain_text("ne fonctionne plus", timeout=TIMEOUT)
    response = stranger.reload()
    assert response.status == 410
    expect(stranger.locator("h1")).to_have_text("Ce lien de relecture n’ouvre plus rien")
    expect(stranger.locator("main")).not_to_contain_text("Prendre soin")
    assert_accessible(stranger, "revoked share link")
    shoot(stranger, "share-revoked-fr-360")
