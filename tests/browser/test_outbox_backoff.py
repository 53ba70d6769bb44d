"""In Debian's Chromium: a phone whose submission meets a server briefly without
its database sends it again, less and less often, and it is stored once.

The server's answer is played by routing the page's WebSocket: the first
two `idea.post` frames are answered `unavailable`, the next goes through.
"""

import json
import re
import time

from playwright.sync_api import expect

from .test_phone_to_screen import TIMEOUT, join, open_workshop

UNAVAILABLE = {
    "ok": False,
    "error": {"code": "unavailable", "message": "Le serveur est brièvement indisponible."},
}
POST = re.compile(r'^42(\d+)\["idea\.post"')


def test_a_submission_answered_unavailable_is_sent_again_later_each_time(server, phone_page):
    code, _ = open_workshop(server.url)
    sent = []  # when each idea.post left the page

    def route(ws):
        to_server = ws.connect_to_server()

        def from_page(message):
            post = POST.match(message) if isinstance(message, str) else None
            if post:
                sent.append(time.monotonic())
                if len(sent) <= 2:
                    ws.send(f"43{post.group(1)}[{json.dumps(UNAVAILABLE)}]")
                    return
            to_server.send(message)

        ws.on_message(from_page)

    phone_page.route_web_socket(re.compile(r"/socket\.io/"), route)
    join(phone_page, f"{server.url}/j/{code}", "Zoé")
    phone_page.get_by_test_id("idea-text").fill("Un café pour chaque client")
    phone_page.get_by_test_id("idea-submit").click()
    deadline = time.monotonic() + 20
    while len(sent) < 3 and time.monotonic() < deadline:
        phone_page.wait_for_timeout(100)
    assert len(sent) == 3, sent
    first_wait, second_wait = sent[1] - sent[0], sent[2] - sent[1]
    # 2 s, then twice that, each within ±25 % (static/js/live.js).
    assert 1.4 < first_wait < 2.8, sent
    assert 2.9 < second_wait < 5.5, sent
    expect(phone_page.get_by_text("Un café pour chaque client")).to_have_count(1, timeout=TIMEOUT)
