"""Reminder e-mails through a real SMTP server on loopback, with a clock the test moves."""

import datetime as dt
import logging

from atelier import create_app
from atelier.extensions import db
from atelier.mailer import SmtpMailer
from atelier.models import Reminder, Workshop
from atelier.services.reminders import send_due_reminders

from ..support import client_id

DAY0 = dt.datetime(2026, 11, 23, 17, 0)  # the workshop ends; review on 8 December


def _workshop_with_emails(harness, language="fr"):
    code, facilitator, screen, phones, ideas = harness.at_results(
        ("Zoé", "Karim", "Amina"), date="2026-11-23", language=language
    )
    phones[0].ok("email.set", {"email": "zoe@example.org"})
    phones[1].ok("email.set", {"email": "karim@example.org"})
    return code, phones, ideas


def run(app, now):
    with app.app_context():
        return send_due_reminders(SmtpMailer(app.config), now=now)


def test_summary_halfway_and_eve_each_sent_once(mail_app, inbox, harness):
    handler, _ = inbox
    code, phones, _ = _workshop_with_emails(harness)

    assert len(run(mail_app, DAY0)) == 2  # the summary, to the two who left an address
    assert run(mail_app, DAY0 + dt.timedelta(hours=1)) == []  # a second run: nothing
    assert run(mail_app, dt.datetime(2026, 11, 29, 9)) == []  # not halfway yet
    assert len(run(mail_app, dt.datetime(2026, 11, 30, 9))) == 2  # halfway
    assert len(run(mail_app, dt.datetime(2026, 12, 7, 9))) == 2  # the eve
    assert run(mail_app, dt.datetime(2026, 12, 7, 18)) == []
    assert run(mail_app, dt.datetime(2026, 12, 9, 9)) == []

    recipients = sorted(tuple(to) for to, _ in handler.messages)
    assert recipients == [("karim@example.org",)] * 3 + [("zoe@example.org",)] * 3
    with mail_app.app_context():
        recorded = db.session.scalars(db.select(Reminder)).all()
        assert {r.status for r in recorded} == {"sent"} and all(r.sent_at for r in recorded)
    summary = handler.messages[0][1]
    assert summary["Subject"] == "Vos engagements — Atelier test"
    body = summary.get_content()
    assert "Bonjour Zoé" in body
    assert "Idée collègue 0" in body and "Idée collègue 1" in body
    assert "mardi 8 décembre 2026" in body
    assert f"https://atelier.example.org/w/{code}/me/" in body
    eve = handler.messages[-1][1]
    assert eve["Subject"].startswith("Demain")


def test_the_link_keeps_the_public_url_s_path_and_one_slash(mail_app, inbox, harness):
    handler, _ = inbox
    mail_app.config["PUBLIC_URL"] = "https://intranet.example.org/DX/"  # served under a path
    code, phones, _ = _workshop_with_emails(harness)
    run(mail_app, DAY0)
    body = handler.messages[0][1].get_content()
    assert f"https://intranet.example.org/DX/w/{code}/me/" in body


def test_english_workshop_gets_english_mail(mail_app, inbox, harness):
    handler, _ = inbox
    _workshop_with_emails(harness, language="en")
    run(mail_app, DAY0)
    message = handler.messages[0][1]
    assert message["Subject"] == "Your commitments — Atelier test"
    assert "Tuesday, December 8, 2026" in message.get_content()


def test_each_reminder_says_what_it_is_for(mail_app, inbox, harness):
    handler, _ = inbox
    _workshop_with_emails(harness, language="en")
    for day in (DAY0, dt.datetime(2026, 11, 30, 9), dt.datetime(2026, 12, 7, 9)):
        run(mail_app, day)
    summary, halfway, eve = (m for to, m in handler.messages if to == ["zoe@example.org"])
    assert "Thank you for the workshop “Atelier test”." in summary.get_content()
    assert "You are halfway through the experiment." in halfway.get_content()
    assert "Tomorrow the group takes stock." in eve.get_content()
    assert {m["Content-Language"] for m in (summary, halfway, eve)} == {"en"}


def test_a_restart_does_not_resend(mail_app, inbox, harness):
    handler, _ = inbox
    _workshop_with_emails(harness)
    run(mail_app, DAY0)
    restarted = create_app({**mail_app.config})
    assert run(restarted, DAY0 + dt.timedelta(minutes=5)) == []
    assert len(handler.messages) == 2


def test_a_run_starting_while_another_sends_never_sends_twice(mail_app, inbox, harness):
    """Cron starts a run while the previous one is still sending: the late run
    finds the first reminder claimed and sends the rest; the first run, holding
    its list from before, finds those claimed in turn. Each person gets one."""
    handler, _ = inbox
    _workshop_with_emails(harness)
    smtp, late = SmtpMailer(mail_app.config), []

    class SlowFirstRun:
        def send(self, message):
            if not late:
                late.append(run(mail_app, DAY0))  # the overlapping run, to its end
            smtp.send(message)

    with mail_app.app_context():
        first = send_due_reminders(SlowFirstRun(), now=DAY0)
    assert len(first) == 1 and len(late[0]) == 1 and first != late[0]
    assert sorted(to for to, _ in handler.messages) == [
        ["karim@example.org"],
        ["zoe@example.org"],
    ]


def test_a_reminder_another_run_took_does_not_stop_the_rest(mail_app, inbox, harness):
    """A late run of the workshop's day sends Karim's summary while a run a week
    later is sending Zoé's: that run, finding Karim's summary taken, still sends
    his halfway reminder after it."""
    handler, _ = inbox
    _workshop_with_emails(harness)
    smtp, late = SmtpMailer(mail_app.config), []

    class SlowRun:
        def send(self, message):
            if not late:
                late.append(run(mail_app, DAY0))
            smtp.send(message)

    with mail_app.app_context():
        week_later = send_due_reminders(SlowRun(), now=dt.datetime(2026, 11, 30, 9))
    assert [kind for _, kind in late[0]] == ["summary"]
    assert [kind for _, kind in week_later] == ["summary", "halfway", "halfway"]
    recipients = sorted(to[0] for to, _ in handler.messages)
    assert recipients == ["karim@example.org"] * 2 + ["zoe@example.org"] * 2


def test_only_who_committed_to_something_gets_reminders(mail_app, inbox, harness):
    handler, _ = inbox
    code, phones, _ = _workshop_with_emails(harness)
    # Joined at the results, chose nothing: nothing to be reminded of.
    late_comer, _ = harness.join(code, "Lucas")
    late_comer.ok("email.set", {"email": "lucas@example.org"})
    assert len(run(mail_app, DAY0)) == 2
    assert "lucas@example.org" not in [to[0] for to, _ in handler.messages]


def test_reminders_wait_while_the_vote_is_reopened_and_stop_once_closed(mail_app, inbox, harness):
    code, facilitator, screen, phones, _ = harness.at_results(("Zoé", "Karim"), date="2026-11-23")
    phones[0].ok("email.set", {"email": "zoe@example.org"})
    facilitator.ok("phase.set", {"phase": "vote"})  # back to the vote: results not final
    assert run(mail_app, DAY0) == []
    facilitator.ok("phase.set", {"phase": "results"})
    assert [kind for _, kind in run(mail_app, DAY0)] == ["summary"]
    # The review held early and closed: no halfway or eve reminder afterwards.
    facilitator.ok("phase.set", {"phase": "review"})
    facilitator.ok("phase.set", {"phase": "closed"})
    assert run(mail_app, dt.datetime(2026, 11, 30, 9)) == []
    assert run(mail_app, dt.datetime(2026, 12, 7, 9)) == []


def test_a_workshop_at_its_results_before_reminders_existed_waits_for_its_next_results(
    mail_app, inbox, harness
):
    """Upgraded from before migration 0002: at its results, but with no date of
    reaching them (results_at), so no reminder is due until it reaches them again."""
    code, facilitator, screen, phones, _ = harness.at_results(("Zoé",), date="2026-11-23")
    phones[0].ok("email.set", {"email": "zoe@example.org"})
    with mail_app.app_context():
        db.session.execute(db.update(Workshop).values(results_at=None))
        db.session.commit()
    assert run(mail_app, DAY0) == []
    facilitator.ok("phase.set", {"phase": "review"})  # the review does not date the results
    assert run(mail_app, DAY0) == []
    facilitator.ok("phase.set", {"phase": "results"})
    assert [kind for _, kind in run(mail_app, DAY0)] == ["summary"]


def test_a_failed_send_is_recorded_and_not_retried(mail_app, harness, caplog):
    _workshop_with_emails(harness)
    why = "smtp down: " + "x" * 600

    class Broken:
        def send(self, message):
            raise ConnectionRefusedError(why)

    with mail_app.app_context(), caplog.at_level(logging.WARNING):
        assert send_due_reminders(Broken(), now=DAY0) == []
        failed = db.session.scalars(db.select(Reminder).order_by(Reminder.id)).all()
        # Kept with its reason (cut to 500 characters) for whoever looks into it.
        assert [(r.kind, r.status, r.error) for r in failed] == [
            ("summary", "failed", why[:500])
        ] * 2
        # The log tells the operator which reminder failed, to whom, and why.
        logged = [r.getMessage() for r in caplog.records if r.name == "atelier.services.reminders"]
        assert logged == [
            f"reminder summary to participant {r.participant_id} failed: {why}" for r in failed
        ]
        assert send_due_reminders(Broken(), now=DAY0) == []


def test_header_injection_in_a_title_stays_in_the_subject(mail_app, inbox, harness):
    handler, _ = inbox
    code, http, _ = harness.create(title="Subject: injected Bcc: someone@example.invalid")
    facilitator = harness.facilitator(code, http)
    for phase in ("lobby", "client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    phone, _ = harness.join(code, "Zoé")
    idea = harness.post(phone, "une idée", kind="colleague")["idea_id"]
    facilitator.ok("phase.set", {"phase": "vote"})
    phone.ok("vote.set", {"idea_ids": [idea], "client_id": client_id()})
    facilitator.ok("phase.set", {"phase": "results"})
    phone.ok("email.set", {"email": "zoe@example.org"})
    run(mail_app, dt.datetime.now(dt.UTC).replace(tzinfo=None))
    to, message = handler.messages[0]
    assert to == ["zoe@example.org"] and message["Bcc"] is None


def test_the_command_says_when_reminders_are_off(app):
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code != 0 and "ATELIER_SMTP_HOST" in result.output


def test_a_review_moved_later_gets_its_own_eve_reminder(mail_app, inbox, harness):
    handler, _ = inbox
    code, phones, _ = _workshop_with_emails(harness)
    run(mail_app, DAY0)
    assert len(run(mail_app, dt.datetime(2026, 12, 7, 9))) == 2  # the eve of 8 December
    from atelier.services import review
    from atelier.services.identity import Identity

    with mail_app.app_context():
        workshop = db.session.scalars(db.select(Workshop)).one()
        review.move_review_date(Identity(workshop.id, facilitator=True), "2026-12-15")
    assert len(run(mail_app, dt.datetime(2026, 12, 14, 9))) == 2  # the new eve
    assert run(mail_app, dt.datetime(2026, 12, 14, 10)) == []


def test_the_eve_reminder_asks_the_day15_questions_only_once_they_are_open(
    mail_app, inbox, harness
):
    handler, _ = inbox
    code, facilitator, screen, phones, _ = harness.at_results(
        ("Zoé", "Karim", "Amina"), date="2026-11-23", language="en"
    )
    phones[0].ok("email.set", {"email": "zoe@example.org"})
    run(mail_app, dt.datetime(2026, 11, 30, 9))  # the summary and halfway: not asked yet
    assert not any("between colleagues" in m.get_content() for _, m in handler.messages)
    facilitator.ok("barometer.open", {"round": "day15"})
    assert len(run(mail_app, dt.datetime(2026, 12, 7, 9))) == 1
    eve = handler.messages[-1][1].get_content()
    assert "how things stand between colleagues" in eve
