"""What was written while names were hidden stays anonymous, everywhere, for good.

Security review, issue 9, finding 4: with names hidden, ``export.json``
listed authors; turning names back on showed the authors of what was written
while they were hidden. The anonymity of a contribution (an idea's
authorship, a commitment, a report) is fixed when it is written.
"""

import io
import json

import pytest
from pypdf import PdfReader

from ..support import Harness, client_id, csv_rows


def _names(facilitator, shown: bool) -> None:
    facilitator.ok("workshop.update", {"settings": {"show_names": shown}})


def _drain(*pages) -> None:
    for page in pages:
        page.drain()


def _authors(page, idea_id: int) -> list[str]:
    return page.store.ideas[idea_id]["authors"]


class Room:
    """A workshop played through its transports, names switched on and off on the way."""

    def __init__(self, app):
        self.harness = harness = Harness(app)
        self.code, self.http, _ = harness.create(show_names=False)
        self.facilitator = harness.facilitator(self.code, self.http)
        self.facilitator.ok("phase.set", {"phase": "lobby"})
        self.zoe, _ = harness.join(self.code, "Zoé")
        self.karim, _ = harness.join(self.code, "Karim")
        self.screen = harness.screen(self.code)
        self.pages = (self.facilitator, self.screen, self.zoe, self.karim)

    def step(self, phase: str) -> None:
        self.facilitator.ok("phase.set", {"phase": phase})

    def post(self, phone, text: str, **kwargs) -> int:
        ack = self.harness.post(phone, text, **kwargs)
        assert ack["ok"], ack
        return ack["idea_id"]

    def drain(self) -> None:
        _drain(*self.pages)


def test_an_idea_written_while_names_were_hidden_stays_anonymous_once_names_are_shown(app):
    room = Room(app)
    room.step("client_ideas")
    hidden = room.post(room.zoe, "Un café offert")
    _names(room.facilitator, True)
    named = room.post(room.karim, "Un sourire à l'accueil")
    room.drain()  # the change ops, and the snapshot each page fetched on "resync"

    for page in (room.screen, room.facilitator, room.karim):
        assert _authors(page, hidden) == [], page
        assert _authors(page, named) == ["Karim"], page
    for page in (room.screen, room.facilitator):  # a page that starts now
        state = page.sync()
        ideas = {i["id"]: i for i in state["ideas"]}
        assert ideas[hidden]["authors"] == [] and ideas[named]["authors"] == ["Karim"]
    # Zoé's own phone still knows the idea is hers.
    assert room.zoe.sync()["me"]["idea_ids"] == [hidden]
    http_state = room.zoe.http.get(f"/api/w/{room.code}/snapshot").json
    assert http_state["me"]["idea_ids"] == [hidden]
    assert {i["id"]: i["authors"] for i in http_state["ideas"]} == {hidden: [], named: ["Karim"]}

    # Hiding names again hides everyone; showing them again still keeps Zoé's idea anonymous.
    _names(room.facilitator, False)
    room.drain()
    assert _authors(room.screen, named) == []
    _names(room.facilitator, True)
    room.drain()
    assert _authors(room.screen, hidden) == [] and _authors(room.screen, named) == ["Karim"]


def test_a_merged_idea_keeps_each_authorships_own_anonymity(app):
    room = Room(app)
    room.step("client_ideas")
    zoe_hidden = room.post(room.zoe, "Un café offert")
    _names(room.facilitator, True)
    karim_named = room.post(room.karim, "Un café gratuit")
    zoe_named = room.post(room.zoe, "Un verre d'eau")
    room.drain()

    # Karim's named duplicate merged into Zoé's anonymous idea: only Karim is named.
    ack = room.facilitator.ok("idea.merge", {"idea_id": karim_named, "into_id": zoe_hidden})
    room.drain()
    assert ack["idea_id"] == zoe_hidden
    for page in (room.screen, room.facilitator, room.zoe):
        assert _authors(page, zoe_hidden) == ["Karim"]
    assert zoe_hidden in room.zoe.me["idea_ids"] and zoe_hidden in room.karim.me["idea_ids"]

    # Zoé's anonymous idea merged into her named one: the kept text keeps its own author line.
    room.facilitator.ok("idea.merge", {"idea_id": zoe_hidden, "into_id": zoe_named})
    room.drain()
    assert sorted(_authors(room.screen, zoe_named)) == ["Karim", "Zoé"]
    # …and the reverse never reveals an anonymous author.
    room2 = Room(app)
    room2.step("client_ideas")
    _names(room2.facilitator, True)
    named = room2.post(room2.zoe, "Un badge à son nom")
    _names(room2.facilitator, False)
    anonymous = room2.post(room2.zoe, "Un badge nominatif")
    _names(room2.facilitator, True)
    room2.facilitator.ok("idea.merge", {"idea_id": named, "into_id": anonymous})
    room2.drain()
    assert _authors(room2.screen, anonymous) == []
    assert room2.zoe.sync()["me"]["idea_ids"] == [anonymous]


def test_an_anonymous_author_of_a_merged_duplicate_stays_anonymous_on_the_kept_idea(app):
    room = Room(app)
    room.step("client_ideas")
    duplicate = room.post(room.karim, "Offrir un café")
    _names(room.facilitator, True)
    kept = room.post(room.zoe, "Un café offert")
    room.facilitator.ok("idea.merge", {"idea_id": duplicate, "into_id": kept})
    room.drain()
    for page in (room.screen, room.facilitator, room.zoe):
        assert _authors(page, kept) == ["Zoé"], page
        assert {i["id"]: i["authors"] for i in page.sync()["ideas"]}[kept] == ["Zoé"]
    # Karim still finds the idea among his own.
    assert kept in room.karim.me["idea_ids"]


def test_an_idea_fixed_while_names_are_hidden_shows_no_name(app):
    room = Room(app)
    _names(room.facilitator, True)
    room.step("client_ideas")
    idea = room.post(room.zoe, "Un café offert")
    _names(room.facilitator, False)
    room.drain()  # each page fetches the state anew: the edit then comes as an op
    room.facilitator.ok("idea.edit", {"idea_id": idea, "text": "Un café offert à l'accueil"})
    room.drain()
    for page in room.pages:
        assert page.store.ideas[idea]["text"] == "Un café offert à l'accueil", page
        assert _authors(page, idea) == [], page


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def reviewed(app, monkeypatch):
    """Ideas, commitments and reports written with names hidden, then names shown."""
    room = Room(app)
    room.step("client_ideas")
    client = room.post(room.zoe, "Un café offert")
    room.step("transposition")
    version = room.post(room.zoe, "Un café entre collègues", kind="colleague", parent_id=client)
    free = room.post(room.karim, "Un mot de bienvenue", kind="colleague")
    room.step("vote")
    for phone in (room.zoe, room.karim):
        phone.ok("vote.set", {"idea_ids": [version, free], "client_id": client_id()})
    room.step("results")
    _names(room.facilitator, True)

    # Zoé tells how it went while names are shown; Karim while they are hidden.
    def report(phone, idea_id: int, comment: str) -> None:
        payload = {"idea_id": idea_id, "tried": "yes", "feeling": 4, "comment": comment}
        phone.ok("report.save", {**payload, "client_id": client_id()})

    report(room.zoe, version, "Très bien accueilli")
    _names(room.facilitator, False)
    report(room.karim, free, "Difficile au début")
    _names(room.facilitator, True)
    # Karim changes his answer with names shown: what he wrote hidden stays hidden.
    report(room.karim, free, "Difficile, puis osé")
    room.step("review")
    room.drain()
    room.ids = {"client": client, "version": version, "free": free}
    return room


def test_reports_keep_the_anonymity_they_were_written_with(reviewed):
    room = reviewed
    for page in (room.screen, room.facilitator, room.zoe):
        state = page.sync()
        comments = {c["text"]: c["author"] for item in state["review"] for c in item["comments"]}
        assert comments == {"Très bien accueilli": "Zoé", "Difficile, puis osé": None}
    assert room.karim.sync()["me"]["reports"][str(room.ids["free"])]["anonymous"] is True


def test_exports_and_the_bilan_name_only_what_was_written_with_names_shown(reviewed):
    room, ids = reviewed, reviewed.ids
    people = {p["name"]: p["id"] for p in room.facilitator.sync()["participants"]}

    data = room.http.get(f"/w/{room.code}/export.json").json
    ideas = {i["id"]: i for i in data["ideas"]}
    for idea_id in ids.values():  # every idea was written while names were hidden
        assert ideas[idea_id]["author_ids"] == [] and ideas[idea_id]["anonymous_authors"] == 1
    assert {c["participant_id"] for c in data["commitments"]} == {None}
    reports = {r["comment"]: r["participant_id"] for r in data["reports"]}
    assert reports == {"Très bien accueilli": people["Zoé"], "Difficile, puis osé": None}
    assert "Karim" not in json.dumps([data["ideas"], data["commitments"], data["reports"]])

    rows = csv_rows(room.http.get(f"/w/{room.code}/export.csv").text)
    assert [(r["authors"], r["committed_by"]) for r in rows] == [("", "")] * 3
    assert [r["commitments"] for r in rows] == ["0", "2", "2"]

    pdf = room.http.get(f"/w/{room.code}/bilan.pdf")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.data)
    assert "Karim" not in text  # he wrote nothing with names shown that the bilan prints
    assert "Très bien accueilli" in text and "— Zoé" in text
    assert "2 of 2 participants committed" in text or "2 participants sur 2" in text


def test_with_names_hidden_now_exports_name_nobody(reviewed):
    room = reviewed
    _names(room.facilitator, False)
    data = room.http.get(f"/w/{room.code}/export.json").json
    assert {r["participant_id"] for r in data["reports"]} == {None}
    assert all(i["author_ids"] == [] for i in data["ideas"])
    text = _pdf_text(room.http.get(f"/w/{room.code}/bilan.pdf").data)
    assert "Zoé" not in text and "Karim" not in text


def test_the_phone_says_before_writing_whether_the_first_name_will_show(app):
    room = Room(app)
    page = room.zoe.http.get(f"/j/{room.code}?lang=en")
    assert "Your first name will not be shown with what you write" in page.text
    assert "Your commitments are counted without your first name" in page.text
    french = room.zoe.http.get(f"/j/{room.code}?lang=fr")
    assert "Votre prénom ne sera pas affiché avec ce que vous écrivez" in french.text
    _names(room.facilitator, True)
    page = room.zoe.http.get(f"/j/{room.code}?lang=en")
    assert (
        "Your first name will be shown with what you write, to the group and in the report."
        in page.text
    )
    french = room.zoe.http.get(f"/j/{room.code}?lang=fr")
    assert "Votre prénom sera affiché avec ce que vous écrivez" in french.text


def test_where_an_anonymous_row_stands_in_the_export_says_nothing_of_who_wrote_it(app):
    """Rows sorted by participant id put an anonymous commitment or report between
    named ones: the gap between their ids would give its author away."""
    harness = Harness(app)
    code, http, _ = harness.create(show_names=True, votes_per_person=1)
    facilitator = harness.facilitator(code, http)
    facilitator.ok("phase.set", {"phase": "lobby"})
    phones = [harness.join(code, name)[0] for name in ("Ana", "Bruno", "Driss")]
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    idea = harness.post(phones[1], "Un café le lundi", kind="colleague")["idea_id"]
    facilitator.ok("phase.set", {"phase": "vote"})
    _names(facilitator, False)
    phones[0].ok("vote.set", {"idea_ids": [idea], "client_id": client_id()})  # Ana, id 1
    _names(facilitator, True)
    for phone in phones[1:]:
        phone.ok("vote.set", {"idea_ids": [idea], "client_id": client_id()})
    commitments = http.get(f"/w/{code}/export.json").json["commitments"]
    ids = [c["participant_id"] for c in commitments]
    assert sorted(ids, key=str) == sorted([None, 2, 3], key=str)
    assert ids[-1] is None  # after every named one, not before the id above its author's
