"""A member's meetings as an iCalendar feed (RFC 5545), for the calendar on their phone or desktop (R04)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting, MeetingStatus

TIME_ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# A committee meeting takes half a morning or an afternoon; the record keeps no planned end.
DEFAULT_LENGTH = dt.timedelta(hours=3)


def uid(meeting: Meeting) -> str:
    """Stable across feeds and regenerated tokens, so a moved meeting moves in the member's calendar."""
    return f"meeting-{meeting.pk}@nghiquyet"


def meeting_event(meeting: Meeting, *, url: str, stamp: dt.datetime) -> Event:
    """One VEVENT: timed in Asia/Ho_Chi_Minh when the start time is known, all-day otherwise."""
    if meeting.start_time is None:
        start: dt.date = meeting.date
        end: dt.date = meeting.date + dt.timedelta(days=1)
    else:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=TIME_ZONE)
        end = start + DEFAULT_LENGTH
        if meeting.ended_at and meeting.ended_at > start:
            end = meeting.ended_at.astimezone(TIME_ZONE)
    event = Event.new(
        uid=uid(meeting),
        stamp=stamp,
        start=start,
        end=end,
        summary=meeting.title,
        location=meeting.place or None,
        description=f"{meeting.org.name}\n{meeting.get_kind_display()}\n{url}",
        url=url,
        status="CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED",
    )
    return event


def build_feed(
    meetings: Iterable[Meeting],
    *,
    name: str,
    url_for: Callable[[Meeting], str],
    now: dt.datetime | None = None,
) -> bytes:
    """The VCALENDAR holding one VEVENT per meeting, with the VTIMEZONE its times need."""
    stamp = (now or timezone.now()).astimezone(dt.UTC)
    calendar = Calendar.new(prodid="-//nghiquyet//meetings//VI", name=name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url=url_for(meeting), stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
