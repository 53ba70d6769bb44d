"""Day 15 through Socket.IO: reports from phones, the live review, decisions, closing."""

import datetime as dt

from atelier.extensions import db, socketio
from atelier.models import Workshop

from ..support import Client, Store, client_id, visible_text


def report(phone, idea_id, tried="yes", feeling=4, comment=""):
    return phone.act(
        "report.save",
        {
            "idea_id": idea_id,
            "tried": tried,
            "feeling": feeling,
            "comment": comment,
            "client_id": client_id(),
        },
    )


def test_five_people_review_two_of_them_on_new_devices(app, harness):
    names = ["Zoé", "Karim", "Amina", "Lucas", "Maëlle"]
    code, facilitator, screen, phones, (first, second, _) = harness.at_results(names)

    # Two people come back on another phone: their return link is their identity.
    new_devices = []
    for phone in phones[3:]:
        link = phone.sync()["me"]  # the page knows who it is…
        assert link["votes"] == [first, second]
        joined_url = phone.http.get(f"/j/{code}").text
        return_path = joined_url.split(f"/w/{code}/me/", 1)[1].split('"', 1)[0]
        device = app.test_client()
        assert device.get(f"/w/{code}/me/{return_path}").status_code == 302
        page = Client(app, device, code, "phone")
        assert page.me["name"] == link["name"] and page.me["votes"] == [first, second]
        new_devices.append(page)

    # Before the meeting, reports are filed but the room does not see them yet.
    assert report(phones[0], first, "yes", 5, "Tout le monde a joué le jeu")["ok"]
    screen.drain()
    assert screen.store.workshop["phase"] == "results"
    assert screen.sync()["review"] == []

    facilitator.ok("phase.set", {"phase": "review"})
    assert report(phones[1], first, "partly", 3)["ok"]
    assert report(phones[2], first, "no", 2, "Pas eu l'occasion, je retente")["ok"]
    assert report(new_devices[0], first, "yes", 4)["ok"]
    assert report(new_devices[1], second, "no", 1, "Raté, mais compris pourquoi")["ok"]
    # A report can change until the review closes.
    assert report(new_devices[1], second, "partly", 3, "Finalement essayé une fois")["ok"]

    facilitator.ok("review.focus", {"idea_id": first})
    facilitator.ok("decision.set", {"idea_id": first, "choice": "keep", "note": ""})
    facilitator.ok(
        "decision.set", {"idea_id": second, "choice": "other", "note": "À reformuler ensemble"}
    )
    facilitator.ok(
        "review.outcome",
        {"next_step": "longer_experiment", "note": "Un mois de plus", "lessons": "Oser essayer"},
    )
    state = screen.sync()
    review = {item["idea_id"]: item for item in state["review"]}
    assert review[first]["tried"] == {"yes": 2, "partly": 1, "no": 1}
    assert review[first]["feelings"] == [0, 1, 1, 1, 1]
    assert [c["text"] for c in review[first]["comments"]] == [
        "Tout le monde a joué le jeu",
        "Pas eu l'occasion, je retente",
    ]
    assert review[first]["comments"][0]["author"] == "Zoé"
    assert review[second]["tried"] == {"yes": 0, "partly": 1, "no": 0}
    assert review[second]["decision"] == {
        "choice": "other",
        "note": "À reformuler ensemble",
        "dimension": None,
    }
    assert state["workshop"]["review_focus_id"] == first
    assert state["workshop"]["next_step"] == "longer_experiment"
    assert state["workshop"]["lessons"] == "Oser essayer"

    facilitator.ok("phase.set", {"phase": "closed"})
    refused = report(phones[0], first, "no", 1)
    assert refused["error"]["code"] == "report_closed"
    assert (
        facilitator.act("decision.set", {"idea_id": first, "choice": "stop"})["error"]["code"]
        == "wrong_phase"
    )
    assert facilitator.act("phase.set", {"phase": "review"})["error"]["code"] == "phase_invalid"
    # Every page followed along without a reload.
    screen.drain()
    assert screen.store.workshop["phase"] == "closed"


def test_the_review_screen_goes_from_one_idea_back_to_the_overview(harness):
    code, facilitator, screen, phones, (first, *_) = harness.at_results()
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("review.focus", {"idea_id": first})
    assert screen.sync()["workshop"]["review_focus_id"] == first
    facilitator.ok("review.focus", {"idea_id": None})
    assert screen.sync()["workshop"]["review_focus_id"] is None


def test_the_bilan_says_final_once_the_workshop_closed_and_on_which_day(app, harness):
    from atelier.services.bilan import bilan_html

    code, facilitator, screen, phones, _ = harness.at_results(language="en")

    def bilan():
        with app.app_context():
            workshop = db.session.scalars(db.select(Workshop).filter_by(code=code)).one()
            text = visible_text(bilan_html(workshop))
        return " ".join(text.replace("\u2060", "").split())

    facilitator.ok("phase.set", {"phase": "review"})
    assert "this report is final" not in bilan()
    facilitator.ok("phase.set", {"phase": "closed"})
    today = dt.datetime.now(dt.UTC)
    closed = f"{today:%B} {today.day}, {today.year} The workshop was closed; this report is final."
    assert closed in bilan()


def test_a_report_sent_again_is_answered_the_same_and_undoes_nothing(harness):
    code, facilitator, screen, (zoe, karim, _), (first, *_) = harness.at_results()
    payload = {"idea_id": first, "tried": "yes", "feeling": 4, "comment": "Essayé"}
    sent = client_id()
    ack = zoe.ok("report.save", {**payload, "client_id": sent})
    assert ack["report"] == {"tried": "yes", "feeling": 4, "comment": "Essayé", "anonymous": False}
    zoe.ok("report.save", {**payload, "tried": "no", "feeling": 2, "client_id": client_id()})
    # The first one again (its answer was lost): the same answer, the change stays.
    again = zoe.ok("report.save", {**payload, "client_id": sent})
    assert again["duplicate"] is True and again["report"] == ack["report"]
    assert zoe.sync()["me"]["reports"][str(first)]["tried"] == "no"
    # Karim's page happens to send the same client id: his own report, saved.
    assert karim.ok("report.save", {**payload, "client_id": sent})["duplicate"] is False
    assert karim.sync()["me"]["reports"][str(first)]["tried"] == "yes"


def test_reports_are_only_on_ones_own_commitments(harness):
    code, facilitator, screen, phones, (first, second, third) = harness.at_results()
    assert report(phones[0], third)["error"]["code"] == "not_committed"
    assert report(phones[0], 99999)["error"]["code"] == "idea_not_found"
    assert report(phones[0], first, "maybe")["error"]["code"] == "report_invalid"
    assert report(phones[0], first, "yes", 6)["error"]["code"] == "report_invalid"
    assert report(phones[0], first, "yes", 3, "x" * 501)["error"]["code"] == "text_too_long"
    assert report(facilitator, first)["error"]["code"] == "not_participant"
    assert report(screen, first)["error"]["code"] == "not_participant"


def test_each_commitment_has_its_own_report(harness):
    code, facilitator, screen, phones, (first, second, _) = harness.at_results()
    assert report(phones[0], first, "yes", 5)["ok"]
    assert report(phones[0], second, "no", 1)["ok"]
    reports = phones[0].sync()["me"]["reports"]
    assert (reports[str(first)]["tried"], reports[str(second)]["tried"]) == ("yes", "no")


def test_reports_are_on_colleague_ideas_still_shown(harness):
    code, facilitator, screen, (zoe,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    client_idea = harness.post(zoe, "Un client pressé")["idea_id"]
    facilitator.ok("phase.set", {"phase": "transposition"})
    kept, hidden, merged = (
        harness.post(zoe, text, kind="colleague")["idea_id"]
        for text in ("Se parler", "Se taire", "Se parler plus")
    )
    facilitator.ok("idea.hide", {"idea_id": hidden, "hidden": True})
    facilitator.ok("idea.merge", {"idea_id": merged, "into_id": kept})
    facilitator.ok("phase.set", {"phase": "vote"})
    zoe.ok("vote.set", {"idea_ids": [kept], "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})
    for idea_id in (client_idea, hidden, merged):
        assert report(zoe, idea_id)["error"]["code"] == "idea_not_found"
    assert report(zoe, kept)["ok"]


def test_reports_before_the_results_are_refused(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    assert report(phone, 1)["error"]["code"] == "report_closed"


def test_decisions_are_the_facilitators(harness):
    code, facilitator, screen, phones, (first, *_) = harness.at_results()
    facilitator.ok("phase.set", {"phase": "review"})
    for page in (phones[0], screen):
        ack = page.act("decision.set", {"idea_id": first, "choice": "keep"})
        assert ack["error"]["code"] == "not_facilitator"
    bad = facilitator.act("decision.set", {"idea_id": first, "choice": "other", "note": ""})
    assert bad["error"]["code"] == "decision_invalid"
    bad = facilitator.act("review.outcome", {"next_step": "party"})
    assert bad["error"]["code"] == "decision_invalid"


def test_the_facilitator_moves_the_review_date(harness):
    code, http, _ = harness.create(date="2026-11-23")
    facilitator = harness.facilitator(code, http)
    assert facilitator.store.workshop["review_date"] == "2026-12-08"
    facilitator.ok("review_date.set", {"date": "2026-12-10"})
    facilitator.drain()
    assert facilitator.store.workshop["review_date"] == "2026-12-10"
    for bad in ("2026-11-01", "2026-11-23", "demain", None):
        assert facilitator.act("review_date.set", {"date": bad})["error"]["code"] == "date_invalid"


def test_email_is_private_to_its_owner(harness):
    code, facilitator, screen, phones, _ = harness.at_results()
    assert phones[0].ok("email.set", {"email": "zoe@example.org"})["email"] == "zoe@example.org"
    assert phones[0].sync()["me"]["email"] == "zoe@example.org"
    assert phones[1].sync()["me"]["email"] is None
    for state in (screen.sync(), facilitator.sync()):
        assert "zoe@example.org" not in str(state)
    assert phones[0].act("email.set", {"email": "pas une adresse"})["error"]["code"] == (
        "email_invalid"
    )
    assert phones[0].ok("email.set", {"email": ""})["email"] is None


def test_a_return_link_opens_only_its_participants_data(app, harness):
    code, facilitator, screen, phones, _ = harness.at_results()
    joined = phones[1].http.get(f"/j/{code}").text
    path = joined.split(f"/w/{code}/me/", 1)[1].split('"', 1)[0]
    device = app.test_client()
    device.get(f"/w/{code}/me/{path}")
    page = socketio.test_client(app, flask_test_client=device, auth={"code": code, "view": "phone"})
    state = page.get_received()[0]["args"][0]
    assert state["me"]["name"] == "Karim"
    assert state["audience"] != "facilitator"


def test_nobody_reports_on_someone_elses_commitment(harness):
    """Zoé chose one idea, Karim another: Zoé cannot say how Karim's went."""
    code, facilitator, screen, (zoe, karim) = harness.open_workshop(["Zoé", "Karim"])
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    mine, his = (harness.post(zoe, f"Idée {n}", kind="colleague")["idea_id"] for n in range(2))
    facilitator.ok("phase.set", {"phase": "vote"})
    zoe.ok("vote.set", {"idea_ids": [mine], "client_id": client_id()})
    karim.ok("vote.set", {"idea_ids": [his], "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})
    facilitator.ok("phase.set", {"phase": "review"})

    assert report(zoe, his)["error"]["code"] == "not_committed"
    review = {item["idea_id"]: item for item in facilitator.sync()["review"]}
    assert review[his]["tried"] == {"yes": 0, "partly": 0, "no": 0}  # nothing stored
    assert report(karim, his)["ok"] and report(zoe, mine)["ok"]


def test_the_review_counts_every_commitment_report_answer_and_feeling(harness):
    """Three people committed to ideas 1 and 2; all three report on idea 1, two
    answering alike and all three with the same feeling: each counts."""
    code, facilitator, screen, phones, (first, second, _) = harness.at_results()
    facilitator.ok("phase.set", {"phase": "review"})
    for phone, tried in zip(phones, ("yes", "no", "yes"), strict=True):
        assert report(phone, first, tried, 4)["ok"]
    nothing = {"yes": 0, "partly": 0, "no": 0}
    assert facilitator.sync()["review"] == [
        {
            "idea_id": first,
            "committed": 3,
            "reports": 3,
            "tried": {"yes": 2, "partly": 0, "no": 1},
            "feelings": [0, 0, 0, 3, 0],
            "comments": [],
            "decision": None,
        },
        {
            "idea_id": second,
            "committed": 3,
            "reports": 0,
            "tried": nothing,
            "feelings": [0, 0, 0, 0, 0],
            "comments": [],
            "decision": None,
        },
    ]


def test_a_saved_report_is_in_the_authors_own_view_at_once(harness):
    code, facilitator, screen, (zoe, *_), (first, *_) = harness.at_results()
    assert report(zoe, first, "partly", 2, "Une fois")["ok"]
    zoe.drain()
    assert zoe.me["reports"] == {
        str(first): {"tried": "partly", "feeling": 2, "comment": "Une fois", "anonymous": False}
    }


def test_pages_following_the_review_hold_what_a_fresh_snapshot_shows(harness):
    """Each report and decision reaches the pages as an op on its own idea: the
    review a page has built from them is the one it would load afresh, the
    number of people committed to each idea included."""
    code, facilitator, screen, phones, (first, second, _) = harness.at_results()
    facilitator.ok("phase.set", {"phase": "review"})
    assert report(phones[0], first, "yes", 5, "Tous les matins")["ok"]
    assert report(phones[1], second, "no", 2)["ok"]
    facilitator.ok("decision.set", {"idea_id": first, "choice": "keep", "note": ""})
    pages = (facilitator, screen, *phones)
    for page in pages:
        page.drain()
    assert [item["committed"] for item in screen.store.review.values()] == [3, 3]
    for page in pages:
        assert page.store.comparable() == Store(page.sync()).comparable(), page
