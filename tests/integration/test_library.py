"""The organisation's library: tried colleague ideas, in figures, never a name;
searchable in French and English, filtered, left out when a workshop opts out;
and the transposition's inspiration on the screen."""

import pytest
from sqlalchemy import select

from atelier.extensions import db
from atelier.models import Idea, Workshop
from atelier.services import library

from ..support import Harness, client_id, visible_text

DATABASES = ["sqlite", "postgresql"]
# Names that appear in no idea text: they must never reach the library.
NAMES = ("Bérénice Quillard", "Octave Marchetti")


@pytest.fixture(params=DATABASES)
def harness(request, make_app):
    if request.param == "sqlite":
        return Harness(make_app())
    return Harness(make_app(DATABASE_URL=request.getfixturevalue("postgres_url")))


def reviewed(
    harness,
    texts,
    *,
    team="Accueil",
    tried="yes",
    feelings=(4, 5),
    decision="keep",
    names=NAMES,
    **settings,
):
    """A workshop played to its review: everyone committed to every idea (two at
    most), reported on it, and the group decided ``decision`` for each."""
    code, facilitator, screen, phones = harness.open_workshop(names, team=team, **settings)
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    ids = [harness.post(phones[0], text, kind="colleague")["idea_id"] for text in texts]
    facilitator.ok("phase.set", {"phase": "vote"})
    for phone in phones:
        phone.ok("vote.set", {"idea_ids": ids, "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})
    for phone, feeling in zip(phones, feelings, strict=False):
        for idea_id in ids:
            report = {"idea_id": idea_id, "tried": tried, "feeling": feeling, "comment": ""}
            phone.ok("report.save", {**report, "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "review"})
    if decision:
        for idea_id in ids:
            facilitator.ok("decision.set", {"idea_id": idea_id, "choice": decision, "note": ""})
    for page in (facilitator, screen, *phones):
        page.drain()
    return code, facilitator, ids


def library_page(http, **params) -> tuple[int, str]:
    response = http.get("/library", query_string=params, headers={"Accept-Language": "en"})
    return response.status_code, response.get_data(as_text=True)


def test_an_idea_tried_in_two_teams_is_one_entry_in_figures_without_any_name(harness):
    _, _, (first,) = reviewed(harness, ["Un café d'équipe le lundi"], team="Accueil")
    _, _, (carried,) = reviewed(
        harness,
        ["Un café d'équipe le lundi (repris)"],
        team="Standard",
        feelings=(2, 3),
        decision="spread",
    )
    with harness.app.app_context():
        # Carried over from the first workshop ("start a workshop from these ideas").
        db.session.get(Idea, carried).origin_idea_id = first
        db.session.commit()
    manager = harness.signed_in("manager@example.org", role="manager")
    status, page = library_page(manager)
    assert status == 200
    text = visible_text(page)
    assert "Un café d'équipe le lundi" in text
    assert "(repris)" not in text  # one entry, in its first wording
    assert "2 teams committed" in text
    assert "4 people tried it" in text
    assert "feeling 3.5 / 5" in text
    assert "Keep going" in text and "Spread to another group" in text
    for name in NAMES:
        assert name not in page
        assert name.split()[0] not in page


def test_an_idea_nobody_tried_is_not_in_the_library(harness):
    reviewed(harness, ["Tester une idée jamais faite"], tried="no")
    _, page = library_page(harness.signed_in())
    assert "Tester une idée jamais faite" not in visible_text(page)
    assert "No idea was tried yet" in visible_text(page)


def test_search_finds_french_and_english_words(harness):
    reviewed(harness, ["Un petit-déjeuner d'équipe chaque mois", "Thanks cards on Fridays"])
    reviewed(harness, ["Écouter les nouveaux arrivants"], team="Standard")
    http = harness.signed_in()

    def found(words):
        return [e.text for e in _search(harness, words)], visible_text(
            library_page(http, q=words)[1]
        )

    entries, text = found("équipes")  # a plural finds the singular, on both engines
    assert entries == ["Un petit-déjeuner d'équipe chaque mois"]
    assert "Un petit-déjeuner d'équipe chaque mois" in text and "Thanks cards" not in text
    assert [e for e in found("thank")[0]] == ["Thanks cards on Fridays"]
    assert found("card friday")[0] == ["Thanks cards on Fridays"]
    assert found("arrivant")[0] == ["Écouter les nouveaux arrivants"]
    assert found("inconnu")[0] == []
    assert "No tried idea matches" in found("inconnu")[1]
    # Engine syntax is only words here: no error, no injection.
    assert found('"équipe*)')[0] == ["Un petit-déjeuner d'équipe chaque mois"]
    assert found("équipe OR NEAR(thanks")[0] == []  # every word must be there


def test_search_ignores_accents_on_sqlite(make_app):
    harness = Harness(make_app())
    reviewed(harness, ["Un café d'équipe le lundi"])
    assert [e.text for e in _search(harness, "equipe cafe")] == ["Un café d'équipe le lundi"]


def test_filters_by_decision_and_by_dimension_where_known(harness):
    reviewed(harness, ["Dire merci chaque vendredi"], decision="keep")
    _, _, (stopped,) = reviewed(harness, ["Réunion debout"], team="Standard", decision="stop")
    http = harness.signed_in()
    status, page = library_page(http, outcome="stop")
    assert "Réunion debout" in page and "Dire merci" not in page
    # No idea names a dimension yet: the filter is not offered.
    assert 'name="dimension"' not in library_page(http)[1]
    with harness.app.app_context():
        db.session.get(Idea, stopped).dimension = "cooperation"
        db.session.commit()
    page = library_page(http)[1]
    assert 'name="dimension"' in page and "Cooperation" in visible_text(page)
    page = library_page(http, dimension="cooperation")[1]
    assert "Réunion debout" in page and "Dire merci" not in page
    # Unknown filter values are ignored, not an error.
    assert library_page(http, dimension="nope", outcome="nope")[0] == 200


def test_a_workshop_that_opts_out_is_left_out_and_the_switch_holds_until_closed(harness):
    code, facilitator, _ = reviewed(harness, ["Un café le lundi"])
    http = harness.signed_in()
    assert "Un café le lundi" in library_page(http)[1]
    ack = facilitator.ok("workshop.update", {"settings": {"in_library": False}})
    assert ack["ok"]
    changes = [m["args"][0] for m in facilitator.drain() if m["name"] == "change"]
    assert changes[-1]["ops"][0]["data"]["in_library"] is False
    assert "Un café le lundi" not in library_page(http)[1]
    facilitator.ok("phase.set", {"phase": "closed"})
    refused = facilitator.act("workshop.update", {"settings": {"in_library": True}})
    assert refused["error"]["code"] == "workshop_closed"
    facilitator.drain()


def test_the_home_form_opts_out_from_the_start(harness):
    http = harness.signed_in()
    http.post("/workshops", data={"title": "Sans bibliothèque", "csrf_token": http.csrf_token()})
    with harness.app.app_context():
        workshop = db.session.scalar(select(Workshop).filter_by(title="Sans bibliothèque"))
        assert workshop.in_library is False  # the box left unticked
    page = http.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'id="in_library" name="in_library" type="checkbox" checked' in page


def test_the_screen_shows_ideas_other_teams_kept_at_the_transposition(harness):
    reviewed(harness, ["Dire merci chaque vendredi"], decision="keep")
    reviewed(harness, ["Réunion debout"], team="Standard", decision="stop")
    code, facilitator, screen, phones = harness.open_workshop(("Lina",), team="Agence")
    state = screen.sync()
    assert state["inspiration"] == {"shown": False, "ideas": []}  # off by default
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    refused = facilitator.act("inspiration.show", {"shown": True})
    assert refused["error"]["code"] == "wrong_phase"
    facilitator.ok("phase.set", {"phase": "transposition"})
    screen.drain()
    facilitator.ok("inspiration.show", {"shown": True})
    ops = [op for m in screen.drain() if m["name"] == "change" for op in m["args"][0]["ops"]]
    shown = [op["data"] for op in ops if op["type"] == "inspiration"][-1]
    assert shown["shown"] is True
    assert [idea["text"] for idea in shown["ideas"]] == ["Dire merci chaque vendredi"]
    assert shown["ideas"][0]["people"] == 2 and shown["ideas"][0]["decisions"] == {"keep": 1}
    assert not any(name in str(shown) for name in NAMES)
    assert screen.sync()["inspiration"] == shown
    participant = phones[0].act("inspiration.show", {"shown": False})
    assert participant["error"]["code"] == "not_facilitator"
    facilitator.ok("inspiration.show", {"shown": False})
    assert screen.sync()["inspiration"] == {"shown": False, "ideas": []}
    for page in (facilitator, screen, *phones):
        page.drain()


def test_the_inspiration_leaves_out_the_workshops_own_ideas(harness):
    code, facilitator, _ = reviewed(harness, ["Dire merci chaque vendredi"])
    with harness.app.app_context():
        workshop = db.session.scalar(select(Workshop).filter_by(code=code))
        assert library.inspiration(workshop.id) == []
        assert [e.text for e in library.inspiration(workshop.id + 1000)] == [
            "Dire merci chaque vendredi"
        ]


def _search(harness, words):
    with harness.app.app_context():
        return library.search(words)


def test_the_facilitator_names_the_dimension_with_the_decision(harness):
    code, facilitator, (idea_id,) = reviewed(harness, ["Écouter les nouveaux"], decision=None)
    decide = {"idea_id": idea_id, "choice": "keep", "note": ""}
    refused = facilitator.act("decision.set", {**decide, "dimension": "nope"})
    assert refused["error"]["code"] == "decision_invalid"
    facilitator.ok("decision.set", {**decide, "dimension": "listening"})
    review = facilitator.sync()["review"]
    assert review[0]["decision"] == {"choice": "keep", "note": "", "dimension": "listening"}
    # Left out, it stays; null takes it back.
    facilitator.ok("decision.set", decide)
    assert facilitator.sync()["review"][0]["decision"]["dimension"] == "listening"
    http = harness.signed_in()
    page = library_page(http, dimension="listening")[1]
    assert "Écouter les nouveaux" in page and "Listening" in visible_text(page)
    facilitator.ok("decision.set", {**decide, "dimension": None})
    assert facilitator.sync()["review"][0]["decision"]["dimension"] is None
    assert 'name="dimension"' not in library_page(http)[1]
    facilitator.drain()
