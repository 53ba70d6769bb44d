"""Issue 12 review: cross-feature findings, each a user-visible failure."""

import datetime as dt

from atelier.extensions import db
from atelier.models import Idea, Team, Workshop
from atelier.services.identity import find_workshop

from ..support import client_id, visible_text
from .test_review import report

TEAM = "Agence de Rennes"
OWNER = "camille@example.org"


def test_a_finished_second_round_plans_no_further_review(app, harness):
    """Round 1 chose a longer experiment and extended an idea; round 2 was held
    and closed without choosing one: nothing is still planned for this workshop."""
    # Dates around today: what the first round's choice would propose is still to come.
    today = dt.date.today()
    code, facilitator, screen, phones, (first, second, _) = harness.at_results(
        date=(today - dt.timedelta(days=20)).isoformat(), team=TEAM
    )
    facilitator.ok("phase.set", {"phase": "review"})
    assert report(phones[0], first, "yes", 4)["ok"]
    facilitator.ok("decision.set", {"idea_id": first, "choice": "extend", "note": ""})
    facilitator.ok("review.outcome", {"next_step": "longer_experiment", "note": "", "lessons": ""})
    later = (today + dt.timedelta(days=10)).isoformat()
    facilitator.ok("review.extend", {"idea_ids": [first], "date": later})
    facilitator.ok("phase.set", {"phase": "review"})
    assert report(phones[0], first, "yes", 5)["ok"]
    facilitator.ok("decision.set", {"idea_id": first, "choice": "keep", "note": ""})
    facilitator.ok("phase.set", {"phase": "closed"})
    with app.app_context():
        team_id = find_workshop(code).team_id
    http = harness.signed_in(OWNER)
    team_page = visible_text(http.get(f"/teams/{team_id}?lang=en").text)
    assert "Planned reviews" not in team_page and "next review around" not in team_page
    dashboard = visible_text(http.get("/dashboard?lang=en").text)
    assert "after a longer experiment" not in dashboard


def _library_reviewed(harness, texts, *, team, owner=OWNER, **settings):
    """A workshop at its review whose ideas were tried and kept by both people."""
    code, facilitator, screen, phones = harness.open_workshop(
        ("Bérénice", "Octave"), team=team, owner=owner, **settings
    )
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    ids = [harness.post(phones[0], text, kind="colleague")["idea_id"] for text in texts]
    facilitator.ok("phase.set", {"phase": "vote"})
    for phone in phones:
        phone.ok("vote.set", {"idea_ids": ids, "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})
    for phone in phones:
        for idea_id in ids:
            assert report(phone, idea_id, "yes", 4)["ok"]
    facilitator.ok("phase.set", {"phase": "review"})
    for idea_id in ids:
        facilitator.ok("decision.set", {"idea_id": idea_id, "choice": "keep", "note": ""})
    return code, facilitator, screen, phones, ids


def _start_from(http, code, **fields):
    import re

    form = http.get(f"/w/{code}/start-from")
    assert form.status_code == 200, form.text
    request_id = re.search(r'name="request_id" value="([^"]+)"', form.text).group(1)
    data = {"team": "same", "title": "Suite", "request_id": request_id, **fields}
    response = http.post(f"/w/{code}/start-from", data=data)
    assert response.status_code == 302, response.text
    return re.match(r".*/w/(\w+)/facilitate$", response.headers["Location"]).group(1)


def test_a_workshop_started_from_an_opted_out_one_stays_out_of_the_library(app, harness):
    """The source opted out of the library: the workshop started from its ideas
    (same facilitator, same team) does not put them in the library by default."""
    code, *_, ids = _library_reviewed(
        harness, ["Secret de fabrication maison"], team=TEAM, in_library=False
    )
    owner = harness.signed_in(OWNER)
    new = _start_from(owner, code, idea_ids=[str(ids[0])])
    with app.app_context():
        carried = db.session.scalar(db.select(Idea.id).join(Workshop).where(Workshop.code == new))
    # The new group plays it through to its review and keeps the idea.
    facilitator = harness.facilitator(new, owner)
    facilitator.ok("phase.set", {"phase": "lobby"})
    (phone, _) = harness.join(new, "Lina")
    for phase in ("client_ideas", "transposition", "vote"):
        facilitator.ok("phase.set", {"phase": phase})
    phone.ok("vote.set", {"idea_ids": [carried], "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})
    assert report(phone, carried, "yes", 5)["ok"]
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("decision.set", {"idea_id": carried, "choice": "keep", "note": ""})
    page = harness.signed_in("manager@example.org", "manager").get("/library?lang=en")
    assert "Secret de fabrication maison" not in visible_text(page.text)


def test_the_inspiration_does_not_offer_an_idea_this_workshop_carried_over(app, harness):
    """A workshop started from another's kept ideas: at its transposition the screen's
    "ideas other teams kept" does not show again the very idea already on its board."""
    code, *_, (kept,) = _library_reviewed(harness, ["Un café d'accueil le lundi"], team=TEAM)
    _library_reviewed(harness, ["Un tableau des mercis"], team="Agence de Brest")
    owner = harness.signed_in(OWNER)
    new = _start_from(owner, code, idea_ids=[str(kept)])
    facilitator = harness.facilitator(new, owner)
    facilitator.ok("phase.set", {"phase": "lobby"})
    harness.join(new, "Lina")
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    facilitator.ok("inspiration.show", {"shown": True})
    shown = harness.screen(new).sync()["inspiration"]
    assert [idea["text"] for idea in shown["ideas"]] == ["Un tableau des mercis"]


def test_the_dashboard_shows_the_decisions_of_the_latest_review_round(app, harness, monkeypatch):
    """A longer experiment reviewed again: the dashboard's "Decisions" are the
    latest review's (round 2 kept the idea), not the first round's "extend"."""
    from atelier.services import review

    monkeypatch.setattr(review, "today", lambda: dt.date(2026, 9, 16))  # its first review
    code, facilitator, screen, phones, (first, second, _) = harness.at_results(
        date="2026-09-01", team=TEAM
    )
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("decision.set", {"idea_id": first, "choice": "extend", "note": ""})
    facilitator.ok("decision.set", {"idea_id": second, "choice": "stop", "note": ""})
    facilitator.ok("review.extend", {"idea_ids": [first], "date": "2026-10-20"})
    facilitator.ok("phase.set", {"phase": "review"})
    assert report(phones[0], first, "yes", 5)["ok"]
    facilitator.ok("decision.set", {"idea_id": first, "choice": "keep", "note": ""})
    dashboard = visible_text(harness.signed_in(OWNER).get("/dashboard?lang=en").text)
    decisions = dashboard[dashboard.index("Decisions") :]
    assert "Keep going — Idée collègue 0" in decisions
    assert "Extend the experiment — Idée collègue 0" not in decisions
    # The CSV says the same: round 2's "keep 1", not round 1's "extend 1; stop 1".
    rows = harness.signed_in(OWNER).get("/dashboard.csv").text.splitlines()
    header, row = rows[0].split(","), rows[1].split(",")
    assert row[header.index("decisions")] == "keep 1"


def test_two_people_naming_the_same_new_team_at_once_get_team_exists(app, harness, monkeypatch):
    """The name check passed for both (the other one had not committed yet): the
    second one meets the unique key and is told the team exists, never a 500."""
    from atelier.services import team_admin

    admin = harness.signed_in("admin@example.org", "admin")
    assert admin.post("/admin/teams", data={"name": "Accueil"}).status_code == 302
    facilitator = harness.signed_in(OWNER)
    assert facilitator.post("/account/teams", data={"name": "Standard"}).status_code == 302
    # What the second of two simultaneous requests sees: no such team yet.
    monkeypatch.setattr(team_admin, "_taken", lambda key, but=None: False)
    for http, path in (
        (admin, "/admin/teams"),
        (facilitator, "/account/teams"),
    ):
        response = http.post(path, data={"name": "accueil"}, headers={"Accept-Language": "en"})
        assert response.status_code == 409, (path, response.status_code)
    with app.app_context():
        (standard,) = db.session.scalars(db.select(Team.id).filter_by(name="Standard")).all()
    response = facilitator.post(f"/account/teams/{standard}/rename", data={"name": "Accueil"})
    assert response.status_code == 409


def test_the_inspiration_shows_ideas_other_teams_kept_not_this_teams(app, harness):
    """ "Ideas other teams kept": the team's own earlier workshop is not another team."""
    _library_reviewed(harness, ["Notre rituel du vendredi"], team=TEAM)
    _library_reviewed(harness, ["Un tableau des mercis"], team="Agence de Brest")
    code, facilitator, screen, phones = harness.open_workshop(("Lina",), team=TEAM)
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    facilitator.ok("inspiration.show", {"shown": True})
    shown = screen.sync()["inspiration"]
    assert [idea["text"] for idea in shown["ideas"]] == ["Un tableau des mercis"]
