"""Texts that only overflow a column once stored: the same refusal on SQLite and PostgreSQL.

SQLite stores an over-long string silently and PostgreSQL refuses it with
a server error, so these tests assert the refusal itself on both.
"""

import os

import pytest
from sqlalchemy import select

from atelier.extensions import db
from atelier.models import Team, Workshop

from ..support import Harness

DATABASES = ["sqlite"]
if os.environ.get("ATELIER_TEST_POSTGRES_URL"):
    DATABASES.append("postgresql")

# Each grows when case-folded: ß → ss, ﬃ → ffi, և → եւ.
GROWING = ["ß", "ﬃ", "և"]
SETTING_FR = "Ce réglage n’est pas valide."
TEAMS_FR = "Le nom d’une équipe tient sur une ligne, 120 caractères au plus."


@pytest.fixture(params=DATABASES)
def harness(request, make_app):
    if request.param == "sqlite":
        return Harness(make_app())
    return Harness(make_app(DATABASE_URL=request.getfixturevalue("postgres_url")))


@pytest.mark.parametrize("letter", GROWING)
def test_a_workshop_team_that_grows_when_case_folded_is_refused(harness, letter):
    team = letter * 120
    http = harness.signed_in()
    created = http.post(
        "/api/workshops",
        json={"title": "Atelier", "team": team},
        headers={"Accept-Language": "fr"},
    )
    assert created.status_code == 400
    assert created.json["error"] == {"code": "setting_invalid", "message": SETTING_FR}

    code, http, _ = harness.create(team="Accueil")
    facilitator = harness.facilitator(code, http, lang="fr")
    ack = facilitator.act("workshop.update", {"settings": {"team": team}})
    assert ack == {"ok": False, "error": {"code": "setting_invalid", "message": SETTING_FR}}
    with harness.app.app_context():
        assert db.session.scalar(select(Workshop.team).filter_by(code=code)) == "Accueil"


@pytest.mark.parametrize("letter", GROWING)
def test_a_new_team_that_grows_when_case_folded_is_refused(harness, letter):
    admin = harness.signed_in("admin@example.org", "admin")
    page = admin.post(
        "/admin/teams", data={"name": letter * 120}, headers={"Accept-Language": "fr"}
    )
    assert page.status_code == 400
    assert TEAMS_FR in page.get_data(as_text=True)
    with harness.app.app_context():
        assert not db.session.scalars(select(Team)).all()


def test_a_team_whose_folded_form_fits_is_kept_and_matched(harness):
    """60 × ß folds to 120 letters: the longest such team is still a team."""
    harness.create(title="Straße", team="ß" * 60)
    manager = harness.signed_in("nour@example.org", "manager", teams=["SS" * 60])
    listed = manager.get("/account")
    assert listed.status_code == 200 and "Straße" in listed.get_data(as_text=True)
