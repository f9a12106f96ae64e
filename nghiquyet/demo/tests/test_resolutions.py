"""The demo's resolutions (R14–R27, R35) on the TINY registry and its twelve months of meetings: one
resolution per adopted meeting, numbered without gaps, items complete and in every state, reminders and
reviews consistent with them, the demo users' world, the same rows on every run and from both writers."""

import datetime as dt
import hashlib
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from nghiquyet.demo import meetings as history_demo
from nghiquyet.demo import registry as demo
from nghiquyet.demo import resolutions as resolutions_demo
from nghiquyet.meetings import queries as meeting_queries
from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import (
    AgendaEntry,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Section,
)
from nghiquyet.notify.models import Notification
from nghiquyet.orgs.models import CommitteeMembership, DocumentCounter, Organization, Person, Position
from nghiquyet.orgs.numbering import display
from nghiquyet.resolutions import deadlines, services
from nghiquyet.resolutions import queries as resolution_queries
from nghiquyet.resolutions import texts as resolution_texts
from nghiquyet.resolutions.models import (
    DOC_TYPE,
    OPEN_STATUSES,
    AnnualReview,
    ClosingReview,
    Commendation,
    Correction,
    DeadlineKind,
    Difficulty,
    DifficultyStatus,
    Item,
    ItemEvaluation,
    ItemStatus,
    Plan,
    PlanKind,
    PlanRow,
    ProgressUpdate,
    Rating,
    Recognition,
    Reminder,
    ReminderKind,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
    ResolutionVersion,
)
from nghiquyet.resolutions.services.reminders import REMINDED_STATUSES
from nghiquyet.testing.resolutions import SECTIONS

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)  # a Thursday
THIS_MONTH = TODAY.replace(day=1)
WEEK_END = TODAY + dt.timedelta(days=6 - TODAY.weekday())


@pytest.fixture(scope="module")
def bloc(django_db_setup, django_db_blocker):
    """TINY's registry, twelve months of meetings and their resolutions, generated once for the module."""
    with django_db_blocker.unblock():
        demo.flush()
        demo.generate(demo.TINY)
        history_demo.generate_history(today=TODAY)
        result = resolutions_demo.generate_resolutions(today=TODAY)
        try:
            yield result
        finally:
            demo.flush()


def regenerate(**options) -> str:
    demo.flush()
    demo.generate(demo.TINY)
    history_demo.generate_history(today=TODAY)
    resolutions_demo.generate_resolutions(today=TODAY, **options)
    return digest()


RES = ("org__code", "title", "created_at")


def _of(prefix: str, key: tuple) -> list[str]:
    return [f"{prefix}__{k}" for k in key]


ITEM = (*_of("resolution", RES), "order")


def digest() -> str:
    """A fingerprint of every row the generator writes (history rows aside), independent of primary keys."""
    item = _of("item", ITEM)
    rows = [
        *Resolution.objects.values_list(
            *RES,
            "kind",
            "theme_reason",
            "assessment",
            "objectives",
            "implementation",
            "meeting__date",
            "meeting__kind",
            "drafter__full_name",
            "status",
            "term__label",
            "number",
            "number_display",
            "issued_on",
            "signed_by__full_name",
            "corrects__number_display",
            "correction",
            "search_text",
            "created_by__username",
        ),
        *ResolutionVersion.objects.values_list(
            *_of("resolution", RES), "number", "text", "note", "author__username", "created_at"
        ),
        *Item.objects.values_list(
            *ITEM,
            "content",
            "requirement",
            "measures",
            "deadline_kind",
            "deadline",
            "assignee__full_name",
            "supervisor__full_name",
            "related_units",
            "status",
            "percent",
            "completed_on",
            "confirmed_by__full_name",
            "confirmed_at",
        ),
        *ProgressUpdate.objects.values_list(
            *item, "author__full_name", "status", "percent", "note", "created_at"
        ),
        *Difficulty.objects.values_list(
            *item,
            "reporter__full_name",
            "text",
            "support_needed",
            "status",
            "answer",
            "answered_by__full_name",
            "answered_at",
            "created_at",
        ),
        *Reminder.objects.values_list(*item, "person__full_name", "kind", "deadline", "sent_at"),
        *ItemEvaluation.objects.values_list(
            "meeting__org__code", "meeting__date", *item, "rating", "comment"
        ),
        *Commendation.objects.values_list(
            "meeting__org__code", "meeting__date", "kind", "person__full_name", "unit__code", "text"
        ),
        *ClosingReview.objects.values_list(
            *_of("resolution", RES), "results", "lessons", "created_by__username", "created_at"
        ),
        *AnnualReview.objects.values_list("org__code", "year", "figures", "assessment", "created_at"),
        *Plan.objects.values_list(*_of("resolution", RES), "kind", "objectives", "notes", "updated_at"),
        *PlanRow.objects.values_list(
            *_of("plan__resolution", RES),
            "plan__kind",
            "order",
            "content",
            "method",
            "who",
            "when",
            "coordination",
        ),
        *DocumentCounter.objects.values_list("org__code", "term__label", "doc_type", "last_number"),
        *AgendaEntry.objects.filter(section=Section.REVIEW)
        .exclude(meeting__status=MeetingStatus.SIGNED)
        .values_list("meeting__org__code", "meeting__date", "text"),
        # Not the notifications' addresses: they carry primary keys.
        *Notification.objects.values_list("recipient__username", "title", "body", "created_at", "read_at"),
    ]
    return hashlib.sha256("\n".join(sorted(map(repr, rows))).encode()).hexdigest()


def persona_org() -> Organization:
    seat = (
        CommitteeMembership.objects.current()
        .select_related("term__org")
        .get(person__user__username="bithu", position=Position.SECRETARY)
    )
    return seat.term.org


def issued():
    return Resolution.objects.exclude(status=ResolutionStatus.DRAFT)


def adopted_meetings():
    return Meeting.objects.filter(
        status=MeetingStatus.SIGNED, kind__in=(MeetingKind.REGULAR, MeetingKind.THEMATIC), vote__adopted=True
    )


# ---------------------------------------------------------------- resolutions and their items (R14, R15, R19, R20)


def test_every_adopted_meeting_has_its_issued_resolution(bloc):
    meetings = list(adopted_meetings().select_related("vote"))
    assert len(meetings) > 50
    own = Counter(Resolution.objects.filter(corrects__isnull=True).values_list("meeting_id", flat=True))
    for m in meetings:
        assert own[m.pk] == 1, m
    resolutions = issued().filter(corrects__isnull=True).select_related("meeting__vote")
    for r in resolutions:
        m = r.meeting
        assert m.status == MeetingStatus.SIGNED and m.vote.adopted
        # Signed a few working days after the meeting (Tết may push that back by a week).
        assert m.date < r.issued_on < TODAY and r.issued_on - m.date <= dt.timedelta(days=15)
        if m.kind == MeetingKind.THEMATIC:
            assert r.kind == ResolutionKind.THEMATIC and r.theme_reason.strip()  # R19
        else:
            assert r.kind == ResolutionKind.REGULAR and r.title == m.vote.subject
    assert {r.kind for r in resolutions} == {ResolutionKind.REGULAR, ResolutionKind.THEMATIC}
    # A draft the meeting voted down is never issued.
    rejected = Meeting.objects.filter(status=MeetingStatus.SIGNED, vote__adopted=False)
    assert not issued().filter(meeting__in=rejected).exists()


def test_every_issued_resolution_states_what_each_item_must(bloc):
    resolutions = list(issued().select_related("meeting", "org"))
    for r in resolutions:
        assert resolution_queries.issue_problems(r) == [], (
            r
        )  # R15: content, measures, deadline, assignee, supervisor
        items = list(r.items.all())
        assert 1 <= len(items) <= 7 and (r.corrects_id or len(items) >= 3)
        committee = {p.pk for p in meeting_queries.committee_on(r.org, r.meeting.date)}
        for item in items:
            assert item.content and item.requirement and item.measures
            assert {item.assignee_id, item.supervisor_id} <= committee  # R26
            assert item.assignee_id != item.supervisor_id
            # R20: relative deadlines resolved from the day of issue.
            given = item.deadline if item.deadline_kind == DeadlineKind.DATE else None
            assert item.deadline == deadlines.resolve(item.deadline_kind, r.issued_on, given)
            assert item.deadline > r.issued_on
    kinds = Counter(Item.objects.issued().values_list("deadline_kind", flat=True))
    assert set(kinds) == set(DeadlineKind.values)
    contents = set(Item.objects.values_list("content", flat=True))
    assert len(contents) > 30
    assert "Tạo nguồn, bồi dưỡng quần chúng ưu tú để xem xét kết nạp vào Đảng" in contents
    # The text each resolution was issued with is kept as its version.
    for r in resolutions[:: max(1, len(resolutions) // 10)]:
        assert r.versions.get().text == resolution_texts.render_text(r)


def test_numbers_follow_issuance_without_gaps_and_the_series_continues(bloc):
    series = {}
    for r in issued().select_related("org").order_by("issued_on", "created_at"):
        series.setdefault((r.org_id, r.term_id), []).append(r)
    assert len(series) == demo.TINY.grassroots
    for (org_id, term_id), rows in series.items():
        assert [r.number for r in rows] == list(range(1, len(rows) + 1))
        assert all(r.number_display == display(r.number, DOC_TYPE, r.org.issuer_code) for r in rows)
        counter = DocumentCounter.objects.get(org_id=org_id, term_id=term_id, doc_type=DOC_TYPE)
        assert counter.last_number == len(rows)

    # An organization written in bulk issues a new resolution: the next number, no gap (orgs.numbering).
    org = Organization.objects.grassroots().exclude(pk=persona_org().pk).order_by("code").first()
    meeting = (
        Meeting.objects.filter(org=org, kind=MeetingKind.REGULAR, date__gte=THIS_MONTH)
        .exclude(status=MeetingStatus.SIGNED)
        .order_by("date")
        .first()
    )
    committee = meeting_queries.committee_on(org, meeting.date)
    rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in committee}
    meeting_services.record_attendance(meeting, rows, chair=committee[0], recorder=committee[1])
    meeting_services.record_vote(
        meeting, subject="Nghị quyết tháng 12", votes_for=len(committee), votes_against=0, votes_abstain=0
    )
    draft = services.create_draft(org, title="Nghị quyết tháng 12", meeting=meeting, **SECTIONS)
    services.save_item(
        draft,
        content="Tổng kết công tác năm",
        requirement="Đúng hướng dẫn",
        measures="Các chi bộ gửi báo cáo",
        deadline_kind=DeadlineKind.MONTH,
        assignee=committee[0],
        supervisor=committee[1],
    )
    before = DocumentCounter.objects.get(org=org, doc_type=DOC_TYPE).last_number
    new = services.issue(draft, signer=committee[0], on=max(meeting.date, TODAY))
    assert new.number == before + 1
    assert new.number_display == display(before + 1, DOC_TYPE, org.issuer_code)


# ---------------------------------------------------------------- carrying them out (R23, R25, R26)


def test_items_are_in_every_state_as_of_today(bloc):
    items = list(Item.objects.issued().select_related("resolution"))
    statuses = Counter(i.status for i in items)
    assert set(statuses) == set(ItemStatus.values)
    assert statuses[ItemStatus.DONE] > len(items) / 2  # most of a year's work gets done
    states = Counter(resolution_queries.item_state(i, TODAY)[0] for i in items)
    assert {
        resolution_queries.State.ON_TIME,
        resolution_queries.State.LATE,
        resolution_queries.State.NOT_DONE,
    } <= set(states)
    assert any(i.status == ItemStatus.NOT_STARTED and i.is_overdue(TODAY) for i in items)
    assert any(i.status == ItemStatus.IN_PROGRESS and 0 < i.percent < 100 for i in items)
    assert any(i.status == ItemStatus.REPORTED_DONE for i in items)
    difficulties = Counter(Difficulty.objects.values_list("status", flat=True))
    assert difficulties[DifficultyStatus.OPEN] and difficulties[DifficultyStatus.ANSWERED]
    assert Difficulty.objects.filter(status=DifficultyStatus.ANSWERED, item__status=ItemStatus.DONE).exists()


def test_each_item_state_is_what_its_updates_made_it(bloc):
    updates: dict[int, list[ProgressUpdate]] = {}
    for u in ProgressUpdate.objects.order_by("created_at", "id"):
        updates.setdefault(u.item_id, []).append(u)
    open_difficulty = set(
        Difficulty.objects.filter(status=DifficultyStatus.OPEN).values_list("item_id", flat=True)
    )
    for item in Item.objects.issued().select_related("resolution"):
        mine = updates.get(item.pk, [])
        issued_at = timezone.make_aware(dt.datetime.combine(item.resolution.issued_on, dt.time(0, 0)))
        assert all(issued_at < u.created_at and timezone.localdate(u.created_at) < TODAY for u in mine)
        assert all(u.author_id == item.assignee_id and u.note for u in mine)
        if item.status == ItemStatus.DONE:
            report = [u for u in mine if u.status == ItemStatus.REPORTED_DONE][-1]
            assert item.completed_on == timezone.localdate(report.created_at)
            assert item.confirmed_by_id == item.supervisor_id and item.confirmed_at >= report.created_at
            assert item.percent == 100
        elif item.status == ItemStatus.REPORTED_DONE:
            assert mine[-1].status == ItemStatus.REPORTED_DONE and item.percent == 100
        elif item.status == ItemStatus.BLOCKED:
            assert item.pk in open_difficulty
        elif item.status == ItemStatus.IN_PROGRESS:
            assert mine and mine[-1].percent == item.percent
        else:
            assert not mine and item.percent == 0
        assert (item.pk in open_difficulty) == (item.status == ItemStatus.BLOCKED)


def test_reminders_follow_the_deadlines_and_todays_run_is_done(bloc):
    secretaries = {
        s.term.org_id: s.person_id
        for s in CommitteeMembership.objects.filter(position=Position.SECRETARY).select_related("term")
    }
    rows = list(Reminder.objects.select_related("item__resolution"))
    assert {r.kind for r in rows} == set(ReminderKind.values)
    for r in rows:
        item, sent = r.item, timezone.localdate(r.sent_at)
        assert r.deadline == item.deadline and sent <= TODAY
        if r.kind == ReminderKind.BEFORE:
            assert item.deadline - dt.timedelta(days=services.days_before()) <= sent < item.deadline
            assert r.person_id == item.assignee_id
        elif r.kind == ReminderKind.OVERDUE:
            assert sent >= item.deadline and r.person_id in (item.assignee_id, item.supervisor_id)
        else:
            assert (sent - item.deadline).days > services.escalate_after()
            assert r.person_id == secretaries[item.resolution.org_id]
    # Every reminder due up to today has been sent: running the task again, today or on a past day,
    # finds nothing left to send (R23's idempotency, and the history's consistency).
    with transaction.atomic():
        for day in (TODAY, TODAY - dt.timedelta(days=1), TODAY - dt.timedelta(days=5)):
            assert set(services.send_reminders(day).values()) == {0}
        transaction.set_rollback(True)
    # Open items past their deadline have been reminded to their assignee.
    overdue = Item.objects.issued().overdue(TODAY).filter(status__in=REMINDED_STATUSES)
    reminded = set(Reminder.objects.filter(kind=ReminderKind.OVERDUE).values_list("item_id", "person_id"))
    assert overdue.exists()
    assert all((i.pk, i.assignee_id) in reminded for i in overdue)


# ---------------------------------------------------------------- reviews (R09, R25, R27, R35)


def test_meetings_evaluated_last_months_items(bloc):
    evaluations = list(ItemEvaluation.objects.select_related("meeting", "item"))
    assert {e.rating for e in evaluations} == set(Rating.values)
    for meeting_id in {e.meeting_id for e in evaluations}:
        meeting = Meeting.objects.get(pk=meeting_id)
        assert meeting.status == MeetingStatus.SIGNED and meeting.kind == MeetingKind.REGULAR
        allowed = set(
            Item.objects.filter(resolution__in=resolution_queries.previous_resolutions(meeting)).values_list(
                "pk", flat=True
            )
        )
        assert {e.item_id for e in evaluations if e.meeting_id == meeting_id} <= allowed
    for e in evaluations:
        if e.rating == Rating.NOT_DONE:
            assert e.item.deadline < e.meeting.date
    assert set(Commendation.objects.values_list("kind", flat=True)) == set(Recognition.values)


def test_open_meetings_have_last_months_review_prefilled(bloc):
    entries = list(
        AgendaEntry.objects.filter(section=Section.REVIEW)
        .exclude(meeting__status=MeetingStatus.SIGNED)
        .select_related("meeting")
    )
    assert len(entries) >= demo.TINY.grassroots
    for entry in entries:
        assert entry.text == resolution_texts.review_text(resolution_queries.review_summary(entry.meeting))
        assert entry.text.startswith("Nghị quyết số ")


def test_closed_resolutions_carry_their_lessons(bloc, client):
    closed = list(Resolution.objects.filter(status=ResolutionStatus.CLOSED).select_related("closing_review"))
    assert len(closed) >= 3
    for r in closed:
        assert not r.items.exclude(status=ItemStatus.DONE).exists()
        closing = r.closing_review
        assert closing.lessons.strip() and closing.results.startswith("Nghị quyết có ")
        assert timezone.localdate(closing.created_at) < TODAY
    org = persona_org()
    assert len([r for r in closed if r.org_id == org.pk]) >= 2
    # The drafting screen shows them (R27).
    client.force_login(Person.objects.get(user__username="bithu").user)
    page = client.get(reverse("resolutions:create", args=[org.code])).content.decode()
    lesson = resolution_queries.latest_lessons(org)[0].lessons
    assert lesson.split(";")[0] in page


# ---------------------------------------------------------------- the demo users' world


def test_the_demo_committee_has_a_correction_plans_and_last_years_review(bloc):
    org = persona_org()
    [amending] = Resolution.objects.filter(org=org, corrects__isnull=False).select_related("corrects")
    original = amending.corrects
    assert amending.correction == Correction.AMENDS and amending.status != ResolutionStatus.DRAFT
    assert amending.number > original.number and original.number_display in amending.title
    [item] = amending.items.all()
    before = original.items.get(content=item.content)
    assert item.deadline > before.deadline and item.measures != before.measures
    assert before.status == item.status == ItemStatus.DONE
    assert resolution_queries.item_state(before, TODAY)[0] == resolution_queries.State.LATE
    assert resolution_queries.item_state(item, TODAY)[0] == resolution_queries.State.ON_TIME
    latest = issued().filter(org=org, corrects__isnull=True).order_by("-issued_on").first()
    assert set(latest.plans.values_list("kind", flat=True)) == set(PlanKind.values)
    assert latest.plans.get(kind=PlanKind.IMPLEMENTATION).rows.count() == latest.items.count()
    annual = AnnualReview.objects.get(org=org, year=TODAY.year - 1)
    assert (
        annual.figures["resolutions"]["total"]
        == issued().filter(org=org, issued_on__year=TODAY.year - 1).count()
    )
    assert annual.assessment.startswith(f"Năm {TODAY.year - 1}, ")
    # Went through the services: history rows exist.
    assert Resolution.history.filter(org_id=org.pk).exists() and Item.history.exists()


def test_the_secretarys_next_meeting_has_a_draft_missing_a_supervisor(bloc, client):
    org = persona_org()
    upcoming = (
        Meeting.objects.filter(org=org, date__gte=TODAY, kind__in=(MeetingKind.REGULAR, MeetingKind.THEMATIC))
        .exclude(status=MeetingStatus.SIGNED)
        .order_by("date")
        .first()
    )
    draft = Resolution.objects.get(meeting=upcoming, status=ResolutionStatus.DRAFT)
    problems = resolution_queries.issue_problems(draft)
    assert [(p.item, p.field) for p in problems if p.item] == [(3, "supervisor")]
    assert draft.versions.count() == 2
    client.force_login(Person.objects.get(user__username="bithu").user)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="issue-problems"' in page and 'data-item="3" data-field="supervisor"' in page


def test_capuy_has_open_items_some_overdue_one_due_this_week(bloc, client):
    capuy = Person.objects.get(user__username="capuy")
    mine = list(Item.objects.issued().filter(assignee=capuy, status__in=OPEN_STATUSES))
    assert sum(i.is_overdue(TODAY) for i in mine) >= 2
    assert any(TODAY <= i.deadline <= WEEK_END for i in mine)
    # Both demo users have reports to confirm; the secretary has a difficulty to answer.
    bithu = Person.objects.get(user__username="bithu")
    for person in (capuy, bithu):
        assert Item.objects.filter(supervisor=person, status=ItemStatus.REPORTED_DONE).exists()
    assert Difficulty.objects.filter(
        status=DifficultyStatus.OPEN, item__resolution__org=persona_org()
    ).exists()
    # What the services told them: the old notifications read, the recent ones not.
    notes = Notification.objects.filter(recipient=capuy.user, url__startswith="/resolutions/")
    assert notes.filter(read_at__isnull=False).exists() and notes.filter(read_at__isnull=True).exists()


def test_dangvien_sees_nothing_of_the_committee(bloc, client):
    dangvien = Person.objects.get(user__username="dangvien")
    assert not Item.objects.filter(assignee=dangvien).exists()
    assert not Item.objects.filter(supervisor=dangvien).exists()
    resolution = issued().filter(org=persona_org()).first()
    client.force_login(dangvien.user)
    assert client.get(resolution.get_absolute_url()).status_code == 404
    assert client.get(reverse("resolutions:item", args=[resolution.items.first().pk])).status_code == 404


# ---------------------------------------------------------------- the same resolutions every time


def test_resolutions_are_deterministic_and_quick(bloc):
    assert bloc.seconds < 60
    before = digest()
    assert regenerate() == before
    assert regenerate(seed=7) != before


def test_bulk_writer_writes_what_the_services_write(bloc):
    """The bulk writer used for most of the bloc leaves exactly the rows the services leave."""
    before = digest()
    assert regenerate(bulk=False) == before


# ---------------------------------------------------------------- the command


def test_seed_demo_generates_resolutions_and_skips_them_without_history(bloc):
    out = io.StringIO()
    call_command("seed_demo", "--scale", "tiny", "--flush", "--months", "3", stdout=out)
    text = out.getvalue()
    assert "Đang tạo nghị quyết và việc thực hiện nghị quyết của 5 tổ chức cơ sở đảng…" in text
    assert "đã ban hành" in text and "nhiệm vụ" in text
    assert (
        text.index("Đang tạo lịch sử") < text.index("Đang tạo nghị quyết") < text.index("Tài khoản dùng thử")
    )
    assert issued().exists() and Item.objects.issued().exists()
    for r in issued():
        assert resolution_queries.issue_problems(r) == []

    out = io.StringIO()
    call_command("seed_demo", "--scale", "tiny", "--flush", "--no-history", stdout=out)
    assert not Resolution.objects.exists()
    assert "nghị quyết" not in out.getvalue()


def test_r45_after_the_seed_search_finds_every_committees_resolutions_and_the_index_is_current(bloc):
    """#16.1: after `make run` search held one organization's entries; the seed now builds the index."""
    from nghiquyet.documents import search
    from nghiquyet.documents.models import SearchEntry

    call_command("seed_demo", "--scale", "tiny", "--flush", "--months", "3", stdout=io.StringIO())
    out = io.StringIO()
    call_command("reindex", "--check", stdout=out)
    assert "The search index is current." in out.getvalue()
    issuers = set(issued().values_list("org_id", flat=True))
    assert len(issuers) > 1
    indexed = set(SearchEntry.objects.filter(kind="resolution").values_list("org_id", flat=True))
    assert issuers <= indexed
    # A resolution of every committee is found among its committee's by its title typed without
    # diacritics, as a secretary types it.
    for org_id in issuers:
        resolution = (
            issued().filter(org_id=org_id).select_related("org").order_by("-issued_on", "-pk").first()
        )
        words = " ".join(search.fold_chars(resolution.title).split()[:8])
        page = search.search(words, None, org_path=resolution.org.path, kinds=["resolution"], limit=50)
        assert resolution.pk in [r.entry.object_id for r in page.results], (resolution.title, words)
