"""A sign-in ends for real: signing out, a new password, a new role or a
deactivation cut the live facilitator pages that relied on it, and a copy of
the cookie opens nothing afterwards."""

import pytest

from atelier.extensions import socketio

from ..support import PASSWORD


def _facilitator_page(app, browser, code):
    page = socketio.test_client(
        app, flask_test_client=browser, auth={"code": code, "view": "facilitator"}
    )
    assert page.is_connected()
    page.get_received()
    return page


def _copy_of(app, browser):
    """Another browser holding the same cookie (stolen, or copied by hand)."""
    thief = app.test_client()
    cookie = browser.get_cookie("atelier")
    thief.set_cookie("atelier", cookie.value)
    return thief


def _cut(app, page, code):
    """The page was told to connect again, and can neither act nor read."""
    assert "reauth" in [m["name"] for m in page.get_received()]
    refused = page.emit("timer.stop", {}, callback=True)
    assert refused["error"]["code"] == "not_facilitator"
    assert page.emit("sync", {}, callback=True)["error"]["code"] == "not_facilitator"


def test_a_password_change_cuts_the_live_pages_opened_before_it(app, harness):
    code, laptop, _ = harness.create(owner="zoe@example.org")
    # The facilitator page of the room's laptop, signed in with the old password ...
    page = _facilitator_page(app, laptop, code)
    assert page.emit("timer.stop", {}, callback=True)["ok"]
    # ... and the owner changes the password on another device.
    desk = harness.signed_in("zoe@example.org")
    changed = desk.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "une toute nouvelle phrase"},
    )
    assert changed.status_code == 302
    _cut(app, page, code)
    assert laptop.get(f"/w/{code}/facilitate").status_code == 302  # to sign in
    # The device that changed it carries on, pages and live controls alike.
    assert desk.get(f"/w/{code}/facilitate").status_code == 200
    assert _facilitator_page(app, desk, code).emit("timer.stop", {}, callback=True)["ok"]


@pytest.mark.parametrize("change", [{"role": "manager"}, {"active": False}])
def test_a_new_role_or_a_deactivation_cuts_the_live_pages(app, harness, change):
    code, laptop, _ = harness.create(owner="zoe@example.org")
    page = _facilitator_page(app, laptop, code)
    zoe = harness.account("zoe@example.org")
    harness.account("root@example.org", "admin")
    admin = harness.signed_in("root@example.org", "admin")
    form = {"role": change.get("role", "facilitator")}
    if change.get("active", True):
        form["active"] = "on"
    assert admin.post(f"/admin/users/{zoe}", data=form).status_code == 302
    _cut(app, page, code)


def test_signing_out_ends_the_session_for_every_copy_of_its_cookie(app, harness):
    code, laptop, _ = harness.create(owner="zoe@example.org")
    thief = _copy_of(app, laptop)
    assert thief.get("/account").status_code == 200  # the copy works while signed in
    stolen_page = _facilitator_page(app, thief, code)
    assert laptop.post("/logout").status_code == 302
    assert thief.get("/account").status_code == 302
    assert thief.post("/api/workshops", json={"title": "Pirate"}).status_code == 401
    _cut(app, stolen_page, code)
    refused = socketio.test_client(
        app, flask_test_client=thief, auth={"code": code, "view": "facilitator"}
    )
    assert not refused.is_connected()
    assert refused.connect_error["data"]["code"] == "login_required"


def test_signing_out_through_the_api_ends_the_session_too(app, harness):
    browser = harness.signed_in("zoe@example.org")
    copy = _copy_of(app, browser)
    assert browser.delete("/api/session").status_code == 204
    assert copy.get("/account").status_code == 302


def test_signing_out_on_one_device_keeps_the_others_signed_in(app, harness):
    laptop = harness.signed_in("zoe@example.org")
    phone = harness.signed_in("zoe@example.org")
    laptop.post("/logout")
    assert phone.get("/account").status_code == 200


def test_a_live_page_ends_with_its_login_session_after_180_days(app, harness):
    import datetime as dt

    from atelier.extensions import db
    from atelier.models import LoginSession

    code, laptop, _ = harness.create(owner="zoe@example.org")
    page = _facilitator_page(app, laptop, code)
    assert page.emit("timer.stop", {}, callback=True)["ok"]
    with app.app_context():
        for login in db.session.scalars(db.select(LoginSession)):
            login.created_at -= dt.timedelta(days=181)
        db.session.commit()
    assert page.emit("timer.stop", {}, callback=True)["error"]["code"] == "not_facilitator"
