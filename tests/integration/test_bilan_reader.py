"""The bilan written for its reader, read back from the PDF (pypdf): "At a glance"
right after the cover, the barometer page, next steps, privacy, tags, typography.

Every figure the document prints is checked against the data, computed here
through the services (barometer.summary / comparison, the review's reports).
"""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from flask_babel import force_locale, format_date
from pypdf import PdfReader
from sqlalchemy import select

from atelier.barometer_texts import DIMENSION_NAMES, TOO_FEW
from atelier.demo import barometer as demo_barometer
from atelier.demo import play
from atelier.domain.barometer import DIMENSIONS
from atelier.domain.phases import Phase
from atelier.extensions import db
from atelier.models import Participant, Report, Vote, Workshop
from atelier.services import barometer, ideas, participants, workshops
from atelier.services.bilan import render_bilan
from atelier.services.identity import Identity

from .test_bilan_document import GENERATED, WORKSHOP_DAY, document_app, hold_review, pdf_text

FRENCH = {"customers": "Avec nos clients", "glance": "L’essentiel"}


def pages(data: bytes) -> list[str]:
    """Each page's text, runs of spaces (no-break ones too) as one space."""
    return [
        " ".join(page.extract_text().replace("\u00a0", " ").replace("\u202f", " ").split())
        for page in PdfReader(io.BytesIO(data)).pages
    ]


def en(value: float) -> str:
    return f"{value:.1f}"


@pytest.fixture(scope="module")
def reader_app(tmp_path_factory):
    yield from document_app(tmp_path_factory.mktemp("reader"))


def reviewed_demo(language: str) -> Workshop:
    """The sample workshop after its review, with both barometer rounds closed."""
    workshop, _ = play(language, until=Phase.RESULTS)
    workshop.date = WORKSHOP_DAY
    db.session.commit()
    hold_review(workshop, language)
    people = [
        Identity(workshop.id, participant_id=p)
        for p in db.session.scalars(
            select(Participant.id).filter_by(workshop_id=workshop.id).order_by(Participant.id)
        )
    ]
    demo_barometer.day15(Identity(workshop.id, facilitator=True), people, 15)
    return workshop


@pytest.fixture(scope="module")
def demo(reader_app):
    docs = {}
    for language in ("fr", "en"):
        workshop = reviewed_demo(language)
        docs[language] = workshop.id
        docs[language, "pdf"] = render_bilan(workshop, GENERATED)
        at_results, _ = play(language, until=Phase.RESULTS)
        at_results.date = WORKSHOP_DAY
        db.session.commit()
        docs[language, "results"] = at_results.id
        docs[language, "results.pdf"] = render_bilan(at_results, GENERATED)
    return docs


def glance_page(data: bytes) -> str:
    return pages(data)[1]


# -- "At a glance", right after the cover, in both languages --------------------------------
def test_at_a_glance_comes_right_after_the_cover(demo):
    assert glance_page(demo["en", "pdf"]).startswith("At a glance ")
    assert glance_page(demo["fr", "pdf"]).startswith(FRENCH["glance"] + " ")
    for language in ("fr", "en"):
        cover, glance, following = pages(demo[language, "pdf"])[:3]
        assert "At a glance" not in cover and FRENCH["glance"] not in cover
        assert following.split()[0] == "01"  # the numbered parts start after it


def test_at_a_glance_figures_match_the_data_after_the_review(demo):
    workshop = db.session.get(Workshop, demo["en"])
    text = glance_page(demo["en", "pdf"])
    reports = db.session.scalars(select(Report).filter_by(workshop_id=workshop.id)).all()
    committed = db.session.query(Vote).filter_by(workshop_id=workshop.id).count()
    tried = sum(r.tried in ("yes", "partly") for r in reports)
    waiting = committed - len(reports)
    assert waiting > 0
    assert (
        f"{tried} of {committed} commitments were tried, fully or in part; "
        f"{waiting} had no answer by the review." in text
    )
    # The best idea: the highest mean feeling among ideas told about by two people or more.
    by_idea: dict[int, list[int]] = {}
    for r in reports:
        by_idea.setdefault(r.idea_id, []).append(r.feeling)
    shared = {i: f for i, f in by_idea.items() if len(f) >= 2}
    best_mean = max(sum(f) / len(f) for f in shared.values())
    best = [i for i, f in shared.items() if sum(f) / len(f) == best_mean]
    assert "The idea that worked best: “" in text and f"({best_mean:.1f} out of 5" in text
    from atelier.models import Decision, Idea

    idea = db.session.get(Idea, best[0])
    assert " ".join(idea.text.split()) in text
    decision = db.session.scalar(select(Decision.choice).filter_by(idea_id=idea.id))
    undecided = "no decision recorded" if workshop.phase == "closed" else "no decision yet"
    assert {None: undecided, "keep": "kept"}.get(decision, "") in text
    # The widest gap, and how it moved.
    day0 = barometer.summary(workshop, "day0")
    gap = day0.widest[0]
    change = next(c for c in barometer.comparison(workshop) if c.dimension == gap.dimension)
    name = DIMENSION_NAMES[gap.dimension]
    assert (
        f"The widest gap between customers and colleagues is on “{name}”: "
        f"{en(gap.customers)} out of 5 for customers, {en(gap.colleagues)} between colleagues."
        in text
    )
    assert change.gap_change < 0
    assert (
        f"At day 15 it had narrowed from {en(abs(change.gap_day0))} to "
        f"{en(abs(change.gap_day15))} points." in text
    )
    # The decision and the next review: one more period after the review.
    next_review = workshop.review_date + dt.timedelta(days=workshop.commitment_days)
    with force_locale("en"):
        day = format_date(next_review, format="long")
    assert f"The group's decision: a longer experiment, with a next review around {day}." in text
    assert 3 <= text.count(". ") + 1 <= 6


def test_at_a_glance_in_french(demo):
    text = glance_page(demo["fr", "pdf"])
    workshop = db.session.get(Workshop, demo["fr"])
    gap = barometer.summary(workshop, "day0").widest[0]
    name = {"recognition": "Considération et reconnaissance"}[gap.dimension]
    fr = lambda v: f"{v:.1f}".replace(".", ",")  # noqa: E731
    assert (
        f"Le plus grand écart entre clients et collègues porte sur « {name} » : "
        f"{fr(gap.customers)} sur 5 avec les clients, {fr(gap.colleagues)} entre collègues."
    ) in text
    assert "ont été essayés, en tout ou en partie" in text
    assert "La décision du groupe : une expérience plus longue" in text


def test_at_a_glance_before_the_review(demo):
    """At the results: who committed, the most chosen idea, the gap, the review's date."""
    workshop = db.session.get(Workshop, demo["en", "results"])
    text = glance_page(demo["en", "results.pdf"])
    assert "24 commitments were made, by 12 of 12 participants." in text
    top_id, top_count = db.session.execute(
        select(Vote.idea_id, db.func.count())
        .filter_by(workshop_id=workshop.id)
        .group_by(Vote.idea_id)
        .order_by(db.func.count().desc(), Vote.idea_id)
    ).first()
    assert f"({top_count} commitments)" in text
    assert "The widest gap between customers and colleagues" in text
    assert "day 15" not in text  # not measured yet, nothing to say about it
    assert "The review is on December 8, 2026" in text


def test_once_closed_an_undecided_idea_has_no_decision_recorded(reader_app):
    from atelier.models import Decision

    workshop = reviewed_demo("en")
    db.session.execute(db.delete(Decision).filter_by(workshop_id=workshop.id))
    db.session.commit()
    assert "no decision yet" in glance_page(render_bilan(workshop, GENERATED))
    workshops.set_phase(Identity(workshop.id, facilitator=True), "closed")
    text = glance_page(render_bilan(db.session.get(Workshop, workshop.id), GENERATED))
    assert "no decision recorded" in text and "no decision yet" not in text


def test_at_a_glance_while_day15_is_still_open(reader_app):
    """At the review, day 15 opened itself and takes answers: the gap is being
    measured again, not "not measured"."""
    workshop, _ = play("en", until=Phase.RESULTS)
    workshop.date = WORKSHOP_DAY
    db.session.commit()
    hold_review(workshop, "en")
    text = glance_page(render_bilan(db.session.get(Workshop, workshop.id), GENERATED))
    assert "It is being measured again at day 15; the figures come once closed." in text
    assert "not measured again" not in text


# -- the barometer page -------------------------------------------------------------------------
def barometer_page(data: bytes) -> str:
    return next(p for p in pages(data) if p.startswith("01 "))


def test_barometer_page_prints_every_figure_of_both_rounds(demo):
    workshop = db.session.get(Workshop, demo["en"])
    text = barometer_page(demo["en", "pdf"])
    day0, day15 = barometer.summary(workshop, "day0"), barometer.summary(workshop, "day15")
    assert f"Day 0: {day0.respondents} people answered. Day 15: {day15.respondents} people" in text
    for d in DIMENSIONS:
        customers = day0.profiles["customers"][d].mean
        before = day0.profiles["colleagues"][d].mean
        after = day15.profiles["colleagues"][d].mean
        row = f"{en(customers)} {DIMENSION_NAMES[d]} {en(before)} {en(after)}"
        assert row in text, row
    changes = {c.dimension: c for c in barometer.comparison(workshop)}
    assert "The 3 widest gaps" in text
    for gap in day0.widest:
        c = changes[gap.dimension]
        sign = "−" if c.gap_change < 0 else "+"
        assert (
            f"{DIMENSION_NAMES[gap.dimension]} {en(abs(gap.gap))} customers {en(gap.customers)}, "
            f"colleagues {en(gap.colleagues)} {en(abs(c.gap_day15))} colleagues {en(c.day15.mean)} "
            f"{sign}{en(abs(c.gap_change))}"
        ) in text
    # Anonymous: no one's name on the page.
    names = db.session.scalars(select(Participant.name).filter_by(workshop_id=workshop.id))
    assert [n for n in names if n in text] == []


def answer(workshop: Workshop, round_: str, people, ratings) -> None:
    for n, (person, answers) in enumerate(zip(people, ratings, strict=False)):
        barometer.save_answers(person, round_, answers, f"{round_}-{workshop.id}-{n}")


def small_room(names, language="en"):
    workshop, _ = workshops.create_workshop(
        {"title": "Small room", "language": language, "date": WORKSHOP_DAY.isoformat()}
    )
    facilitator = Identity(workshop.id, facilitator=True)
    workshops.set_phase(facilitator, "lobby")
    people = [
        Identity(workshop.id, participant_id=participants.join(workshop, n, f"j{n}")[1].id)
        for n in names
    ]
    return workshop, facilitator, people


def test_below_three_answers_the_sentence_replaces_every_figure(reader_app):
    """Two people answered day 0: no mean anywhere, TOO_FEW's wording instead."""
    workshop, facilitator, people = small_room(["Ana", "Bea", "Cy"])
    barometer.open_round(facilitator, "day0")
    every = {d: 5 for d in DIMENSIONS}
    answer(
        workshop,
        "day0",
        people[:2],
        [{"customers": every, "colleagues": {d: 1 for d in DIMENSIONS}}] * 2,
    )
    barometer.close_round(facilitator, "day0")
    text = pdf_text(render_bilan(workshop, GENERATED))
    assert "The client/colleague barometer" in text and TOO_FEW in text
    assert "The barometer drew too few answers to show without revealing anyone." in text
    assert "5.0" not in text and "1.0" not in text and "4.0" not in text
    assert "widest gap" not in text


def test_a_skipped_card_below_three_shows_the_sentence_on_its_row(reader_app):
    """Day 15: three answered, two of them skipped "listening": that one figure is
    withheld, on its bar and in the gap table; the others show."""
    workshop, facilitator, people = small_room(["Ana", "Bea", "Cy", "Dan"])
    barometer.open_round(facilitator, "day0")
    customers = {d: 5 for d in DIMENSIONS}
    colleagues = {d: (1 if d == "listening" else 3) for d in DIMENSIONS}
    answer(workshop, "day0", people, [{"customers": customers, "colleagues": colleagues}] * 4)
    barometer.close_round(facilitator, "day0")
    for phase in ("client_ideas", "transposition", "vote", "results"):
        workshops.set_phase(facilitator, phase)
    barometer.open_round(facilitator, "day15")
    skipped = {d: 4 for d in DIMENSIONS if d != "listening"}
    answer(
        workshop,
        "day15",
        people,
        [
            {"colleagues": {d: 4 for d in DIMENSIONS}},
            {"colleagues": skipped},
            {"colleagues": skipped},
        ],
    )
    barometer.close_round(facilitator, "day15")
    text = barometer_page(render_bilan(workshop, GENERATED))
    assert f"5.0 Listening 1.0 {TOO_FEW}" in text
    assert "5.0 Trust and promises kept 3.0 4.0" in text
    assert f"Listening 4.0 customers 5.0, colleagues 1.0 {TOO_FEW}" in text
    glance = pdf_text(render_bilan(workshop, GENERATED))
    assert "At day 15, too few answered on it to say whether it moved." in glance


# -- next steps ----------------------------------------------------------------------------------
def test_next_steps_say_what_comes_next_and_the_dates_move_to_a_timeline(demo):
    text = pages(demo["en", "pdf"])[-1]
    workshop = db.session.get(Workshop, demo["en"])
    assert text.startswith("07 Next steps The group's decision A longer experiment")
    nxt = workshop.review_date + dt.timedelta(days=workshop.commitment_days)
    with force_locale("en"):
        assert f"Next review: around {format_date(nxt, format='long')}, after 15 more days" in text
    assert "To follow up, contact: the workshop's facilitator" in text
    assert text.index("TIMELINE") > text.index("To follow up")  # set in capitals
    assert "November 23, 2026 to December 8, 2026" in text.split("TIMELINE")[1]


def test_next_steps_name_the_facilitator_to_contact(reader_app):
    from atelier.services import accounts

    user = accounts.create_user(
        "lea@example.org", "Léa Martin", "a long passphrase 42", "facilitator"
    )
    workshop, _ = workshops.create_workshop({"title": "Owned", "language": "en"}, owner=user)
    text = pdf_text(render_bilan(workshop, GENERATED))
    assert "To follow up, contact: Léa Martin" in text
    assert "lea@example.org" not in text  # addresses stay out of what is shared (as in exports)


# -- privacy -------------------------------------------------------------------------------------
def test_hidden_names_leave_no_participant_name_anywhere(demo):
    workshop = db.session.get(Workshop, demo["fr"])
    names = db.session.scalars(select(Participant.name).filter_by(workshop_id=workshop.id)).all()
    shown = pdf_text(demo["fr", "pdf"])
    assert any(n.replace("'", "’") in shown for n in names)
    workshop.show_names = False
    db.session.commit()
    try:
        hidden = pdf_text(render_bilan(workshop, GENERATED))
    finally:
        workshop.show_names = True
        db.session.commit()
    leaked = [n for n in names if n in hidden or n.replace("'", "’") in hidden]
    assert leaked == []


# -- an accessible PDF ----------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_pdf_is_tagged_with_its_title_and_language(demo, language):
    reader = PdfReader(io.BytesIO(demo[language, "pdf"]))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] in (True, "true")
    assert root["/Lang"] == language
    title = {"fr": "Bilan de l’atelier", "en": "Workshop report"}[language]
    assert reader.metadata.title.startswith(title + " — ")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
    # The structure holds headings and tables, not one flat run of text.
    struct = root["/StructTreeRoot"].get_object()
    kinds = set()
    stack = [struct["/K"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "/S" in node:
                kinds.add(node["/S"])
            if "/K" in node:
                stack.append(node["/K"])
    assert {"/H2", "/Table", "/P"} <= kinds, kinds


_STEP = {
    "en": {
        "draft": "Preparation", "lobby": "Welcome", "client_ideas": "Client ideas",
        "transposition": "Transposition", "vote": "Commitments", "results": "Results",
        "review": "Review", "closed": "Closed",
    },
    "fr": {
        "draft": "Préparation", "lobby": "Accueil", "client_ideas": "Idées clients",
        "transposition": "Transposition", "vote": "Engagements", "results": "Résultats",
        "review": "Revue", "closed": "Clos",
    },
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_stage_is_named_for_every_step(reader_app, language):
    workshop, _ = workshops.create_workshop({"title": "Steps", "language": language})
    facilitator = Identity(workshop.id, facilitator=True)
    label = {"en": "STAGE", "fr": "ÉTAPE"}[language]
    for phase in (
        "draft",
        "lobby",
        "client_ideas",
        "transposition",
        "vote",
        "results",
        "review",
        "closed",
    ):
        if phase != "draft":
            workshops.set_phase(facilitator, phase)
        cover = pages(render_bilan(workshop, GENERATED))[0]
        # The facts read "DATE … PARTICIPANTS STAGE <date> <date> <count> <stage> <figures>".
        stage = re.search(rf"{label} (\D+?) \d", cover)
        assert stage and stage.group(1) == _STEP[language][phase], (phase, cover[:300])


def test_french_user_text_gets_french_apostrophes_and_quotes_in_the_pdf_only(reader_app):
    workshop, facilitator, people = small_room(["N'Golo", "Ana"], language="fr")
    workshops.set_phase(facilitator, "client_ideas")
    typed = "L'accueil \"comme à la maison\" : c'est simple !"
    ideas.post_idea(people[0], "client", typed, None, "c1")
    data = render_bilan(workshop, GENERATED)
    # Line ends as spaces; the no-break spaces stay what they are.
    text = re.sub(
        r"[ \n]+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )
    assert "L’accueil «\u202fcomme à la maison\u202f»\u00a0: c’est simple\u202f!" in text
    assert "'" not in text and '"' not in text  # the document's own words are typographic too
    from atelier.models import Idea

    assert db.session.scalar(select(Idea.text).filter_by(workshop_id=workshop.id)) == typed


def test_english_user_text_is_printed_as_typed(reader_app):
    workshop, facilitator, people = small_room(["Ana"])
    workshops.set_phase(facilitator, "client_ideas")
    typed = 'Say "thanks" when it\'s due'
    ideas.post_idea(people[0], "client", typed, None, "c1")
    assert typed in pdf_text(render_bilan(workshop, GENERATED))


# -- charts made to be read ----------------------------------------------------------------------
def test_chart_text_is_at_least_8_pt_and_full_bars_at_least_4_cm_once_printed():
    import base64
    from xml.etree import ElementTree

    from atelier.services import charts

    css = (Path(__file__).parents[2] / "static" / "pdf" / "bilan.css").read_text()
    for css_class, mm in charts.PRINTED_MM.items():
        assert re.search(rf"\.{css_class} {{[^}}]*width: {mm}mm", css), css_class
    made = {
        "chart-bar": charts.bar(4, 4, label="x"),
        # One answer only, so that the bar is one rect at full scale.
        "chart-review": charts.review({"yes": 3}, [1, 0, 2, 0, 1], label="x"),
    }
    for css_class, img in made.items():
        svg = ElementTree.fromstring(base64.b64decode(img.split("base64,")[1].split('"')[0]))
        units = float(svg.get("viewBox").split()[2])
        pt_per_unit = charts.PRINTED_MM[css_class] / units * 72 / 25.4
        sizes = [float(t.get("font-size")) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        assert sizes and min(sizes) * pt_per_unit >= 8, (css_class, min(sizes) * pt_per_unit)
        widest = max(float(r.get("width")) for r in svg.iter("{http://www.w3.org/2000/svg}rect"))
        assert widest * charts.PRINTED_MM[css_class] / units >= 40, css_class
    from atelier.services.bilan import BAROMETER_BAR_MM

    assert BAROMETER_BAR_MM >= 40
