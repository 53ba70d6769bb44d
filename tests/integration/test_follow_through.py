"""Teams and follow-through (issue 12): a team's page, the managers' dashboard
and its CSV, for the team's members only; numbers checked on a worked example."""

import csv
import io
import re

import pytest

from atelier.extensions import db
from atelier.models import Workshop
from atelier.services.identity import find_workshop

from ..support import Harness, client_id, visible_text

TEAM = "Agence de Rennes"
OWNER = "camille@example.org"
MANAGER = "manager@example.org"
DIMENSIONS = (
    "trust", "meaning", "example", "digital", "initiative",
    "ease", "support", "listening", "recognition", "cooperation",
)  # fmt: skip


def ratings(value: int) -> dict:
    return {d: value for d in DIMENSIONS}


def reviewed_workshop(harness: Harness, title="Prendre soin", team=TEAM, date="2026-09-01"):
    """The worked example: four people, three colleague ideas, each person committed
    to the first two (8 commitments); at the review 5 reports (2 yes, 2 partly, 1 no;
    feelings 5, 3, 4, 2, 4: mean 3.6), two decisions, a longer experiment; the
    barometer between colleagues 3.0 at day 0 and 3.7 at day 15 (customers 4.7)."""
    code, facilitator, screen, phones = harness.open_workshop(
        ("Zoé", "Karim", "Amina", "Lucas"), title=title, team=team, date=date
    )
    for phone, customers, colleagues in zip(phones, (5, 5, 4), (2, 3, 4), strict=False):
        phone.ok(
            "barometer.save",
            {
                "round": "day0",
                "answers": {"customers": ratings(customers), "colleagues": ratings(colleagues)},
                "client_id": client_id(),
            },
        )
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    ideas = [
        harness.post(phones[0], text, kind="colleague")["idea_id"]
        for text in ("Dire bonjour à chacun", "Café du lundi", "Une idée oubliée")
    ]
    facilitator.ok("phase.set", {"phase": "vote"})
    for phone in phones:
        phone.ok("vote.set", {"idea_ids": ideas[:2], "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})
    facilitator.ok("phase.set", {"phase": "review"})
    zoe, karim, amina, _lucas = phones
    for phone, idea, tried, feeling in (
        (zoe, ideas[0], "yes", 5),
        (zoe, ideas[1], "partly", 3),
        (karim, ideas[0], "yes", 4),
        (karim, ideas[1], "no", 2),
        (amina, ideas[0], "partly", 4),
    ):
        phone.ok(
            "report.save",
            {
                "idea_id": idea,
                "tried": tried,
                "feeling": feeling,
                "comment": "",
                "client_id": client_id(),
            },
        )
    for phone, colleagues in zip(phones, (3, 4, 4), strict=False):
        phone.ok(
            "barometer.save",
            {
                "round": "day15",
                "answers": {"colleagues": ratings(colleagues)},
                "client_id": client_id(),
            },
        )
    facilitator.ok("decision.set", {"idea_id": ideas[0], "choice": "keep", "note": ""})
    facilitator.ok(
        "decision.set", {"idea_id": ideas[1], "choice": "stop", "note": "Trop tôt le lundi"}
    )
    facilitator.ok(
        "review.outcome",
        {"next_step": "longer_experiment", "note": "Un mois de plus", "lessons": ""},
    )
    facilitator.ok("phase.set", {"phase": "closed"})
    return code, facilitator


@pytest.fixture
def world(app, harness):
    first, facilitator = reviewed_workshop(harness)
    # Names hidden; the same team typed another way; only at its results.
    second, *_ = harness.at_results(
        names=("Inès", "Théo", "Fatou"), title="Deuxième atelier", team="agence  de rennes",
        date="2026-10-01", show_names=False,
    )  # fmt: skip
    elsewhere, *_ = harness.at_results(
        title="Ailleurs", team="Agence de Brest", owner="other@example.org"
    )
    harness.account(MANAGER, "manager", teams=[TEAM])
    harness.account("brest@example.org", "manager", teams=["Agence de Brest"])
    with app.app_context():
        team_id = find_workshop(first).team_id
        assert find_workshop(second).team_id == team_id
    return {"team_id": team_id, "first": first, "second": second, "elsewhere": elsewhere}


def test_the_team_page_tells_each_workshop_in_time_order_with_its_outcome(harness, world):
    page = harness.signed_in(MANAGER, "manager").get(f"/teams/{world['team_id']}?lang=en")
    assert page.status_code == 200
    text = visible_text(page.text).replace(" ,", ",")
    # Oldest first; another team's workshop is not there.
    listed = text[text.index("workshops, oldest first") :]
    assert listed.index("Prendre soin") < listed.index("Deuxième atelier")
    assert "Ailleurs" not in text
    # The worked example: 8 commitments, 4 of them tried (2 fully, 2 in part), 3.6 out of 5.
    assert "4 of 8 (2 fully, 2 in part)" in text
    assert "3.6 out of 5" in text
    assert "4 of 8 commitments tried, over 1 reviewed workshop (50%)" in text
    # Per idea: who committed (names shown), what was tried, the decision.
    assert "4 commitments: Amina, Karim, Lucas, Zoé" in text
    assert "2 yes, 1 partly, 0 no, 1 no answer · feeling 4.3 out of 5" in text
    assert "Decision: Keep going" in text
    assert "Decision: Stop — Trop tôt le lundi" in text
    assert "Next step: A longer experiment — Un mois de plus" in text
    # The barometer: aggregates only, and the gap where there is one.
    assert "3.0 at day 0, 3.7 at day 15" in text
    assert "4.7 out of 5 for customers, 3.0 between colleagues" in text
    assert "narrowed from 1.7 to 1.0 points" in text
    # The second workshop hid names: counts, never a name.
    second = text[text.index("Deuxième atelier") :]
    assert "3 people, names not shown" in second
    for name in ("Inès", "Théo", "Fatou"):
        assert name not in text
    # The charts: follow-through per reviewed workshop, the barometer over time.
    assert 'data-testid="ft-chart"' in page.text and "4 of 8 tried (50%)" in text
    chart = re.search(r'<svg class="baro-chart"[^>]*aria-label="([^"]*)"', page.text)
    assert chart and "3.0 at day 0, 3.7 at day 15" in chart.group(1)


def test_only_the_teams_members_see_its_page(app, harness, world):
    path = f"/teams/{world['team_id']}"
    assert harness.signed_in(OWNER).get(path).status_code == 200  # leads the team
    assert harness.signed_in(MANAGER, "manager").get(path).status_code == 200
    for email, role in (
        ("brest@example.org", "manager"),  # another team's manager
        ("other@example.org", "facilitator"),  # another team's facilitator
        ("root@example.org", "admin"),  # admins administer teams, are not members
    ):
        refused = harness.signed_in(email, role).get(path)
        assert refused.status_code == 403, email
        assert "Prendre soin" not in refused.text
        assert "réservée à ses managers et à ses animateurs" in visible_text(refused.text)
    anonymous = app.test_client().get(path)
    assert anonymous.status_code == 302 and "/login?next=" in anonymous.headers["Location"]
    assert harness.signed_in(MANAGER, "manager").get("/teams/999999").status_code == 404
    assert harness.signed_in(MANAGER, "manager").get(f"/teams/{2**40}").status_code == 404


def test_the_dashboard_lists_the_accounts_teams_and_nothing_else(harness, world):
    page = harness.signed_in(MANAGER, "manager").get("/dashboard?lang=en")
    assert page.status_code == 200
    text = visible_text(page.text).replace(" ,", ",")
    assert TEAM in text and "Agence de Brest" not in text and "Ailleurs" not in text
    assert "Deuxième atelier" in text  # the latest workshop
    assert "50% · 4 of 8 commitments tried, 1 reviewed workshop" in text
    # Planned reviews: the second workshop's day-15 review (overdue, so said); the
    # first's proposed next one (15 days after its review of Sep 16) has gone by
    # without a round being set, so it plans nothing.
    assert "Oct 16, 2026 · Deuxième atelier" in text
    assert "(after a longer experiment)" not in text
    assert "At the review of the workshop of Sep 1, 2026: A longer experiment" in text
    assert "Keep going — Dire bonjour à chacun" in text
    assert f'href="/teams/{world["team_id"]}"' in page.text
    # Brest's manager sees Brest only.
    brest = visible_text(
        harness.signed_in("brest@example.org", "manager").get("/dashboard?lang=en").text
    )
    assert "Agence de Brest" in brest and TEAM not in brest


def test_a_dashboard_without_teams_says_so(harness, world):
    text = visible_text(
        harness.signed_in("root@example.org", "admin").get("/dashboard?lang=en").text
    )
    assert "No team is given to you yet" in text


def test_the_csv_has_one_row_per_workshop_without_names(harness, world):
    response = harness.signed_in(MANAGER, "manager").get("/dashboard.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["workshop"] for r in rows] == ["Prendre soin", "Deuxième atelier"]
    first, second = rows
    assert first["team"] == TEAM and first["date"] == "2026-09-01" and first["step"] == "closed"
    assert (first["commitments"], first["tried_yes"], first["tried_partly"]) == ("8", "2", "2")
    assert (first["tried_no"], first["no_answer"], first["follow_through"]) == ("1", "3", "0.5")
    assert first["feeling_average"] == "3.6" and first["decisions"] == "keep 1; stop 1"
    assert first["next_step"] == "longer_experiment" and first["next_review"] == "2026-10-01"
    assert (first["barometer_colleagues_day0"], first["barometer_colleagues_day15"]) == (
        "3.0",
        "3.7",
    )
    assert (
        second["commitments"] == "6" and second["tried_yes"] == "" and second["participants"] == "3"
    )
    for name in ("Zoé", "Karim", "Inès"):
        assert name not in body


def test_the_csv_neutralises_formulas_in_what_people_typed(app, harness):
    harness.at_results(title='=HYPERLINK("http://evil")', team="@Equipe")
    response = harness.signed_in(OWNER).get("/dashboard.csv")
    (row,) = csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))
    assert row["workshop"] == '\'=HYPERLINK("http://evil")'
    assert row["team"] == "'@Equipe"


def test_the_csv_needs_an_account(app):
    response = app.test_client().get("/dashboard.csv")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_account_page_and_header_link_the_teams_and_the_dashboard(harness, world):
    page = harness.signed_in(MANAGER, "manager").get("/account?lang=en").text
    assert f'href="/teams/{world["team_id"]}"' in page
    assert page.count('href="/dashboard"') >= 2  # the header and the page


def test_the_french_team_page(harness, world):
    page = harness.signed_in(MANAGER, "manager").get(f"/teams/{world['team_id']}?lang=fr")
    text = visible_text(page.text).replace(" ,", ",")
    assert "4 sur 8" in text and "3,6 sur 5" in text
    assert "Décision\u00a0: Continuer" in text or "Décision : Continuer" in text


def test_the_team_page_hides_names_written_anonymously(app, harness):
    """Names hidden at the vote stay hidden, even once the workshop shows names again."""
    code, facilitator, screen, phones, ideas = harness.at_results(
        names=("Zoé", "Karim", "Amina"), team=TEAM, show_names=False
    )
    with app.app_context():
        workshop = find_workshop(code)
        workshop.show_names = True
        db.session.commit()
        team_id = workshop.team_id
    text = visible_text(harness.signed_in(OWNER).get(f"/teams/{team_id}?lang=en").text)
    assert "3 commitments: 3 people, names not shown" in text
    for name in ("Zoé", "Karim", "Amina"):
        assert name not in text


def test_a_workshop_without_review_shows_its_review_date(app, harness):
    code, *_ = harness.at_results(team=TEAM, date="2026-11-02")
    with app.app_context():
        team_id = db.session.scalar(db.select(Workshop.team_id).filter_by(code=code))
    text = visible_text(harness.signed_in(OWNER).get(f"/teams/{team_id}?lang=en").text)
    assert "Review Nov 17, 2026" in text
    assert "No workshop has been reviewed yet" in text


def test_a_workshop_being_prepared_or_running_has_no_commitments_yet(app, harness):
    draft, *_ = harness.create(title="En préparation", team=TEAM)
    running, *_ = harness.open_workshop(("Zoé",), title="En cours", team=TEAM)
    with app.app_context():
        team_id = find_workshop(draft).team_id
        assert find_workshop(running).team_id == team_id
    http = harness.signed_in(OWNER)
    text = visible_text(http.get(f"/teams/{team_id}?lang=en").text)
    assert text.count("No commitments yet: they are made at the vote.") == 2
    dashboard = visible_text(http.get("/dashboard?lang=en").text)
    assert "Latest workshop En cours" in dashboard  # a workshop in preparation is not the latest
    assert "no review yet" in dashboard
