"""Who can download the bilan: the facilitator, and a manager through a revocable link."""

import io
import re

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_facilitator_downloads_a_pdf_named_after_team_and_date(harness):
    code, facilitator, screen, phones, _ = harness.at_results(
        team="Agence de Rennes — accueil", date="2026-11-23"
    )
    http = facilitator.sio.flask_test_client
    response = http.get(f"/w/{code}/bilan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="bilan-agence-de-rennes-accueil-2026-11-23.pdf"'
    )
    assert "Idée collègue 0" in pdf_text(response.data)


def test_nobody_else_gets_it(app, harness):
    code, facilitator, screen, phones, _ = harness.at_results()
    assert phones[0].http.get(f"/w/{code}/bilan.pdf").status_code == 403
    assert app.test_client().get(f"/w/{code}/bilan.pdf").status_code == 403


def test_manager_link_works_until_revoked(app, harness):
    code, facilitator, screen, phones, _ = harness.at_results()
    http = facilitator.sio.flask_test_client
    assert http.post(f"/w/{code}/manager-link").status_code == 302
    page = http.get(f"/w/{code}/facilitate").text
    link = re.search(rf"http://localhost(/w/{code}/manager/[\w-]+)", page).group(1)

    manager = app.test_client()
    assert manager.get(link).status_code == 200
    pdf = manager.get(link + "/bilan.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # Read-only: the manager link opens nothing else.
    assert "/login?next=" in manager.get(f"/w/{code}/facilitate").headers["Location"]
    assert manager.get(f"/w/{code}/export.json").status_code == 403

    http.post(f"/w/{code}/manager-link")  # a new link replaces the old one
    assert manager.get(link).status_code == 401
    new_link = re.search(
        rf"http://localhost(/w/{code}/manager/[\w-]+)", http.get(f"/w/{code}/facilitate").text
    ).group(1)
    assert manager.get(new_link).status_code == 200
    http.post(f"/w/{code}/manager-link/revoke")
    assert manager.get(new_link).status_code == 401
    assert manager.get(new_link + "/bilan.pdf").status_code == 401


def test_only_the_facilitator_makes_or_revokes_manager_links(app, harness):
    code, facilitator, screen, phones, _ = harness.at_results()
    assert phones[0].http.post(f"/w/{code}/manager-link").status_code == 403
    assert app.test_client().post(f"/w/{code}/manager-link/revoke").status_code == 403


def test_the_facilitators_screen_offers_the_bilan_and_the_public_screen_does_not(app, harness):
    code, facilitator, screen, phones, _ = harness.at_results()
    own_screen = facilitator.sio.flask_test_client.get(f"/w/{code}/screen").text
    assert f"/w/{code}/bilan.pdf" in own_screen
    assert f"/w/{code}/bilan.pdf" not in app.test_client().get(f"/w/{code}/screen").text
