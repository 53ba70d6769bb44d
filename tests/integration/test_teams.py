"""Teams as rows (issue 12): every spelling of a team's name is one team."""

import pytest

from atelier.extensions import db
from atelier.models import Team, Workshop
from atelier.services import workshops
from atelier.services.identity import Identity


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def test_workshops_typed_with_another_spelling_belong_to_the_same_team(ctx):
    first, _ = workshops.create_workshop({"title": "Un", "team": "Équipe Accueil"})
    second, _ = workshops.create_workshop({"title": "Deux", "team": "equipe  accueil"})
    other, _ = workshops.create_workshop({"title": "Trois", "team": "Back office"})
    none, _ = workshops.create_workshop({"title": "Quatre"})
    assert first.team_id is not None and first.team_id == second.team_id
    assert other.team_id not in (None, first.team_id)
    assert none.team_id is None
    # The first spelling names it; the workshops keep theirs.
    assert db.session.get(Team, first.team_id).name == "Équipe Accueil"
    assert second.team == "equipe accueil"


def test_renaming_a_workshops_team_moves_it(ctx):
    workshop, _ = workshops.create_workshop({"title": "Un", "team": "Accueil"})
    facilitator = Identity(workshop.id, facilitator=True)
    workshops.update_settings(facilitator, {"team": "Back office"})
    moved = db.session.get(Workshop, workshop.id, populate_existing=True)
    assert db.session.get(Team, moved.team_id).name == "Back office"
    workshops.update_settings(facilitator, {"team": ""})
    assert db.session.get(Workshop, workshop.id, populate_existing=True).team_id is None
