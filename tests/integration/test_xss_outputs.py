"""Hostile text in every field stays inert text in every output (no browser).

The same payloads go into every user-controlled field: workshop title and
team, first names, client and colleague ideas, the facilitator's edit, report
comments, decision notes, the review's outcome and lessons, account names and
a manager's teams. Then each output is read back: the server-rendered pages
(escaped, nothing injected, JSON blocks that cannot close their <script>),
the scripts that build live pages (text nodes only), the PDF bilan (the
markup printed as text, nothing hidden by the CSS payload), the reminder
e-mail (plain text, no header injected), the .ics file (one event, no
property injected) and the CSV export (no formula a spreadsheet would run).
tests/browser/test_xss.py checks the same in Chromium.
"""

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from markupsafe import escape
from pypdf import PdfReader

from atelier.mailer import SmtpMailer
from atelier.services.identity import find_workshop
from atelier.services.reminders import send_due_reminders

from ..hostile import CLASSIC, HOSTILE, IMG, JS_URL, SCRIPT, STYLE, SVG, TEMPLATE, TEXTAREA
from ..support import client_id

ROOT = Path(__file__).parent.parent.parent

# Ideas: the classic payloads first, then every hostile text of the shared list.
TEXTS = CLASSIC + [t for t in HOSTILE["texts"] if t not in CLASSIC]
# First names (40 characters at most), some of them formulas to a spreadsheet.
NAMES = [*CLASSIC, *HOSTILE["names"], "=1+2", "@SUM(A1)", "-Zoé", "+Karim"]
TITLE = f"{SCRIPT} {SVG}"
TEAM = f"{IMG} {STYLE} {TEXTAREA}"
ACCOUNT_NAME = f"{IMG} {TEXTAREA}"
GUEST_NAME = f"{SCRIPT} {SVG}"
EDITED = '<img src=x onerror="window.__xss=2"> edited by the facilitator'
NOTE = f"{SVG} {STYLE} =cmd|' /C calc'!A0"
LESSONS = "\n".join(CLASSIC)
# Who the team serves, typed (40 characters at most each): in every sentence
# that names them, on the pages and in the PDF; the singular starts the CSV's
# "… idea" header and kind cells, where it would be a formula.
SERVES_ONE = '=<i onclick="window.__xss=3">l’hôte</i>'
SERVES_MANY = "=cmd|' /C calc'!A0 <u>hôtes</u>"
# Benign ideas posted after the CSS payload: they must still be readable.
PLAIN = ["Greet every colleague by name", "A shared coffee on Monday mornings"]
OWNER, GUEST, MANAGER = "camille@example.org", "guest@example.org", "manager@example.org"


# -- what a page must not contain ------------------------------------------------------
class Inert(HTMLParser):
    """Reads a page as a browser would tokenise it; lists whatever user text could run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.texts: list[str] = []
        self.json_blocks: list[str] = []
        self._script: dict | None = None
        self._in_b = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name, value in attrs:
            value = value or ""
            self.texts.append(value)
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>: an event handler attribute")
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                re.sub(r"\s", "", value).lower().startswith("javascript:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>: a javascript: URL")
        if tag == "img" and found.get("src") == "x":
            self.problems.append("<img src=x>")
        # The pages' own charts are inline SVG with a class of ours
        # (atelier/services/page_charts.py); a payload's <svg> has none.
        if tag == "svg" and found.get("class") in ("ft-bar", "chart-swatch", "baro-chart"):
            pass
        elif tag in ("svg", "style", "iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}> element")
        if tag == "b":
            self._in_b = True
        if tag == "script":
            if "src" not in found and found.get("type") != "application/json":
                self.problems.append("an inline executable <script>")
            self._script = found

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag == "b":
            self._in_b = False

    def handle_data(self, data):
        if self._script is not None:
            if self._script.get("type") == "application/json":
                self.json_blocks.append(data)
            return
        if self._in_b and "bold" in data:
            self.problems.append("<b>bold</b> made an element")
        self.texts.append(data)


def read_page(response, status: int = 200) -> Inert:
    assert response.status_code == status, (response.status_code, response.request.path)
    assert response.mimetype == "text/html"
    policy_header = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy_header and "unsafe-inline" not in policy_header
    page = Inert()
    page.feed(response.get_data(as_text=True))
    page.close()
    assert page.problems == [], (response.request.path, page.problems)
    for block in page.json_blocks:
        # tojson escapes < > & ': nothing in the block can close it or open a comment.
        assert "<" not in block and ">" not in block, block[:200]
        json.loads(block)
    return page


def assert_shown(page: Inert, *payloads: str) -> None:
    """Each payload is on the page as text (or an attribute value), character for character."""
    everything = "\n".join(page.texts)
    for payload in payloads:
        assert payload in everything, payload


def assert_escaped(html: str, *payloads: str) -> None:
    """In the source, only the escaped form of each payload's markup is found."""
    for payload in payloads:
        assert str(escape(payload)) in html, payload
        if any(ch in payload for ch in "<>"):
            assert payload not in html, payload


# -- the workshop, every field hostile -----------------------------------------------
@pytest.fixture
def hostile(harness):
    """A workshop played to its review with a payload in every text field."""
    harness.account(OWNER, name=ACCOUNT_NAME)
    harness.account(GUEST, name=GUEST_NAME)
    harness.account(MANAGER, role="manager", name=SVG, teams=[TEAM, TEXTAREA])
    # Title through the creation form, team through the live settings.
    code, http, key = harness.create(
        OWNER,
        title=TITLE,
        date="2026-11-23",
        language="en",
        votes_per_person=3,
        serves={"singular": SERVES_ONE, "plural": SERVES_MANY},
    )
    facilitator = harness.facilitator(code, http)
    facilitator.ok("workshop.update", {"settings": {"team": TEAM}})
    assert http.post(f"/w/{code}/co-facilitators", data={"email": GUEST}).status_code == 302
    # The guest opens it: from then on the bilan's cover names them.
    assert harness.signed_in(GUEST).get(f"/w/{code}/facilitate").status_code == 200
    facilitator.ok("phase.set", {"phase": "lobby"})
    phones = [harness.join(code, name)[0] for name in NAMES]

    facilitator.ok("phase.set", {"phase": "client_ideas"})
    clients = [
        harness.post(phones[n % len(phones)], text)["idea_id"] for n, text in enumerate(TEXTS)
    ]
    facilitator.ok("phase.set", {"phase": "transposition"})
    colleagues = [
        harness.post(phones[n % len(phones)], text, kind="colleague", parent_id=parent)["idea_id"]
        for n, (text, parent) in enumerate(zip(TEXTS, clients, strict=True))
    ]
    colleagues += [harness.post(phones[0], text, kind="colleague")["idea_id"] for text in PLAIN]
    edited = harness.post(phones[1], "A text the facilitator rewrites", kind="colleague")
    facilitator.ok("idea.edit", {"idea_id": edited["idea_id"], "text": EDITED})
    colleagues.append(edited["idea_id"])

    facilitator.ok("phase.set", {"phase": "vote"})
    ballots = {}
    for n, phone in enumerate(phones):
        ballots[n] = [colleagues[(n + k) % len(colleagues)] for k in range(3)]
        phone.ok("vote.set", {"idea_ids": ballots[n], "client_id": client_id()})
    # The first three change their minds: the benign ideas and the edited one.
    for n, phone in enumerate(phones[:3]):
        ballots[n] = colleagues[-3:]
        phone.ok("vote.set", {"idea_ids": ballots[n], "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})
    facilitator.ok("phase.set", {"phase": "review"})
    for n, phone in enumerate(phones):
        comment = TEXTS[n % len(TEXTS)]
        phone.ok(
            "report.save",
            {
                "idea_id": ballots[n][0],
                "tried": "partly",
                "feeling": 3,
                "comment": comment,
                "client_id": client_id(),
            },
        )
    committed = sorted({idea for ballot in ballots.values() for idea in ballot})
    for n, idea in enumerate(committed):
        note = NOTE if n == 0 else TEXTS[n % len(TEXTS)]
        facilitator.ok("decision.set", {"idea_id": idea, "choice": "other", "note": note})
    facilitator.ok("review.outcome", {"next_step": "other", "note": NOTE, "lessons": LESSONS})
    return code, http, key, facilitator, phones


# -- server-rendered pages -------------------------------------------------------------
def test_every_page_shows_the_payloads_escaped_and_injects_nothing(app, harness, hostile):
    code, http, key, facilitator, phones = hostile

    owner_home = read_page(http.get("/"))
    assert_shown(owner_home, ACCOUNT_NAME, GUEST)  # the name, and the invitation's flash
    account = http.get("/account")
    assert_escaped(account.get_data(as_text=True), ACCOUNT_NAME, TITLE, TEAM)
    assert_shown(read_page(account), ACCOUNT_NAME, TITLE, TEAM)

    facilitate = http.get(f"/w/{code}/facilitate")
    html = facilitate.get_data(as_text=True)
    assert_escaped(html, TITLE, SERVES_ONE, SERVES_MANY)
    page = read_page(facilitate)
    # Title, team and who the team serves in the settings form too.
    assert_shown(page, TITLE, TEAM, GUEST, SERVES_ONE, SERVES_MANY)
    read_page(http.get(f"/w/{code}/remote"))
    screen = http.get(f"/w/{code}/screen")
    assert_escaped(screen.get_data(as_text=True), SERVES_ONE)
    assert_shown(read_page(screen), TITLE, SERVES_ONE)

    guest = harness.signed_in(GUEST)
    assert_shown(read_page(guest.get(f"/w/{code}/facilitate")), GUEST_NAME, TITLE)
    assert_shown(read_page(guest.get("/account")), GUEST_NAME, TITLE, TEAM)
    manager = harness.signed_in(MANAGER)
    assert_shown(read_page(manager.get("/account")), SVG, TITLE, TEAM)
    admin = harness.signed_in("admin@example.org", role="admin")
    admin_page = admin.get("/admin/")
    assert_escaped(admin_page.get_data(as_text=True), TEXTAREA, ACCOUNT_NAME, GUEST_NAME)
    assert_shown(read_page(admin_page), TEXTAREA, ACCOUNT_NAME, GUEST_NAME, SVG)

    for n in (0, 1, 2, 5, 14):  # the phones of <img…>, <script>, "><svg…>, </textarea>…, <b>
        phone_page = phones[n].http.get(f"/j/{code}")
        assert_escaped(phone_page.get_data(as_text=True), NAMES[n], TITLE, SERVES_ONE)
        assert_shown(read_page(phone_page), NAMES[n], TITLE, SERVES_ONE)
    join_page = app.test_client().get(f"/j/{code}")
    assert_escaped(join_page.get_data(as_text=True), TITLE, TEAM)
    assert_shown(read_page(join_page), TITLE, TEAM)

    http.post(f"/w/{code}/manager-link")
    html = http.get(f"/w/{code}/facilitate").get_data(as_text=True)
    link = re.search(rf"http://localhost(/w/{code}/manager/[\w-]+)", html)
    assert link, html[:500]
    manager_page = app.test_client().get(link.group(1))
    assert_escaped(manager_page.get_data(as_text=True), TITLE, TEAM)
    assert_shown(read_page(manager_page), TITLE, TEAM)


def test_error_pages_echo_what_was_typed_escaped(app, hostile):
    code, *_ = hostile
    visitor = app.test_client()
    # A refused first name (too long; the workshop is past its lobby anyway) comes back in the form.
    refused = visitor.post(f"/j/{code}", data={"name": SVG * 2, "client_id": "x" * 8})
    assert refused.status_code in (400, 409)
    assert_shown(read_page(refused, refused.status_code), SVG * 2, TITLE)
    bad_code = visitor.post("/join", data={"code": SVG})
    assert_shown(read_page(bad_code, 400), SVG)
    login = visitor.post("/login", data={"email": IMG, "password": "x", "next": JS_URL})
    assert_shown(read_page(login, 401), IMG)
    signup = visitor.post("/signup", data={"email": TEXTAREA, "name": SCRIPT, "password": "short"})
    assert_shown(read_page(signup, 400), SCRIPT, TEXTAREA)
    read_page(visitor.get(f"/login?next={SVG}"))
    # The language switch echoes the path of a page that does not exist.
    missing = visitor.get(f"/nowhere/{SVG}{IMG}")
    assert_escaped(missing.get_data(as_text=True), f"/nowhere/{SVG}{IMG}")
    read_page(missing, 404)
    read_page(visitor.get(f"/w/{code}/manager/{IMG}"), 401)
    read_page(visitor.get(f"/j/{TEXTAREA}"), 404)


@pytest.mark.parametrize(
    "target",
    [JS_URL, "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\x00/evil.example"],
)
def test_a_next_link_never_leads_to_another_site(harness, target):
    """Browsers drop tabs and line breaks from URLs: "/<tab>/evil.example" is "//evil.example"."""
    signed_in = harness.signed_in(OWNER)
    back = signed_in.get("/login", query_string={"next": target})
    assert back.status_code == 302 and back.headers["Location"] == "/account"
    fresh = harness.app.test_client()
    form = {"email": OWNER, "password": "un mot de passe de test", "next": target}
    assert fresh.post("/login", data=form).headers["Location"] == "/account"


def test_live_pages_put_user_text_in_the_dom_as_text_only(app, hostile):
    """User text reaches live pages as JSON over the socket or the snapshot API; the
    scripts that draw it use textContent and createElement, never an HTML sink."""
    code, http, *_ = hostile
    sinks = re.compile(
        r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\s*\("
        r"|new\s+Function\b|\bsrcdoc\b|createContextualFragment|DOMParser|\.href\s*="
        r"|setTimeout\s*\(\s*['\"`]|setInterval\s*\(\s*['\"`]"
    )
    scripts = sorted((ROOT / "static" / "js").rglob("*.js"))
    assert scripts
    for script in scripts:
        for number, line in enumerate(script.read_text().splitlines(), 1):
            assert not sinks.search(line), f"{script.name}:{number}: {line.strip()}"
    # dom.js's h() turns on… props into listeners, never into attributes.
    assert 'key.startsWith("on")) el.addEventListener' in (ROOT / "static/js/dom.js").read_text()

    # No template marks user text as safe HTML (Jinja comments aside).
    for template in (ROOT / "templates").rglob("*.html"):
        source = re.sub(r"\{#.*?#\}", "", template.read_text(), flags=re.S)
        assert not re.search(r"\|\s*safe\b|autoescape\s+false", source), template.name

    # The snapshot is JSON, never sniffed as HTML.
    snapshot = http.get(f"/api/w/{code}/snapshot")
    assert snapshot.mimetype == "application/json"
    assert snapshot.headers["X-Content-Type-Options"] == "nosniff"
    texts = {idea["text"] for idea in snapshot.json["ideas"]}
    assert {IMG, SCRIPT, SVG, EDITED} <= texts  # stored as typed; the page escapes


# -- the PDF bilan -------------------------------------------------------------------
def _squeezed(text: str) -> str:
    """Without white space: a long payload may wrap anywhere in the PDF's columns."""
    return re.sub(r"\s", "", text)


def test_the_pdf_prints_the_payloads_as_text(hostile):
    code, http, *_ = hostile
    response = http.get(f"/w/{code}/bilan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    # The file name comes from the team, as an ASCII slug: nothing to break the header.
    assert re.fullmatch(
        r'attachment; filename="report-[a-z0-9-]+-2026-11-23\.pdf"',
        response.headers["Content-Disposition"],
    )
    reader = PdfReader(io.BytesIO(response.data))
    text = _squeezed("\n".join(page.extract_text() for page in reader.pages))
    # The cover names the owner and the co-facilitator: ACCOUNT_NAME, GUEST_NAME.
    payloads = (TITLE, TEAM, IMG, SCRIPT, SVG, STYLE, TEXTAREA, TEMPLATE, EDITED, NOTE)
    payloads += (SERVES_ONE, SERVES_MANY)  # who the team serves, as typed
    for payload in (*payloads, ACCOUNT_NAME, GUEST_NAME):
        assert _squeezed(payload) in text, payload
    assert "<script>" in text and "<style>" in text  # the characters themselves
    assert "<b>bold</b>" in text and _squeezed("Robert'); DROP TABLE") in text  # first names
    # The CSS payload hid nothing: the ideas posted after it and the lessons are there.
    for plain in [*PLAIN, LESSONS]:
        assert _squeezed(plain) in text, plain
    # No script and no link made from user text.
    assert b"/JavaScript" not in response.data and b"/JS" not in response.data
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action else ""
            assert "javascript" not in uri.lower() and "example.invalid" not in uri, uri


# -- the reminder e-mail ---------------------------------------------------------------
# What the reminder carries; an injected header would add another name.
EXPECTED_HEADERS = {
    "to", "subject", "content-language", "from", "content-type",
    "content-transfer-encoding", "mime-version",
}  # fmt: skip


def test_reminder_mail_is_plain_text_and_takes_no_injected_header(mail_app, harness, inbox):
    app = mail_app
    inbox, _ = inbox
    crlf = "Zoé\r\nBcc: evil@example.org"
    # Who the team serves, typed hostile too: nothing of it reaches a header.
    serves = {"singular": SERVES_ONE, "plural": SERVES_MANY}
    code, http, _ = harness.create(title=TITLE, date="2026-11-23", language="en", serves=serves)
    facilitator = harness.facilitator(code, http)
    # CR/LF is refused in a title and in a first name (single-line fields).
    crlf_title = {"title": f"{SCRIPT}\r\nBcc: evil@example.org"}
    assert facilitator.act("workshop.update", {"settings": crlf_title})["error"]["code"] == (
        "setting_invalid"
    )
    facilitator.ok("workshop.update", {"settings": {"title": f"{SCRIPT} Bcc: evil@example.org"}})
    facilitator.ok("phase.set", {"phase": "lobby"})
    refused = http.post(f"/api/w/{code}/participants", json={"name": crlf, "client_id": "c" * 8})
    assert refused.status_code == 400 and refused.json["error"]["code"] == "name_invalid"
    phone, _ = harness.join(code, IMG)
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    idea = harness.post(phone, f"{SCRIPT}\r\nBcc: evil@example.org\r\n\r\n{IMG}", kind="colleague")
    facilitator.ok("phase.set", {"phase": "vote"})
    phone.ok("vote.set", {"idea_ids": [idea["idea_id"]], "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})
    phone.ok("email.set", {"email": "zoe@example.org"})
    refused = phone.act("email.set", {"email": "zoe@example.org\r\nBcc: evil@example.org"})
    assert not refused["ok"]

    with app.app_context():
        sent = send_due_reminders(SmtpMailer(app.config), now=dt.datetime(2026, 11, 23, 18))
    assert len(sent) == 1
    ((recipients, message),) = inbox.messages
    assert recipients == ["zoe@example.org"]  # no one added by a header
    assert {name.lower() for name in message} <= EXPECTED_HEADERS
    assert "evil@example.org" not in str(message["To"])
    assert message["Subject"] == f"Your commitments — {SCRIPT} Bcc: evil@example.org"
    assert not message.is_multipart() and message.get_content_type() == "text/plain"
    body = message.get_content()
    assert f"Hello {IMG}," in body  # plain text: the characters as typed, not &lt;…
    assert SCRIPT in body and "&lt;" not in body


# -- the calendar file -----------------------------------------------------------------
def test_ics_stays_one_event_whatever_the_title_and_ideas_say(harness):
    serves = {"singular": SERVES_ONE, "plural": SERVES_MANY}
    code, http, _ = harness.create(title="Atelier", date="2026-11-23", language="en", serves=serves)
    facilitator = harness.facilitator(code, http)
    # Who the team serves cannot be one line and another either.
    crlf_word = {"singular": "hôte\r\nATTENDEE:mailto:evil@example.org", "plural": "hôtes"}
    refused = facilitator.act("workshop.update", {"settings": {"serves": crlf_word}})
    assert refused["error"]["code"] == "serves_invalid"
    # A title is one line (a CR/LF is refused); what is left to escape are ; and ,
    crlf_title = {"title": "Atelier\r\nATTENDEE:mailto:evil@example.org"}
    assert not facilitator.act("workshop.update", {"settings": crlf_title})["ok"]
    facilitator.ok(
        "workshop.update",
        {"settings": {"title": "Atelier ATTENDEE:mailto:evil@example.org; a, b"}},
    )
    facilitator.ok("phase.set", {"phase": "lobby"})
    phone, _ = harness.join(code, SVG)
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    texts = [
        "One\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected",
        "Two\r\nATTENDEE:mailto:evil@example.org",
        "Three\rATTENDEE;CN=x:mailto:evil@example.org",
        "Four; with, commas; and \\ backslashes",
    ]
    ideas = [harness.post(phone, text, kind="colleague")["idea_id"] for text in texts]
    facilitator.ok("workshop.update", {"settings": {"votes_per_person": 4}})
    facilitator.ok("phase.set", {"phase": "vote"})
    phone.ok("vote.set", {"idea_ids": ideas, "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})

    response = phone.http.get(f"/w/{code}/review.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    raw = response.data.decode()
    unfolded = re.sub(r"\r\n[ \t]", "", raw)
    lines = unfolded.split("\r\n")
    assert not any(line.upper().startswith("ATTENDEE") for line in lines)
    assert [line for line in lines if line.startswith("BEGIN:")] == [
        "BEGIN:VCALENDAR", "BEGIN:VEVENT", "BEGIN:VALARM",
    ]  # fmt: skip
    assert "\r" not in unfolded.replace("\r\n", "") and "\n" not in unfolded.replace("\r\n", "")
    assert "\\;" in unfolded and "\\," in unfolded  # commas and semicolons escaped

    calendar = icalendar.Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert "ATTENDEE" not in event and not calendar.walk("VTODO")
    assert "Atelier ATTENDEE:mailto:evil@example.org; a, b" in str(event["summary"])
    description = str(event["description"])
    assert "END:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected" in description
    assert "Four; with, commas; and \\ backslashes" in description
    assert set(event) <= {
        "UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL",
    }  # fmt: skip


def test_team_pages_and_share_page_show_the_payloads_escaped(app, harness, hostile):
    """The team's page, the dashboard (the manager reads TEAM) and the share page."""
    code, http, *_ = hostile
    manager = harness.signed_in(MANAGER)
    dashboard = manager.get("/dashboard")
    assert_escaped(dashboard.get_data(as_text=True), TITLE, TEAM)
    assert_shown(read_page(dashboard), TITLE, TEAM)
    with app.app_context():
        team_id = find_workshop(code).team_id
    team_page = manager.get(f"/teams/{team_id}")
    html = team_page.get_data(as_text=True)
    assert_escaped(html, TITLE, TEAM, NOTE, IMG, SCRIPT)
    assert_shown(read_page(team_page), TITLE, TEAM, NOTE, NAMES[0], NAMES[1], EDITED)

    assert http.post(f"/w/{code}/share-links", data={"expires_on": ""}).status_code == 302
    facilitate = http.get(f"/w/{code}/facilitate").get_data(as_text=True)
    link = re.search(r"http://localhost(/s/[\w-]+)", facilitate).group(1)
    share = app.test_client().get(link)
    assert_escaped(share.get_data(as_text=True), TITLE, NOTE, IMG)
    assert_shown(read_page(share), TITLE, TEAM, NOTE, NAMES[0], EDITED)


def test_dashboard_csv_cells_never_start_a_formula(harness, hostile):
    rows = list(
        csv.reader(
            io.StringIO(harness.signed_in(MANAGER).get("/dashboard.csv").data.decode("utf-8-sig"))
        )
    )
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert TITLE in cells and TEAM in cells  # start with "<": kept as typed


# -- the CSV export ----------------------------------------------------------------------
def test_csv_cells_never_start_a_formula(hostile):
    code, http, *_ = hostile
    response = http.get(f"/w/{code}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]  # the header row too
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # The typed word names the client ideas' column and kind: guarded and quoted
    # there as in any cell, read back as typed after the apostrophe.
    label = f"'{SERVES_ONE} idea"
    assert rows[0][2] == label and rows[1][1] == label
    assert ',"' + label.replace('"', '""') + '",' in text.splitlines()[0]  # inner quotes doubled
    formula = next(t for t in TEXTS if t.startswith("=HYPERLINK"))
    phone_number = next(t for t in TEXTS if t.startswith("+33"))
    assert "'" + formula in cells and "'" + phone_number in cells
    assert "'" + NOTE not in cells and NOTE in cells  # starts with ", not a formula
    names = [cell for row in rows[1:] for cell in (row[4], row[6]) if cell]
    assert any(cell.startswith("'=1+2") or ", =1+2" in cell for cell in names)
    # The JSON export keeps every text exactly as typed.
    data = http.get(f"/w/{code}/export.json").json
    assert {formula, phone_number, IMG} <= {idea["text"] for idea in data["ideas"]}
