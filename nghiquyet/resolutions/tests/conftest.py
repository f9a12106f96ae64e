"""Resolution fixtures: G1's December meeting held and voted (8 of 9 for), and a draft resolution with two
complete items for it (assignee and supervisor from G1's committee of nine).

A meeting's outcome is recorded on or after its day (R45): `adopted_meeting` (and so `draft`) runs the test
the day after the meeting, Saturday 5 December 2026 at 10:00 (`day_after_meeting`), the day the tests issue
its resolution on."""

import datetime as dt

import pytest

from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import AttendanceStatus, Meeting
from nghiquyet.meetings.tests.conftest import (  # noqa: F401  (fixtures)
    committee,
    day_after_meeting,
    meeting,
    meeting_day,
)
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import DeadlineKind, ResolutionKind


@pytest.fixture
def adopted_meeting(meeting, committee, day_after_meeting):  # noqa: F811
    rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in committee.members}
    meeting_services.record_attendance(
        meeting, rows, chair=committee.members[0], recorder=committee.members[2]
    )
    meeting_services.record_vote(
        meeting, subject="Nghị quyết tháng 12/2026", votes_for=8, votes_against=0, votes_abstain=1
    )
    return meeting


def another_meeting(model, label, *, committee=None):  # noqa: F811  (a parameter, not the fixture)
    """A further meeting like `model` (a meeting has one draft, R07 #16.7, so each draft has its own);
    attended and voted like `adopted_meeting` when `committee` is given."""
    other = Meeting.objects.create(
        org=model.org,
        kind=model.kind,
        title=f"{model.title} ({label})",
        date=model.date,
        nominal_date=model.nominal_date,
        regulation=model.regulation,
        place=model.place,
        start_time=model.start_time,
    )
    members = committee.members if committee is not None else None
    if members:
        rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in members}
        meeting_services.record_attendance(other, rows, chair=members[0], recorder=members[2])
        meeting_services.record_vote(
            other, subject=other.title, votes_for=8, votes_against=0, votes_abstain=1
        )
    return other


@pytest.fixture
def draft(world, committee, adopted_meeting):  # noqa: F811
    resolution = services.create_draft(
        world.g1,
        title="Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026",
        kind=ResolutionKind.REGULAR,
        meeting=adopted_meeting,
        assessment="Tháng 11, Đảng bộ đã lãnh đạo hoàn thành cơ bản các nhiệm vụ đề ra.",
        objectives="Hoàn thành chỉ tiêu năm 2026.",
        implementation="Các đồng chí cấp ủy viên theo nhiệm vụ được phân công tổ chức thực hiện.",
    )
    services.save_item(
        resolution,
        content="Tổng kết công tác chuyên môn năm 2026",
        requirement="Đánh giá đúng kết quả, chỉ rõ tồn tại",
        measures="Các phòng gửi báo cáo trước ngày 20/12",
        deadline_kind=DeadlineKind.DATE,
        deadline=dt.date(2026, 12, 25),
        assignee=committee.members[1],
        supervisor=committee.members[0],
    )
    services.save_item(
        resolution,
        content="Kiểm điểm, đánh giá, xếp loại đảng viên năm 2026",
        requirement="Đúng hướng dẫn của cấp trên",
        measures="Chi bộ tổ chức kiểm điểm, cấp ủy thẩm định",
        deadline_kind=DeadlineKind.MONTH,
        assignee=committee.members[2],
        supervisor=committee.members[1],
    )
    return resolution
