"""Share links for an external review (issue 12): made by the workshop's
facilitators with an expiry date, shown once, stored as a digest only; they
open one workshop's outcome and its bilan read-only until they expire or are
revoked, and then say so plainly."""

import datetime as dt
import hashlib
import re

import pytest

from atelier.extensions import db
from atelier.models import ShareLink
from atelier.services import bilan, share_links

from ..support import visible_text

TEAM = "Agence de Rennes"


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    """Who gets the bilan is the question here, not its layout (seconds of CPU)."""
    monkeypatch.setattr(bilan, "_pdf_from_html", lambda html, static: b"%PDF-1.7 stub")


def make_link(http, code: str, expires_on: str = "") -> str:
    """The path of a new link, read from the facilitator view where it shows once."""
    response = http.post(f"/w/{code}/share-links", data={"expires_on": expires_on})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/w/{code}/facilitate#share")
    page = http.get(f"/w/{code}/facilitate?lang=en").text
    return re.search(r'id="share-url" readonly value="http://localhost(/s/[\w-]+)"', page).group(1)


def test_a_link_opens_the_workshops_outcome_and_its_report(app, harness):
    code, facilitator, screen, phones, ideas = harness.at_results(team=TEAM, title="Prendre soin")
    http = facilitator.sio.flask_test_client
    path = make_link(http, code)
    visitor = app.test_client()  # no account, no cookie
    page = visitor.get(path + "?lang=en")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    text = visible_text(page.text)
    assert "External review" in text and "Prendre soin" in text
    assert "Idée collègue 0" in text and "3 commitments: Amina, Karim, Zoé" in text.replace(
        " ,", ","
    )
    assert f'href="{path}/bilan.pdf"' in page.text
    pdf = visitor.get(path + "/bilan.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    # Read-only: the link opens nothing else of the workshop.
    assert visitor.get(f"/w/{code}/bilan.pdf").status_code == 403
    assert visitor.get(f"/w/{code}/export.json").status_code == 403


def test_the_link_shows_once_and_only_its_digest_is_stored(app, harness):
    code, facilitator, *_ = harness.at_results(team=TEAM)
    http = facilitator.sio.flask_test_client
    path = make_link(http, code)
    token = path.removeprefix("/s/")
    # Shown once: the next visit lists it by its expiry date, without the secret.
    again = http.get(f"/w/{code}/facilitate?lang=en").text
    assert token not in again
    expires = share_links.default_expiry()
    assert f"Works until {expires:%b} {expires.day}, {expires.year}" in visible_text(again)
    with app.app_context():
        (row,) = db.session.scalars(db.select(ShareLink)).all()
        assert row.digest == hashlib.sha256(token.encode()).hexdigest()
        stored = [str(getattr(row, c.name)) for c in ShareLink.__table__.columns]
        assert not [value for value in stored if token in value]
        assert row.expires_on == expires
        assert (row.expires_on - dt.date.today()).days in (29, 30, 31)


def test_an_expired_link_says_so_and_shows_nothing(app, harness):
    code, facilitator, *_ = harness.at_results(team=TEAM, title="Prendre soin")
    path = make_link(facilitator.sio.flask_test_client, code)
    with app.app_context():
        row = db.session.scalars(db.select(ShareLink)).one()
        row.expires_on = share_links.today()  # the last day it works
        db.session.commit()
    assert app.test_client().get(path).status_code == 200
    with app.app_context():
        row = db.session.scalars(db.select(ShareLink)).one()
        row.expires_on = share_links.today() - dt.timedelta(days=1)
        db.session.commit()
    for url in (path + "?lang=en", path + "/bilan.pdf?lang=en"):
        gone = app.test_client().get(url)
        assert gone.status_code == 410 and gone.mimetype == "text/html"
        text = visible_text(gone.text)
        assert "This review link has expired" in text
        assert "Prendre soin" not in text and "Idée collègue" not in text
    french = visible_text(app.test_client().get(path + "?lang=fr").text)
    assert "Ce lien de relecture a expiré" in french


def test_a_revoked_link_stops_at_once(app, harness):
    code, facilitator, *_ = harness.at_results(team=TEAM)
    http = facilitator.sio.flask_test_client
    path = make_link(http, code)
    kept = make_link(http, code)
    with app.app_context():
        link_id = db.session.scalar(
            db.select(ShareLink.id).filter_by(digest=share_links.digest(path.removeprefix("/s/")))
        )
    response = http.post(f"/w/{code}/share-links/{link_id}/revoke")
    assert response.status_code == 302
    assert "The review link no longer works." in visible_text(
        http.get(f"/w/{code}/facilitate?lang=en").text
    )
    gone = app.test_client().get(path + "?lang=en")
    assert gone.status_code == 410
    assert "withdrawn by the workshop's facilitator" in visible_text(gone.text)
    assert app.test_client().get(path + "/bilan.pdf").status_code == 410
    assert app.test_client().get(kept).status_code == 200  # the other link still works


def test_a_link_of_another_workshop_cannot_be_revoked_from_this_one(app, harness):
    first, facilitator, *_ = harness.at_results(team=TEAM)
    other, other_facilitator, *_ = harness.at_results(team="Ailleurs", owner="other@example.org")
    path = make_link(other_facilitator.sio.flask_test_client, other)
    with app.app_context():
        link_id = db.session.scalar(db.select(ShareLink.id))
    http = facilitator.sio.flask_test_client
    assert http.post(f"/w/{first}/share-links/{link_id}/revoke").status_code == 302
    assert http.post(f"/w/{first}/share-links/{2**40}/revoke").status_code == 302
    assert app.test_client().get(path).status_code == 200


def test_unknown_links_are_404_with_a_message(app):
    assert app.test_client().get("/s/../../etc/passwd").status_code == 404
    for token in ("x", "A" * 43):
        response = app.test_client().get(f"/s/{token}?lang=en")
        assert response.status_code == 404
        assert "This link does not open anything" in visible_text(response.text)


@pytest.mark.parametrize(
    "days, made", [(1, True), (90, True), (0, False), (91, False), (-3, False)]
)
def test_the_expiry_is_from_tomorrow_to_90_days(app, harness, days, made):
    code, facilitator, *_ = harness.at_results(team=TEAM)
    http = facilitator.sio.flask_test_client
    day = (share_links.today() + dt.timedelta(days=days)).isoformat()
    response = http.post(f"/w/{code}/share-links?lang=en", data={"expires_on": day})
    assert response.status_code == 302
    page = visible_text(http.get(f"/w/{code}/facilitate?lang=en").text)
    with app.app_context():
        rows = db.session.scalars(db.select(ShareLink)).all()
    assert len(rows) == (1 if made else 0)
    if made:
        assert rows[0].expires_on.isoformat() == day
    else:
        assert "Choose an expiry date from tomorrow to 90 days from today." in page


def test_a_garbled_expiry_is_refused_with_the_same_message(app, harness):
    code, facilitator, *_ = harness.at_results(team=TEAM)
    http = facilitator.sio.flask_test_client
    for value in ("demain", "2026-02-30", "9" * 200):
        http.post(f"/w/{code}/share-links", data={"expires_on": value})
    with app.app_context():
        assert db.session.scalars(db.select(ShareLink)).all() == []


def test_only_the_facilitators_make_or_revoke_links(app, harness):
    code, facilitator, screen, phones, _ = harness.at_results(team=TEAM)
    assert phones[0].http.post(f"/w/{code}/share-links").status_code == 403
    assert app.test_client().post(f"/w/{code}/share-links").status_code == 403
    manager = harness.signed_in("manager@example.org", "manager", teams=[TEAM])
    assert manager.post(f"/w/{code}/share-links").status_code == 403
    assert manager.post(f"/w/{code}/share-links/1/revoke").status_code == 403
    with app.app_context():
        assert db.session.scalars(db.select(ShareLink)).all() == []


def test_the_share_page_hides_names_the_room_hid(app, harness):
    code, facilitator, *_ = harness.at_results(
        names=("Zoé", "Karim", "Amina"), team=TEAM, show_names=False
    )
    page = visible_text(
        app.test_client().get(make_link(facilitator.sio.flask_test_client, code) + "?lang=en").text
    )
    assert "3 people, names not shown" in page
    for name in ("Zoé", "Karim", "Amina"):
        assert name not in page


def test_deleting_the_workshop_deletes_its_links(app, harness):
    code, facilitator, *_ = harness.at_results(team=TEAM)
    http = facilitator.sio.flask_test_client
    path = make_link(http, code)
    assert http.post(f"/w/{code}/delete", data={"confirm": code}).status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(ShareLink)).all() == []
    assert app.test_client().get(path).status_code == 404


def test_the_panel_proposes_30_days_and_allows_90_at_most(harness):
    code, facilitator, *_ = harness.at_results(team=TEAM)
    page = facilitator.sio.flask_test_client.get(f"/w/{code}/facilitate?lang=en").text
    field = re.search(r'<input id="share-expiry"[^>]*>', page).group(0)
    today = share_links.today()
    assert f'value="{today + dt.timedelta(days=30)}"' in field
    assert f'min="{today + dt.timedelta(days=1)}"' in field
    assert f'max="{today + dt.timedelta(days=90)}"' in field
    assert "Share for an external review" in visible_text(page)
