"""Recognition of exemplary secretaries (R37): nominations, each nominee shown with their committee's
meeting indicators for the year (computed in the database), and the decision of those who direct."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.meetings.models import Indicators, Meeting, MeetingStatus
from nghiquyet.orgs.models import Person, Position
from nghiquyet.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory
from nghiquyet.oversight import services
from nghiquyet.oversight.models import Decision, Nomination

from .conftest import status_of
from .test_guidance import _more_orgs

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"oversight:{name}", args=args)


def _meeting(org, day, status, **indicators):
    meeting = Meeting.objects.create(org=org, title=f"Hội nghị {day:%m/%Y}", date=day, status=status)
    Indicators.objects.create(meeting=meeting, **indicators)
    return meeting


@pytest.fixture
def g1_meetings(world):
    _meeting(
        world.g1,
        dt.date(2026, 3, 4),
        MeetingStatus.HELD,
        attendance_pct=Decimal("90.0"),
        notice_lead_days=3,
        on_regulation_day=True,
        dissent_recorded=True,
        last_month_reviewed=True,
    )
    _meeting(
        world.g1,
        dt.date(2026, 4, 4),
        MeetingStatus.SIGNED,
        attendance_pct=Decimal("80.0"),
        notice_lead_days=1,
        on_regulation_day=False,
        dissent_recorded=False,
        last_month_reviewed=True,
    )
    # Not counted: a meeting not held, and one of another year.
    _meeting(
        world.g1,
        dt.date(2026, 5, 4),
        MeetingStatus.PLANNED,
        attendance_pct=Decimal("10.0"),
        notice_lead_days=9,
    )
    _meeting(
        world.g1,
        dt.date(2025, 12, 4),
        MeetingStatus.HELD,
        attendance_pct=Decimal("10.0"),
        notice_lead_days=9,
        on_regulation_day=True,
        dissent_recorded=True,
        last_month_reviewed=True,
    )


def _nominate(world, person, nominated_by=None, year=2026):
    return services.nominate(
        person,
        year=year,
        reason="Lãnh đạo đơn vị hoàn thành xuất sắc nhiệm vụ.",
        nominated_by=nominated_by or world.bloc,
        day=dt.date(2026, 11, 1),
    )


def test_r37_nominees_are_shown_with_their_committees_indicators(world, g1_meetings, client_for):
    client = client_for(world.btc)
    response = client.post(
        _url("nomination_create"),
        {
            "nominated_by": world.bloc.pk,
            "person": world.people.secretary.pk,
            "year": 2026,
            "reason": "Xuất sắc",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.person, nomination.org, nomination.nominated_by) == (
        world.people.secretary,
        world.g1,
        world.bloc,
    )
    row = client.get(_url("nomination_list"), {"year": 2026}).context["rows"][0]
    assert row.meetings_held == 2
    assert row.attendance_pct == pytest.approx(85.0)
    assert row.notice_lead == pytest.approx(2.0)
    assert (row.on_day, row.with_dissent, row.reviewed) == (1, 1, 2)


def test_r37_only_secretaries_are_nominated_once_a_year(world, in_english):
    with pytest.raises(Exception, match="secretary"):
        _nominate(world, world.people.committee_member)
    _nominate(world, world.people.secretary)
    with pytest.raises(Exception, match="already"):
        _nominate(world, world.people.secretary)


def test_r37_leaders_nominate_their_own_secretary_but_not_themselves(world, client_for):
    deputy = PersonFactory(full_name="Đỗ Thị Phó", home_org=world.c1, user=UserFactory(username="pbt"))
    MembershipFactory(term=world.term1, person=deputy, position=Position.DEPUTY_SECRETARY)
    data = {"nominated_by": world.g1.pk, "person": world.people.secretary.pk, "year": 2026, "reason": "Tốt"}
    assert client_for(world.secretary).post(_url("nomination_create"), data).status_code == 200
    assert not Nomination.objects.exists()
    assert client_for(deputy.user).post(_url("nomination_create"), data).status_code == 302
    assert Nomination.objects.get().nominated_by == world.g1
    # A leader of G1 nominates nobody of G2.
    data["person"] = world.people.outsider.pk
    assert client_for(deputy.user).post(_url("nomination_create"), data).status_code == 200


def test_r37_those_who_direct_decide(world, client_for):
    nomination = _nominate(world, world.people.secretary)
    assert (
        client_for(world.secretary)
        .post(_url("nomination_decide", nomination.pk), {"decision": "approved"})
        .status_code
        == 404
    )
    assert (
        client_for(world.ubkt)
        .post(_url("nomination_decide", nomination.pk), {"decision": "approved"})
        .status_code
        == 404
    )
    client_for(world.btc).post(
        _url("nomination_decide", nomination.pk), {"decision": "approved", "note": "Biểu dương"}
    )
    nomination.refresh_from_db()
    assert nomination.decision == Decision.APPROVED and nomination.decided_by == world.people.btc
    assert nomination.decided_at is not None and nomination.decision_note == "Biểu dương"


def test_r37_each_leader_sees_only_their_organization(world, client_for):
    _nominate(world, world.people.secretary)
    _nominate(world, world.people.outsider)

    def names(user):
        return [
            n.person.full_name
            for n in client_for(user).get(_url("nomination_list"), {"year": 2026}).context["rows"]
        ]

    assert names(world.btc) == ["Nguyễn Văn Bình", "Lê Thị Mai"]
    assert names(world.secretary) == ["Nguyễn Văn Bình"]
    assert names(world.outsider) == ["Lê Thị Mai"]


@pytest.mark.parametrize("persona", ["member", "committee_member"])
def test_r37_plain_members_get_404(world, client_for, persona):
    nomination = _nominate(world, world.people.secretary)
    client = client_for(getattr(world, persona))
    for method, url, data in [
        ("get", _url("nomination_list"), {}),
        ("get", _url("nomination_create"), {}),
        ("post", _url("nomination_decide", nomination.pk), {"decision": "approved"}),
    ]:
        assert status_of(client, method, url, data) == 404, (method, url)


def test_r37_list_queries_do_not_grow(world, client_for):
    counts = []
    for n in (3, 30):
        done = 0 if not counts else 3
        _more_orgs(world, n - done, start=done)
        Nomination.objects.all().delete()
        secretaries = Person.objects.filter(user__username__startswith="bt0")
        for person in secretaries:
            _nominate(world, person)
            _meeting(
                Nomination.objects.get(person=person).org,
                dt.date(2026, 6, 1),
                MeetingStatus.HELD,
                attendance_pct=Decimal("75.0"),
            )
        client = client_for(world.btc)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url("nomination_list"), {"year": 2026})
        assert len(response.context["rows"]) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
