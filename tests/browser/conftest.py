import os
import shutil

import pytest

from ..servers import ServerProcess, create_account

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str | None:
    return os.environ.get("ATELIER_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        if os.environ.get("ATELIER_TEST_BROWSER"):
            pytest.fail("ATELIER_TEST_BROWSER is set but Debian's chromium is not installed")
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path):
    """A real gevent server on SQLite, as `make run` starts it."""
    env = {"ATELIER_DATABASE_URL": f"sqlite:///{tmp_path / 'browser.sqlite3'}"}
    create_account(env)
    process = ServerProcess(env, tmp_path / "server.log").start()
    yield process
    process.stop()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="fr-FR"
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def screen_page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    yield context.new_page()
    context.close()
