"""A member's personal iCal feed of their committees' meetings (R04): no login, the secret token only."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from nghiquyet.meetings import services
from nghiquyet.meetings.models import Meeting, MeetingKind, MeetingStatus
from nghiquyet.meetings.services import programs
from nghiquyet.orgs.tests.factories import TermFactory

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def token(world):
    return programs.calendar_token_for(world.people.committee_member).token


@pytest.fixture
def meeting(world, meeting):
    """The shared December meeting, moved to next week so the feed's window holds it whatever today is."""
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate() + dt.timedelta(days=7))
    meeting.refresh_from_db()
    return meeting


def _feed(client, token):
    response = client.get(reverse("meetings:ical", args=[token]))
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def _events(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_r04_feed_needs_no_login_and_holds_my_committee_meetings(world, client, meeting, token):
    response, calendar = _feed(client, token)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert str(calendar["VERSION"]) == "2.0"
    events = _events(calendar)
    assert list(events) == [f"meeting-{meeting.pk}@nghiquyet"]
    event = events[f"meeting-{meeting.pk}@nghiquyet"]
    assert str(event["SUMMARY"]) == "Hội nghị cấp ủy thường kỳ tháng 12/2026"
    assert str(event["LOCATION"]) == "Phòng họp tầng 3, Sở Tư pháp"
    assert str(event["URL"]) == f"http://testserver/meetings/{meeting.pk}/"
    start = event.decoded("DTSTART")
    assert start == dt.datetime.combine(meeting.date, dt.time(8, 0), tzinfo=HCM)
    assert str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert event.decoded("DTEND") > start
    # The time zone travels with the feed, so every calendar program places 08:00 in Hanoi.
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]


def test_r04_meeting_without_a_time_is_an_all_day_event(world, client, committee, token):
    day = timezone.localdate() + dt.timedelta(days=20)
    meeting = services.add_meeting(world.g1, MeetingKind.EXTRAORDINARY, day, "Họp bất thường")
    _response, calendar = _feed(client, token)
    event = _events(calendar)[f"meeting-{meeting.pk}@nghiquyet"]
    assert event.decoded("DTSTART") == day
    assert not isinstance(event.decoded("DTSTART"), dt.datetime)
    assert "LOCATION" not in event


def test_r04_feed_keeps_90_days_back_and_only_my_committees(world, client, committee, token):
    today = timezone.localdate()
    recent = services.add_meeting(
        world.g1, MeetingKind.EXTRAORDINARY, today - dt.timedelta(days=90), "Gần đây"
    )
    services.add_meeting(world.g1, MeetingKind.EXTRAORDINARY, today - dt.timedelta(days=91), "Quá cũ")
    services.add_meeting(world.g2, MeetingKind.EXTRAORDINARY, today, "Của tổ chức khác")
    # C1 is inside G1, but the committee member does not sit on its committee.
    TermFactory(org=world.c1)
    services.add_meeting(world.c1, MeetingKind.EXTRAORDINARY, today, "Của chi bộ")
    later = services.add_meeting(world.g1, MeetingKind.STANDING, today + dt.timedelta(days=300), "Năm sau")
    _response, calendar = _feed(client, token)
    assert set(_events(calendar)) == {f"meeting-{recent.pk}@nghiquyet", f"meeting-{later.pk}@nghiquyet"}


def test_r04_uid_is_stable_when_a_meeting_moves(world, client, meeting, token):
    _r, before = _feed(client, token)
    moved_to = meeting.date + dt.timedelta(days=3)
    Meeting.objects.filter(pk=meeting.pk).update(date=moved_to, status=MeetingStatus.CANCELLED)
    _r, after = _feed(client, token)
    uid = f"meeting-{meeting.pk}@nghiquyet"
    assert set(_events(before)) == set(_events(after)) == {uid}
    moved = _events(after)[uid]
    assert moved.decoded("DTSTART").date() == moved_to
    assert str(moved["STATUS"]) == "CANCELLED"


def test_r04_unknown_or_revoked_token_is_404(world, client, meeting, token):
    assert client.get(reverse("meetings:ical", args=["not-a-token"])).status_code == 404
    programs.regenerate_calendar_token(world.people.committee_member)
    assert client.get(reverse("meetings:ical", args=[token])).status_code == 404


def test_r04_feed_of_someone_off_every_committee_is_empty(world, client, meeting):
    token = programs.calendar_token_for(world.people.member).token
    _response, calendar = _feed(client, token)
    assert list(calendar.walk("VEVENT")) == []


def test_r04_feed_query_count_does_not_grow(world, client, committee, token):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            _response, calendar = _feed(client, token)
        return len(ctx.captured_queries), len(calendar.walk("VEVENT"))

    day = timezone.localdate()
    for i in range(3):
        services.add_meeting(world.g1, MeetingKind.EXTRAORDINARY, day + dt.timedelta(days=i), f"Họp {i}")
    small, events = count()
    assert events == 3
    for i in range(3, 30):
        services.add_meeting(world.g1, MeetingKind.EXTRAORDINARY, day + dt.timedelta(days=i), f"Họp {i}")
    # The token with its person, then the meetings with their organization.
    assert count() == (small, 30) and small == 2
