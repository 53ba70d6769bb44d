"""A longer experiment: a second review round for the ideas the group extends."""

import datetime as dt

import icalendar
import pytest

from atelier.extensions import db
from atelier.models import Report, Workshop

from ..support import client_id, csv_rows, visible_text
from .test_review import report


@pytest.fixture(autouse=True)
def on_the_first_review_day(monkeypatch):
    """These workshops are dated: the server's day is their first review's, so
    that a new round's date is never "in the past" whenever the suite runs."""
    from atelier.services import review

    monkeypatch.setattr(review, "today", lambda: dt.date(2026, 12, 8))


def at_first_review(harness, **settings):
    code, facilitator, screen, phones, ideas = harness.at_results(
        ("Zoé", "Karim", "Amina"), date="2026-11-23", **settings
    )
    facilitator.ok("phase.set", {"phase": "review"})
    return code, facilitator, screen, phones, ideas


def test_a_second_round_reviews_the_extended_ideas_with_its_own_reports(harness):
    code, facilitator, screen, phones, (first, second, _) = at_first_review(harness)
    assert report(phones[0], first, "yes", 5, "Premier essai")["ok"]
    assert report(phones[1], second, "no", 2)["ok"]
    facilitator.ok("decision.set", {"idea_id": first, "choice": "extend", "note": ""})
    facilitator.ok("decision.set", {"idea_id": second, "choice": "stop", "note": ""})

    facilitator.ok("review.extend", {"idea_ids": [first], "date": "2026-12-29"})
    for page in (facilitator, screen, *phones):
        page.drain()
    workshop = screen.store.workshop
    assert workshop["phase"] == "results"
    assert workshop["review_round"] == 2 and workshop["round_ideas"] == [first]
    assert workshop["review_date"] == "2026-12-29"
    assert workshop["allowed"]["moves"] == ["review"]  # no way back to the vote
    # The room sees nothing of round 2 before its review opens.
    assert screen.sync()["review"] == []
    # Round 2 starts blank for the phone: its round-1 report is kept apart.
    assert phones[0].sync()["me"]["reports"] == {}

    # Only the extended idea is reviewed again.
    assert report(phones[1], second)["error"]["code"] == "idea_not_found"
    assert report(phones[0], first, "partly", 3, "Deuxième essai")["ok"]
    facilitator.ok("phase.set", {"phase": "review"})
    assert report(phones[1], first, "yes", 4)["ok"]
    ack = facilitator.act("decision.set", {"idea_id": second, "choice": "keep"})
    assert ack["error"]["code"] == "idea_not_found"
    facilitator.ok("decision.set", {"idea_id": first, "choice": "keep", "note": ""})

    review = screen.sync()["review"]
    assert [item["idea_id"] for item in review] == [first]
    assert review[0]["reports"] == 2
    assert review[0]["tried"] == {"yes": 1, "partly": 1, "no": 0}
    assert [c["text"] for c in review[0]["comments"]] == ["Deuxième essai"]
    assert review[0]["decision"] == {"choice": "keep", "note": "", "dimension": None}
    # Closing is still there at the end of the second round.
    facilitator.ok("phase.set", {"phase": "closed"})


def test_each_round_reviews_the_ideas_its_own_workshop_extended_to_it(harness):
    """Round 3 reviews what round 2 extended again, not all that ever was extended;
    another workshop's round 2 is its own."""
    code, facilitator, _, phones, (first, second, _) = at_first_review(harness)
    _, elsewhere, _, _, (other, *_) = at_first_review(harness)
    facilitator.ok("review.extend", {"idea_ids": [first, second], "date": "2026-12-29"})
    elsewhere.ok("review.extend", {"idea_ids": [other], "date": "2027-01-05"})
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("review.extend", {"idea_ids": [second], "date": "2027-01-19"})
    workshop = facilitator.sync()["workshop"]
    assert (workshop["review_round"], workshop["round_ideas"]) == (3, [second])
    assert report(phones[0], first)["error"]["code"] == "idea_not_found"
    assert elsewhere.sync()["workshop"]["round_ideas"] == [other]


def test_only_the_facilitator_extends_and_only_at_a_review(harness):
    code, facilitator, screen, phones, (first, second, third) = harness.at_results(
        date="2026-11-23"
    )
    ack = facilitator.act("review.extend", {"idea_ids": [first], "date": "2026-12-29"})
    assert ack["error"]["code"] == "wrong_phase"
    facilitator.ok("phase.set", {"phase": "review"})
    for page in (phones[0], screen):
        ack = page.act("review.extend", {"idea_ids": [first], "date": "2026-12-29"})
        assert ack["error"]["code"] == "not_facilitator"
    refusals = {
        "invalid_request": {"idea_ids": [], "date": "2026-12-29"},
        "idea_not_found": {"idea_ids": [third], "date": "2026-12-29"},
        # Not after the review it follows (8 December).
        "round_date_invalid": {"idea_ids": [first], "date": "2026-12-08"},
    }
    for code_, payload in refusals.items():
        assert facilitator.act("review.extend", payload)["error"]["code"] == code_
    assert facilitator.sync()["workshop"]["review_round"] == 1


def test_a_review_extends_only_the_ideas_it_reviews(harness):
    *_, (elsewhere, _, _) = harness.at_results(date="2026-11-23")  # another workshop's
    code, facilitator, screen, phones, (first, second, _) = at_first_review(harness)
    ack = facilitator.act("review.extend", {"idea_ids": [elsewhere], "date": "2026-12-29"})
    assert ack["error"]["code"] == "idea_not_found"
    facilitator.ok("review.extend", {"idea_ids": [first], "date": "2026-12-29"})
    facilitator.ok("phase.set", {"phase": "review"})
    # Round 2 reviews the first idea only: the second, committed to in round 1, is done.
    ack = facilitator.act("review.extend", {"idea_ids": [second], "date": "2027-01-19"})
    assert ack["error"]["code"] == "idea_not_found"
    facilitator.ok("review.extend", {"idea_ids": [first], "date": "2027-01-19"})


def test_a_workshop_with_a_single_idea_can_extend_it(harness):
    code, facilitator, screen, phones, (only,) = at_first_review(harness, ideas=1)
    facilitator.ok("review.extend", {"idea_ids": [only], "date": "2026-12-29"})


def test_a_late_review_cannot_set_the_next_round_on_a_day_gone_by(harness, monkeypatch):
    """Reviewed on 20 December, twelve days late: a round on the 15th would get no
    reminder and no calendar update worth having; the 29th is fine."""
    from atelier.services import review

    _, facilitator, _, _, (first, _, _) = at_first_review(harness)
    monkeypatch.setattr(review, "today", lambda: dt.date(2026, 12, 20))
    ack = facilitator.act("review.extend", {"idea_ids": [first], "date": "2026-12-15"})
    assert ack["error"]["code"] == "round_date_invalid"
    assert "not in the past" in ack["error"]["message"]
    facilitator.ok("review.extend", {"idea_ids": [first], "date": "2026-12-29"})


def test_a_review_that_moves_with_the_workshops_day_is_one_update(harness):
    code, facilitator, screen, phones, _ = harness.at_results(date="2026-11-23")
    facilitator.ok("workshop.update", {"settings": {"date": "2026-11-24"}})
    event = _event(phones[0], code)
    assert str(event["dtstart"].dt) == "2026-12-09" and event["sequence"] == 1


def _event(phone, code):
    response = phone.http.get(f"/w/{code}/review.ics")
    assert response.status_code == 200
    (event,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    return event


def test_the_calendar_event_is_updated_once_per_move_never_duplicated(harness):
    code, facilitator, screen, phones, (first, second, _) = at_first_review(harness)
    before = _event(phones[0], code)
    assert before["sequence"] == 0 and str(before["dtstart"].dt) == "2026-12-08"
    # The same day again is no news: no update.
    facilitator.ok("review_date.set", {"date": "2026-12-08"})
    assert _event(phones[0], code)["sequence"] == 0
    facilitator.ok("review_date.set", {"date": "2026-12-10"})
    moved = _event(phones[0], code)
    assert moved["sequence"] == 1 and moved["uid"] == before["uid"]
    # Settings that leave the review where it is send no update.
    facilitator.ok("workshop.update", {"settings": {"title": "Renommé"}})
    assert _event(phones[0], code)["sequence"] == 1

    facilitator.ok("review.extend", {"idea_ids": [second], "date": "2027-01-07"})
    extended = _event(phones[0], code)
    assert extended["uid"] == before["uid"]  # the same event, updated
    assert extended["sequence"] == 2 and str(extended["dtstart"].dt) == "2027-01-07"
    description = str(extended["description"])
    assert "Idée collègue 1" in description and "Idée collègue 0" not in description
    # Moving round 2's date: one more update; not before the previous review.
    ack = facilitator.act("review_date.set", {"date": "2026-12-09"})
    assert ack["error"]["code"] == "round_date_invalid"
    facilitator.ok("review_date.set", {"date": "2027-01-14"})
    assert _event(phones[0], code)["sequence"] == 3


def test_reports_of_each_round_stay_apart_and_never_double(app, harness):
    code, facilitator, screen, phones, (first, second, _) = at_first_review(harness)
    report(phones[0], first, "no", 2, "Pas eu le temps")
    facilitator.ok("review.extend", {"idea_ids": [first], "date": "2026-12-29"})
    facilitator.ok("phase.set", {"phase": "review"})
    report(phones[0], first, "yes", 4)
    report(phones[0], first, "yes", 5, "Enfin essayé")  # a change, not a second report
    with app.app_context():
        rows = db.session.execute(
            db.select(Report.round, Report.tried, Report.comment).order_by(Report.round)
        ).all()
    assert [tuple(r) for r in rows] == [(1, "no", "Pas eu le temps"), (2, "yes", "Enfin essayé")]
    assert phones[0].sync()["me"]["reports"][str(first)]["feeling"] == 5
    exported = facilitator.http.get(f"/w/{code}/export.json").get_json()
    assert [(r["round"], r["tried"]) for r in exported["reports"]] == [(1, "no"), (2, "yes")]
    # The CSV's one row per idea keeps the first review's figures.
    csv_text = facilitator.http.get(f"/w/{code}/export.csv").get_data(as_text=True)
    rows = {row["id"]: row for row in csv_rows(csv_text)}
    assert (rows[str(first)]["tried_no"], rows[str(first)]["tried_yes"]) == ("1", "0")


def test_round_two_sends_its_reminders_once_with_the_calendar_update(mail_app, inbox, harness):
    from .test_reminders import DAY0, run

    handler, _ = inbox
    code, facilitator, screen, phones, (first, second, _) = harness.at_results(
        ("Zoé", "Karim", "Amina"), date="2026-11-23"
    )
    phones[0].ok("email.set", {"email": "zoe@example.org"})
    phones[1].ok("email.set", {"email": "karim@example.org"})
    assert len(run(mail_app, DAY0)) == 2
    assert len(run(mail_app, dt.datetime(2026, 11, 30, 9))) == 2
    assert len(run(mail_app, dt.datetime(2026, 12, 7, 9))) == 2
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("review.extend", {"idea_ids": [second], "date": "2026-12-29"})

    # The longer experiment's own summary, once, with the calendar update.
    assert len(run(mail_app, dt.datetime(2026, 12, 8, 18))) == 2
    assert run(mail_app, dt.datetime(2026, 12, 9, 9)) == []
    announce = handler.messages[-1][1]
    assert announce["Subject"].startswith("L’expérience continue")
    body = announce.get_body(("plain",)).get_content()
    assert "Idée collègue 1" in body and "Idée collègue 0" not in body
    assert "mardi 29 décembre 2026" in body
    assert "prolonge l’expérience" in body
    assert "Le fichier de calendrier joint déplace la revue" in body
    assert announce.get_body(("plain",))["Content-Language"] == "fr"
    (attachment,) = list(announce.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == f"atelier-{code}.ics"
    (event,) = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert event["sequence"] == 1 and str(event["dtstart"].dt) == "2026-12-29"
    # Stamped when the run sent it: calendars order updates by it.
    assert event["dtstamp"].dt == dt.datetime(2026, 12, 8, 18, tzinfo=dt.UTC)

    # Moving round 2's date: new halfway and eve reminders, no second summary.
    facilitator.ok("review_date.set", {"date": "2027-01-05"})
    assert run(mail_app, dt.datetime(2026, 12, 18, 9)) == []  # halfway of the old date only
    assert sorted(k for _, k in run(mail_app, dt.datetime(2026, 12, 22, 9))) == ["halfway"] * 2
    assert sorted(k for _, k in run(mail_app, dt.datetime(2027, 1, 4, 9))) == ["eve"] * 2
    assert run(mail_app, dt.datetime(2027, 1, 4, 18)) == []
    assert len(handler.messages) == 6 + 2 + 4


def test_the_bilan_shows_every_round(app, harness):
    from atelier.services.bilan import bilan_html

    code, facilitator, screen, phones, (first, second, _) = at_first_review(harness, language="en")
    report(phones[0], first, "no", 2, "Pas eu le temps")
    report(phones[1], second, "partly", 3, "Une fois seulement")  # not extended
    facilitator.ok("decision.set", {"idea_id": first, "choice": "extend", "note": ""})
    facilitator.ok("review.extend", {"idea_ids": [first], "date": "2026-12-29"})

    def bilan():
        with app.app_context():
            workshop = db.session.scalars(db.select(Workshop).filter_by(code=code)).one()
            text = visible_text(bilan_html(workshop))
        return " ".join(text.replace("\u2060", "").split())

    waiting = bilan()
    # The first review stays in the bilan while round 2 runs.
    assert "How it went" in waiting and "Pas eu le temps" in waiting
    assert "Round 2: the longer experiment" in waiting
    assert "the group reviews them on December 29, 2026" in waiting
    assert "Next steps The review of round 2, on December 29, 2026" in waiting

    facilitator.ok("phase.set", {"phase": "review"})
    report(phones[0], first, "yes", 5, "Enfin essayé")
    facilitator.ok("decision.set", {"idea_id": first, "choice": "keep", "note": ""})
    held = bilan()
    # The contents name the round too: split at its section.
    first_round, later = held.split("Round 2: the longer experiment From", 1)
    assert "Pas eu le temps" in first_round and "Enfin essayé" not in first_round
    # The first round keeps every idea it reviewed, not only those extended since.
    assert "Une fois seulement" in first_round and "Une fois seulement" not in later
    assert "Enfin essayé" in later and "Decision: Keep going" in later
    assert "Extend the experiment" in first_round


def test_a_later_round_reminds_only_who_committed_to_an_extended_idea(mail_app, inbox, harness):
    from .test_reminders import run

    handler, _ = inbox
    code, facilitator, screen, (zoe, karim), (first, second, _) = harness.at_results(
        ("Zoé", "Karim"), date="2026-11-23"
    )
    facilitator.ok("phase.set", {"phase": "vote"})
    zoe.ok("vote.set", {"idea_ids": [first], "client_id": client_id()})  # not the second
    facilitator.ok("phase.set", {"phase": "results"})
    zoe.ok("email.set", {"email": "zoe@example.org"})
    karim.ok("email.set", {"email": "karim@example.org"})
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("review.extend", {"idea_ids": [second], "date": "2026-12-29"})
    assert len(run(mail_app, dt.datetime(2026, 12, 9, 9))) == 1
    assert [to for to, _ in handler.messages] == [["karim@example.org"]]
    assert run(mail_app, dt.datetime(2026, 12, 18, 9)) == [(karim.me["id"], "halfway")]


def test_a_third_round_follows_the_second_review_not_the_first(mail_app, inbox, harness):
    from .test_reminders import DAY0, run

    code, facilitator, screen, phones, (first, second, _) = at_first_review(harness)
    phones[0].ok("email.set", {"email": "zoe@example.org"})
    assert [kind for _, kind in run(mail_app, DAY0)] == ["summary"]
    facilitator.ok("review.extend", {"idea_ids": [second], "date": "2026-12-29"})
    assert [kind for _, kind in run(mail_app, dt.datetime(2026, 12, 9, 9))] == ["summary"]
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("review.extend", {"idea_ids": [second], "date": "2027-01-19"})
    # Round 3 starts at the review of 29 December: its own summary, halfway on 8 January.
    assert [kind for _, kind in run(mail_app, dt.datetime(2026, 12, 30, 9))] == ["summary"]
    assert run(mail_app, dt.datetime(2027, 1, 7, 9)) == []
    assert [kind for _, kind in run(mail_app, dt.datetime(2027, 1, 8, 9))] == ["halfway"]
    # Its date moves, but not back before the review it follows.
    ack = facilitator.act("review_date.set", {"date": "2026-12-20"})
    assert ack["error"]["code"] == "round_date_invalid"
    facilitator.ok("review_date.set", {"date": "2027-01-02"})


def test_each_workshop_s_round_follows_its_own_previous_review(mail_app, inbox, harness):
    """Two workshops in round 2: the second one's started at its review of
    15 December, not at the first one's of the 8th."""
    from .test_reminders import run

    _, first_facilitator, _, _, (idea, _, _) = at_first_review(harness)  # reviewed 8 December
    first_facilitator.ok("review.extend", {"idea_ids": [idea], "date": "2026-12-29"})
    code, facilitator, screen, phones, (idea, _, _) = harness.at_results(
        ("Zoé", "Karim"), date="2026-11-30"
    )
    phones[0].ok("email.set", {"email": "zoe@example.org"})
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("review.extend", {"idea_ids": [idea], "date": "2027-01-05"})
    # Halfway from 15 December to 5 January: the 25th.
    assert [kind for _, kind in run(mail_app, dt.datetime(2026, 12, 22, 9))] == ["summary"]
    assert [kind for _, kind in run(mail_app, dt.datetime(2026, 12, 25, 9))] == ["halfway"]
    # Nor can its date move back before its own previous review.
    ack = facilitator.act("review_date.set", {"date": "2026-12-12"})
    assert ack["error"]["code"] == "round_date_invalid"
