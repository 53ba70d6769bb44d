"""The calendar file, exports and deletion."""

import json
import re
from pathlib import Path

import icalendar

from ..support import Client, client_id, csv_rows

HOSTILE = json.loads((Path(__file__).parent.parent / "data" / "hostile-inputs.json").read_text())


def test_ics_has_the_review_date_the_commitments_and_an_alarm_the_day_before(harness):
    code, facilitator, screen, phones, _ = harness.at_results(date="2026-11-23")
    response = phones[0].http.get(f"/w/{code}/review.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["dtstart"].dt) == "2026-12-08"
    assert "Idée collègue 0" in str(event["description"])
    assert f"/w/{code}/me/" in str(event["description"])
    (alarm,) = event.walk("VALARM")
    assert alarm["trigger"].dt.days == -1


def test_ics_text_is_escaped_not_injected(harness):
    code, http, _ = harness.create(title=HOSTILE["texts"][16], date="2026-11-23")
    facilitator = harness.facilitator(code, http)
    for phase in ("lobby", "client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    phone, _ = harness.join(code, "Zoé")
    idea = harness.post(phone, "BEGIN:VEVENT\nSUMMARY:injected", kind="colleague")["idea_id"]
    facilitator.ok("phase.set", {"phase": "vote"})
    phone.ok("vote.set", {"idea_ids": [idea], "client_id": client_id()})
    calendar = icalendar.Calendar.from_ical(phone.http.get(f"/w/{code}/review.ics").data)
    assert len(calendar.walk("VEVENT")) == 1
    assert "BEGIN:VEVENT\nSUMMARY:injected" in str(calendar.walk("VEVENT")[0]["description"])


def test_ics_is_personal(client, harness):
    code, *_ = harness.at_results()
    assert client.get(f"/w/{code}/review.ics").status_code == 401


def test_exports_are_the_facilitators_and_safe_in_a_spreadsheet(app, harness):
    code, facilitator, screen, phones, (first, *_) = harness.at_results()
    facilitator.ok("idea.edit", {"idea_id": first, "text": '=HYPERLINK("http://x","clic")'})
    phones[0].ok("email.set", {"email": "zoe@example.org"})
    http = facilitator.sio.flask_test_client
    data = http.get(f"/w/{code}/export.json").json
    assert {p["name"] for p in data["participants"]} == {"Zoé", "Karim", "Amina"}
    assert len(data["commitments"]) == 6
    assert "zoe@example.org" not in json.dumps(data)

    exported = http.get(f"/w/{code}/export.csv")
    assert exported.mimetype == "text/csv"
    rows = csv_rows(exported.data.decode("utf-8"))
    row = next(r for r in rows if r["id"] == str(first))
    assert row["text"] == '\'=HYPERLINK("http://x","clic")'
    assert row["commitments"] == "3"

    for other in (phones[0].http, app.test_client()):
        assert other.get(f"/w/{code}/export.json").status_code == 403
        assert other.get(f"/w/{code}/export.csv").status_code == 403


def test_deleting_needs_the_code_and_removes_everything(app, harness):
    code, facilitator, screen, phones, _ = harness.at_results()
    http = facilitator.sio.flask_test_client
    assert phones[0].http.post(f"/w/{code}/delete", data={"confirm": code}).status_code == 403
    kept = http.post(f"/w/{code}/delete", data={"confirm": "nope"})
    assert kept.status_code == 302 and re.search(r"/facilitate$", kept.headers["Location"])
    assert app.test_client().get(f"/api/w/{code}").status_code == 200

    screen.drain()
    assert http.post(f"/w/{code}/delete", data={"confirm": code.lower()}).status_code == 302
    assert [m["name"] for m in screen.sio.get_received()] == ["deleted"]
    assert app.test_client().get(f"/api/w/{code}").status_code == 404
    from atelier.extensions import db

    with app.app_context():
        for table in ("participants", "ideas", "votes", "receipts", "idea_authors"):
            assert db.session.execute(db.text(f"select count(*) from {table}")).scalar() == 0


def test_api_delete_by_the_owner_or_by_the_key_of_a_workshop_without_owner(app, harness):
    from atelier.services.workshops import create_workshop

    code, _, key = harness.create(owner="zoe@example.org")
    other = app.test_client()
    bearer = {"Authorization": f"Bearer {key}"}
    assert other.delete(f"/api/w/{code}").status_code == 403
    # An owned workshop: its key runs it but does not delete it.
    assert other.delete(f"/api/w/{code}", headers=bearer).json["error"]["code"] == "not_owner"
    assert harness.signed_in("zoe@example.org").delete(f"/api/w/{code}").status_code == 204
    assert other.get(f"/api/w/{code}").status_code == 404
    with app.app_context():
        workshop, key = create_workshop({"title": "Sans compte"})
        code = workshop.code
    bearer = {"Authorization": f"Bearer {key}"}
    assert other.delete(f"/api/w/{code}", headers=bearer).status_code == 204
    assert other.get(f"/api/w/{code}").status_code == 404


def test_closed_workshop_is_read_only_but_still_readable(harness):
    code, facilitator, screen, phones, (first, *_) = harness.at_results()
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("phase.set", {"phase": "closed"})
    assert facilitator.act("timer.start", {"seconds": 60})["error"]["code"] == "workshop_closed"
    assert facilitator.act("idea.edit", {"idea_id": first, "text": "x"})["error"]["code"] == (
        "ideas_locked"
    )
    assert phones[0].act("email.set", {"email": "a@b.org"})["error"]["code"] == "workshop_closed"
    ack = facilitator.act("review_date.set", {"date": "2027-01-05"})
    assert ack["error"]["code"] == "workshop_closed"
    # Even a setting that may change up to the end: the workshop is closed.
    ack = facilitator.act("workshop.update", {"settings": {"title": "Renamed"}})
    assert ack["error"]["code"] == "workshop_closed"
    assert Client  # pages still open on a closed workshop:
    assert phones[0].sync()["workshop"]["phase"] == "closed"
