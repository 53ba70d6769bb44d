import os
import shutil
from pathlib import Path

import pytest

from ..servers import site_server
from .axe import axe_path

# Viewports (width, height) of the devices the tests open pages on.
LAPTOP, PHONE, SMALL_PHONE, PROJECTOR = (1440, 900), (360, 740), (320, 568), (1280, 720)
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
    with site_server(tmp_path) as (process, _env, _database):
        yield process


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


@pytest.fixture(scope="module")
def axe_script() -> Path:
    return axe_path()


@pytest.fixture
def open_context(browser, axe_script):
    """New browser contexts at a size and in a language; closed after the test."""
    contexts = []

    def make(size, lang="fr", phone=False):
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]},
            locale="fr-FR" if lang == "fr" else "en-GB",
            is_mobile=phone,
            has_touch=phone,
            reduced_motion="reduce",  # no text caught half-faded by an animation
            bypass_csp=True,  # to inject axe-core
        )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
