"""French is the default: no page, and no string a script shows, falls back to
English; and English says "report" where French says "bilan"."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ..support import visible_text

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "atelier/translations/fr/LC_MESSAGES/messages.po"
SCRIPTS = sorted((ROOT / "static/js").rglob("*.js"))
_STRING = r'"((?:[^"\\]|\\.)*)"'
T_CALL = re.compile(rf"\bt\(\s*{_STRING}\s*,\s*{_STRING}")
TN_CALL = re.compile(rf"\btn\(\s*{_STRING}\s*,[^,]+,\s*{_STRING}\s*,\s*{_STRING}")
# The same word in both languages.
SAME_IN_BOTH = {"Atelier", "Options", "Date", "Code", "QR", "Note", "Notes", "E-mail", "Total"}
SAME_PLURALS = {"votes_count"}  # "3 votes" in both


def script_strings() -> tuple[dict, dict]:
    """Keys the scripts show through t() (key → English) and tn() (key → (one, other))."""
    singles, plurals = {}, {}
    for path in SCRIPTS:
        source = path.read_text()
        for key, english in T_CALL.findall(source):
            singles[key] = json.loads(f'"{english}"')
        for key, one, other in TN_CALL.findall(source):
            plurals[key] = (json.loads(f'"{one}"'), json.loads(f'"{other}"'))
    return singles, plurals


def bundle_of(page: str) -> dict:
    island = r'<script type="application/json" id="atelier-i18n">(.*?)</script>'
    found = re.search(island, page, re.S)
    return json.loads(found.group(1))


@pytest.fixture
def live_pages(harness):
    """A workshop at its results, and its phone page in each language."""
    code, facilitator, screen, phones, _ = harness.at_results()
    http = phones[0].http
    return {lang: http.get(f"/j/{code}?lang={lang}").text for lang in ("fr", "en")}


def test_every_string_a_script_shows_is_in_the_bundle_translated(live_pages):
    singles, plurals = script_strings()
    assert len(singles) > 100 and len(plurals) > 5, "the scripts' strings were not found"
    french, english = bundle_of(live_pages["fr"]), bundle_of(live_pages["en"])
    problems = []
    for key, fallback in singles.items():
        if not isinstance(french.get(key), str):
            problems.append(f"t({key!r}) is not in the bundle: French would show {fallback!r}")
        elif english[key] != fallback:
            problems.append(
                f"t({key!r}): the fallback {fallback!r} ≠ the catalogue's {english[key]!r}"
            )
        elif french[key] == fallback and fallback not in SAME_IN_BOTH:
            problems.append(f"t({key!r}) is not translated: {fallback!r}")
    for key, (one, other) in plurals.items():
        forms = french.get(key)
        if not (isinstance(forms, dict) and forms.keys() >= {"one", "other"}):
            problems.append(f"tn({key!r}) needs {{one, other}} in the bundle, else {other!r}")
        elif (english[key]["one"], english[key]["other"]) != (one, other):
            problems.append(f"tn({key!r}): the script's fallbacks differ from the catalogue")
        elif forms["other"] == other and key not in SAME_PLURALS:
            problems.append(f"tn({key!r}) is not translated: {other!r}")
    assert problems == []


def english_phrases() -> list[str]:
    """Pieces of English the French catalogue translates differently, long enough
    to be unmistakable (placeholders cut out)."""
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="fr")
    phrases = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if not english or english in strings:
                continue
            for piece in re.split(r"%\(\w+\)s|%s|\{\w+\}", english):
                piece = piece.strip(" .,:;!?…“”()—-")
                if len(piece) >= 18 and " " in piece:
                    phrases.add(piece)
    return sorted(phrases)


def every_page(harness, lang: str) -> dict[str, str]:
    """Every kind of page, as a reader in ``lang`` gets it."""
    admin = harness.signed_in("admin@example.org", role="admin")
    code, facilitator, screen, phones, _ = harness.at_results(language=lang)
    owner = facilitator.sio.flask_test_client
    owner.post(f"/w/{code}/manager-link")
    facilitate = owner.get(f"/w/{code}/facilitate").text
    manager = re.search(rf"http://localhost(/w/{code}/manager/[\w-]+)", facilitate).group(1)
    anonymous = harness.app.test_client()
    visits = {
        "home": (anonymous, "/"),
        "home signed in": (owner, "/"),
        "sign in": (anonymous, "/login"),
        "sign up": (anonymous, "/signup"),
        "join": (anonymous, "/join"),
        "name form": (anonymous, f"/j/{code}"),
        "not found": (anonymous, "/no/such/page"),
        "account": (owner, "/account"),
        "admin": (admin, "/admin/"),
        "phone": (phones[0].http, f"/j/{code}"),
        "screen": (owner, f"/w/{code}/screen"),
        "facilitator": (owner, f"/w/{code}/facilitate"),
        "remote": (owner, f"/w/{code}/remote"),
        "manager": (anonymous, manager),
    }
    pages = {}
    for name, (http, path) in visits.items():
        response = http.get(f"{path}?lang={lang}")
        assert response.status_code in (200, 404), (name, response.status_code)
        pages[name] = response.text
    return pages


def test_no_page_shows_english_to_a_french_reader(harness):
    phrases = english_phrases()
    assert len(phrases) > 200
    leaks = {}
    for name, page in every_page(harness, "fr").items():
        assert 'lang="fr"' in page, name
        text = visible_text(page)
        found = [phrase for phrase in phrases if phrase in text]
        if found:
            leaks[name] = found
    assert leaks == {}


def test_english_says_report_where_french_says_bilan(harness):
    for name, page in every_page(harness, "en").items():
        assert 'lang="en"' in page, name
        words = visible_text(page)
        if "atelier-i18n" in page:
            words += json.dumps(bundle_of(page), ensure_ascii=False)
        assert not re.search(r"\bbilans?\b", words, re.I), name
