"""Quality scores of a resolution and a meeting, with their breakdowns (R08, R11, R13, R15-R18)."""

import datetime as dt

from django.utils import translation

from nghiquyet.quality import score
from nghiquyet.quality.checks import ItemData, ResolutionData
from nghiquyet.quality.participation import MeetingData
from nghiquyet.quality.similarity import Comparison, Match

GOOD_ITEM = ItemData(
    number=1,
    content="Tổ chức kiểm điểm 12 đảng viên",
    requirement="Đúng hướng dẫn",
    measures="Chi ủy gợi ý kiểm điểm",
    deadline=dt.date(2026, 12, 20),
    assignee_id=1,
    supervisor_id=2,
)


def test_r15_r16_a_complete_specific_resolution_scores_100():
    result = score.resolution_score(ResolutionData("NQ", items=(GOOD_ITEM,), focus_topics_count=2))
    assert result.score == 100 and result.breakdown == []


def test_r15_r17_r18_breakdown_lists_points_and_reasons_largest_first():
    bad_item = ItemData(number=2, content="Tăng cường công tác kiểm tra")
    data = ResolutionData("NQ", items=(GOOD_ITEM, bad_item), focus_topics_count=5)
    near = Match("NQ tháng 11", Comparison(0.9, True))
    adopted_silently = MeetingData(id=1, date=dt.date(2026, 12, 4), vote_recorded=True, adopted=True)
    result = score.resolution_score(data, previous=[near], upper=[], meeting=adopted_silently)
    assert result.breakdown == [
        (25, "Nearly the same as an earlier resolution of the committee."),
        (20, "5 required item fields are empty."),
        (15, "Adopted with no opinion recorded."),
        (10, "Too many focus topics."),
        (4, "1 vague item: no measurable target and no concrete action."),
    ]
    assert result.score == 100 - 74


def test_r15_caps_keep_one_kind_of_defect_from_hiding_the_others():
    tasks = [
        "Tổ chức hội nghị",
        "Hoàn thành báo cáo",
        "Kết nạp đảng viên",
        "Rà soát hồ sơ",
        "Kiểm tra chi bộ",
    ]
    tasks += ["Thu đảng phí", "Ban hành quy chế", "Tổng kết năm", "Xây dựng kế hoạch", "Trình đề án"]
    items = tuple(ItemData(number=i, content=f"{t} số {i}") for i, t in enumerate(tasks, start=1))
    result = score.resolution_score(ResolutionData("NQ", items=items, focus_topics_count=1))
    assert result.breakdown == [(30, "50 required item fields are empty.")]
    assert result.score == 70


def test_r11_r13_meeting_score():
    meeting = MeetingData(
        id=3,
        date=dt.date(2026, 3, 5),
        attendees=frozenset({1, 2, 3, 4, 5, 6, 7}),
        absent_without_reason=frozenset({8}),
        absent_with_reason=frozenset({9}),
        speakers=frozenset({1}),
        vote_recorded=True,
        adopted=True,
        opinions_count=1,
        members_total=9,
        focus_topics_count=2,
        last_month_reviewed=False,
    )
    earlier = [
        MeetingData(id=k, date=dt.date(2026, k, 5), attendees=frozenset({1, 2}), speakers=frozenset({1}))
        for k in (1, 2)
    ]
    result = score.meeting_score(meeting, history=earlier)
    assert result.breakdown == [
        (10, "Fewer than half of the members present gave an opinion."),
        (10, "Attendance not above 85%."),
        (10, "Last month's resolution was not reviewed."),
        (5, "1 member silent for several meetings in a row."),
        (5, "1 absence without a reason."),
    ]
    assert result.score == 60


def test_r11_meeting_adopting_without_discussion_loses_most():
    meeting = MeetingData(
        id=1,
        date=dt.date(2026, 12, 4),
        attendees=frozenset(range(9)),
        vote_recorded=True,
        adopted=True,
        members_total=9,
        focus_topics_count=1,
        last_month_reviewed=True,
    )
    assert score.meeting_score(meeting).breakdown == [(30, "Adopted with no opinion recorded.")]


def test_r15_reasons_are_translated_at_call_time():
    data = ResolutionData("NQ", items=(), focus_topics_count=1)
    with translation.override("en"):
        english = score.resolution_score(data).breakdown
    assert english == [(40, "The resolution has no items.")]
    with translation.override("vi"):
        vietnamese = score.resolution_score(data).breakdown
    # Whatever the catalogue holds now, the reason went through gettext in the active language.
    assert vietnamese[0][0] == 40 and isinstance(vietnamese[0][1], str)
