"""Training (R36): courses and attendance, and the coverage per term — the exact list of the grassroots
secretaries and committee members not yet trained within their committee's term.

In `world` the grassroots committees in office are G1 (its secretary and one committee member) and G2
(the outsider, its secretary); both terms run from 1 June 2025.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.orgs.models import Position
from nghiquyet.orgs.tests.factories import MembershipFactory, PersonFactory, TermFactory
from nghiquyet.oversight import queries, services
from nghiquyet.oversight.models import Audience, Course, CourseAttendance

from .conftest import status_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 1)


def _url(name, *args):
    return reverse(f"oversight:{name}", args=args)


def _course(world, start, title="Bồi dưỡng nghiệp vụ công tác Đảng", days=2):
    return services.create_course(
        world.bloc,
        title=title,
        start_date=start,
        end_date=start + dt.timedelta(days=days),
        organizer="Ban Tổ chức Đảng ủy Khối",
        audience=Audience.COMMITTEE,
    )


@pytest.fixture
def trained(world):
    """The secretary trained in the term; the committee member enrolled but not completed; the outsider
    trained only before the term began."""
    in_term = _course(world, dt.date(2025, 9, 10))
    services.add_attendees(in_term, [world.people.secretary])
    services.add_attendees(
        _course(world, dt.date(2026, 3, 1)), [world.people.committee_member], completed=False
    )
    services.add_attendees(_course(world, dt.date(2024, 5, 1)), [world.people.outsider])
    return in_term


def test_r36_coverage_lists_exactly_the_untrained(world, trained):
    # Not counted: a seat that ended before the day, and the committee of a subordinate cell.
    MembershipFactory(term=world.term1, person=world.people.member, end_date=dt.date(2025, 12, 31))
    cell_secretary = PersonFactory(full_name="Tạ Văn Cell", home_org=world.c1)
    MembershipFactory(term=TermFactory(org=world.c1), person=cell_secretary, position=Position.SECRETARY)
    with CaptureQueriesContext(connection) as ctx:
        coverage = queries.coverage(world.bloc, DAY)
    assert len(ctx.captured_queries) == 2
    assert (coverage.total, coverage.trained, coverage.percent) == (3, 1, 33.3)
    assert [s.person for s in coverage.untrained] == [world.people.committee_member, world.people.outsider]

    g1 = queries.coverage(world.g1, DAY)
    assert (g1.total, g1.trained, g1.percent) == (2, 1, 50.0)
    assert [s.person for s in g1.untrained] == [world.people.committee_member]


def test_r36_completing_a_course_in_the_term_covers_the_person(world, trained, client_for):
    attendance = CourseAttendance.objects.get(person=world.people.committee_member)
    client_for(world.btc).post(
        _url("course_attendance", attendance.course_id, attendance.pk), {"action": "completed"}
    )
    assert [s.person for s in queries.coverage(world.bloc, DAY).untrained] == [world.people.outsider]


def test_r36_coverage_page(world, trained, client_for):
    response = client_for(world.btc).get(_url("coverage"), {"org": "DUK", "day": "2026-11-01"})
    assert response.status_code == 200
    assert [s.person for s in response.context["coverage"].untrained] == [
        world.people.committee_member,
        world.people.outsider,
    ]
    html = response.content.decode()
    assert (
        "33.3%" in html and "Lê Thị Mai" in html and "Nguyễn Văn Bình" not in html.split('id="untrained"')[1]
    )
    # A grassroots secretary sees their own organization's coverage, not another's nor the bloc's.
    client = client_for(world.secretary)
    assert client.get(_url("coverage")).context["coverage"].org == world.g1
    assert client.get(_url("coverage"), {"org": "G2"}).status_code == 404
    assert client.get(_url("coverage"), {"org": "DUK"}).status_code == 404


def test_r36_board_records_courses_and_trainees(world, client_for):
    client = client_for(world.btc)
    response = client.post(
        _url("course_create"),
        {
            "org": world.bloc.pk,
            "title": "Lớp bồi dưỡng bí thư chi bộ",
            "start_date": "2026-10-05",
            "end_date": "2026-10-07",
            "organizer": "Ban Tổ chức",
            "audience": "secretaries",
        },
    )
    course = Course.objects.get()
    assert response["Location"] == course.get_absolute_url()
    client.post(
        _url("course_attendees", course.pk),
        {"people": [world.people.secretary.pk, world.people.outsider.pk], "completed": "on"},
    )
    assert set(course.attendance.values_list("person__full_name", flat=True)) == {
        "Nguyễn Văn Bình",
        "Lê Thị Mai",
    }
    # Only committee members of the grassroots organizations are trainees.
    client.post(_url("course_attendees", course.pk), {"people": [world.people.member.pk]})
    assert course.attendance.count() == 2
    row = course.attendance.get(person=world.people.outsider)
    client.post(_url("course_attendance", course.pk, row.pk), {"action": "remove"})
    assert course.attendance.count() == 1


@pytest.mark.parametrize("persona", ["outsider", "member", "committee_member"])
def test_r36_others_get_404_on_courses(world, trained, client_for, persona):
    client = client_for(getattr(world, persona))
    row = trained.attendance.get()
    for method, url, data in [
        ("get", _url("course_list"), {}),
        ("get", _url("course_create"), {}),
        ("get", trained.get_absolute_url(), {}),
        ("post", _url("course_attendees", trained.pk), {"people": [world.people.member.pk]}),
        ("post", _url("course_attendance", trained.pk, row.pk), {"action": "remove"}),
    ]:
        assert status_of(client, method, url, data) == 404, (method, url)
    expected = 200 if persona == "outsider" else 404  # the outsider leads G2: its own coverage only
    assert client.get(_url("coverage")).status_code == expected
    assert trained.attendance.count() == 1


def test_r36_inspection_committee_reads_but_does_not_record(world, trained, client_for):
    client = client_for(world.ubkt)
    assert client.get(trained.get_absolute_url()).status_code == 200
    assert (
        client.post(_url("course_attendees", trained.pk), {"people": [world.people.outsider.pk]}).status_code
        == 404
    )


def test_r36_coverage_page_queries_do_not_grow(world, client_for):
    counts = []
    for n in (3, 30):
        for _i in range(n - (3 if counts else 0)):
            person = PersonFactory(home_org=world.c1)
            MembershipFactory(term=world.term1, person=person)
        client = client_for(world.btc)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url("coverage"), {"org": "DUK", "day": "2026-11-01"})
        assert response.context["coverage"].total == 3 + n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_r36_course_pages_queries_do_not_grow(world, client_for):
    counts = []
    for n in (3, 30):
        Course.objects.all().delete()
        people = [PersonFactory(home_org=world.c1) for _ in range(n)]
        for person in people:
            MembershipFactory(term=world.term1, person=person)
        courses = [
            _course(world, dt.date(2026, 1, 1) + dt.timedelta(days=i), title=f"Lớp {i}") for i in range(n)
        ]
        services.add_attendees(courses[0], people)
        client = client_for(world.btc)
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(_url("course_list")).context["page"]) == n
        with CaptureQueriesContext(connection) as detail:
            assert len(client.get(courses[0].get_absolute_url()).context["attendance"]) == n
        counts.append((len(ctx.captured_queries), len(detail.captured_queries)))
        for person in people:
            person.committee_seats.all().delete()
    assert counts[0] == counts[1], counts
