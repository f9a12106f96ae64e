"""Calendar pages (R04): the year's meetings, the month grid, the meeting regulation, generating the year,
adding a meeting, a member's own meetings; access for every persona and bounded queries."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS

from nghiquyet.meetings import services
from nghiquyet.meetings.models import (
    CalendarToken,
    DayRule,
    Meeting,
    MeetingKind,
    MeetingRegulation,
    MeetingStatus,
    Program,
    ProgramKind,
)
from nghiquyet.meetings.services import programs

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client, settings):
    """Pages in English, the source language: chosen with the language cookie, as the switch in the top
    bar does (the browser's Accept-Language does not change the web UI's language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _meetings(org, count, start=dt.date(2026, 1, 5)):
    Meeting.objects.bulk_create(
        Meeting(
            org=org,
            kind=MeetingKind.EXTRAORDINARY,
            title=f"Họp bất thường {i}",
            date=start + dt.timedelta(days=i % 28),
            start_time=dt.time(8, 0),
            place="Phòng họp",
        )
        for i in range(count)
    )


# ---------------------------------------------------------------- access for every persona


@pytest.fixture
def g1_program(world):
    return programs.create_program(
        world.g1, kind=ProgramKind.YEAR, year=2026, title="Chương trình công tác năm 2026"
    )


def _pages(program_pk):
    """(method, url, data) of every G1 calendar page."""
    return {
        "list": ("get", url("list", "G1"), {}),
        "calendar": ("get", url("calendar", "G1"), {}),
        "regulation": ("get", url("regulation", "G1"), {}),
        "generate": ("post", url("generate", "G1"), {"year": 2026}),
        "add": ("get", url("add", "G1"), {}),
        "programs": ("get", url("programs", "G1"), {}),
        "program": ("get", url("program", program_pk), {}),
    }


@pytest.mark.parametrize("page", ["list", "calendar", "regulation", "generate", "add", "programs", "program"])
def test_r04_r05_outsider_gets_404_on_every_g1_page(world, client_for, g1_program, page):
    method, address, data = _pages(g1_program.pk)[page]
    response = getattr(client_for(world.outsider), method)(address, data)
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["list", "calendar", "regulation", "generate", "add", "programs", "program"])
def test_r04_r05_plain_member_does_not_see_committee_meetings(world, client_for, g1_program, page):
    method, address, data = _pages(g1_program.pk)[page]
    response = getattr(client_for(world.member), method)(address, data)
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["list", "calendar", "regulation", "programs", "program"])
def test_r04_r05_committee_member_reads_the_calendar(world, client_for, g1_program, page):
    _method, address, _data = _pages(g1_program.pk)[page]
    response = client_for(world.committee_member).get(address)
    assert response.status_code == 200
    assert not response.context["runs"]
    # No buttons that would only answer 404.
    assert url("generate", "G1") not in response.content.decode()


def test_r04_r05_committee_member_cannot_change_the_calendar(world, client_for, committee, g1_program):
    client = client_for(world.committee_member)
    posts = {
        url("generate", "G1"): {"year": 2026},
        url("add", "G1"): {"kind": "extraordinary", "title": "x", "date": "2026-12-10"},
        url("regulation", "G1"): {"effective_from": "2027-01-01", "day_rule": "day_of_month", "day": 5},
        url("programs", "G1"): {"kind": "term", "title": "x"},
        url("program", g1_program.pk): {"title": "x"},
    }
    for address, data in posts.items():
        assert client.post(address, data).status_code == 404, address
    assert client.get(url("add", "G1")).status_code == 404
    assert not Meeting.objects.exists()
    assert MeetingRegulation.objects.count() == 1
    assert Program.objects.count() == 1 and not g1_program.items.exists()


@pytest.mark.parametrize("page", ["list", "calendar", "regulation", "add", "programs", "program"])
def test_r04_r05_secretary_opens_every_page(world, client_for, g1_program, page):
    _method, address, _data = _pages(g1_program.pk)[page]
    response = client_for(world.secretary).get(address)
    assert response.status_code == 200
    assert response.context["runs"]


def test_r04_anonymous_is_sent_to_login(world, client):
    response = client.get(url("list", "G1"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# ---------------------------------------------------------------- the year's meetings


def test_r04_list_shows_the_year_with_moved_meetings(world, client_for, committee, english):
    services.generate_year(world.g1, 2026)
    services.generate_year(world.g1, 2027)
    response = client_for(world.committee_member).get(url("list", "G1"), {"year": 2026})
    assert response.status_code == 200
    listed = list(response.context["meetings"])
    assert len(listed) == 12 and {m.date.year for m in listed} == {2026}
    assert [m.date for m in listed] == sorted(m.date for m in listed)
    body = response.content.decode()
    # 4 April 2026 is a Saturday: the meeting moved to Monday 6 April.
    assert "06/04/2026" in body and "moved from 04/04/2026" in body
    assert body.count("moved from") == sum(1 for m in listed if m.date != m.nominal_date)
    assert url("meeting", listed[0].pk) in body
    assert "Regular monthly meeting" in body


def test_r04_list_defaults_to_this_year_and_ignores_a_bad_year(world, client_for, committee):
    client = client_for(world.committee_member)
    this_year = timezone.localdate().year
    assert client.get(url("list", "G1")).context["year"] == this_year
    assert client.get(url("list", "G1"), {"year": "abc"}).context["year"] == this_year
    assert client.get(url("list", "G1"), {"year": "99999"}).context["year"] == this_year


def test_r04_list_shows_vietnamese_dates_by_default(world, client_for, committee):
    services.generate_year(world.g1, 2026)
    response = client_for(world.committee_member).get(url("list", "G1"), {"year": 2026})
    assert "ngày 6 tháng 4 năm 2026" in response.content.decode()


def test_r04_secretary_sees_the_actions(world, client_for, committee, english):
    response = client_for(world.secretary).get(url("list", "G1"), {"year": 2027})
    body = response.content.decode()
    assert url("generate", "G1") in body and 'name="year" value="2027"' in body
    for name in ("add", "regulation", "programs"):
        assert url(name, "G1") in body
    assert "Generate the year's regular meetings (2027)" in body


def test_r04_list_query_count_does_not_grow_with_meetings(world, client_for, committee):
    client = client_for(world.committee_member)
    client.get(url("list", "G1"), {"year": 2026})  # warm up: session and per-process caches

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url("list", "G1"), {"year": 2026})
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["meetings"])

    _meetings(world.g1, 3)
    small, listed = count()
    assert listed == 3
    _meetings(world.g1, 27, start=dt.date(2026, 6, 1))
    assert count() == (small, 30)
    # session, user, scope (person, body staff, seats), the organization, its ancestors, the meetings,
    # the regulation in force, the person in the top bar.
    assert small <= 10


# ---------------------------------------------------------------- generating and adding meetings


def test_r04_secretary_generates_the_year(world, client_for, committee, english):
    client = client_for(world.secretary)
    response = client.post(url("generate", "G1"), {"year": 2027})
    assert response.status_code == 302
    assert response["Location"] == url("list", "G1") + "?year=2027"
    assert Meeting.objects.filter(org=world.g1, date__year=2027, kind=MeetingKind.REGULAR).count() == 12
    assert _messages(response) == ["12 meetings created for 2027."]
    # Again: months already planned are kept.
    response = client.post(url("generate", "G1"), {"year": 2027})
    assert _messages(response)[-1] == "0 meetings created for 2027."
    assert Meeting.objects.count() == 12


def test_r04_generate_needs_a_regulation_first(world, client_for, english):
    response = client_for(world.secretary).post(url("generate", "G1"), {"year": 2027})
    assert response["Location"] == url("regulation", "G1")
    assert "Adopt a meeting regulation first" in _messages(response)[0]
    assert not Meeting.objects.exists()


def test_r04_generate_refuses_get_and_a_bad_year(world, client_for, committee):
    client = client_for(world.secretary)
    assert client.get(url("generate", "G1")).status_code == 405
    response = client.post(url("generate", "G1"), {"year": "1800"})
    assert response.status_code == 302 and not Meeting.objects.exists()


def test_r04_r19_thematic_meeting_needs_the_reason_for_its_topic(world, client_for, committee, english):
    client = client_for(world.secretary)
    data = {
        "kind": "thematic",
        "title": "Chuyên đề chuyển đổi số",
        "date": "2026-12-16",
        "start_time": "14:00",
    }
    response = client.post(url("add", "G1"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["theme_reason"] == ["Give the reason this topic was chosen."]
    assert "Give the reason this topic was chosen." in response.content.decode()
    assert not Meeting.objects.exists()

    data.update(theme_reason="Nghị quyết của Đảng ủy Khối về chuyển đổi số", place="Hội trường")
    response = client.post(url("add", "G1"), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == url("meeting", meeting.pk)
    assert (meeting.kind, meeting.date, meeting.start_time) == (
        "thematic",
        dt.date(2026, 12, 16),
        dt.time(14),
    )
    assert meeting.regulation == committee.regulation and meeting.place == "Hội trường"
    assert _messages(response) == ["Meeting added to the calendar."]


def test_r04_regular_meetings_are_not_added_by_hand(world, client_for, committee):
    response = client_for(world.secretary).post(
        url("add", "G1"), {"kind": "regular", "title": "x", "date": "2026-12-16"}
    )
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_r04_add_form_prefills_the_day_chosen_on_the_calendar(world, client_for, committee):
    response = client_for(world.secretary).get(url("add", "G1"), {"date": "2026-12-16"})
    assert 'value="16/12/2026"' in response.content.decode()
    assert client_for(world.secretary).get(url("add", "G1"), {"date": "garbage"}).status_code == 200


# ---------------------------------------------------------------- the month grid


def test_r04_month_grid_starts_on_monday_with_holidays_and_meetings(world, client_for, committee, english):
    services.generate_year(world.g1, 2026)
    response = client_for(world.committee_member).get(url("calendar", "G1"), {"year": 2026, "month": 2})
    assert response.status_code == 200
    grid = response.context["grid"]
    assert all(len(week) == 7 for week in grid)
    assert all(week[0]["date"].weekday() == 0 for week in grid)
    cells = {c["date"]: c for week in grid for c in week}
    assert grid[0][0]["date"] == dt.date(2026, 1, 26) and not grid[0][0]["in_month"]
    assert cells[dt.date(2026, 2, 17)]["holiday"] == "Tết Nguyên Đán"
    assert [m.title for m in cells[dt.date(2026, 2, 4)]["meetings"]] == [
        "Hội nghị cấp ủy thường kỳ tháng 2/2026"
    ]
    body = response.content.decode()
    headers = [str(name) for name in response.context["weekdays"]]
    assert headers == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert '<th scope="col">Monday</th>' in body and "Tết Nguyên Đán" in body
    assert "year=2026&amp;month=1" in body and "year=2026&amp;month=3" in body


def test_r04_month_grid_weekday_names_in_vietnamese(world, client_for, committee):
    response = client_for(world.committee_member).get(url("calendar", "G1"), {"year": 2026, "month": 12})
    with translation.override("vi"):
        expected = [str(WEEKDAYS[i]) for i in range(7)]
    assert expected[-1] == "Chủ nhật" and expected[0].startswith("Thứ")
    body = response.content.decode()
    assert all(f'<th scope="col">{name}</th>' in body for name in expected)


def test_r04_month_grid_links_across_the_year_and_defaults(world, client_for, committee):
    client = client_for(world.committee_member)
    response = client.get(url("calendar", "G1"), {"year": 2026, "month": 12})
    assert (response.context["previous"].month, response.context["following"]) == (11, dt.date(2027, 1, 1))
    today = timezone.localdate()
    response = client.get(url("calendar", "G1"), {"year": "x", "month": "13"})
    assert (response.context["year"], response.context["month"]) == (today.year, today.month)


def test_r04_month_grid_htmx_returns_the_grid_alone(world, client_for, committee):
    response = client_for(world.committee_member).get(
        url("calendar", "G1"), {"year": 2026, "month": 3}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="cal-month">') and "<html" not in body


def test_r04_month_grid_query_count_does_not_grow_with_meetings(world, client_for, committee):
    client = client_for(world.committee_member)
    params = {"year": 2026, "month": 1}
    client.get(url("calendar", "G1"), params)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url("calendar", "G1"), params)
        placed = sum(len(c["meetings"]) for week in response.context["grid"] for c in week)
        return len(ctx.captured_queries), placed

    _meetings(world.g1, 3)
    small, placed = count()
    assert placed == 3
    _meetings(world.g1, 27)
    assert count() == (small, 30)


# ---------------------------------------------------------------- the meeting regulation


def test_r04_regulation_page_shows_current_and_past(world, client_for, committee, english):
    services.set_regulation(world.g1, dt.date(2026, 7, 1), day_rule=DayRule.NTH_WEEKDAY, weekday=0, week=1)
    services.set_regulation(world.g1, dt.date(2027, 1, 1), day_rule=DayRule.DAY_OF_MONTH, day=10)
    response = client_for(world.committee_member).get(url("regulation", "G1"))
    assert [r.effective_from for r in response.context["regulations"]] == [
        dt.date(2027, 1, 1),
        dt.date(2026, 7, 1),
        dt.date(2025, 6, 1),
    ]
    assert response.context["current"].describe() == "thứ Hai đầu tiên của tháng"
    body = response.content.decode()
    assert "ngày 10 hằng tháng" in body and "ngày 4 hằng tháng" in body and "2/3" in body
    assert "Adopt a new regulation" not in body


def _regulation_data(**changes):
    data = {
        "effective_from": "2027-01-01",
        "day_rule": "nth_weekday",
        "day": "",
        "week": "-1",
        "weekday": "4",
        "notice_days": "5",
        "quorum_numerator": "1",
        "quorum_denominator": "2",
        "max_focus_topics": "4",
    }
    data.update(changes)
    return data


def test_r04_secretary_adopts_a_new_regulation(world, client_for, committee, english):
    response = client_for(world.secretary).post(url("regulation", "G1"), _regulation_data())
    assert response.status_code == 302 and response["Location"] == url("regulation", "G1")
    regulation = MeetingRegulation.objects.get(effective_from=dt.date(2027, 1, 1))
    assert (regulation.weekday, regulation.week, regulation.day) == (4, -1, None)
    assert (regulation.notice_days, regulation.quorum_numerator, regulation.max_focus_topics) == (5, 1, 4)
    assert regulation.describe() == "thứ Sáu cuối cùng của tháng"
    assert _messages(response) == [
        "Meeting regulation adopted: thứ Sáu cuối cùng của tháng, from 01/01/2027."
    ]
    # The next year's meetings follow it: the last Friday of January 2027 is the 29th.
    january = next(m for m in services.generate_year(world.g1, 2027) if m.nominal_date.month == 1)
    assert january.nominal_date == dt.date(2027, 1, 29)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"day_rule": "day_of_month", "day": ""}, "day"),
        ({"day_rule": "day_of_month", "day": "32"}, "day"),
        ({"weekday": ""}, "weekday"),
        ({"weekday": "7"}, "weekday"),
        ({"week": "5"}, "week"),
        ({"week": ""}, "week"),
        ({"notice_days": "31"}, "notice_days"),
        ({"quorum_numerator": "4", "quorum_denominator": "3"}, "quorum_numerator"),
        ({"quorum_denominator": "0"}, "quorum_denominator"),
        ({"max_focus_topics": "11"}, "max_focus_topics"),
        ({"max_focus_topics": "0"}, "max_focus_topics"),
        ({"day_rule": "weekly"}, "day_rule"),
        ({"effective_from": "31/02/2027"}, "effective_from"),
    ],
)
def test_r04_regulation_form_shows_errors_next_to_fields(
    world, client_for, committee, changes, field, english
):
    response = client_for(world.secretary).post(url("regulation", "G1"), _regulation_data(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert form.errors[field][0] in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert MeetingRegulation.objects.count() == 1


def test_r04_regulation_already_applied_is_not_changed(world, client_for, committee, english):
    services.generate_year(world.g1, 2026)
    data = _regulation_data(effective_from="2025-06-01")
    response = client_for(world.secretary).post(url("regulation", "G1"), data)
    assert response.status_code == 200
    assert "effective_from" in response.context["form"].errors
    committee.regulation.refresh_from_db()
    assert committee.regulation.day == 4


def test_r04_regulation_form_prefilled_with_the_rule_in_force(world, client_for, committee):
    response = client_for(world.secretary).get(url("regulation", "G1"))
    form = response.context["form"]
    assert form.initial["day"] == 4 and form.initial["day_rule"] == DayRule.DAY_OF_MONTH
    assert form.initial["effective_from"].day == 1 and form.initial["effective_from"] > timezone.localdate()


# ---------------------------------------------------------------- my meetings


def test_r04_my_meetings_lists_coming_meetings_of_my_committees(world, client_for, committee):
    today = timezone.localdate()
    coming = services.add_meeting(
        world.g1, MeetingKind.EXTRAORDINARY, today + dt.timedelta(days=3), "Sắp tới"
    )
    services.add_meeting(world.g1, MeetingKind.EXTRAORDINARY, today, "Hôm nay")
    services.add_meeting(world.g1, MeetingKind.EXTRAORDINARY, today - dt.timedelta(days=1), "Hôm qua")
    services.add_meeting(world.g2, MeetingKind.EXTRAORDINARY, today + dt.timedelta(days=3), "Của G2")
    client = client_for(world.committee_member)
    response = client.get(url("mine"))
    assert response.status_code == 200
    assert [m.title for m in response.context["meetings"]] == ["Hôm nay", "Sắp tới"]
    body = response.content.decode()
    assert url("meeting", coming.pk) in body and "Của G2" not in body
    token = CalendarToken.objects.get(person=world.people.committee_member)
    assert response.context["feed_url"] == f"http://testserver/meetings/ical/{token.token}.ics"
    assert token.token in body
    # The same link on every visit.
    client.get(url("mine"))
    assert CalendarToken.objects.get(person=world.people.committee_member).token == token.token


def test_r04_my_meetings_regenerates_the_feed_link(world, client_for, committee, english):
    client = client_for(world.committee_member)
    client.get(url("mine"))
    old = CalendarToken.objects.get().token
    response = client.post(url("mine"))
    assert response.status_code == 302
    new = CalendarToken.objects.get().token
    assert new != old
    assert client.get(url("ical", old)).status_code == 404
    assert client.get(url("ical", new)).status_code == 200


def test_r04_my_meetings_of_a_plain_member_are_empty(world, client_for, committee):
    services.add_meeting(world.g1, MeetingKind.EXTRAORDINARY, timezone.localdate(), "Họp cấp ủy")
    response = client_for(world.member).get(url("mine"))
    assert response.status_code == 200 and list(response.context["meetings"]) == []


def test_r04_my_meetings_without_a_member_record(world, client_for, english):
    from nghiquyet.orgs.tests.factories import UserFactory

    response = client_for(UserFactory(username="admin-only")).get(url("mine"))
    assert response.status_code == 200 and response.context["feed_url"] is None
    assert "not linked to a party member record" in response.content.decode()
    assert not CalendarToken.objects.exists()


def test_r04_my_meetings_query_count_does_not_grow(world, client_for, committee):
    client = client_for(world.committee_member)
    client.get(url("mine"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url("mine"))
        return len(ctx.captured_queries), len(response.context["meetings"])

    _meetings(world.g1, 3, start=timezone.localdate())
    small, listed = count()
    assert listed == 3
    _meetings(world.g1, 27, start=timezone.localdate())
    assert count() == (small, 30)


def test_r04_cancelled_meetings_show_their_status(world, client_for, committee, english):
    meeting = services.add_meeting(world.g1, MeetingKind.EXTRAORDINARY, dt.date(2026, 12, 9), "Huỷ")
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    response = client_for(world.committee_member).get(url("list", "G1"), {"year": 2026})
    assert "Cancelled" in response.content.decode()
