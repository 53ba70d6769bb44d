"""In Debian's Chromium: a change that never reached the screen (its broadcast
lost, as when Redis restarts) appears at the next `version` heartbeat, with
nothing else happening in the room."""

import requests
from playwright.sync_api import expect

from atelier import create_app
from atelier.extensions import db
from atelier.models import Workshop
from atelier.services import ideas
from atelier.services.identity import Identity

from ..servers import site_server
from .test_phone_to_screen import TIMEOUT, open_workshop


def test_the_screen_shows_an_idea_whose_broadcast_was_lost(tmp_path, browser, screen_page):
    with site_server(tmp_path, ATELIER_VERSION_HEARTBEAT="1") as (server, env, database):
        code, _ = open_workshop(server.url)
        joined = server.url + f"/api/w/{code}/participants"
        person = requests.post(joined, json={"name": "Zoé", "client_id": "z"}, timeout=10).json()
        screen_page.goto(f"{server.url}/w/{code}/screen")
        expect(screen_page.get_by_test_id("phase")).to_be_visible(timeout=TIMEOUT)

        # Stored by another process, never broadcast: the page gets no `change`.
        app = create_app(
            {"DATABASE_URL": f"sqlite:///{database}", "ASYNC_MODE": "threading",
             "SECRET_KEY": "tests-only-secret", "AUTO_MIGRATE": False}
        )  # fmt: skip
        with app.app_context():
            workshop = db.session.query(Workshop).filter_by(code=code).one()
            who = Identity(workshop.id, person["participant"]["id"])
            ideas.post_idea(who, "client", "Arrivée sans diffusion", None, "lost-1")
            db.session.remove()
            db.engine.dispose()

        expect(screen_page.get_by_test_id("screen-ideas")).to_contain_text(
            "Arrivée sans diffusion", timeout=9000
        )
