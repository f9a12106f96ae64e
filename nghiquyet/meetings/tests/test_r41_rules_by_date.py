"""R41: rules in force by date. Who counts among "all the members" for the quorum and the vote is a
versioned rule (meetings/charter.py); each meeting is judged by the version in force on its date, the vote
keeps the version applied, and the meeting page, the record page and the minutes name it.

The committee is G1's nine (meetings/tests/conftest.py), its term moved back to 2021 so that it sits in
December 2024 as in November 2026; both meetings are in the past of the suite's pinned day.
"""

import dataclasses
import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from nghiquyet.meetings import charter, services
from nghiquyet.meetings.models import AttendanceStatus, Meeting, MeetingKind, Vote
from nghiquyet.meetings.texts import render_minutes
from nghiquyet.orgs.models import CommitteeMembership, Term

pytestmark = pytest.mark.django_db

DAY_2024 = dt.date(2024, 12, 4)
DAY_2026 = dt.date(2026, 11, 4)


@pytest.fixture
def sitting_since_2021(world, committee):
    Term.objects.filter(pk=world.term1.pk).update(start_date=dt.date(2021, 1, 1))
    CommitteeMembership.objects.filter(term=world.term1).update(start_date=dt.date(2021, 1, 1))
    return committee


def _meeting(world, day: dt.date) -> Meeting:
    return Meeting.objects.create(
        org=world.g1,
        kind=MeetingKind.REGULAR,
        title=f"Hội nghị cấp ủy {day:%m/%Y}",
        date=day,
        place="Phòng họp",
    )


def _same_attendance(meeting, committee):
    """Nine in office: one working elsewhere, one exempt and absent, one suspended, six present."""
    members = committee.members
    rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in members}
    rows[members[6].pk] = (AttendanceStatus.WORKING_ELSEWHERE, "Biệt phái sang Sở Tài chính")
    rows[members[7].pk] = (AttendanceStatus.EXEMPT, "")
    rows[members[8].pk] = (AttendanceStatus.SUSPENDED, "")
    return services.record_attendance(meeting, rows, chair=members[0], recorder=members[2])


def _vote(meeting, votes_for=4):
    return services.record_vote(
        meeting, subject="Nghị quyết", votes_for=votes_for, votes_against=2, votes_abstain=0
    )


def test_r41_the_version_in_force_is_taken_by_date():
    assert charter.adoption_rule_on(DAY_2024) is charter.QD24_2021
    assert charter.adoption_rule_on(DAY_2026) is charter.QD294_2025
    assert charter.adoption_rule_on(dt.date(2025, 6, 30)) is charter.QD24_2021
    assert charter.adoption_rule_on(dt.date(2025, 7, 1)) is charter.QD294_2025
    assert charter.adoption_rule_on(dt.date(2021, 7, 29)) is charter.CHARTER_ONLY
    assert all(r.name and r.clause for r in charter.ADOPTION_RULES)
    assert len({r.key for r in charter.ADOPTION_RULES}) == len(charter.ADOPTION_RULES)


def test_r41_attendance_reasons_take_members_out_of_the_count(world, sitting_since_2021):
    meeting = _meeting(world, DAY_2024)
    q = _same_attendance(meeting, sitting_since_2021)
    assert (q.members, q.excluded, q.present, q.rule) == (6, 3, 6, charter.QD24_2021)
    vote = _vote(meeting)
    # 4 of the 6 counted: adopted. Counting all nine in office (the Charter alone) 4 would not be.
    assert (vote.members_total, vote.members_excluded, vote.rule_key, vote.adopted) == (
        6,
        3,
        "qd24-2021",
        True,
    )
    assert not charter.CHARTER_ONLY.counted(9, ["exempt"])[1]


def test_r41_exempt_member_who_attends_counts(world, sitting_since_2021):
    meeting = _meeting(world, DAY_2024)
    rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in sitting_since_2021.members}
    q = services.record_attendance(meeting, rows)  # the exempt member came: recorded present, counted
    assert (q.members, q.excluded) == (9, 0)


def test_r41_votes_of_2024_and_2026_are_judged_by_their_own_versions(world, sitting_since_2021, client_for):
    old, new = _meeting(world, DAY_2024), _meeting(world, DAY_2026)
    for meeting in (old, new):
        _same_attendance(meeting, sitting_since_2021)
        _vote(meeting)
    assert Vote.objects.get(meeting=old).rule_key == "qd24-2021"
    assert Vote.objects.get(meeting=new).rule_key == "qd294-2025"

    client = client_for(world.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        for meeting, rule, other in (
            (old, charter.QD24_2021, charter.QD294_2025),
            (new, charter.QD294_2025, charter.QD24_2021),
        ):
            for name in ("meeting", "record"):
                page = client.get(reverse(f"meetings:{name}", args=[meeting.pk])).content.decode()
                assert f'data-rule="{rule.key}"' in page and rule.name in page, name
                assert other.name not in page, name
            assert rule.citation in render_minutes(meeting)
        record = client.get(reverse("meetings:record", args=[new.pk])).content.decode()
        assert "3 members not counted" in record
        assert "not verified" in record  # QĐ 294's clause is carried over, and the page says so


def test_r41_a_later_version_changes_the_denominator_not_the_recorded_vote(
    world, sitting_since_2021, monkeypatch
):
    """Same attendance under QĐ 294 read literally as quoted (point 9.3.2 names only members working
    elsewhere and exempt members who are absent; docs/rules.md): the suspended member counts again, so the
    denominator of a 2026 vote is 7 where the 2024 vote's was 6; the vote recorded in 2024 keeps its
    version and count."""
    old = _meeting(world, DAY_2024)
    _same_attendance(old, sitting_since_2021)
    _vote(old)
    literal = dataclasses.replace(
        charter.QD294_2025,
        key="test-qd294-literal",
        excluded=frozenset({AttendanceStatus.WORKING_ELSEWHERE, AttendanceStatus.EXEMPT}),
    )
    monkeypatch.setattr(charter, "ADOPTION_RULES", [charter.CHARTER_ONLY, charter.QD24_2021, literal])
    new = _meeting(world, DAY_2026)
    _same_attendance(new, sitting_since_2021)
    vote = _vote(new)
    assert (vote.members_total, vote.members_excluded, vote.rule_key) == (7, 2, "test-qd294-literal")
    old_vote = Vote.objects.get(meeting=old)
    assert (old_vote.members_total, old_vote.members_excluded, old_vote.rule_key) == (6, 3, "qd24-2021")
    assert charter.QD24_2021.citation in render_minutes(old)


def test_r41_minutes_list_the_reasons_and_quality_does_not_count_them_unexcused(world, sitting_since_2021):
    from nghiquyet.resolutions.quality_data import meetings_data

    meeting = _meeting(world, DAY_2024)
    _same_attendance(meeting, sitting_since_2021)
    _vote(meeting)
    text = render_minutes(meeting)
    members = sitting_since_2021.members
    assert f"Đồng chí {members[7].full_name}: được miễn công tác và sinh hoạt đảng" in text
    assert f"Đồng chí {members[8].full_name}: bị đình chỉ sinh hoạt" in text
    assert "Có mặt: 6/6 đồng chí cấp ủy viên." in text
    assert "(không tính 3 đồng chí)" in text
    (data,) = meetings_data([meeting])
    assert not data.absent_without_reason and len(data.absent_with_reason) == 3


def test_r41_pages_have_a_bounded_number_of_queries(
    world, sitting_since_2021, client_for, django_assert_max_num_queries
):
    meeting = _meeting(world, DAY_2024)
    _same_attendance(meeting, sitting_since_2021)
    _vote(meeting)
    client = client_for(world.secretary)
    client.get(reverse("web:home"))  # warm up the session and caches
    with django_assert_max_num_queries(24):
        assert client.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 200
    with django_assert_max_num_queries(19):
        assert client.get(reverse("meetings:record", args=[meeting.pk])).status_code == 200


def test_r41_record_page_queries_do_not_grow_with_the_reasons(world, sitting_since_2021, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.secretary)
    counts = []
    for day, excluded in ((DAY_2024, False), (dt.date(2024, 11, 4), True)):
        meeting = _meeting(world, day)
        if excluded:
            _same_attendance(meeting, sitting_since_2021)
        else:
            services.record_attendance(meeting, {p.pk: ("present", "") for p in sitting_since_2021.members})
        _vote(meeting)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("meetings:record", args=[meeting.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_r41_the_attendance_page_records_the_reasons(world, sitting_since_2021, client_for):
    meeting = _meeting(world, DAY_2024)
    members = sitting_since_2021.members
    data = {"chair": str(members[0].pk), "recorder": str(members[2].pk)}
    for person in members:
        data[f"status_{person.pk}"] = AttendanceStatus.PRESENT
        data[f"reason_{person.pk}"] = ""
    data[f"status_{members[8].pk}"] = AttendanceStatus.SUSPENDED
    client = client_for(world.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        page = client.get(reverse("meetings:record", args=[meeting.pk])).content.decode()
        assert "Absent: suspended or in custody" in page  # offered on the roll
        response = client.post(reverse("meetings:attendance", args=[meeting.pk]), data, follow=True)
    assert response.status_code == 200
    assert meeting.attendance.get(person=members[8]).status == AttendanceStatus.SUSPENDED
    assert "Present 8 / total 8, needed 6" in response.content.decode()
