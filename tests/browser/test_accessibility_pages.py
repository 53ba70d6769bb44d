"""In Debian's Chromium: axe-core finds no WCAG 2 A/AA violation on the site's
own pages (home, sign-in and sign-up with their errors, the account, the
administration, the manager's page, a page that does not exist), in French
and English, on a laptop and on a phone. The live faces have their own tests.
"""

import pytest

from ..servers import ACCOUNT, connect, create_account, ok, signed_in, site_server
from .axe import assert_accessible
from .conftest import LAPTOP, PHONE

pytestmark = pytest.mark.browser

ADMIN = {"email": "admin@example.org", "password": "un mot de passe d’admin"}
SIZES = [(LAPTOP, False), (PHONE, True)]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with site_server(tmp_path_factory.mktemp("pages")) as (process, env, _database):
        create_account(env, ADMIN, name="Dominique", role="admin")
        base = process.url
        created = signed_in(base).post(f"{base}/api/workshops", json={"title": "Prendre soin"})
        code, key = created.json()["workshop"]["code"], created.json()["facilitator_key"]
        facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
        ok(facilitator, "phase.set", {"phase": "lobby"})
        yield base, code


def sign_in(page, base: str, account: dict, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#email", account["email"])
    page.fill("#password", account["password"])
    page.press("#password", "Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_site_pages_signed_out(site, open_context, lang):
    base, code = site
    for size, phone in SIZES:
        page = open_context(size, lang, phone=phone).new_page()
        for path, what in [("/", "home"), ("/join", "join by code"), ("/signup", "sign-up"),
                           ("/no/such/page", "page not found")]:  # fmt: skip
            page.goto(f"{base}{path}?lang={lang}")
            assert_accessible(page, f"{what} {size}")
        page.goto(f"{base}/login?lang={lang}")
        page.fill("#email", ACCOUNT["email"])
        page.fill("#password", "not the password")
        page.press("#password", "Enter")
        page.wait_for_load_state()
        assert_accessible(page, f"sign-in refused {size}")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_account_and_administration_pages(site, open_context, lang):
    base, code = site
    for size, phone in SIZES:
        facilitator = open_context(size, lang, phone=phone).new_page()
        sign_in(facilitator, base, ACCOUNT, lang)
        for path, what in [("/", "home signed in"), ("/account", "account")]:
            facilitator.goto(f"{base}{path}?lang={lang}")
            assert_accessible(facilitator, f"{what} {size}")
        admin = open_context(size, lang, phone=phone).new_page()
        sign_in(admin, base, ADMIN, lang)
        admin.goto(f"{base}/admin/?lang={lang}")
        assert_accessible(admin, f"administration {size}")
