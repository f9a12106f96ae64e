"""Reviewing resolutions through the services (R09, R25, R27, R35).

`last_month` is G1's November 2026: its regular meeting on 4 November adopts a resolution, issued on
5 November as 01-NQ/ĐU, whose six items are, on the December meeting day (4 December), in every state:
done on time, done late, not done with a difficulty, in progress, not started, and reported done but not
confirmed after the deadline. Item states are written the way the progress services leave them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from nghiquyet.lib.errors import ImmutableError
from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import (
    AgendaEntry,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Section,
)
from nghiquyet.orgs.tests.factories import PersonFactory
from nghiquyet.resolutions import queries as resolution_queries
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import (
    ClosingReview,
    Commendation,
    DeadlineKind,
    Difficulty,
    Item,
    ItemEvaluation,
    ItemStatus,
    ProgressUpdate,
    Rating,
    Recognition,
    ResolutionKind,
    ResolutionStatus,
)
from nghiquyet.testing.resolutions import SECTIONS

pytestmark = pytest.mark.django_db
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOV_4 = dt.date(2026, 11, 4)
NOV_5 = dt.date(2026, 11, 5)
DEC_4 = dt.date(2026, 12, 4)


# ---------------------------------------------------------------- builders shared with the view tests


@pytest.fixture(autouse=True)
def english():
    """Messages asserted in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def held_meeting(world, committee, day: dt.date, kind=MeetingKind.REGULAR, title=None) -> Meeting:
    """A meeting of G1 held on `day` whose vote adopted the resolution (8 of 9 for)."""
    meeting = Meeting.objects.create(
        org=world.g1,
        kind=kind,
        title=title or f"Hội nghị cấp ủy tháng {day.month}/{day.year}",
        date=day,
        nominal_date=day,
        regulation=committee.regulation,
    )
    rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in committee.members}
    meeting_services.record_attendance(
        meeting, rows, chair=committee.members[0], recorder=committee.members[2]
    )
    meeting_services.record_vote(meeting, subject="Nghị quyết", votes_for=8, votes_against=0, votes_abstain=1)
    return meeting


def issued_resolution(
    world,
    committee,
    meeting: Meeting,
    items: list[tuple[str, dt.date]],
    *,
    on: dt.date,
    title: str,
    kind=ResolutionKind.REGULAR,
):
    """An issued resolution of G1 adopted at `meeting`, with one item per (content, deadline), drafted and
    issued on the day of issue `on`: its deadlines were ahead then (R45)."""
    with time_machine.travel(dt.datetime.combine(on, dt.time(9, 0), VN), tick=True):
        return _draft_and_issue(world, committee, meeting, items, on=on, title=title, kind=kind)


def _draft_and_issue(world, committee, meeting, items, *, on, title, kind):
    resolution = services.create_draft(
        world.g1,
        title=title,
        kind=kind,
        meeting=meeting,
        theme_reason="Chuyên đề được chọn vì cấp thiết.",
        **SECTIONS,
    )
    for i, (content, deadline) in enumerate(items):
        services.save_item(
            resolution,
            content=content,
            requirement="Đúng tiến độ",
            measures="Phân công cụ thể",
            deadline_kind=DeadlineKind.DATE,
            deadline=deadline,
            assignee=committee.members[1 + i % 8],
            supervisor=committee.members[0],
        )
    return services.issue(resolution, signer=committee.members[0], on=on)


def set_state(item: Item, status: str, *, percent=0, completed_on=None, confirmed_at=None, by=None):
    """Leave an item as the progress services would: status, % done, completion and confirmation."""
    item.status = status
    item.percent = 100 if status in (ItemStatus.DONE, ItemStatus.REPORTED_DONE) else percent
    item.completed_on = completed_on
    item.confirmed_at = confirmed_at
    item.confirmed_by = by if confirmed_at else None
    item.save(update_fields=["status", "percent", "completed_on", "confirmed_at", "confirmed_by"])


NOV_ITEMS = [
    ("Hoàn thiện hồ sơ đề nghị khen thưởng năm 2026", dt.date(2026, 11, 20)),
    ("Tổ chức hội nghị học tập chuyên đề quý IV", dt.date(2026, 11, 25)),
    ("Sửa chữa phòng truyền thống của cơ quan", dt.date(2026, 11, 30)),
    ("Chuẩn bị đại hội chi bộ Văn phòng", dt.date(2026, 12, 31)),
    ("Rà soát quy chế làm việc của cấp ủy", dt.date(2026, 12, 15)),
    ("Báo cáo kết quả thực hiện Chỉ thị 05", dt.date(2026, 11, 28)),
]


@pytest.fixture
def last_month(world, committee, meeting):
    """November's resolution with its six items in every state on 4 December (the `meeting` day)."""
    november = held_meeting(world, committee, NOV_4)
    resolution = issued_resolution(
        world,
        committee,
        november,
        NOV_ITEMS,
        on=NOV_5,
        title="Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 11 năm 2026",
    )
    items = list(resolution.items.order_by("order"))
    on_time, late, blocked, running, idle, unconfirmed = items
    supervisor = committee.members[0]
    set_state(
        on_time, ItemStatus.DONE, completed_on=dt.date(2026, 11, 18), confirmed_at=_at(11, 19), by=supervisor
    )
    # No completion date recorded: the day the supervisor confirmed it counts.
    set_state(late, ItemStatus.DONE, confirmed_at=_at(11, 28), by=supervisor)
    ProgressUpdate.objects.create(
        item=late, author=late.assignee, status=ItemStatus.IN_PROGRESS, percent=60, note="Chờ ý kiến của Sở"
    )
    set_state(blocked, ItemStatus.BLOCKED, percent=30)
    ProgressUpdate.objects.create(
        item=blocked, author=blocked.assignee, status=ItemStatus.BLOCKED, percent=30, note="Đã khảo sát"
    )
    Difficulty.objects.create(
        item=blocked, reporter=blocked.assignee, text="Thiếu kinh phí sửa chữa", support_needed="Cấp kinh phí"
    )
    set_state(running, ItemStatus.IN_PROGRESS, percent=40)
    set_state(unconfirmed, ItemStatus.REPORTED_DONE)
    return SimpleNamespace(
        november=november,
        resolution=resolution,
        items=items,
        on_time=on_time,
        late=late,
        blocked=blocked,
        running=running,
        idle=idle,
        unconfirmed=unconfirmed,
    )


def _at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=VN)


def lock(meeting: Meeting) -> Meeting:
    # Signing needs a full record; the lock is the stored status the signing leaves behind.
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.SIGNED)
    meeting.refresh_from_db()
    return meeting


# ---------------------------------------------------------------- which resolution is "last month's"


def test_r09_last_months_resolutions_are_the_issued_regular_ones_since_the_previous_meeting(
    world, committee, meeting, last_month
):
    october = held_meeting(world, committee, dt.date(2026, 10, 5))
    issued_resolution(world, committee, october, NOV_ITEMS[:1], on=dt.date(2026, 10, 6), title="Tháng 10")
    thematic = held_meeting(world, committee, dt.date(2026, 11, 12), MeetingKind.THEMATIC, "Chuyên đề")
    issued_resolution(
        world,
        committee,
        thematic,
        NOV_ITEMS[:1],
        on=dt.date(2026, 11, 12),
        title="Chuyên đề",
        kind=ResolutionKind.THEMATIC,
    )
    extra = held_meeting(world, committee, dt.date(2026, 11, 20), MeetingKind.EXTRAORDINARY, "Bất thường")
    since = issued_resolution(
        world, committee, extra, NOV_ITEMS[:1], on=dt.date(2026, 11, 20), title="Bổ sung"
    )
    # A draft, and the resolution of the December meeting itself, are not last month's.
    services.create_draft(world.g1, title="Dự thảo", meeting=extra)
    services.create_draft(world.g1, title="Tháng 12", meeting=meeting)

    assert resolution_queries.previous_regular_meeting(meeting) == last_month.november
    assert resolution_queries.previous_resolutions(meeting) == [last_month.resolution, since]


def test_r09_without_an_earlier_regular_meeting_the_latest_issued_one_is_reviewed(world, committee, meeting):
    extra = held_meeting(world, committee, dt.date(2026, 11, 20), MeetingKind.EXTRAORDINARY, "Bất thường")
    first = issued_resolution(world, committee, extra, NOV_ITEMS[:1], on=dt.date(2026, 11, 20), title="A")
    second = issued_resolution(world, committee, extra, NOV_ITEMS[1:2], on=dt.date(2026, 11, 21), title="B")
    assert first != second
    assert resolution_queries.previous_resolutions(meeting) == [second]


# ---------------------------------------------------------------- the summary and the prefilled review (R09)


def test_r09_summary_gives_each_items_state_and_cause(meeting, last_month):
    summary = resolution_queries.review_summary(meeting)
    assert summary.as_of == DEC_4
    [r] = summary.resolutions
    assert r.resolution == last_month.resolution
    got = [(i.item, i.state, i.finished_on, i.days_off, i.cause) for i in r.items]
    assert got == [
        (last_month.on_time, "on_time", dt.date(2026, 11, 18), None, ""),
        (last_month.late, "late", dt.date(2026, 11, 28), 3, "Chờ ý kiến của Sở"),
        (last_month.blocked, "not_done", None, 4, "Thiếu kinh phí sửa chữa"),
        (last_month.running, "in_progress", None, None, ""),
        (last_month.idle, "not_started", None, None, ""),
        (last_month.unconfirmed, "not_done", None, 6, ""),
    ]
    assert dict(summary.counts) == {
        "on_time": 1,
        "late": 1,
        "not_done": 2,
        "in_progress": 1,
        "not_started": 1,
    }


def test_r09_prefilled_review_matches_the_items_states(meeting, last_month, committee):
    entry = services.prefill_review(meeting)
    assert entry == AgendaEntry.objects.get(meeting=meeting, section=Section.REVIEW)
    names = [i.assignee.full_name for i in last_month.items]
    assert entry.text == "\n".join(
        [
            "Nghị quyết số 01-NQ/ĐU ngày 5 tháng 11 năm 2026 (Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 11"
            " năm 2026) có 6 nhiệm vụ: 1 hoàn thành đúng hạn, 1 hoàn thành chậm, 2 chưa hoàn thành,"
            " 1 đang thực hiện (chưa đến hạn), 1 chưa triển khai (chưa đến hạn).",
            f"1. Hoàn thiện hồ sơ đề nghị khen thưởng năm 2026 (đ/c {names[0]}, hạn 20/11/2026):"
            " hoàn thành đúng hạn (ngày 18/11/2026).",
            f"2. Tổ chức hội nghị học tập chuyên đề quý IV (đ/c {names[1]}, hạn 25/11/2026):"
            " hoàn thành chậm (ngày 28/11/2026, chậm 3 ngày). Nguyên nhân: Chờ ý kiến của Sở.",
            f"3. Sửa chữa phòng truyền thống của cơ quan (đ/c {names[2]}, hạn 30/11/2026):"
            " chưa hoàn thành (quá hạn 4 ngày). Nguyên nhân: Thiếu kinh phí sửa chữa.",
            f"4. Chuẩn bị đại hội chi bộ Văn phòng (đ/c {names[3]}, hạn 31/12/2026):"
            " đang thực hiện (chưa đến hạn).",
            f"5. Rà soát quy chế làm việc của cấp ủy (đ/c {names[4]}, hạn 15/12/2026):"
            " chưa triển khai (chưa đến hạn).",
            f"6. Báo cáo kết quả thực hiện Chỉ thị 05 (đ/c {names[5]}, hạn 28/11/2026):"
            " chưa hoàn thành (quá hạn 6 ngày), đã báo cáo hoàn thành, chờ xác nhận. Nguyên nhân: chưa báo cáo.",
            "",
            "Ưu điểm:",
            "Hạn chế, khuyết điểm và nguyên nhân:",
            "Phương hướng khắc phục:",
        ]
    )
    # The meeting's indicator "last month reviewed" reads this section.
    assert meeting_services.compute_indicators(meeting).last_month_reviewed


def test_r09_prefill_follows_a_change_of_state(meeting, last_month, committee):
    set_state(last_month.blocked, ItemStatus.DONE, completed_on=dt.date(2026, 12, 1), confirmed_at=_at(12, 1))
    text = services.prefill_review(meeting).text
    assert "1 hoàn thành đúng hạn, 2 hoàn thành chậm, 1 chưa hoàn thành" in text
    assert "hoàn thành chậm (ngày 01/12/2026, chậm 1 ngày). Nguyên nhân: Thiếu kinh phí sửa chữa." in text


def test_r09_prefill_refused_without_last_months_resolution_or_on_a_locked_meeting(meeting, last_month):
    services.prefill_review(meeting)
    lock(meeting)
    with pytest.raises(ImmutableError):
        services.prefill_review(meeting)
    with pytest.raises(ValidationError) as error:
        services.prefill_review(last_month.november)
    assert error.value.messages == ["There is no issued regular resolution of last month to review."]


# ---------------------------------------------------------------- evaluations and commendations (R25)


@pytest.mark.usefixtures("meeting_day")  # evaluated at the December meeting, on its day (R45)
def test_r25_evaluations_are_stored_and_updated(meeting, last_month):
    services.evaluate_items(
        meeting,
        {
            last_month.on_time.pk: (Rating.GOOD, "Chủ động, vượt tiến độ"),
            last_month.blocked.pk: (Rating.NOT_DONE, "  Cần đề xuất kinh phí sớm "),
        },
    )
    services.evaluate_items(meeting, {last_month.on_time.pk: (Rating.DONE, "")})
    stored = {e.item_id: (e.rating, e.comment) for e in ItemEvaluation.objects.filter(meeting=meeting)}
    assert stored == {
        last_month.on_time.pk: (Rating.DONE, ""),
        last_month.blocked.pk: (Rating.NOT_DONE, "Cần đề xuất kinh phí sớm"),
    }


@pytest.mark.usefixtures("meeting_day")  # evaluated at the December meeting, on its day (R45)
def test_r25_evaluations_only_of_last_months_items_and_known_ratings(
    world, committee, meeting, last_month, draft
):
    other = draft.items.first()
    with pytest.raises(ValidationError):
        services.evaluate_items(meeting, {other.pk: (Rating.GOOD, "")})
    with pytest.raises(ValidationError):
        services.evaluate_items(meeting, {last_month.on_time.pk: ("excellent", "")})
    assert not ItemEvaluation.objects.exists()


@pytest.mark.usefixtures("meeting_day")  # evaluated at the December meeting, on its day (R45)
def test_r25_evaluations_refused_after_the_meeting_is_locked(meeting, last_month):
    services.evaluate_items(meeting, {last_month.on_time.pk: (Rating.GOOD, "")})
    lock(meeting)
    with pytest.raises(ImmutableError):
        services.evaluate_items(meeting, {last_month.late.pk: (Rating.DONE, "")})
    # A stale object that still looks open is refused too: the stored status decides.
    meeting.status = MeetingStatus.HELD
    with pytest.raises(ImmutableError):
        services.evaluate_items(meeting, {last_month.on_time.pk: (Rating.NOT_DONE, "")})
    assert list(ItemEvaluation.objects.values_list("item_id", "rating")) == [(last_month.on_time.pk, "good")]


@pytest.mark.usefixtures("meeting_day")  # evaluated at the December meeting, on its day (R45)
def test_r25_commendations_and_criticisms_of_members_and_units(world, committee, meeting):
    services.add_commendation(
        meeting, Recognition.COMMEND, person=world.people.member, text="Hoàn thành xuất sắc"
    )
    services.add_commendation(meeting, Recognition.CRITICIZE, unit=world.c2, text="Chậm báo cáo")
    assert list(Commendation.objects.order_by("id").values_list("kind", "person_id", "unit_id", "text")) == [
        ("commend", world.people.member.pk, None, "Hoàn thành xuất sắc"),
        ("criticize", None, world.c2.pk, "Chậm báo cáo"),
    ]
    for kwargs in (
        {"person": world.people.outsider},  # a member of another organization
        {"unit": world.g2},  # a unit outside the subtree
        {"person": world.people.member, "unit": world.c1},  # both
        {},  # neither
    ):
        with pytest.raises(ValidationError):
            services.add_commendation(meeting, Recognition.COMMEND, text="Lý do", **kwargs)
    with pytest.raises(ValidationError):
        services.add_commendation(meeting, Recognition.COMMEND, person=world.people.member, text="  ")
    lock(meeting)
    with pytest.raises(ImmutableError):
        services.add_commendation(meeting, Recognition.COMMEND, person=world.people.member, text="Lý do")
    assert Commendation.objects.count() == 2


def test_r25_people_and_units_offered_are_the_orgs(world, committee, meeting):
    stranger = PersonFactory(full_name="Người Ngoài Cuộc", home_org=world.g2)
    people, units = resolution_queries.recognizable(meeting)
    assert world.people.member in people and world.people.committee_member in people
    assert stranger not in people and world.people.outsider not in people
    assert units == [world.g1, world.c1, world.p1, world.c2]


# ---------------------------------------------------------------- closing review (R27)


def test_r27_closing_requires_lessons_and_sets_closed(world, last_month):
    resolution = last_month.resolution
    with pytest.raises(ValidationError) as error:
        services.close_resolution(resolution, results="Kết quả", lessons="   ", by=world.secretary)
    assert error.value.message_dict == {"lessons": ["Write the lessons learned."]}
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.ISSUED and not ClosingReview.objects.exists()

    closing = services.close_resolution(
        resolution, results="", lessons="Giao việc phải kèm kinh phí.", by=world.secretary
    )
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.CLOSED
    assert closing.lessons == "Giao việc phải kèm kinh phí." and closing.created_by == world.secretary
    # An empty results text is generated from the items' states.
    assert closing.results.startswith("Nghị quyết có 6 nhiệm vụ: 1 hoàn thành đúng hạn, 1 hoàn thành chậm,")
    with pytest.raises(ValidationError) as error:
        services.close_resolution(resolution, results="", lessons="Lần nữa")
    assert error.value.messages == ["This resolution is already closed."]


def test_r27_a_draft_is_not_closed(draft):
    with pytest.raises(ValidationError) as error:
        services.close_resolution(draft, results="", lessons="Bài học")
    assert error.value.messages == ["Only an issued resolution is closed."]
    draft.refresh_from_db()
    assert draft.status == ResolutionStatus.DRAFT


def test_r27_latest_lessons_for_the_next_drafting_screen(world, committee, meeting, last_month):
    extra = held_meeting(world, committee, dt.date(2026, 11, 20), MeetingKind.EXTRAORDINARY, "Bất thường")
    closed = []
    for n in range(4):
        resolution = issued_resolution(
            world, committee, extra, NOV_ITEMS[:1], on=dt.date(2026, 11, 20), title=f"{n}"
        )
        closed.append(services.close_resolution(resolution, results="KQ", lessons=f"Bài học {n}"))
    assert resolution_queries.latest_lessons(world.g1) == closed[::-1][:3]
    assert [c.lessons for c in resolution_queries.latest_lessons(world.g1, n=2)] == ["Bài học 3", "Bài học 2"]
    assert resolution_queries.latest_lessons(world.g2) == []


# ---------------------------------------------------------------- the yearly review (R35)


@pytest.fixture
def year_records(world, committee, meeting, last_month, meeting_day):
    """2026 for G1: November's regular resolution (six items) and a thematic one of June (two items),
    closed with its lessons; evaluations at the December meeting, on its day (R45); noise that must not count."""
    june = held_meeting(world, committee, dt.date(2026, 6, 10), MeetingKind.THEMATIC, "Chuyên đề tháng 6")
    thematic = issued_resolution(
        world,
        committee,
        june,
        [("Số hóa hồ sơ lưu trữ", dt.date(2026, 8, 31)), ("Tập huấn chuyển đổi số", dt.date(2026, 9, 30))],
        on=dt.date(2026, 6, 11),
        title="Nghị quyết chuyên đề về chuyển đổi số",
        kind=ResolutionKind.THEMATIC,
    )
    done, open_ = thematic.items.order_by("order")
    set_state(done, ItemStatus.DONE, completed_on=dt.date(2026, 8, 30), confirmed_at=_at(8, 31))
    set_state(open_, ItemStatus.IN_PROGRESS, percent=70)
    services.close_resolution(thematic, results="Cơ bản hoàn thành", lessons="Cần dự trù kinh phí")
    services.evaluate_items(
        meeting,
        {
            last_month.on_time.pk: (Rating.GOOD, ""),
            last_month.late.pk: (Rating.DONE, ""),
            last_month.blocked.pk: (Rating.NOT_DONE, ""),
        },
    )
    # Noise: a draft of G1, a resolution of 2025, and G2's records.
    services.create_draft(world.g1, title="Dự thảo", meeting=meeting)
    old_meeting = held_meeting(world, committee, dt.date(2025, 12, 4))
    issued_resolution(world, committee, old_meeting, NOV_ITEMS[:2], on=dt.date(2025, 12, 5), title="2025")
    Meeting.objects.create(org=world.g2, kind=MeetingKind.REGULAR, title="G2", date=NOV_4, status="held")
    return SimpleNamespace(thematic=thematic, june=june)


def test_r35_annual_figures_are_computed_from_the_records(world, last_month, year_records):
    figures = resolution_queries.annual_figures(world.g1, 2026, today=DEC_4)
    assert figures["year"] == 2026 and figures["as_of"] == "2026-12-04"
    assert figures["resolutions"] == {
        "total": 2,
        "by_kind": {"regular": 1, "thematic": 1, "other": 0},
        "closed": 1,
        "closed_with_lessons": 1,
    }
    # November: 1 on time, 1 late, 4 open of which 2 overdue (blocked, unconfirmed);
    # June: 1 on time, 1 open and overdue since 30 September.
    assert figures["items"] == {
        "total": 8,
        "done_on_time": 2,
        "done_late": 1,
        "not_done": 5,
        "overdue_open": 3,
        "on_time_pct": 25.0,
        "done_pct": 37.5,
    }
    assert figures["evaluations"] == {"total": 3, "by_rating": {"good": 1, "done": 1, "not_done": 1}}
    # Held: June (thematic), November (regular); the December meeting is only planned. Due: 12 months.
    assert figures["meetings"] == {
        "regular_due": 12,
        "regular_held": 1,
        "held_by_kind": {"regular": 1, "thematic": 1, "extraordinary": 0, "standing": 0},
    }
    months = {m["month"]: m for m in figures["months"] if m["total"]}
    assert months == {
        6: {"month": 6, "total": 2, "done_on_time": 1, "done_late": 0, "overdue_open": 1, "open_not_due": 0},
        11: {
            "month": 11,
            "total": 6,
            "done_on_time": 1,
            "done_late": 1,
            "overdue_open": 2,
            "open_not_due": 2,
        },
    }
    assert len(figures["months"]) == 12


def test_r35_overdue_and_meetings_due_depend_on_the_compiling_day(world, last_month, year_records):
    figures = resolution_queries.annual_figures(world.g1, 2026, today=dt.date(2026, 11, 26))
    # On 26 November only the June item is past its deadline among the open ones.
    assert figures["items"]["overdue_open"] == 1
    assert figures["meetings"]["regular_due"] == 11
    assert (
        resolution_queries.annual_figures(world.g1, 2027, today=dt.date(2026, 11, 26))["meetings"][
            "regular_due"
        ]
        == 0
    )


def test_r35_compile_keeps_the_committees_assessment(world, last_month, year_records):
    compiled = services.compile_annual_review(world.g1, 2026, today=DEC_4)
    services.save_annual_assessment(compiled, "  Năm 2026 cấp ủy lãnh đạo toàn diện.  ")
    set_state(last_month.blocked, ItemStatus.DONE, completed_on=dt.date(2026, 12, 2), confirmed_at=_at(12, 2))
    again = services.compile_annual_review(world.g1, 2026, today=DEC_4)
    assert again.pk == compiled.pk
    assert again.assessment == "Năm 2026 cấp ủy lãnh đạo toàn diện."
    assert again.figures["items"]["done_late"] == 2 and again.figures["items"]["overdue_open"] == 2


def test_r35_an_empty_year_has_zero_figures(world):
    figures = resolution_queries.annual_figures(world.g2, 2026, today=DEC_4)
    assert figures["items"]["total"] == 0 and figures["items"]["on_time_pct"] is None
    assert figures["resolutions"]["total"] == 0 and figures["evaluations"]["total"] == 0
