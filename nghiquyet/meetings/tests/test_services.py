"""Core rules of the meeting cycle, at the service level (R04, R07, R13, R14)."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from nghiquyet.lib.errors import ImmutableError
from nghiquyet.meetings import services
from nghiquyet.meetings.calendar import next_working_day
from nghiquyet.meetings.models import AttendanceStatus, DayRule, MeetingKind, is_adopted

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_r04_next_working_day_skips_tet_2026_and_reunification_day():
    # Tết Bính Ngọ: 17 February 2026; the official break runs from 14 to 22 February (weekend included).
    assert next_working_day(dt.date(2026, 2, 17)) == dt.date(2026, 2, 23)
    # 30/4 (Thursday) and 1/5 (Friday) 2026 are holidays; then a weekend.
    assert next_working_day(dt.date(2026, 4, 30)) == dt.date(2026, 5, 4)
    assert next_working_day(dt.date(2026, 3, 5)) == dt.date(2026, 3, 5)


def test_r04_generate_year_moves_meetings_off_holidays(world, committee):
    meetings = services.generate_year(world.g1, 2026)
    by_month = {m.nominal_date.month: m for m in meetings}
    assert len(meetings) == 12
    assert all(m.kind == MeetingKind.REGULAR and m.regulation == committee.regulation for m in meetings)
    # 4 Feb 2026 is a Wednesday before Tết: kept; 4 Apr 2026 is a Saturday: moved to Monday 6 Apr.
    assert by_month[2].date == dt.date(2026, 2, 4)
    assert by_month[4].date == dt.date(2026, 4, 6)
    # Generating again creates nothing new.
    assert services.generate_year(world.g1, 2026) == []


def test_r04_first_monday_rule_and_new_regulation_applies_from_its_date(world, committee):
    services.set_regulation(world.g1, dt.date(2026, 7, 1), day_rule=DayRule.NTH_WEEKDAY, weekday=0, week=1)
    meetings = {m.nominal_date.month: m for m in services.generate_year(world.g1, 2026)}
    assert meetings[6].nominal_date == dt.date(2026, 6, 4)
    assert meetings[7].nominal_date == dt.date(2026, 7, 6)  # first Monday of July 2026
    assert meetings[7].regulation.describe() == "thứ Hai đầu tiên của tháng"
    # 7 September 2026 is the first Monday, but 2 September (National Day) is not involved: unchanged.
    assert meetings[9].date == dt.date(2026, 9, 7)


def test_r14_adoption_needs_more_than_half_of_all_members():
    assert is_adopted(5, 9)
    assert not is_adopted(4, 9)
    assert not is_adopted(3, 6)
    assert is_adopted(4, 6)
    assert not is_adopted(0, 0)


def _attend(meeting, committee, absent=()):
    rows = {
        p.pk: (
            (AttendanceStatus.ABSENT_EXCUSED, "Đi công tác")
            if p in absent
            else (AttendanceStatus.PRESENT, "")
        )
        for p in committee.members
    }
    return services.record_attendance(
        meeting, rows, chair=committee.members[0], recorder=committee.members[2]
    )


@pytest.mark.usefixtures("meeting_day")  # recorded on the meeting's day (R45)
def test_r14_five_of_nine_adopts(meeting, committee):
    _attend(meeting, committee)
    vote = services.record_vote(
        meeting, subject="Nghị quyết tháng 12", votes_for=5, votes_against=3, votes_abstain=1
    )
    assert vote.members_total == 9
    assert vote.adopted


@pytest.mark.usefixtures("meeting_day")  # recorded on the meeting's day (R45)
def test_r14_four_for_none_against_five_absent_is_not_adopted(meeting, committee):
    quorum = _attend(meeting, committee, absent=committee.members[4:])
    assert (quorum.present, quorum.needed, quorum.reached) == (4, 6, False)
    vote = services.record_vote(
        meeting, subject="Nghị quyết tháng 12", votes_for=4, votes_against=0, votes_abstain=0
    )
    assert not vote.adopted


@pytest.mark.usefixtures("meeting_day")  # recorded on the meeting's day (R45)
def test_r14_more_votes_than_present_is_refused(meeting, committee):
    _attend(meeting, committee, absent=committee.members[4:])
    with pytest.raises(ValidationError):
        services.record_vote(meeting, subject="x", votes_for=5, votes_against=0, votes_abstain=0)


@pytest.mark.usefixtures("meeting_day")  # recorded on the meeting's day (R45)
def test_r13_absence_with_reason_requires_the_reason(meeting, committee):
    rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in committee.members}
    rows[committee.members[3].pk] = (AttendanceStatus.ABSENT_EXCUSED, "  ")
    with pytest.raises(ValidationError) as error:
        services.record_attendance(meeting, rows)
    assert f"reason_{committee.members[3].pk}" in error.value.message_dict


def test_r07_late_notice_is_flagged(meeting, committee):
    notices = services.send_notice(meeting, now=dt.datetime(2026, 12, 2, 9, 0, tzinfo=HCM))
    assert len(notices) == 9
    assert all(n.late and n.lead_days == 2 for n in notices)


def test_r07_notice_in_time_is_not_late_and_not_sent_twice(meeting, committee):
    notices = services.send_notice(meeting, now=dt.datetime(2026, 11, 30, 9, 0, tzinfo=HCM))
    assert {n.late for n in notices} == {False}
    assert services.send_notice(meeting, now=dt.datetime(2026, 12, 1, 9, 0, tzinfo=HCM)) == []


@pytest.mark.usefixtures("meeting_day")  # recorded on the meeting's day (R45)
def test_r14_signed_minutes_lock_the_record(meeting, committee):
    _attend(meeting, committee)
    services.record_vote(
        meeting, subject="Nghị quyết tháng 12", votes_for=9, votes_against=0, votes_abstain=0
    )
    services.sign_minutes(meeting, committee.members[0])
    minutes = services.sign_minutes(meeting, committee.members[2])
    meeting.refresh_from_db()
    assert meeting.is_locked and minutes.status == "signed" and len(minutes.sha256) == 64
    assert "tán thành 9" in minutes.text
    with pytest.raises(ImmutableError):
        minutes.text = "sửa lén"
        minutes.save()
    with pytest.raises(ImmutableError):
        meeting.title = "khác"
        meeting.save()
    attendance = meeting.attendance.first()
    with pytest.raises(ImmutableError):
        attendance.reason = "khác"
        attendance.save()
    with pytest.raises(ImmutableError):
        services.record_section(meeting, "conclusion", "Kết luận mới")
