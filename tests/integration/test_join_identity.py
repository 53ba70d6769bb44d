"""Who a browser is in a workshop: a join retry, and a personal link opened elsewhere.

Security review, issue 9: findings 11 (the join ``client_id`` acted as a
password) and 12 (a return link silently replaced the browser's participant).
"""

import re

from ..support import Harness, client_id


def _me(http, code: str):
    """Who this browser is in the workshop (None: nobody)."""
    response = http.get(f"/api/w/{code}/snapshot")
    return response.json["me"]["name"] if response.status_code == 200 else None


def _text(response) -> str:
    return re.sub(r"<[^>]+>", "", response.text)


def _join(http, code: str, name: str, cid: str):
    return http.post(f"/api/w/{code}/participants", json={"name": name, "client_id": cid})


# ---- finding 11: a join's client_id is no password ---------------------------


def test_someone_elses_join_client_id_never_hands_out_their_token(app):
    code = Harness(app).open_workshop(())[0]
    zoe_browser, stranger = app.test_client(), app.test_client()
    cid = client_id()
    zoe = _join(zoe_browser, code, "Zoé", cid)
    assert zoe.status_code == 201

    stolen = _join(stranger, code, "Mallory", cid)
    assert stolen.status_code == 409
    assert stolen.json["error"]["code"] == "client_id_reused"
    assert zoe.json["token"] not in stolen.text
    assert _me(stranger, code) is None
    # The same from the join form.
    page = stranger.post(f"/j/{code}?lang=en", data={"name": "Mallory", "client_id": cid})
    assert page.status_code == 409
    assert "already used" in page.text and zoe.json["token"] not in page.text
    assert _me(stranger, code) is None


def test_a_real_retry_is_still_the_same_person(app):
    code = Harness(app).open_workshop(())[0]
    browser, script = app.test_client(), app.test_client()
    cid = client_id()
    first = _join(browser, code, "Zoé", cid)
    # The same browser session, whatever name it sends again.
    again = _join(browser, code, "Zoé B.", cid)
    assert again.status_code == 200 and again.json["duplicate"] is True
    assert again.json["participant"] == first.json["participant"]
    # A client without the cookie (the answer was lost) retrying with the same name.
    other_cid = client_id()
    first_script = _join(script, code, "Karim", other_cid)
    retry = _join(app.test_client(), code, "Karim", other_cid)
    assert retry.status_code == 200 and retry.json["token"] == first_script.json["token"]
    # The join form's retry: same name, same client_id.
    form_cid = client_id()
    form = {"name": "Amina", "client_id": form_cid}
    assert app.test_client().post(f"/j/{code}", data=form).status_code == 302
    form_retry = app.test_client()
    assert form_retry.post(f"/j/{code}", data=form).status_code == 302
    assert _me(form_retry, code) == "Amina"


# ---- finding 12: a return link asks before switching identity -----------------


def _world(app):
    code = Harness(app).open_workshop(())[0]
    zoe_browser, karim_browser = app.test_client(), app.test_client()
    _join(zoe_browser, code, "Zoé", client_id())
    karim = _join(karim_browser, code, "Karim", client_id()).json
    return code, zoe_browser, karim_browser, karim


def test_a_return_link_from_elsewhere_asks_before_replacing_the_browsers_participant(app):
    code, zoe_browser, _, karim = _world(app)
    link = f"/w/{code}/me/{karim['token']}"

    page = zoe_browser.get(f"{link}?lang=en")
    assert page.status_code == 200
    assert "Continue as Karim" in _text(page) and "Stay Zoé" in _text(page)
    assert 'name="csrf_token"' in page.text
    assert _me(zoe_browser, code) == "Zoé"  # nothing changed by opening it
    french = zoe_browser.get(f"{link}?lang=fr")
    assert "Continuer en tant que Karim" in _text(french) and "Rester Zoé" in _text(french)

    # "Keep my current identity" is a plain link back to the phone page.
    keep = re.search(r'href="([^"]+)"[^>]*data-testid="keep-identity"', page.text).group(1)
    assert keep == f"/j/{code}"

    # A switch posted from another site carries no CSRF token: refused.
    forged = zoe_browser.post(link, data={"csrf_token": "not-the-sessions"})
    assert forged.status_code == 400 and _me(zoe_browser, code) == "Zoé"

    switched = zoe_browser.post(link)
    assert switched.status_code == 302 and switched.headers["Location"].endswith(f"/j/{code}")
    assert _me(zoe_browser, code) == "Karim"


def test_a_return_link_proceeds_for_a_browser_that_holds_nobody_or_the_same_person(app):
    code, _, karim_browser, karim = _world(app)
    link = f"/w/{code}/me/{karim['token']}"
    fresh = app.test_client()
    assert fresh.get(link).status_code == 302
    assert _me(fresh, code) == "Karim"
    assert karim_browser.get(link).status_code == 302
    assert _me(karim_browser, code) == "Karim"


def test_a_switch_needs_a_valid_link(app):
    code, zoe_browser, _, karim = _world(app)
    forged = karim["token"][:-1] + ("A" if karim["token"][-1] != "A" else "B")
    assert zoe_browser.post(f"/w/{code}/me/{forged}").status_code == 401
    assert _me(zoe_browser, code) == "Zoé"
