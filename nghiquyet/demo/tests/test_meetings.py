"""The demo's meeting history (R04–R14) on the TINY registry: twelve signed months per committee, varied
quality, the same history on every run and from both writers, and something left for the demo users."""

import datetime as dt
import hashlib
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from nghiquyet.demo import meetings as history_demo
from nghiquyet.demo import registry as demo
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.meetings import queries, services
from nghiquyet.meetings.models import (
    AgendaEntry,
    Attendance,
    AttendanceStatus,
    FocusTopic,
    Indicators,
    Meeting,
    MeetingKind,
    MeetingRegulation,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Notice,
    Opinion,
    Phase,
    Section,
    Stance,
    Vote,
)
from nghiquyet.notify.models import Notification
from nghiquyet.orgs.models import CommitteeMembership, Organization, OrgKind, Position

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)  # a Thursday
THIS_MONTH = TODAY.replace(day=1)
INDICATOR_FIELDS = [
    f.name for f in Indicators._meta.concrete_fields if f.name not in ("id", "meeting", "computed_at")
]


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    """TINY's registry with twelve months of history, generated once for the module and deleted after."""
    with django_db_blocker.unblock():
        demo.flush()
        demo.generate(demo.TINY)
        result = history_demo.generate_history(today=TODAY)
        try:
            yield result
        finally:
            demo.flush()


def regenerate(**options) -> str:
    demo.flush()
    demo.generate(demo.TINY)
    history_demo.generate_history(today=TODAY, **options)
    return digest()


def digest() -> str:
    """A fingerprint of every row the history writes (history rows aside), independent of primary keys."""
    meeting = ("meeting__org__code", "meeting__date", "meeting__kind")
    rows = [
        *MeetingRegulation.objects.values_list(
            "org__code", "effective_from", "day_rule", "day", "weekday", "week", "notice_days", "created_at"
        ),
        *Meeting.objects.values_list(
            "org__code",
            "kind",
            "date",
            "title",
            "status",
            "nominal_date",
            "start_time",
            "place",
            "preparation_notes",
            "theme_reason",
            "drafter__full_name",
            "chair__full_name",
            "recorder__full_name",
            "prepared_in__date",
            "ended_at",
            "created_at",
        ),
        *FocusTopic.objects.values_list(*meeting, "order", "title"),
        *Notice.objects.values_list(
            *meeting, "recipient__full_name", "sent_at", "lead_days", "late", "agenda"
        ),
        *Opinion.objects.values_list(
            *meeting,
            "phase",
            "order",
            "author__full_name",
            "stance",
            "section",
            "text",
            "created_at",
            "recorded_by__username",
        ),
        *Attendance.objects.values_list(*meeting, "person__full_name", "status", "reason"),
        *AgendaEntry.objects.values_list(*meeting, "section", "text"),
        *Vote.objects.values_list(
            *meeting,
            "subject",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "members_total",
            "adopted",
            "recorded_at",
        ),
        *Minutes.objects.values_list(
            *meeting,
            "text",
            "status",
            "read_back",
            "chair_signed_at",
            "recorder_signed_at",
            "sha256",
            "updated_at",
        ),
        *Indicators.objects.values_list(*meeting, *INDICATOR_FIELDS, "computed_at"),
        *Notification.objects.values_list("recipient__username", "title", "body", "created_at", "read_at"),
    ]
    return hashlib.sha256("\n".join(sorted(map(repr, rows))).encode()).hexdigest()


def signed():
    return Meeting.objects.filter(status=MeetingStatus.SIGNED)


def secretary_org() -> Organization:
    seat = (
        CommitteeMembership.objects.current()
        .select_related("term__org")
        .get(person__user__username="bithu", position=Position.SECRETARY)
    )
    return seat.term.org


# ---------------------------------------------------------------- what is generated


def test_every_committee_has_a_regulation_and_twelve_signed_months(history):
    grassroots = list(Organization.objects.grassroots())
    assert len(grassroots) == demo.TINY.grassroots
    for org in grassroots:
        regulation = queries.regulation_on(org, TODAY)
        assert regulation is not None, org.code
        # Committees give three days' notice, cells one or two (DOMAIN.md).
        if org.kind == OrgKind.GRASSROOTS_COMMITTEE:
            assert regulation.notice_days == 3
        else:
            assert regulation.notice_days in (1, 2)
        regular = Meeting.objects.filter(org=org, kind=MeetingKind.REGULAR)
        past = regular.filter(date__lt=THIS_MONTH)
        assert past.count() == 12
        assert set(past.values_list("status", flat=True)) == {MeetingStatus.SIGNED}
        # One regular meeting a month, on the regulation day or the next working day.
        assert (
            len({(m.year, m.month) for m in regular.values_list("nominal_date", flat=True)})
            == regular.count()
        )
        for m in regular:
            assert m.regulation.nominal_date(m.nominal_date.year, m.nominal_date.month) == m.nominal_date
            assert m.date >= m.nominal_date
        # Nothing from this month on is signed: it is left for the demo users.
        assert (
            not regular.filter(date__gte=THIS_MONTH)
            .exclude(status__in=(MeetingStatus.PLANNED, MeetingStatus.NOTIFIED))
            .exists()
        )
        assert regular.filter(date__gt=TODAY).exists()
    rules = {r.describe() for r in MeetingRegulation.objects.all()}
    assert len(rules) > 1
    counts = history.counts
    assert counts["signed"] == signed().count() >= 12 * len(grassroots)
    assert counts["meetings"] == Meeting.objects.count()
    assert Meeting.objects.filter(kind=MeetingKind.THEMATIC, status=MeetingStatus.SIGNED).exists()
    # Standing Committee meetings agreed the content of some regular meetings (R06).
    prepared = Meeting.objects.filter(prepared_in__isnull=False).select_related("prepared_in")
    assert prepared.exists()
    for m in prepared:
        assert m.prepared_in.kind == MeetingKind.STANDING and m.prepared_in.org_id == m.org_id
        assert m.prepared_in.date < m.date


def test_every_signed_meeting_is_locked_with_minutes_and_indicators(history):
    meetings = list(
        signed().select_related("org", "regulation", "chair", "recorder", "minutes", "vote", "indicators")
    )
    assert meetings
    for m in meetings:
        minutes = m.minutes
        assert minutes.status == MinutesStatus.SIGNED and minutes.read_back
        assert minutes.chair_signed_at and minutes.recorder_signed_at
        assert minutes.sha256 == hashlib.sha256(minutes.text.encode()).hexdigest()
        assert minutes.text.startswith("BIÊN BẢN\n")
        assert m.chair_id != m.recorder_id
        assert m.vote.members_total == m.indicators.members_total
        assert m.drafter_id is not None and m.focus_topics.exists()
        # The record is signed on the meeting day (or the recorder signs the next morning).
        assert timezone.localdate(minutes.chair_signed_at) == m.date
        assert minutes.recorder_signed_at >= minutes.chair_signed_at
    # Indicators are computed from the record: computing them again changes nothing.
    for m in meetings[:: max(1, len(meetings) // 15)]:
        stored = {f: getattr(m.indicators, f) for f in INDICATOR_FIELDS}
        fresh = services.compute_indicators(m)
        assert {f: getattr(fresh, f) for f in INDICATOR_FIELDS} == stored
    m = meetings[0]
    with pytest.raises(ImmutableError):
        services.record_section(m, Section.REVIEW, "Sửa sau khi đã ký.")
    with pytest.raises(ImmutableError):
        Attendance.objects.filter(meeting=m).first().save()


def test_records_follow_the_rules(history):
    for m in signed().select_related("regulation", "vote"):
        q = queries.quorum(m)
        assert q.reached, m
        rows = list(m.attendance.all())
        assert len(rows) == q.members
        assert all(a.reason for a in rows if a.status == AttendanceStatus.ABSENT_EXCUSED)
        assert {m.chair_id, m.recorder_id} <= {a.person_id for a in rows if a.status in ("present", "late")}
        vote = m.vote
        assert vote.votes_for + vote.votes_against + vote.votes_abstain <= q.present
        assert vote.adopted == (2 * vote.votes_for > vote.members_total)
        notices = list(m.notices.all())
        assert len(notices) == q.members
        assert all(
            n.sent_at < timezone.make_aware(dt.datetime.combine(m.date, m.start_time)) for n in notices
        )
        assert all(n.late == (n.lead_days < m.regulation.notice_days) for n in notices)
        assert m.agenda.filter(section=Section.CONCLUSION).exists()
        for o in m.opinions.filter(phase=Phase.BEFORE):
            assert o.created_at < timezone.make_aware(dt.datetime.combine(m.date, m.start_time))
    assert Vote.objects.filter(adopted=True).count() > Vote.objects.filter(adopted=False).count()


def test_indicators_differ_across_meetings(history):
    rows = list(
        Indicators.objects.filter(meeting__status=MeetingStatus.SIGNED).select_related("meeting__regulation")
    )
    late = [i for i in rows if i.notice_lead_days < i.meeting.regulation.notice_days]
    assert late and len(late) < len(rows) / 2  # R07: some notices late, most in time
    assert any(i.speakers_per_attendee == 0 for i in rows)  # R11: adopted with no discussion
    assert any(i.speakers_per_attendee > 0 for i in rows)
    assert any(i.dissent_recorded for i in rows) and not all(i.dissent_recorded for i in rows)
    assert any(i.attendance_pct < Decimal(100) for i in rows)  # R13
    assert any(i.attendance_pct == Decimal(100) for i in rows)
    assert any(i.focus_topics > 3 for i in rows)  # R08: too many topics
    assert any(i.focus_topics <= 3 for i in rows)
    assert any(not i.last_month_reviewed for i in rows) and any(i.last_month_reviewed for i in rows)  # R09
    assert any(i.opinions_before == 0 for i in rows) and any(i.opinions_before > 0 for i in rows)
    assert any(i.on_regulation_day is False for i in rows) and any(i.on_regulation_day for i in rows)
    statuses = Counter(Attendance.objects.values_list("status", flat=True))
    assert statuses[AttendanceStatus.ABSENT_EXCUSED] and statuses[AttendanceStatus.LATE]
    assert Opinion.objects.filter(phase=Phase.DURING, stance=Stance.DISAGREE).exists()
    # Different committees, different habits: the share of late notices is not the same everywhere.
    by_org = Counter(i.meeting.org_id for i in late)
    assert len(set(by_org.values()) | {0}) > 1


def test_content_is_vietnamese_and_varied(history):
    topics = Counter(FocusTopic.objects.values_list("title", flat=True))
    assert len(topics) > 20
    assert "Công tác phát triển đảng viên" in topics
    texts = list(AgendaEntry.objects.filter(section=Section.REVIEW).values_list("text", flat=True))
    assert len(set(texts)) == len(texts)
    assert all(t.startswith("Nghị quyết tháng ") for t in texts)
    reasons = set(Attendance.objects.exclude(reason="").values_list("reason", flat=True))
    assert reasons <= set(history_demo.ABSENCE_REASONS)


def test_the_demo_secretary_has_meetings_to_prepare_and_hold(history):
    org = secretary_org()
    committee = queries.committee_on(org, TODAY)
    upcoming = (
        Meeting.objects.filter(org=org, kind=MeetingKind.REGULAR, date__gt=TODAY).order_by("date").first()
    )
    regulation = queries.regulation_on(org, TODAY)
    assert upcoming.nominal_date == regulation.nominal_date(
        upcoming.nominal_date.year, upcoming.nominal_date.month
    )
    assert upcoming.status in (MeetingStatus.PLANNED, MeetingStatus.NOTIFIED)
    assert upcoming.focus_topics.exists() and upcoming.drafter_id
    # A meeting within the next days, prepared and notified to every member in time: ready to hold.
    ready = Meeting.objects.filter(
        org=org, date__range=(TODAY, TODAY + dt.timedelta(days=7)), status=MeetingStatus.NOTIFIED
    ).first()
    assert ready is not None
    assert ready.focus_topics.exists()
    notices = list(ready.notices.all())
    assert {n.recipient_id for n in notices} == {p.pk for p in committee}
    assert not any(n.late for n in notices)
    assert all(timezone.localdate(n.sent_at) <= TODAY for n in notices)
    # This month's meeting already due is notified, its record left to write.
    due = Meeting.objects.filter(org=org, kind=MeetingKind.REGULAR, date__range=(THIS_MONTH, TODAY)).first()
    if due is not None:
        assert due.status == MeetingStatus.NOTIFIED and not hasattr(due, "minutes")
    # The demo users read the notices of the meetings long held; those still open are unread.
    unread = Notification.objects.filter(recipient__username="bithu", read_at__isnull=True)
    assert unread.exists()
    open_urls = {
        m.get_absolute_url() for m in Meeting.objects.filter(org=org).exclude(status=MeetingStatus.SIGNED)
    }
    assert set(unread.values_list("url", flat=True)) <= open_urls
    assert Notification.objects.filter(recipient__username="bithu", read_at__isnull=False).count() >= 12


# ---------------------------------------------------------------- the same history every time


def test_history_is_deterministic(history):
    before = digest()
    assert regenerate() == before
    assert regenerate(seed=7) != before


def test_bulk_writer_writes_what_the_services_write(history):
    """The bulk writer used for most of the bloc leaves exactly the rows the services leave."""
    before = digest()
    assert regenerate(bulk=False) == before


# ---------------------------------------------------------------- the command


def test_seed_demo_command_generates_history_and_skips_it_on_request(history):
    out = io.StringIO()
    call_command("seed_demo", "--scale", "tiny", "--flush", "--months", "2", stdout=out)
    text = out.getvalue()
    assert "Đang tạo lịch sử hội nghị 2 tháng của 5 tổ chức cơ sở đảng…" in text
    assert "hội nghị đã ký biên bản" in text
    assert "bithu" in text and demo.DEMO_PASSWORD in text
    assert text.index("Đang tạo lịch sử") < text.index("Tài khoản dùng thử")
    # The two months before this one, whatever today is: every meeting held by now is signed.
    this_month = timezone.localdate().replace(day=1)
    first = (this_month - dt.timedelta(days=32)).replace(day=1)
    regular = Meeting.objects.filter(kind=MeetingKind.REGULAR)
    assert regular.filter(nominal_date__range=(first, this_month - dt.timedelta(days=1))).count() == (
        2 * demo.TINY.grassroots
    )
    assert not regular.filter(nominal_date__lt=first).exists()
    held = Meeting.objects.filter(date__lt=this_month).exclude(kind=MeetingKind.STANDING)
    assert held.exists() and not held.exclude(status=MeetingStatus.SIGNED).exists()

    out = io.StringIO()
    call_command("seed_demo", "--scale", "tiny", "--flush", "--no-history", stdout=out)
    assert Organization.objects.grassroots().count() == demo.TINY.grassroots
    assert not Meeting.objects.exists()
    assert "lịch sử" not in out.getvalue()

    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "bỏ qua" in out.getvalue()
    assert not Meeting.objects.exists()


def test_months_must_be_positive(history):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--months"):
        call_command("seed_demo", "--flush", "--months", "0", stdout=io.StringIO())
    with pytest.raises(ValueError):
        history_demo.generate_history(months=0, today=TODAY)
