"""The HTTP side: create, facilitator link, join by code and QR, return link."""

import re

from atelier.domain.join_codes import ALPHABET


def create(client, **fields):
    form = {"title": "Prendre soin", "team": "Rennes", "language": "fr", **fields}
    return client.post("/workshops", data=form)


def code_of(response) -> str:
    return re.search(r"/w/([A-Z0-9]{6})/", response.headers["Location"]).group(1)


def test_home_page_offers_to_join_and_to_sign_in_then_to_create(client, signed_in):
    page = client.get("/", headers={"Accept-Language": "fr"})
    assert page.status_code == 200
    assert "/join" in page.text and "/login" in page.text and 'name="title"' not in page.text
    assert 'name="title"' in signed_in.get("/", headers={"Accept-Language": "fr"}).text


def test_creating_leads_to_the_facilitator_view_with_the_secret_link_once(signed_in):
    client = signed_in
    response = create(client, show_names="on")
    assert response.status_code == 302
    code = code_of(response)
    assert set(code) <= set(ALPHABET)
    first = client.get(f"/w/{code}/facilitate")
    assert first.status_code == 200
    link = re.search(rf"http://localhost/w/{code}/f/[\w-]+", first.text).group(0)
    # Shown once: the next visit does not print it again.
    assert link not in client.get(f"/w/{code}/facilitate").text
    # From another browser, the link gives control; without it, no entry.
    other = client.application.test_client()
    # Not signed in either: asked to sign in (they might be the owner).
    assert "/login?next=" in other.get(f"/w/{code}/facilitate").headers["Location"]
    assert other.get(link.removeprefix("http://localhost")).status_code == 302
    assert other.get(f"/w/{code}/facilitate").status_code == 200
    assert other.get(f"/w/{code}/remote").status_code == 200


def test_invalid_settings_come_back_with_a_message(signed_in):
    client = signed_in
    response = create(client, votes_per_person="0")
    assert response.status_code == 400
    assert 'name="title"' in response.text


def test_screen_shows_code_url_and_a_qr_code_for_the_join_url(signed_in):
    client = signed_in
    code = code_of(create(client))
    screen = client.get(f"/w/{code}/screen")
    assert screen.status_code == 200
    assert code in screen.text and f"/j/{code}" in screen.text
    qr = client.get(f"/w/{code}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert qr.data.startswith(b"<?xml") and b"<path" in qr.data


def test_public_url_setting_goes_into_the_qr_and_the_screen(app, signed_in):
    client = signed_in
    app.config["PUBLIC_URL"] = "http://192.0.2.10:5000"
    code = code_of(create(client))
    # Printed without the scheme: shorter to read from the back of the room.
    assert f"192.0.2.10:5000/j/{code}" in client.get(f"/w/{code}/screen").text


def test_joining_by_typed_code_tolerates_case_and_spaces(signed_in):
    client = signed_in
    code = code_of(create(client))
    typed = f" {code[:3].lower()} {code[3:]} "
    response = client.get("/join", query_string={"code": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/j/{code}")
    assert client.get("/join", query_string={"code": "ABC"}).status_code == 400


def test_a_phone_joins_with_a_first_name_and_is_remembered(app, client, signed_in):
    facilitator = signed_in
    code = code_of(create(facilitator))
    from tests.support import Client

    Client(app, facilitator, code, "facilitator").ok("phase.set", {"phase": "lobby"})
    phone = app.test_client()
    form = phone.get(f"/j/{code}")
    assert 'name="name"' in form.text
    client_id = re.search(r'name="client_id" value="(\w+)"', form.text).group(1)
    joined = phone.post(f"/j/{code}", data={"name": "Zoé", "client_id": client_id})
    assert joined.status_code == 302
    page = phone.get(f"/j/{code}")
    assert 'name="name"' not in page.text
    assert "/me/" in page.text  # the personal return link is on the page


def test_joining_a_draft_is_refused_with_a_message(signed_in, app):
    client = signed_in
    code = code_of(create(client))
    phone = app.test_client()
    refused = phone.post(f"/j/{code}", data={"name": "Zoé", "client_id": "x1"})
    assert refused.status_code == 409


def test_the_return_link_gives_a_new_device_the_same_identity(app, signed_in):
    client = signed_in
    code = code_of(create(client))
    from tests.support import Client

    Client(app, client, code, "facilitator").ok("phase.set", {"phase": "lobby"})
    joined = (
        app.test_client()
        .post(f"/api/w/{code}/participants", json={"name": "Zoé", "client_id": "a"})
        .json
    )
    new_device = app.test_client()
    assert new_device.get(joined["return_url"].removeprefix("http://localhost")).status_code == 302
    snapshot = new_device.get(f"/api/w/{code}/snapshot").json
    assert snapshot["me"]["name"] == "Zoé"
    forged = joined["return_url"][:-3] + "xyz"
    assert new_device.get(forged.removeprefix("http://localhost")).status_code == 401


def test_unknown_workshop_is_a_friendly_404_page_and_json_in_the_api(client):
    page = client.get("/w/ZZZZZZ/screen", headers={"Accept-Language": "en"})
    assert page.status_code == 404 and "<html" in page.text
    api = client.get("/api/w/ZZZZZZ")
    assert api.status_code == 404 and api.json["error"]["code"] == "workshop_not_found"


def test_api_refusals_are_json_with_codes(signed_in):
    client = signed_in
    assert client.post("/api/workshops", data="nope").json["error"]["code"] == "invalid_request"
    bad = client.post("/api/workshops", json={"title": "x", "votes_per_person": 11})
    assert bad.status_code == 400 and bad.json["error"]["code"] == "setting_invalid"
    assert client.get("/api/w/ZZZZZZ/snapshot").status_code == 404


def test_snapshot_needs_credentials(client, harness):
    code, http, key = harness.create()
    assert client.get(f"/api/w/{code}/snapshot").json["error"]["code"] == "unauthenticated"
    facilitated = client.get(
        f"/api/w/{code}/snapshot", headers={"Authorization": f"Bearer {key}"}
    ).json
    assert facilitated["audience"] == "facilitator"


def test_language_follows_the_workshop_then_the_participants_choice(signed_in):
    client = signed_in
    code = code_of(create(client, language="en"))
    phone = client.application.test_client()
    assert 'lang="en"' in phone.get(f"/j/{code}").text
    assert 'lang="fr"' in phone.get(f"/j/{code}?lang=fr").text
    # The choice is remembered for the next page.
    assert 'lang="fr"' in phone.get(f"/j/{code}").text


def test_socket_io_client_is_served_from_npm_not_a_cdn(client):
    response = client.get("/vendor/socket.io.min.js")
    assert response.status_code == 200 and b"Socket.IO" in response.data[:400]
    assert client.get("/vendor/../package.json").status_code == 404


def test_pages_forbid_inline_scripts_framing_and_referrer_leaks(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    # No page carries an inline script that this policy would block.
    assert "<script>" not in response.text


def test_a_form_posted_without_the_pages_token_is_refused(app, harness):
    from flask.testing import FlaskClient

    other_site = FlaskClient(app, use_cookies=True)
    response = other_site.post("/workshops", data={"title": "Piège"})
    assert response.status_code == 400
    assert "csrf_failed" in response.text
    page = harness.signed_in()
    form = page.get("/").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert page.post("/workshops", data={"title": "Vrai", "csrf_token": token}).status_code == 302


def test_a_json_body_on_a_form_route_needs_the_token_too(app, harness):
    """Another site can send a JSON-looking body as text/plain, or JSON once a
    preflight is skipped by an old browser: form routes want the token whatever
    the body, in the form or in the X-CSRFToken header for a script."""
    browser = harness.signed_in()
    for content_type in ("application/json", "text/plain"):
        refused = browser.post("/logout", data="{}", content_type=content_type)
        assert refused.status_code == 400 and "csrf_failed" in refused.text
    assert browser.get("/account").status_code == 200  # still signed in
    token = browser.csrf_token()
    signed_out = browser.post("/logout", json={}, headers={"X-CSRFToken": token})
    assert signed_out.status_code == 302
    assert browser.get("/account").status_code == 302


def test_the_json_api_reads_only_json(app, harness):
    """The API takes no token because another site cannot send it JSON: a form
    or text body is not read as a request."""
    browser = harness.signed_in()
    for route in ("/api/workshops", "/api/session"):
        response = browser.post(route, data='{"title": "Piège"}', content_type="text/plain")
        assert response.status_code == 400
        assert response.json["error"]["code"] == "invalid_request"


def test_facilitator_pages_send_a_visitor_to_sign_in_and_refuse_another_account(harness):
    code, owner, _ = harness.create()
    for page in ("facilitate", "remote"):
        visitor = harness.app.test_client().get(f"/w/{code}/{page}")
        assert visitor.status_code == 302
        assert visitor.headers["Location"].endswith(f"/login?next=/w/{code}/{page}")
        other = harness.signed_in("karim@example.org").get(f"/w/{code}/{page}?lang=en")
        assert other.status_code == 403 and "Only the facilitator can do that." in other.text
