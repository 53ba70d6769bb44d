"""The PDF bilan as a document: what it says in each language, its pages, hostile text, scale.

Each PDF is rendered once per module (WeasyPrint takes a fraction of a
second to seconds per document); the tests read the text back with pypdf
and look at the pages through Debian's pdftoppm.
"""

import datetime as dt
import io
import json
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from atelier import create_app
from atelier.demo import play
from atelier.domain.phases import Phase
from atelier.domain.review import DECISIONS
from atelier.extensions import db
from atelier.models import Participant, Vote, Workshop
from atelier.services import ideas, participants, review, votes, workshops
from atelier.services.bilan import bilan_document, render_bilan
from atelier.services.identity import Identity

HOSTILE = json.loads((Path(__file__).parent.parent / "data" / "hostile-inputs.json").read_text())
WORKSHOP_DAY = dt.date(2026, 11, 23)  # review 15 days later: 8 December 2026
GENERATED = dt.datetime(2026, 12, 9, 9, 30)
COMMENTS = {
    "fr": ["Plus simple que prévu : on continue !", "Pas eu le temps la première semaine."],
    "en": ["Easier than expected: we keep it up!", "No time the first week."],
}
NOTES = {"fr": "Un mois de plus, puis un point avec la direction", "en": "One more month"}
LESSONS = {"fr": "Oser essayer, même petit.", "en": "Dare to try, even small."}


# -- helpers ---------------------------------------------------------------------
def pdf_text(data: bytes) -> str:
    """The extracted text, with every run of spaces (no-break ones too) as one space."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def hold_review(workshop: Workshop, language: str) -> None:
    """Day 15 through the services: most people report, every idea gets a decision."""
    facilitator = Identity(workshop.id, facilitator=True)
    workshops.set_phase(facilitator, "review")
    ballots = db.session.scalars(
        select(Vote).filter_by(workshop_id=workshop.id).order_by(Vote.id)
    ).all()
    for n, vote in enumerate(ballots):
        if n % 6 == 5:
            continue  # no answer yet
        person = Identity(workshop.id, participant_id=vote.participant_id)
        comment = COMMENTS[language][n % 2] if n % 2 == 0 else ""
        tried = ("yes", "partly", "no")[n % 3]
        review.save_report(person, vote.idea_id, tried, 1 + n % 5, comment, f"report-{n}")
    for n, idea_id in enumerate(sorted({v.idea_id for v in ballots})):
        choice = DECISIONS[n % len(DECISIONS)]
        note = NOTES[language] if choice == "other" else ""
        review.set_decision(facilitator, idea_id, choice, note)
    review.set_outcome(facilitator, "longer_experiment", NOTES[language], LESSONS[language])


def demo_workshop(language: str) -> Workshop:
    workshop, _ = play(language, until=Phase.RESULTS)
    workshop.date = WORKSHOP_DAY
    db.session.commit()
    return workshop


def pdftoppm_pages(data: bytes, tmp: Path) -> list[tuple[int, int, bytes]]:
    """Each page as 8-bit grey pixels (width, height, bytes), through Debian's poppler-utils."""
    path = shutil.which("pdftoppm")
    if path is None:
        if os.environ.get("ATELIER_TEST_BROWSER"):
            pytest.fail("ATELIER_TEST_BROWSER is set but Debian's poppler-utils is not installed")
        pytest.skip("pdftoppm (Debian's poppler-utils) is not installed")
    (tmp / "bilan.pdf").write_bytes(data)
    subprocess.run(
        [path, "-gray", "-r", "20", str(tmp / "bilan.pdf"), str(tmp / "page")],
        check=True,
        timeout=60,
    )
    pages = []
    for pgm in sorted(tmp.glob("page-*.pgm")):
        raw = pgm.read_bytes()
        # P5 <width> <height> 255, one whitespace, then width × height bytes.
        fields = raw.split(maxsplit=4)
        assert fields[0] == b"P5" and fields[3] == b"255"
        width, height = int(fields[1]), int(fields[2])
        pages.append((width, height, fields[4][: width * height]))
    return pages


def overflowing_text(document) -> list[str]:
    """Text boxes that stick out of their page's content area (with 1 px of slack).

    Text inside a box that clips its overflow (the one-line labels of the
    vote chart, cut with an ellipsis) does not count.
    """
    out = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width + 1
        stack = list(page_box.children[:1])  # the root box; margin boxes come after
        while stack:
            box = stack.pop()
            if box.style["overflow"] != "hidden":
                stack.extend(getattr(box, "children", ()))
            text = getattr(box, "text", None)
            if text and box.position_x + box.width > right:
                out.append(f"page {number}: {text[:40]!r}")
    return out


# -- the documents, one render each ------------------------------------------------
def document_app(folder):
    """An app on a new SQLite database in ``folder``, in its context, tables made:
    the documents are rendered once per module and read by many tests."""
    app = create_app(
        {
            "TESTING": True,
            "ASYNC_MODE": "threading",
            "DATABASE_URL": f"sqlite:///{folder / 'bilan.sqlite3'}",
            "SECRET_KEY": "tests-only-secret",
            "MESSAGE_QUEUE": "",
            "AUTO_MIGRATE": False,
        }
    )
    with app.app_context():
        db.create_all()
        yield app
        db.engine.dispose()


@pytest.fixture(scope="module")
def bilan_app(tmp_path_factory):
    yield from document_app(tmp_path_factory.mktemp("bilan"))


@pytest.fixture(scope="module")
def demo(bilan_app):
    """The sample workshop in each language: at the results, then after its review."""
    pdfs = {}
    for language in ("fr", "en"):
        workshop = demo_workshop(language)
        pdfs[language, "results"] = render_bilan(workshop, GENERATED)
        hold_review(workshop, language)
        pdfs[language, "review"] = render_bilan(workshop, GENERATED)
        names = db.session.scalars(
            select(Participant.name).filter_by(workshop_id=workshop.id)
        ).all()
        workshop.show_names = False
        db.session.commit()
        pdfs[language, "hidden"] = render_bilan(workshop, GENERATED)
        pdfs[language, "names"] = names
    return pdfs


@pytest.fixture(scope="module")
def hostile(bilan_app):
    """Every hostile text as an idea, a colleague version and a comment; hostile names."""
    texts, names = HOSTILE["texts"], HOSTILE["names"]
    workshop, _ = workshops.create_workshop(
        {"title": "<i>Atelier</i> </style>", "team": "<script>team</script>", "language": "en"}
    )
    facilitator = Identity(workshop.id, facilitator=True)
    workshops.set_phase(facilitator, "lobby")
    people = []
    for n, name in enumerate(names):
        _, person = participants.join(workshop, name, f"join-{n}")
        people.append(Identity(workshop.id, participant_id=person.id))
    workshops.set_phase(facilitator, "client_ideas")
    client_ids = [
        ideas.post_idea(people[n % len(people)], "client", text, None, f"c{n}").result["idea_id"]
        for n, text in enumerate(texts)
    ]
    workshops.set_phase(facilitator, "transposition")
    colleague_ids = [
        ideas.post_idea(people[n % len(people)], "colleague", text, parent, f"t{n}").result[
            "idea_id"
        ]
        for n, (text, parent) in enumerate(zip(texts, client_ids, strict=True))
    ]
    workshops.set_phase(facilitator, "vote")
    for n, person in enumerate(people):
        chosen = sorted({colleague_ids[n], colleague_ids[(n + 7) % len(colleague_ids)]})
        votes.set_ballot(person, chosen, f"v{n}")
    workshops.set_phase(facilitator, "results")
    workshops.set_phase(facilitator, "review")
    for n, vote in enumerate(
        db.session.scalars(select(Vote).filter_by(workshop_id=workshop.id).order_by(Vote.id))
    ):
        person = Identity(workshop.id, participant_id=vote.participant_id)
        review.save_report(person, vote.idea_id, "partly", 3, texts[n % len(texts)], f"r{n}")
    review.set_decision(facilitator, colleague_ids[0], "other", texts[4])
    review.set_outcome(facilitator, "other", texts[0], "\n".join(texts[:5]))
    return render_bilan(workshop, GENERATED)


@pytest.fixture(scope="module")
def empty(bilan_app):
    workshop, _ = workshops.create_workshop({"title": "Atelier vide", "language": "fr"})
    return render_bilan(workshop, GENERATED)


# -- content, in both languages ---------------------------------------------------------
def test_french_bilan_speaks_french(demo):
    text = pdf_text(demo["fr", "review"])
    for expected in (
        "Prendre soin des collègues comme des clients",
        "Agence de Rennes — accueil",
        "Idées clients",
        "Idées collègues",
        "Appeler chaque client par son prénom",  # a client idea
        "Dire bonjour à chaque collègue par son prénom en arrivant",  # its colleague version
        "23 novembre 2026",
        "8 décembre 2026",  # the review date
        "Engagements",
        "« Plus simple que prévu : on continue ! »",  # a comment, in guillemets
        NOTES["fr"],
        LESSONS["fr"],
    ):
        assert expected in text, expected
    assert "December" not in text and "Client ideas" not in text


def test_english_bilan_speaks_english(demo):
    text = pdf_text(demo["en", "review"])
    for expected in (
        "Caring for colleagues as we care for customers",
        "Client ideas",
        "Colleague ideas",
        "Call every customer by their first name",
        "November 23, 2026",
        "December 8, 2026",
        "Commitments",
        "Keep going",  # decisions on ideas
        "Extend the experiment",
        "A longer experiment",  # the workshop's next step
        "“Easier than expected: we keep it up!”",
        "Facilitated with Atelier",
        LESSONS["en"],
    ):
        assert expected in text, expected
    assert "décembre" not in text


def test_counts_and_ranking_match_the_votes(bilan_app, demo):
    text = pdf_text(demo["en", "results"])
    # The sample workshop: 12 people, 18 client ideas, 24 colleague ideas, 24 commitments.
    assert "12 of 12 participants committed; 24 commitments in all." in text
    assert re.search(r"18 ?client ideas 24 ?colleague ideas 24 ?commitments", text)
    # At the results the review has not happened: no review sections yet.
    assert "How it went" not in text and "How it went" in pdf_text(demo["en", "review"])


def test_review_shows_what_was_tried_and_the_decisions(demo):
    text = pdf_text(demo["en", "review"])
    assert "How it went" in text and "Decisions and lessons" in text
    assert "Lessons learned" in text and "tried it?" in text.lower()
    assert "No answer yet" in text  # some people have not reported


# -- pages ------------------------------------------------------------------------------
def test_pages_are_a4_numbered_and_none_is_blank(demo, tmp_path):
    data = demo["en", "review"]
    reader = PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    assert 6 <= count <= 14
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            595,
            842,
        )
    assert f"1 / {count}" in reader.pages[0].extract_text()
    assert f"{count} / {count}" in reader.pages[-1].extract_text()
    images = pdftoppm_pages(data, tmp_path)
    assert len(images) == count
    for n, (width, height, pixels) in enumerate(images, 1):
        # The body only: the running header and footer are on every page.
        body = pixels[width * (height * 13 // 100) : width * (height * 87 // 100)]
        assert sum(1 for value in body if value < 200) > 20, f"page {n} is blank"


def test_results_bilan_is_shorter_than_the_reviewed_one(demo):
    assert page_count(demo["fr", "results"]) < page_count(demo["fr", "review"])


# -- names hidden -------------------------------------------------------------------------
def test_hidden_names_appear_nowhere(demo):
    for language in ("fr", "en"):
        shown, hidden = pdf_text(demo[language, "review"]), pdf_text(demo[language, "hidden"])
        # French typography prints N'Golo as N’Golo.
        names = [n.replace("'", "’") if language == "fr" else n for n in demo[language, "names"]]
        assert all(name in shown for name in names)  # the check below means something
        assert [name for name in names if name in hidden] == []
        assert {"fr": "seulement les nombres", "en": "counts only"}[language] in hidden


# -- hostile input --------------------------------------------------------------------------
def test_html_css_and_script_print_as_text(hostile):
    text = pdf_text(hostile)
    for typed in (
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        '"><svg onload=alert(1)>',
        "</style><style>body{display:none}</style>",
        "{{ 7*7 }} {% raw %} ${7*7}",
        "<b>bold</b>",  # a name
        "Robert'); DROP TABLE participants;--",
        "<script>team</script>",
        "<i>Atelier</i> </style>",
    ):
        assert typed in text, typed
    assert "“<script>alert('x')</script>”" in text  # a comment, quoted
    assert 3 <= page_count(hostile) <= 20


def test_hostile_text_does_not_overflow(bilan_app, hostile):
    workshop = db.session.scalars(select(Workshop).filter_by(title="<i>Atelier</i> </style>")).one()
    assert overflowing_text(bilan_document(workshop, GENERATED)) == []


# -- empty and large --------------------------------------------------------------------------
def test_an_empty_workshop_gives_a_short_valid_bilan(empty, tmp_path):
    assert empty.startswith(b"%PDF")
    assert 1 <= page_count(empty) <= 3  # the cover, At a glance, the rest
    text = pdf_text(empty)
    assert "Atelier vide" in text
    assert all(min(pixels) < 128 for _, _, pixels in pdftoppm_pages(empty, tmp_path))


def test_300_ideas_and_60_people_render_without_overflow(bilan_app, caplog):
    from bench.bilan import synthetic_workshop

    workshop = synthetic_workshop(300, 60, "fr")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = bilan_document(workshop, GENERATED)
        data = document.write_pdf()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert overflowing_text(document) == []
    assert 25 <= len(document.pages) <= 60
    text = pdf_text(data)
    assert "Idées clients" in text and "8 décembre 2026" in text


def test_charts_escape_what_they_draw():
    import base64
    from xml.etree import ElementTree

    from atelier.services import charts

    hostile_label = '"><img src=x onerror=alert(1)>'
    chart = charts.bar(3, 4, label=hostile_label)
    assert "<img src=x" not in chart and 'alt="&#34;&gt;&lt;img src=x' in chart
    for made in (chart, charts.review({"yes": 1, "partly": 2}, [0, 1, 0, 2, 0], label="x")):
        svg = base64.b64decode(made.split("base64,")[1].split('"')[0]).decode()
        ElementTree.fromstring(svg)  # well-formed
    text = charts._text(0, 0, "</text><script>alert('x')</script>", 10)
    assert "<script>" not in text and "&lt;script&gt;" in text


# -- what a large bilan's speed rests on (docs/performance.md, "PDF bilan") ----------------------
def test_a_large_bilan_shows_every_idea_person_comment_and_note(bilan_app):
    """The compact layout of a large workshop loses nothing people typed."""
    from atelier.models import Decision, Idea, Report
    from bench.bilan import synthetic_workshop

    workshop = synthetic_workshop(300, 60, "en", seed=11)
    text = pdf_text(render_bilan(workshop, GENERATED))
    typed = set()
    for column in (Idea.text, Participant.name, Report.comment, Decision.note):
        rows = db.session.scalars(select(column).filter_by(workshop_id=workshop.id))
        typed |= {" ".join(row.split()) for row in rows if row}
    assert len(typed) > 100  # the synthetic workshop repeats its sample texts
    assert [t for t in typed if t not in text] == []


def test_a_number_hangs_before_what_people_typed_and_escapes_it():
    from atelier.services.bilan import as_pre_line, hanging

    typed = "  two  spaces\t and\r\n a  line \n\n end "
    assert as_pre_line(typed) == "two spaces and\na line\n\nend"
    assert hanging("C3", "<b>bold</b>  idea") == "C3&#9;&#8288;&lt;b&gt;bold&lt;/b&gt; idea"
    assert hanging("<i>", "x") == "&lt;i&gt;&#9;&#8288;x"
    # A tab would misplace colour emoji (WeasyPrint 70): a box holds the number instead.
    assert hanging("#2", "Un café ☕") == '<span class="hang">#2</span>Un café ☕'
    assert hanging("#2", "Très bien 👍🏾").startswith('<span class="hang">')


def test_the_user_agent_stylesheet_is_fitted_to_the_bilan():
    """WeasyPrint's own stylesheet, less the rules that style every element's
    ::marker, footnote and note pseudo-elements and all sixteen margin boxes of
    every page. If WeasyPrint stops loading it as bilan.py expects, the bilan
    still renders (with the stock class) but much more slowly: this test says so."""
    from weasyprint import HTML
    from weasyprint import html as stock

    from atelier.services.bilan import _bilan_user_agent_css, _html_class

    fitted = _bilan_user_agent_css(stock.UA)
    assert "li::marker {" in fitted and "\n::marker" not in fitted
    assert "::footnote-call" not in fitted and "::note-call" not in fitted
    assert "@top-left-corner" not in fitted and "@bottom-right " not in fitted
    assert "@page {" in fitted and "@counter-style decimal " in fitted
    assert len(fitted) > len(stock.UA) * 3 // 4  # the rest is WeasyPrint's own
    html_class = _html_class()
    assert html_class is not HTML and issubclass(html_class, HTML)
    sheets = html_class(string="<p>x</p>")._ua_stylesheets()
    assert sheets and stock.UA_STYLESHEET not in sheets


def test_a_closed_workshops_bilan_keeps_its_review(bilan_app):
    """Closing the workshop is when the bilan is forwarded: it must still say how the
    review went, what was decided, the next step and the lessons."""
    workshop = demo_workshop("en")
    hold_review(workshop, "en")
    workshops.set_phase(Identity(workshop.id, facilitator=True), "closed")
    text = pdf_text(render_bilan(db.session.get(Workshop, workshop.id), GENERATED))
    assert "How it went" in text and "Decisions and lessons" in text
    assert "Keep going" in text and "Extend the experiment" in text  # the first two decisions
    assert NOTES["en"] in text  # the next step's note
    assert "Lessons learned" in text and LESSONS["en"] in text
