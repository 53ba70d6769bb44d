"""Joins sent together (a `change` covering versions from..v): live.js applies
them, keeps its gap logic, and the lobby screen shows everyone who joined."""

import json
import mimetypes
import time
from pathlib import Path

import requests
from playwright.sync_api import expect

from ..servers import connect, ok, signed_in

TIMEOUT = 15_000
STATIC = Path(__file__).resolve().parents[2] / "static"
ORIGIN = "http://live.test"

# A stand-in for the Socket.IO client: the test plays the server.
FAKE_IO = """
export function io() {
  const handlers = {};
  const socket = {
    connected: true,
    on(name, fn) { (handlers[name] ||= []).push(fn); return socket; },
    emit() {},
    timeout() { return { emit(event) { window.emitted.push(event); } }; },
    connect() {}, disconnect() {},
    io: { on() {}, engine: null },
  };
  window.emitted = [];
  window.fire = (name, payload) => (handlers[name] || []).forEach((fn) => fn(payload));
  return socket;
}
"""
PAGE = """<!doctype html><html><body><script type="module">
import { createLive } from "/static/js/live.js";
window.live = createLive({ code: "ABCDEF", view: "screen", lang: "en" }, {});
</script></body></html>"""


def serve(route) -> None:
    path = route.request.url.removeprefix(ORIGIN).split("?")[0]
    if path == "/":
        route.fulfill(body=PAGE, content_type="text/html")
    elif path.endswith("/vendor/socket.io.esm.min.js"):
        route.fulfill(body=FAKE_IO, content_type="text/javascript")
    elif path.startswith("/static/") and (STATIC / path[8:]).is_file():
        file = STATIC / path[8:]
        route.fulfill(body=file.read_bytes(), content_type=mimetypes.guess_type(file)[0])
    else:
        route.fulfill(status=404, body="")


def state(v: int, names=()) -> dict:
    return {
        "v": v,
        "server_time": "2026-01-01T00:00:00Z",
        "workshop": {"phase": "lobby"},
        "participants": [{"id": i + 1, "name": n} for i, n in enumerate(names)],
        "ideas": [],
        "votes": {},
    }


def joins(first_id: int, names) -> list[dict]:
    return [
        {"type": "participant", "data": {"id": first_id + i, "name": n}}
        for i, n in enumerate(names)
    ]


def open_live(screen_page):
    screen_page.route(f"{ORIGIN}/**", serve)
    screen_page.goto(f"{ORIGIN}/")
    screen_page.wait_for_function("!!(window.live && window.fire)")
    return screen_page


def fire(page, name: str, payload: dict) -> None:
    page.evaluate("([name, payload]) => window.fire(name, payload)", [name, payload])


def held(page) -> dict:
    return page.evaluate(
        "({ v: live.store.v, names: live.store.participants.map((p) => p.name),"
        " ideas: live.store.ideas.length, emitted: window.emitted })"
    )


def test_live_js_applies_a_message_covering_several_versions(screen_page):
    page = open_live(screen_page)
    fire(page, "state", state(5))
    fire(page, "change", {"v": 8, "from": 6, "ops": joins(1, ["Zoé", "Karim", "Amina"])})
    assert held(page) == {"v": 8, "names": ["Zoé", "Karim", "Amina"], "ideas": 0, "emitted": []}

    # A snapshot taken amid a batch (v 10 of 9..11): the batch still applies.
    fire(page, "state", state(10, ["Zoé", "Karim", "Amina", "Lucas", "Maëlle"]))
    fire(page, "change", {"v": 11, "from": 9, "ops": joins(4, ["Lucas", "Maëlle", "Inès"])})
    after = held(page)
    assert after["v"] == 11
    assert after["names"] == ["Zoé", "Karim", "Amina", "Lucas", "Maëlle", "Inès"]


def test_a_batch_arriving_after_a_later_change_converges_and_a_gap_still_syncs(screen_page):
    page = open_live(screen_page)
    fire(page, "state", state(5))
    idea = {"id": 1, "kind": "client", "text": "Un café", "parent_id": None}
    fire(page, "change", {"v": 9, "ops": [{"type": "idea", "data": idea}]})  # early
    assert held(page)["v"] == 5
    fire(page, "change", {"v": 8, "from": 6, "ops": joins(1, ["Zoé", "Karim", "Amina"])})
    assert held(page) == {"v": 9, "names": ["Zoé", "Karim", "Amina"], "ideas": 1, "emitted": []}
    time.sleep(1.3)  # past GAP_WAIT: nothing was missing, no sync
    assert held(page)["emitted"] == []

    # Versions 10..11 never come: after GAP_WAIT (1 s) the page asks for a snapshot.
    fire(page, "change", {"v": 14, "from": 12, "ops": joins(4, ["Lucas", "Maëlle", "Inès"])})
    assert held(page)["emitted"] == []
    page.wait_for_function("window.emitted.includes('sync')", timeout=3000)
    assert held(page)["v"] == 9


def test_the_lobby_screen_shows_a_room_joining_at_once(server, screen_page):
    base = server.url
    created = signed_in(base).post(f"{base}/api/workshops", json={"title": "Hall"}).json()
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = connect(base, {"code": code, "view": "facilitator", "key": key})
    ok(facilitator, "phase.set", {"phase": "lobby"})
    facilitator.disconnect()

    frames = []
    screen_page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: (
                frames.append(payload)
                if isinstance(payload, str) and payload.startswith('42["change"')
                else None
            ),
        ),
    )
    screen_page.goto(f"{base}/w/{code}/screen")
    expect(screen_page.get_by_test_id("connection").first).to_have_attribute(
        "data-status", "online", timeout=TIMEOUT
    )

    names = [f"Personne {n:02d}" for n in range(20)]
    for name in names:
        response = requests.post(
            f"{base}/api/w/{code}/participants",
            json={"name": name, "client_id": f"batch-{name}"},
            timeout=10,
        )
        assert response.status_code == 201, response.text
    expect(screen_page.locator("#people-count")).to_contain_text("20", timeout=TIMEOUT)
    assert sorted(screen_page.locator("#names li").all_inner_texts()) == names
    # Fewer messages than people: they came in batches.
    messages = [json.loads(f[2:])[1] for f in frames]
    assert sum(1 for m in messages if "from" in m) >= 1
    assert len(messages) < 20
