"""Who the team serves (issue 14): every text that names them says the
facilitator's word, in French and in English, and it follows a change live.

A team serving *usagers* or *patients* should never read "client" or
"customer" where the choice belongs. Looked at, for each preset other than
customers, in both languages, on the demo workshop played to its review:
the screen, a phone, the facilitator's page, the remote, the team's page
(with the barometer's sentences) (every step is in
the page: the steps' sections are all rendered, shown by the script, and
every string the scripts show is in the page's bundle), the bilan, the three
reminder e-mails, the calendar file and the CSV export, header row and kind
cells included (labels for people; export.json keeps its codes for programs).

What is not looked at, and why:
- tags and attributes (class names such as "client-card", ids such as
  "client-list", the join form's hidden "client_id"): code, never shown;
- the bundle's keys ("phase_client_ideas"): ids the scripts look up; its
  values are all checked;
- the facilitator's list of choices ("clients, usagers, patients…"): it
  offers customers too;
"""

import csv
import datetime as dt
import io
import json
import re

import pytest

from atelier.demo import play
from atelier.domain.phases import Phase
from atelier.domain.served import PRESETS
from atelier.extensions import db
from atelier.models import Participant, User
from atelier.services.bilan import bilan_html
from atelier.services.calendar import review_calendar
from atelier.services.exports import export_csv
from atelier.services.identity import find_workshop
from atelier.services.reminders import build_message

from ..support import Harness, client_id, visible_text

LEFTOVER = re.compile(r"client|customer", re.I)
OTHERS = [preset for preset in PRESETS if preset != "customers"]
# What each choice is called in each language, as the pages must say it.
WORDS = {
    "service_users": {"fr": "usagers", "en": "service users"},
    "patients": {"fr": "patients", "en": "patients"},
    "students_families": {"fr": "élèves et familles", "en": "students and families"},
    "beneficiaries": {"fr": "bénéficiaires", "en": "beneficiaries"},
    "users": {"fr": "utilisateurs", "en": "users"},
    "members": {"fr": "adhérents", "en": "members"},
}


def islands(page: str) -> str:
    """The values of the page's JSON islands a script shows: its strings and
    the barometer's words (keys and the connection's config left out)."""
    shown = []
    for name in ("atelier-i18n", "atelier-barometer-words"):
        found = re.search(
            rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.S
        )
        assert found, name
        shown += list(_strings(json.loads(found.group(1))))
    return "\n".join(shown)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "id":
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def texts_of(app, preset: str, lang: str) -> dict[str, str]:
    """Everything people read about the demo workshop serving ``preset``."""
    harness = Harness(app)
    owner_id = harness.account("camille@example.org")
    with app.app_context():
        owner = db.session.get(User, owner_id)
        workshop, key = play(lang, Phase.REVIEW, serves=preset, owner=owner)
        code, team_id = workshop.code, workshop.team_id
    # The team's page: its workshops, with the barometer's sentences.
    team_page = harness.signed_in("camille@example.org").get(f"/teams/{team_id}?lang={lang}")
    assert team_page.status_code == 200
    facilitator = app.test_client()
    assert facilitator.get(f"/w/{code}/f/{key}").status_code in (200, 302)
    phone = app.test_client()
    joined = phone.post(
        f"/api/w/{code}/participants", json={"name": "Zoé", "client_id": client_id()}
    )
    assert joined.status_code == 201, joined.json
    texts = {"team page": visible_text(team_page.get_data(as_text=True))}
    for name, (http, path) in {
        "screen": (facilitator, f"/w/{code}/screen"),
        "facilitator": (facilitator, f"/w/{code}/facilitate"),
        "remote": (facilitator, f"/w/{code}/remote"),
        "phone": (phone, f"/j/{code}"),
    }.items():
        page = http.get(f"{path}?lang={lang}").get_data(as_text=True)
        assert f'lang="{lang}"' in page, name
        without_list = re.sub(r'<select [^>]*name="serves".*?</select>', "", page, flags=re.S)
        texts[name] = visible_text(without_list) + "\n" + islands(page)
    with app.app_context():
        workshop = find_workshop(code)
        texts["bilan"] = visible_text(bilan_html(workshop))
        someone = Participant.query.filter_by(workshop_id=workshop.id).first()
        someone.email = "zoe@example.org"
        now = dt.datetime(2026, 11, 23, 18)
        for kind in ("summary", "halfway", "eve"):
            message = build_message(kind, workshop, someone, now)
            texts[f"e-mail {kind}"] = f"{message['Subject']}\n{message.get_content()}"
        link = "https://atelier.example.org/r/x"
        texts["calendar"] = review_calendar(workshop, someone, link, now).decode()
        rows = list(csv.reader(io.StringIO(export_csv(workshop))))
        texts["csv"] = "\n".join(cell for row in rows for cell in row)
    return texts


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("preset", OTHERS)
def test_no_text_says_customers_where_the_team_serves_others(app, preset, lang):
    texts = texts_of(app, preset, lang)
    leftovers = {
        name: sorted({m.group(0) + text[m.end() : m.end() + 40] for m in LEFTOVER.finditer(text)})
        for name, text in texts.items()
        if LEFTOVER.search(text)
    }
    assert leftovers == {}
    # And the choice itself is what they read, not a blank.
    word = WORDS[preset][lang]
    for name in ("screen", "phone", "facilitator", "bilan", "team page"):
        assert word in texts[name].lower(), name


def test_the_default_still_speaks_of_customers(app):
    texts = texts_of(app, "customers", "en")
    assert "Client ideas" in texts["facilitator"]
    assert "make customers come, and come back" in texts["bilan"]
    french = texts_of(app, "customers", "fr")
    assert "Idées clients" in french["facilitator"]
    assert "font que les clients viennent et reviennent" in french["bilan"]


def test_french_grammar_of_each_choice(app):
    """The forms each sentence needs: "idée usager", "idées usagers", "les usagers"."""
    texts = texts_of(app, "service_users", "fr")
    bilan = texts["bilan"]
    assert "Idées usagers" in bilan
    assert "font que les usagers viennent et reviennent" in bilan
    assert "idée usager" in bilan or "idées usagers" in bilan
    families = texts_of(app, "students_families", "fr")["bilan"]
    assert "font que les élèves et les familles viennent et reviennent" in families


HEADERS = {
    "fr": [
        "N°", "Type", "Idée usager", "Texte", "Auteurs", "Engagements", "Qui s’est engagé",
        "Essayé : oui", "Essayé : en partie", "Essayé : non", "Ressenti moyen (sur 5)",
        "Décision", "Note sur la décision",
    ],
    "en": [
        "No.", "Kind", "Patient idea", "Text", "Authors", "Commitments", "Who committed",
        "Tried: yes", "Tried: partly", "Tried: no", "Average feeling (out of 5)",
        "Decision", "Decision note",
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "preset", "kinds", "kept"),
    [
        ("fr", "service_users", ["Idée usager", "Idée collègue"], "Continuer"),
        ("en", "patients", ["Patient idea", "Colleague idea"], "Keep going"),
    ],
)
def test_the_spreadsheet_reads_in_the_workshops_language_and_word(
    harness, lang, preset, kinds, kept
):
    """A manager opening export.csv reads labels, not codes: the header, each
    idea's kind and the decision, in the workshop's language and with its word."""
    code, facilitator, _, (phone,) = harness.open_workshop(("Zoé",), language=lang, serves=preset)
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    welcome = "Un sourire à l’accueil"
    client = harness.post(phone, welcome)["idea_id"]
    facilitator.ok("phase.set", {"phase": "transposition"})
    mirror = harness.post(phone, "Un sourire en salle de pause", kind="colleague", parent_id=client)
    facilitator.ok("phase.set", {"phase": "vote"})
    phone.ok("vote.set", {"idea_ids": [mirror["idea_id"]], "client_id": client_id()})
    for step in ("results", "review"):
        facilitator.ok("phase.set", {"phase": step})
    facilitator.ok("decision.set", {"idea_id": mirror["idea_id"], "choice": "keep", "note": ""})

    text = facilitator.http.get(f"/w/{code}/export.csv").data.decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text))
    assert header == HEADERS[lang]
    assert [row[1:4] for row in rows] == [
        [kinds[0], "", welcome],
        [kinds[1], welcome, "Un sourire en salle de pause"],
    ]
    assert [row[11] for row in rows] == ["", kept]
    # export.json, for programs, keeps its codes whatever the language.
    data = facilitator.http.get(f"/w/{code}/export.json").json
    assert [idea["kind"] for idea in data["ideas"]] == ["client", "colleague"]
    assert [d["choice"] for d in data["decisions"]] == ["keep"]


# -- choosing, changing, locking --------------------------------------------------------
def test_a_change_in_the_lobby_reaches_every_page_then_locks_with_the_ideas(harness):
    code, facilitator, screen, phones = harness.open_workshop(language="fr")
    facilitator.ok("workshop.update", {"settings": {"serves": "patients"}})
    for page in (facilitator, screen, *phones):
        page.drain()
        assert page.store.workshop["serves"] == {"key": "patients", "singular": "", "plural": ""}
        assert page.store.workshop["serves_words"]["fr"]["the_people"] == "les patients"
    typed = {"singular": "  l’habitant", "plural": "les habitants "}
    facilitator.ok("workshop.update", {"settings": {"serves": typed}})
    screen.drain()
    words = screen.store.workshop["serves_words"]
    assert words["fr"] == {
        "person": "habitant",
        "persons": "habitants",
        "people": "habitants",
        "the_people": "les habitants",
    }
    assert words["en"]["people"] == "habitants"  # a typed word is used as typed
    assert screen.store.workshop["serves"]["singular"] == "l’habitant"  # trimmed

    facilitator.ok("phase.set", {"phase": "client_ideas"})
    refused = facilitator.act("workshop.update", {"settings": {"serves": "users"}})
    assert refused["error"]["code"] == "serves_locked"
    # Sending the current choice again (the whole form) is not a change.
    facilitator.ok(
        "workshop.update",
        {"settings": {"serves": {"singular": "l’habitant", "plural": "les habitants"}}},
    )
    # Back in the lobby once an idea exists: it was written for them.
    harness.post(phones[0], "Un sourire à l’accueil")
    facilitator.ok("phase.set", {"phase": "lobby"})
    refused = facilitator.act("workshop.update", {"settings": {"serves": "users"}})
    assert refused["error"]["code"] == "serves_locked"
    assert refused["error"]["message"] == (
        "Who the team serves can change only until the first ideas are written."
    )


def test_a_typed_word_is_refused_when_it_is_not_one_line_of_forty_characters(harness):
    code, facilitator, screen, phones = harness.open_workshop()
    for wrong in (
        {"singular": "résident\r\nBcc: evil@example.org", "plural": "résidents"},
        {"singular": "résident", "plural": "r" * 41},
        {"singular": "les", "plural": "résidents"},
        "clients",
    ):
        refused = facilitator.act("workshop.update", {"settings": {"serves": wrong}})
        assert refused["error"]["code"] == "serves_invalid", wrong
        assert "40" in refused["error"]["message"]


def test_the_home_form_creates_a_workshop_for_a_public_service(harness):
    http = harness.signed_in()
    form = {"title": "Mairie annexe", "csrf_token": http.csrf_token(), "serves": "custom"}
    typed = {**form, "serves_singular": "l'habitant", "serves_plural": "les habitants"}
    created = http.post("/workshops?lang=fr", data=typed)
    assert created.status_code == 302
    facilitate = http.get(created.headers["Location"] + "?lang=fr").get_data(as_text=True)
    assert "Idées habitants" in facilitate
    assert 'value="les habitants"' in facilitate  # the settings card shows the choice
    # "Other…" without the words: the form comes back with the reason.
    refused = http.post("/workshops?lang=fr", data={**form, "serves_plural": "les habitants"})
    assert refused.status_code == 400
    assert "singulier et au pluriel" in refused.get_data(as_text=True)
    preset = http.post("/workshops", data={**form, "serves": "service_users"})
    assert preset.status_code == 302


def test_an_english_typed_word_never_follows_a_wrong_article(app, harness):
    """A typed word may start with a vowel ("attendee"): no sentence says
    "a attendee idea" (the phone's hints and the bilan's free ideas)."""
    typed = {"singular": "an attendee", "plural": "attendees"}
    code, facilitator, screen, phones = harness.open_workshop(language="en", serves=typed)
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    assert harness.post(phones[0], "Coffee for the night shift", kind="colleague")["ok"]
    page = phones[0].http.get(f"/j/{code}?lang=en").get_data(as_text=True)
    with app.app_context():
        bilan = visible_text(bilan_html(find_workshop(code)))
    for text in (visible_text(page) + islands(page), bilan):
        assert "attendee idea" in text
        assert not re.search(r"\ba attendee", text), re.findall(r".{40}\ba attendee.{20}", text)


def test_the_french_refusal_says_the_choice_is_locked_not_the_people(app):
    """French said "les personnes … ne peuvent changer": as if the people themselves changed."""
    from flask_babel import force_locale

    from atelier.domain.errors import Refusal
    from atelier.i18n import error_payload

    with app.test_request_context(), force_locale("fr"):
        message = error_payload(Refusal("serves_locked"))["message"]
    assert message == (
        "Le choix des personnes que sert l’équipe ne peut changer que jusqu’aux premières idées."
    )
