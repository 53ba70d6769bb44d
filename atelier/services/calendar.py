"""The review in a participant's calendar (.ics), with an alarm the day before."""

import datetime as dt

from flask_babel import force_locale, gettext
from icalendar import Alarm, Calendar, Event

from ..models import Participant, Workshop
from .views import commitment_texts, round_idea_ids


def review_calendar(
    workshop: Workshop, participant: Participant, link: str, now: dt.datetime
) -> bytes:
    # In a later review round, the ideas it extended.
    commitments = commitment_texts(participant.id, round_idea_ids(workshop))
    with force_locale(workshop.language):
        summary = gettext("Review of the workshop “%(title)s”", title=workshop.title)
        lines = [gettext("My commitments:")]
        lines += [f"– {text}" for text in commitments]
        lines += ["", gettext("My personal link:"), link]
        alarm_text = gettext("Tomorrow: the review of your commitments")

    calendar = Calendar()
    calendar.add("prodid", "-//Atelier//workshop review//EN")
    calendar.add("version", "2.0")
    event = Event()
    # Stable per participant: importing the file again updates the event.
    event.add("uid", f"review-{workshop.code}-{participant.id}@atelier")
    # One more each time the date really moved (a further round too): the
    # calendar replaces the event it holds rather than adding one.
    event.add("sequence", workshop.calendar_sequence)
    event.add("dtstamp", now.replace(tzinfo=dt.UTC))
    event.add("dtstart", workshop.review_date)
    event.add("dtend", workshop.review_date + dt.timedelta(days=1))
    # icalendar escapes commas, semicolons and line breaks: typed text stays text.
    event.add("summary", " ".join(summary.split()))
    event.add("description", "\n".join(lines))
    event.add("url", link)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", alarm_text)
    alarm.add("trigger", dt.timedelta(days=-1))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
