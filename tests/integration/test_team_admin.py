"""Teams are real (issue 12): an admin creates, renames, merges and keeps apart
teams and gives them to accounts; a facilitator makes and renames the teams
they lead; a workshop's team is chosen from a list."""

import os
import re

import pytest
from sqlalchemy import select

from atelier.extensions import db
from atelier.models import Team, TeamMember, TeamsKeptApart, User, Workshop
from atelier.services import accounts

from ..hostile import CLASSIC, HOSTILE
from ..support import visible_text

ADMIN, CAMILLE, NOUR = "admin@example.org", "camille@example.org", "nour@example.org"
EXISTS_EN = "A team of this name exists already."
EXISTS_FR = "Une équipe porte déjà ce nom."

DATABASES = ["sqlite"]
if os.environ.get("ATELIER_TEST_POSTGRES_URL"):
    DATABASES.append("postgresql")


@pytest.fixture(params=DATABASES)
def app(request, make_app):
    """Merging moves rows between teams: checked on PostgreSQL too when it is there."""
    if request.param == "sqlite":
        return make_app()
    return make_app(DATABASE_URL=request.getfixturevalue("postgres_url"))


def in_english(http):
    """The pages in English (French is the default)."""
    http.set_cookie("atelier_lang", "en")
    return http


def signed_in(harness, email, role="facilitator", **extra):
    return in_english(harness.signed_in(email, role, **extra))


@pytest.fixture
def admin(harness):
    return signed_in(harness, ADMIN, "admin")


def text(response) -> str:
    return visible_text(response.get_data(as_text=True))


def team_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Team.id).filter_by(name=name))


def team_names(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Team.name).order_by(Team.name)))


def teams_of(app, email: str) -> list[str]:
    with app.app_context():
        return [t.name for t in accounts.find_by_email(email).teams]


def workshop_teams(app) -> set[tuple[str, str | None]]:
    with app.app_context():
        rows = db.session.execute(
            select(Workshop.team, Team.name).outerjoin(Team, Team.id == Workshop.team_id)
        )
        return set(rows.all())


def near_miss_rows(page: str) -> list[str]:
    items = re.findall(r'<li class="near-miss".*?</li>', page, flags=re.S)
    return [visible_text(item).strip() for item in items]


# -- the admin's list -----------------------------------------------------------------


def test_the_admin_creates_a_team_and_a_matching_name_is_refused(app, admin):
    made = admin.post("/admin/teams", data={"name": "  Équipe   Accueil "})
    assert made.status_code == 302 and made.headers["Location"].endswith("/admin/#teams")
    page = text(admin.get("/admin/"))
    assert "Équipe Accueil" in page and "0 workshops" in page and "No member yet." in page
    for lang, message in (("en", EXISTS_EN), ("fr", EXISTS_FR)):
        admin.set_cookie("atelier_lang", lang)
        again = admin.post("/admin/teams", data={"name": "equipe accueil"})
        assert again.status_code == 409
        assert message in text(again)
    assert team_names(app) == ["Équipe Accueil"]
    # The admin administers the team; they are not given it.
    assert teams_of(app, ADMIN) == []


def test_the_list_counts_each_teams_workshops_and_names_its_members(app, harness, admin):
    harness.create(owner=CAMILLE, team="Logistique")
    harness.create(owner=CAMILLE, team="logistique")
    harness.account(NOUR, "manager", name="Nour", teams=["Logistique"])
    page = text(admin.get("/admin/"))
    assert "Logistique 2 workshops" in page
    assert "Members: Camille (facilitator), Nour (manager)" in page


def test_renaming_a_team_renames_its_workshops_and_cannot_take_another_name(app, harness, admin):
    harness.create(owner=CAMILLE, team="Acceuil")
    harness.create(owner=CAMILLE, team="Logistique")
    typo = team_id(app, "Acceuil")
    renamed = admin.post(f"/admin/teams/{typo}/rename", data={"name": "Accueil"})
    assert renamed.status_code == 302
    assert ("Accueil", "Accueil") in workshop_teams(app)
    # The same name in other letters is the same team: allowed.
    assert admin.post(f"/admin/teams/{typo}/rename", data={"name": "ACCUEIL"}).status_code == 302
    taken = admin.post(f"/admin/teams/{typo}/rename", data={"name": "logistique"})
    assert taken.status_code == 409 and EXISTS_EN in text(taken)
    assert team_names(app) == ["ACCUEIL", "Logistique"]
    assert admin.post("/admin/teams/999/rename", data={"name": "X"}).status_code == 404


def test_near_misses_offer_to_merge_either_way_or_keep_apart(app, harness, admin):
    for name in ("Accueil Rennes", "Accueil Renne", "Logistique"):
        admin.post("/admin/teams", data={"name": name})
    page = admin.get("/admin/").get_data(as_text=True)
    assert near_miss_rows(page) == [
        "Accueil Renne · and Accueil Rennes Merge into “Accueil Renne” "
        "Merge into “Accueil Rennes” Keep apart"
    ]
    first, second = team_id(app, "Accueil Rennes"), team_id(app, "Accueil Renne")
    kept = admin.post(f"/admin/teams/{second}/keep-apart", data={"other": str(first)})
    assert kept.status_code == 302
    assert near_miss_rows(admin.get("/admin/").get_data(as_text=True)) == []
    with app.app_context():
        rows = db.session.execute(select(TeamsKeptApart.first_id, TeamsKeptApart.second_id))
        assert rows.all() == [(min(first, second), max(first, second))]
    # Keeping apart twice changes nothing.
    assert admin.post(f"/admin/teams/{first}/keep-apart", data={"other": second}).status_code == 302
    assert admin.post(f"/admin/teams/{first}/keep-apart", data={"other": first}).status_code == 400


def test_merging_moves_workshops_and_members_and_the_manager_follows(app, harness, admin):
    harness.create(owner=CAMILLE, title="Avant la fusion", team="Accueil Renne")
    harness.create(owner=CAMILLE, title="Le bon nom", team="Accueil Rennes")
    # Nour reads the misspelt team; Camille leads both (she named them).
    manager = signed_in(harness, NOUR, "manager", teams=["Accueil Renne"])
    assert "Le bon nom" not in text(manager.get("/account"))
    typo, kept = team_id(app, "Accueil Renne"), team_id(app, "Accueil Rennes")

    merged = admin.post(f"/admin/teams/{typo}/merge", data={"into": str(kept)})
    assert merged.status_code == 302
    assert team_names(app) == ["Accueil Rennes"]
    assert workshop_teams(app) == {("Accueil Rennes", "Accueil Rennes")}
    with app.app_context():
        members = db.session.scalars(select(TeamMember.user_id).filter_by(team_id=kept)).all()
        assert sorted(members) == sorted(
            accounts.find_by_email(e).id for e in (CAMILLE, NOUR)
        )  # Camille once, not twice
    assert teams_of(app, NOUR) == ["Accueil Rennes"]
    page = text(manager.get("/account"))
    assert "Avant la fusion" in page and "Le bon nom" in page
    assert near_miss_rows(admin.get("/admin/").get_data(as_text=True)) == []
    assert admin.post(f"/admin/teams/{typo}/merge", data={"into": kept}).status_code == 404
    assert admin.post(f"/admin/teams/{kept}/merge", data={"into": kept}).status_code == 400


# -- accounts given teams from the list ---------------------------------------------------


def test_the_admin_gives_teams_by_ticking_them(app, harness, admin):
    for name in ("Accueil", "Logistique", "Direction"):
        admin.post("/admin/teams", data={"name": name})
    nour = harness.account(NOUR, "manager")
    ids = [team_id(app, "Accueil"), team_id(app, "Logistique")]
    page = admin.get("/admin/").get_data(as_text=True)
    assert f'name="teams" type="checkbox" value="{ids[0]}"' in page
    saved = admin.post(
        f"/admin/users/{nour}", data={"role": "manager", "active": "on", "teams": ids}
    )
    assert saved.status_code == 302
    assert teams_of(app, NOUR) == ["Accueil", "Logistique"]
    page = admin.get("/admin/").get_data(as_text=True)
    assert re.search(rf'id="team-{nour}-{ids[1]}" name="teams" type="checkbox" [^>]*checked', page)
    # Unticked: taken away. An unknown team: nothing changes.
    admin.post(f"/admin/users/{nour}", data={"role": "manager", "active": "on", "teams": ids[1]})
    assert teams_of(app, NOUR) == ["Logistique"]
    unknown = admin.post(
        f"/admin/users/{nour}", data={"role": "manager", "active": "on", "teams": ["999"]}
    )
    assert unknown.status_code == 404
    assert teams_of(app, NOUR) == ["Logistique"]
    assert "Members: Nour (manager)" in text(admin.get("/admin/"))


def test_the_last_admin_still_cannot_step_down(app, admin):
    with app.app_context():
        me = accounts.find_by_email(ADMIN).id
    refused = admin.post(f"/admin/users/{me}", data={"role": "manager", "active": "on"})
    assert refused.status_code == 409
    with app.app_context():
        assert db.session.get(User, me).role == "admin"


# -- a facilitator's own teams ---------------------------------------------------------


def test_a_facilitator_makes_a_team_they_lead_but_not_one_that_exists(app, harness):
    camille = signed_in(harness, CAMILLE)
    made = camille.post("/account/teams", data={"name": "Accueil Rennes"})
    assert made.status_code == 302 and made.headers["Location"].endswith("/account#my-teams")
    assert teams_of(app, CAMILLE) == ["Accueil Rennes"]
    page = text(camille.get("/account"))
    assert "You lead these teams" in page and "Accueil Rennes" in page
    harness.create(owner="sam@example.org", team="Logistique")
    for lang, message in (("en", EXISTS_EN), ("fr", EXISTS_FR)):
        camille.set_cookie("atelier_lang", lang)
        taken = camille.post("/account/teams", data={"name": " LOGISTIQUE "})
        assert taken.status_code == 409 and message in text(taken)
    # Typed again, the name stays in the field.
    assert 'value=" LOGISTIQUE "' in taken.get_data(as_text=True)
    assert teams_of(app, CAMILLE) == ["Accueil Rennes"]


def test_a_facilitator_renames_only_the_teams_they_lead(app, harness):
    camille = signed_in(harness, CAMILLE)
    camille.post("/account/teams", data={"name": "Acceuil"})
    harness.create(owner="sam@example.org", team="Logistique")
    mine, theirs = team_id(app, "Acceuil"), team_id(app, "Logistique")
    assert (
        camille.post(f"/account/teams/{mine}/rename", data={"name": "Accueil"}).status_code == 302
    )
    assert teams_of(app, CAMILLE) == ["Accueil"]
    refused = camille.post(f"/account/teams/{theirs}/rename", data={"name": "Pris"})
    assert refused.status_code == 403
    assert team_names(app) == ["Accueil", "Logistique"]
    taken = camille.post(f"/account/teams/{mine}/rename", data={"name": "logistique"})
    assert taken.status_code == 409


def test_a_manager_sees_the_teams_given_and_changes_none(app, harness):
    harness.create(owner=CAMILLE, team="Accueil")
    manager = signed_in(harness, NOUR, "manager", teams=["Accueil"])
    page = manager.get("/account").get_data(as_text=True)
    assert "You read the workshops of these teams." in visible_text(page)
    assert 'action="/account/teams' not in page
    assert manager.post("/account/teams", data={"name": "Mienne"}).status_code == 403
    accueil = team_id(app, "Accueil")
    assert manager.post(f"/account/teams/{accueil}/rename", data={"name": "X"}).status_code == 403
    assert team_names(app) == ["Accueil"]


# -- a workshop's team from the list ------------------------------------------------------


def test_the_home_form_lists_the_teams_the_account_leads(app, harness):
    camille = signed_in(harness, CAMILLE)
    camille.post("/account/teams", data={"name": "Accueil"})
    harness.create(owner="sam@example.org", team="Logistique")
    accueil, other_team = team_id(app, "Accueil"), team_id(app, "Logistique")
    page = camille.get("/").get_data(as_text=True)
    options = re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>", page)
    assert ("", "No team") in options and (str(accueil), "Accueil") in options
    assert ("other", "Another team…") in options and "Logistique" not in page

    chosen = camille.post("/workshops", data={"title": "Choisie", "team_choice": str(accueil)})
    assert chosen.status_code == 302
    typed = camille.post(
        "/workshops", data={"title": "Tapée", "team_choice": "other", "team": "Agence de Brest"}
    )
    assert typed.status_code == 302
    # A team made by typing its name is led by whoever named it.
    assert teams_of(app, CAMILLE) == ["Accueil", "Agence de Brest"]
    none = camille.post("/workshops", data={"title": "Sans", "team_choice": "", "team": ""})
    assert none.status_code == 302
    with app.app_context():
        made = dict(db.session.execute(select(Workshop.title, Workshop.team_id)).all())
    assert made["Choisie"] == accueil and made["Sans"] is None
    # Someone else's team, by its id: refused, the form shown again.
    theirs = camille.post("/workshops", data={"title": "Volée", "team_choice": str(other_team)})
    assert theirs.status_code == 400 and "This team no longer exists" in text(theirs)


def test_an_account_without_teams_types_one_as_before(app, harness):
    camille = signed_in(harness, CAMILLE)
    page = camille.get("/").get_data(as_text=True)
    assert 'name="team_choice"' not in page and 'id="team" name="team"' in page


def test_the_settings_card_shows_the_workshops_team_in_the_list(app, harness):
    code, camille, _ = harness.create(owner=CAMILLE, team="accueil")
    camille.post("/account/teams", data={"name": "Logistique"})
    page = camille.get(f"/w/{code}/facilitate").get_data(as_text=True)
    accueil = team_id(app, "accueil")
    assert re.search(rf'<option value="{accueil}" selected>accueil</option>', page)
    assert 'id="s-team-choice" name="team_choice"' in page


# -- hostile names ----------------------------------------------------------------------


def test_hostile_team_names_are_shown_as_text(app, harness, admin):
    names = [t for t in CLASSIC + HOSTILE["texts"] if "\n" not in t and len(t) <= 120]
    names.append(CLASSIC[0].replace("__xss=1", "__xss=2"))  # a near miss of the first
    camille = signed_in(harness, CAMILLE)
    for name in names:
        made = camille.post("/account/teams", data={"name": name})
        assert made.status_code in (302, 409), (name, made.status_code)
    # Two near misses among them, so the merge buttons carry names too.
    for page in (admin.get("/admin/"), camille.get("/account"), camille.get("/")):
        html = page.get_data(as_text=True)
        assert "<script>window.__xss" not in html and "<img src=x" not in html
        assert "<b>bold</b>" not in html and "<svg onload" not in html
        shown = visible_text(html)
        for name in team_names(app):
            assert name in shown, name
    rows = near_miss_rows(admin.get("/admin/").get_data(as_text=True))
    assert any("window.__xss=2" in row for row in rows), rows


def test_a_renamed_team_shows_its_new_name_on_the_open_screen(app, harness, admin):
    code, _, _ = harness.create(owner=CAMILLE, team="Acceuil")
    screen = harness.screen(code)
    assert screen.store.workshop["team"] == "Acceuil"
    admin.post(f"/admin/teams/{team_id(app, 'Acceuil')}/rename", data={"name": "Accueil"})
    screen.drain()
    assert screen.store.workshop["team"] == "Accueil"
