"""The quality checks where people work (R08, R11, R13, R16-R18): the quality panel of the resolution page
and the meeting quality panel of the meeting review page.

Personas: the secretary of G1 drafts and runs the meetings; the outsider (G2's secretary) gets 404.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import AttendanceStatus, Meeting, MeetingKind, Stance
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import DeadlineKind

from .test_review import NOV_4, held_meeting

pytestmark = pytest.mark.django_db

OCT_5 = dt.date(2026, 10, 5)

ASSESSMENT = (
    "Trong tháng, cấp ủy đã lãnh đạo cơ quan hoàn thành tốt nhiệm vụ chính trị, duy trì nền nếp sinh hoạt "
    "chi bộ, làm tốt công tác tư tưởng, không để xảy ra vi phạm kỷ luật; tuy nhiên việc cập nhật phần mềm "
    "quản lý đảng viên còn chậm, một số đảng viên chưa nộp bản thu hoạch học tập nghị quyết đúng hạn."
)
OBJECTIVES = (
    "Tập trung lãnh đạo hoàn thành các chỉ tiêu chuyên môn của cơ quan, nâng cao chất lượng sinh hoạt chi "
    "bộ, thực hiện nghiêm quy chế làm việc của cấp ủy và giữ vững đoàn kết nội bộ trong toàn đảng bộ."
)
IMPLEMENTATION = (
    "Các đồng chí cấp ủy viên theo nhiệm vụ được phân công chủ động xây dựng kế hoạch, tổ chức triển khai "
    "thực hiện nghị quyết và báo cáo kết quả với cấp ủy tại hội nghị thường kỳ tháng sau."
)
ITEMS = [
    (
        "Tổ chức học tập, quán triệt nghị quyết của Đảng ủy Khối cho toàn thể cán bộ, đảng viên trong cơ quan",
        "100% đảng viên tham gia học tập và nộp bản thu hoạch đúng thời hạn quy định",
        "Chi bộ bố trí thời gian học tập ngoài giờ hành chính, văn phòng chuẩn bị tài liệu đầy đủ",
    ),
    (
        "Rà soát, cập nhật hồ sơ đảng viên trên phần mềm quản lý đảng viên của Đảng bộ Khối",
        "Hoàn thành cập nhật 100% hồ sơ đảng viên trước ngày 25 hằng tháng",
        "Văn phòng cấp ủy phân công cán bộ chuyên trách, đối chiếu với hồ sơ giấy lưu trữ",
    ),
]


@pytest.fixture(autouse=True)
def english(client, settings):
    # English is the source language: assertions do not depend on the Vietnamese catalogue.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _resolution(world, committee, meeting, title, items=ITEMS, **fields):
    resolution = services.create_draft(
        world.g1,
        title=title,
        meeting=meeting,
        assessment=fields.pop("assessment", ASSESSMENT),
        objectives=fields.pop("objectives", OBJECTIVES),
        implementation=fields.pop("implementation", IMPLEMENTATION),
        **fields,
    )
    for i, (content, requirement, measures) in enumerate(items):
        services.save_item(
            resolution,
            content=content,
            requirement=requirement,
            measures=measures,
            deadline_kind=DeadlineKind.MONTH,
            assignee=committee.members[1 + i % 8],
            supervisor=committee.members[0],
        )
    return resolution


def _last_month(world, committee, day=NOV_4):
    """Last month's issued resolution, whose text the December draft copies."""
    november = held_meeting(world, committee, day)
    resolution = _resolution(world, committee, november, f"Nghị quyết tháng {day.month}/{day.year}")
    return services.issue(resolution, signer=committee.members[0], on=day + dt.timedelta(days=1))


def _section(html: str, element_id: str) -> str:
    match = re.search(rf'<(\w+)[^>]*id="{element_id}".*?</\1>', html, re.S)
    return match.group(0) if match else ""


# ---------------------------------------------------------------- the resolution page (R08, R16-R18)


def test_r17_draft_copying_last_months_resolution_shows_the_warning_and_marked_passages(
    world, committee, adopted_meeting, client_for
):
    november = _last_month(world, committee)
    draft = _resolution(world, committee, adopted_meeting, "Nghị quyết tháng 12/2026")
    response = client_for(world.secretary).get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="quality"' in html
    assert 'id="near-copy-warning"' in html
    similar = _section(html, "quality-similar")
    assert november.get_absolute_url() in similar
    assert november.number_display in similar
    assert "near copy" in similar
    assert re.search(r"\d+%", similar)
    breakdown = _section(html, "quality-breakdown")
    assert "nq-deduction-near_copy_previous" in breakdown
    assert "Nearly the same as an earlier resolution of the committee." in breakdown
    score = int(re.search(r'id="quality-score"[^>]*>(\d+)<', html).group(1))
    assert 0 <= score <= 75
    # The repeated passages are marked, escaped, in the draft's sections and items.
    passages = _section(html, "quality-passages")
    assert '<mark class="nq-repeated">' in passages
    assert "Item 1, content" in passages
    assert "resolutions/resolutions.css" in html  # the style sheet that colours the marks
    # The copied sentences stand next to their source, with the source's item (#21).
    copied = _section(html, "quality-copied-1")
    assert f"What repeats {november.number_display}" in copied
    assert "Item 2:</span> Rà soát, cập nhật hồ sơ đảng viên" in copied


REWORDED_ITEMS = [
    (  # last month's second item, reworded with synonyms and put first
        "Kiểm tra, cập nhật hồ sơ đảng viên lên phần mềm quản lý đảng viên của Đảng bộ Khối",
        "Thực hiện xong việc cập nhật toàn bộ hồ sơ đảng viên chậm nhất ngày 25 hằng tháng",
        "Văn phòng cấp ủy bố trí cán bộ chuyên trách, đối chiếu với hồ sơ giấy đang lưu trữ",
    ),
    (
        "Tổ chức quán triệt, học tập nghị quyết của Đảng ủy Khối cho toàn bộ cán bộ, đảng viên cơ quan",
        "Toàn bộ đảng viên tham dự học tập, nộp bản thu hoạch đúng hạn quy định",
        "Chi bộ bố trí thời gian học ngoài giờ hành chính; văn phòng chuẩn bị đầy đủ tài liệu",
    ),
]


def test_21_reworded_and_reordered_copy_shows_each_task_beside_its_source_item(
    world, committee, adopted_meeting, client_for
):
    november = _last_month(world, committee)
    draft = _resolution(
        world,
        committee,
        adopted_meeting,
        "Nghị quyết tháng 12/2026",
        items=REWORDED_ITEMS,
        assessment="Tháng 11, chi bộ đã kết nạp 01 đảng viên mới và tổ chức hội nghị cán bộ, công chức.",
    )
    html = client_for(world.secretary).get(draft.get_absolute_url()).content.decode()
    assert 'id="near-copy-warning"' in html
    copied = _section(html, "quality-copied-1")
    assert november.number_display in copied
    # The draft's first item is last month's second.
    first = re.search(r"Item 1:</span> Kiểm tra, cập nhật hồ sơ.*?</td>\s*<td>(.*?)</td>", copied, re.S)
    assert first and "Item 2:</span> Rà soát, cập nhật hồ sơ" in first.group(1)


def test_r17_an_honest_draft_has_no_warning_and_no_marks(world, committee, adopted_meeting, client_for):
    _last_month(world, committee)
    draft = _resolution(
        world,
        committee,
        adopted_meeting,
        "Nghị quyết tháng 12/2026",
        items=[
            (
                "Tổng kết công tác chuyên môn năm 2026, xây dựng phương hướng nhiệm vụ năm 2027",
                "Đánh giá đúng kết quả, chỉ rõ 3 hạn chế lớn nhất và nguyên nhân",
                "Các phòng gửi báo cáo trước ngày 20/12 cho văn phòng tổng hợp",
            )
        ],
        assessment="Tháng 11 cơ quan đã tổ chức thành công hội nghị cán bộ, công chức và đón đoàn kiểm tra.",
        objectives="Kết thúc năm 2026 với toàn bộ chỉ tiêu đạt và vượt kế hoạch.",
        implementation="Văn phòng theo dõi, đôn đốc và báo cáo cấp ủy vào ngày 30/12.",
    )
    html = client_for(world.secretary).get(draft.get_absolute_url()).content.decode()
    assert 'id="quality"' in html
    assert 'id="near-copy-warning"' not in html
    assert '<mark class="nq-repeated">' not in html


def test_r18_draft_copying_last_months_resolution_after_issue_keeps_the_score_without_passages(
    world, committee, adopted_meeting, client_for
):
    _last_month(world, committee)
    draft = _resolution(world, committee, adopted_meeting, "Nghị quyết tháng 12/2026")
    services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 5))
    html = client_for(world.secretary).get(draft.get_absolute_url()).content.decode()
    assert 'id="near-copy-warning"' in html
    assert 'id="quality-passages"' not in html


def test_r16_item_without_a_measurable_target_shows_the_vague_item_findings(
    world, committee, adopted_meeting, client_for
):
    draft = _resolution(
        world,
        committee,
        adopted_meeting,
        "Nghị quyết tháng 12/2026",
        items=[
            (
                "Tổ chức học tập nghị quyết cho đảng viên",
                "Nghiêm túc, đúng hướng dẫn",
                "Chi bộ triển khai theo kế hoạch",
            ),
            (
                "Tăng cường công tác giáo dục chính trị tư tưởng",
                "Nâng cao nhận thức của đảng viên",
                "Chú trọng đẩy mạnh tuyên truyền",
            ),
        ],
    )
    html = client_for(world.secretary).get(draft.get_absolute_url()).content.decode()
    findings = _section(html, "quality-findings")
    assert "nq-finding-no_measurable_target" in findings
    assert "Item 1 has no measurable target" in findings
    assert "nq-finding-vague_item" in findings
    assert "Item 2 is vague" in findings
    breakdown = _section(html, "quality-breakdown")
    assert "nq-deduction-vague_item" in breakdown and "nq-deduction-no_measurable_target" in breakdown


def test_r15_r16_missing_fields_are_findings(world, committee, adopted_meeting, client_for):
    draft = services.create_draft(world.g1, title="Nghị quyết tháng 12/2026", meeting=adopted_meeting)
    services.save_item(draft, content="Tổ chức hội nghị tổng kết năm 2026", deadline_kind=DeadlineKind.MONTH)
    html = client_for(world.secretary).get(draft.get_absolute_url()).content.decode()
    findings = _section(html, "quality-findings")
    assert "nq-finding-item_missing_field" in findings
    assert "Item 1 has no requirement." in findings


def test_r08_too_many_items_is_a_finding(world, committee, adopted_meeting, client_for):
    items = [
        (f"Tổ chức hoạt động số {n} của tháng", f"Hoàn thành {n} việc", "Phân công cụ thể")
        for n in range(1, 12)
    ]
    draft = _resolution(world, committee, adopted_meeting, "Nghị quyết tháng 12/2026", items=items)
    html = client_for(world.secretary).get(draft.get_absolute_url()).content.decode()
    assert "nq-finding-too_many_items" in _section(html, "quality-findings")


def test_r17_detail_queries_do_not_grow_with_earlier_resolutions(
    world, committee, adopted_meeting, client_for
):
    client = client_for(world.secretary)
    client.get(reverse("web:home"))
    draft = _resolution(world, committee, adopted_meeting, "Nghị quyết tháng 12/2026")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(draft.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    _last_month(world, committee, NOV_4)
    few = count()
    for month in (7, 8, 9, 10):
        _last_month(world, committee, dt.date(2026, month, 4))
    assert count() == few


def test_r16_outsider_gets_404_on_the_resolution_page(world, draft, client_for):
    assert client_for(world.outsider).get(draft.get_absolute_url()).status_code == 404


# ---------------------------------------------------------------- the meeting review page (R08, R11, R13)


def _review(client, meeting) -> str:
    response = client.get(reverse("resolutions:meeting_review", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_r11_meeting_adopted_with_no_opinion_shows_adopted_without_discussion(
    world, adopted_meeting, client_for
):
    html = _review(client_for(world.secretary), adopted_meeting)
    panel = _section(html, "meeting-quality")
    assert "Meeting quality" in panel
    findings = _section(html, "meeting-quality-findings")
    assert "nq-finding-adopted_without_discussion" in findings
    assert "no discussion took place" in findings
    assert "nq-deduction-adopted_without_discussion" in _section(html, "meeting-quality-breakdown")
    score = int(re.search(r'id="meeting-quality-score"[^>]*>(\d+)<', html).group(1))
    assert score <= 70


@pytest.mark.usefixtures("meeting_day")  # the December meeting is held: on its day (R45)
def test_r11_member_silent_for_three_meetings_appears(world, committee, client_for):
    secretary, silent = committee.members[0], committee.members[1]
    meetings = [held_meeting(world, committee, day) for day in (OCT_5, NOV_4, dt.date(2026, 12, 4))]
    for meeting in meetings:
        # Every member but the silent one speaks: the meeting itself was discussed.
        for person in committee.members:
            if person != silent:
                meeting_services.add_opinion(meeting, author=person, stance=Stance.AGREE, text="Nhất trí.")
    html = _review(client_for(world.secretary), meetings[-1])
    findings = _section(html, "meeting-quality-findings")
    assert "nq-finding-silent_member" in findings
    assert f"{silent.full_name} has given no opinion at 3 meetings in a row." in findings
    assert secretary.full_name not in findings
    assert "nq-finding-adopted_without_discussion" not in findings


def test_r13_repeated_absences_and_late_notice_appear(world, committee, client_for):
    absent = committee.members[3]
    meetings = []
    for day in (dt.date(2026, 9, 4), OCT_5, NOV_4):
        meeting = Meeting.objects.create(
            org=world.g1,
            kind=MeetingKind.REGULAR,
            title=f"Hội nghị tháng {day.month}",
            date=day,
            nominal_date=day,
            regulation=committee.regulation,
        )
        if day == NOV_4:
            meeting_services.send_notice(meeting, now=dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC))
        rows = {
            p.pk: (AttendanceStatus.ABSENT if p == absent else AttendanceStatus.PRESENT, "")
            for p in committee.members
        }
        meeting_services.record_attendance(
            meeting, rows, chair=committee.members[0], recorder=committee.members[2]
        )
        meeting_services.add_opinion(
            meeting, author=committee.members[0], stance=Stance.AGREE, text="Nhất trí."
        )
        meeting_services.record_vote(
            meeting, subject="Nghị quyết", votes_for=8, votes_against=0, votes_abstain=0
        )
        meetings.append(meeting)
    last = meetings[-1]
    html = _review(client_for(world.secretary), last)
    findings = _section(html, "meeting-quality-findings")
    assert "nq-finding-repeated_absence" in findings
    assert f"{absent.full_name} was absent from 3 of their last" in findings
    assert "nq-finding-absent_without_reason" in findings
    assert "nq-finding-late_notice" in findings


@pytest.mark.usefixtures("meeting_day")  # the December meeting is held: on its day (R45)
def test_r11_meeting_review_queries_do_not_grow_with_the_history(world, committee, client_for):
    client = client_for(world.secretary)
    held_meeting(world, committee, NOV_4)
    december = held_meeting(world, committee, dt.date(2026, 12, 4))
    url = reverse("resolutions:meeting_review", args=[december.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for month in range(1, 10):
        meeting = held_meeting(world, committee, dt.date(2026, month, 4))
        meeting_services.add_opinion(meeting, author=committee.members[0], stance=Stance.AGREE, text="Được.")
    assert count() == few


def test_r11_outsider_gets_404_on_the_meeting_review_page(world, adopted_meeting, client_for):
    url = reverse("resolutions:meeting_review", args=[adopted_meeting.pk])
    assert client_for(world.outsider).get(url).status_code == 404
