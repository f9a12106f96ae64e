"""Reads of resolutions used by several views, services, documents and the API: the committee that signs,
what keeps a draft from being issued, the review of last month's resolutions and the year's figures
(R14-R27, R35). Nothing here writes: every change goes through `services`."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.documents.confidentiality import Viewer, classified_filter
from nghiquyet.documents.limits import too_long_text
from nghiquyet.lib.vietnamese import letter_count
from nghiquyet.meetings import queries as meeting_queries
from nghiquyet.meetings.models import Meeting, MeetingKind, MeetingStatus
from nghiquyet.meetings.queries import committee_on
from nghiquyet.orgs.models import (
    LEADING_POSITIONS,
    STANDING_POSITIONS,
    CommitteeMembership,
    Organization,
    Person,
    Term,
)
from nghiquyet.quality.checks import MIN_SECTION_LETTERS

from .models import (
    OPEN_STATUSES,
    ClosingReview,
    DeadlineKind,
    Difficulty,
    Item,
    ItemEvaluation,
    ItemStatus,
    ProgressUpdate,
    Rating,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
    ResolutionVersion,
    UpdateKind,
)

REQUIRED_ITEM_FIELDS = ("content", "requirement", "measures", "deadline", "assignee", "supervisor")
# The written sections of a resolution (I, II, IV; III is the items): none is issued empty (R45).
SECTION_FIELDS = ("assessment", "objectives", "implementation")


def meeting_resolutions(meeting: Meeting, viewer: Viewer | None) -> list[meeting_queries.LinkedResolution]:
    """The resolutions drafted for `meeting` (those `viewer` may read, when given), oldest first, as the
    meeting's pages and notice show them (one query); set as the meetings app's reader (apps.py), since
    meetings may not import resolutions."""
    rows = Resolution.objects.filter(meeting_id=meeting.pk)
    if viewer is not None:
        rows = rows.readable_by(viewer)
    rows = rows.order_by("created_at", "id").values_list("pk", "title", "number_display", "status")
    return [
        meeting_queries.LinkedResolution(
            pk=pk,
            title=title,
            number_display=number_display,
            is_draft=status == ResolutionStatus.DRAFT,
            url=reverse("resolutions:resolution", args=[pk]),
            docx_url=reverse("resolutions:document", args=[pk, "docx"]),
        )
        for pk, title, number_display, status in rows
    ]


def meeting_draft(meeting: Meeting) -> Resolution | None:
    """The meeting's resolution still in draft: there is at most one (R07)."""
    if meeting is None or meeting.pk is None:
        return None
    return Resolution.objects.filter(meeting_id=meeting.pk, status=ResolutionStatus.DRAFT).first()


def sections(resolution: Resolution) -> dict[str, tuple[str, str]]:
    """The written sections by field name: (label, text), for the issue rule and the quality checks."""
    return {
        name: (str(Resolution._meta.get_field(name).verbose_name), getattr(resolution, name) or "")
        for name in SECTION_FIELDS
    }


ISSUED_STATUSES = (ResolutionStatus.ISSUED, ResolutionStatus.CLOSED)


HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.SIGNED)


def _field_label(name: str) -> str:
    return {
        "content": _("content"),
        "requirement": _("requirement"),
        "measures": _("implementation measures"),
        "deadline": _("completion time"),
        "assignee": _("person in charge"),
        "supervisor": _("person who inspects and urges"),
    }[name]


def committee_members(org: Organization, day: dt.date) -> list[Person]:
    """The committee in office on `day`: those who may carry out, supervise and sign (R26)."""
    return committee_on(org, day)


@dataclass(frozen=True)
class Problem:
    item: int | None  # the item's number in the resolution, None for the resolution itself
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def issue_problems(resolution: Resolution, on: dt.date | None = None) -> list[Problem]:
    """Everything that stops issuance on `on` (today by default), naming exactly which item lacks which
    field (R15); nothing issued before its meeting, and no item due before the day of issue (R45). An issued
    resolution is checked as of its own date of issue."""
    on = on or resolution.issued_on or timezone.localdate()
    problems = []
    if not resolution.title.strip():
        problems.append(Problem(None, "title", _("The resolution has no subject.")))
    if resolution.kind == ResolutionKind.THEMATIC and not resolution.theme_reason.strip():
        problems.append(
            Problem(None, "theme_reason", _("A thematic resolution states why the topic was chosen."))
        )
    for name, (label, text) in sections(resolution).items():
        if letter_count(text) < MIN_SECTION_LETTERS:
            problems.append(
                Problem(None, name, _("The section “%(section)s” is not written.") % {"section": label})
            )
    items = list(resolution.items.order_by("order", "id"))
    if not items:
        problems.append(Problem(None, "items", _("The resolution has no items.")))
    for number, item in enumerate(items, start=1):
        for name in REQUIRED_ITEM_FIELDS:
            value = getattr(item, f"{name}_id" if name in ("assignee", "supervisor") else name)
            if value in (None, "") or (isinstance(value, str) and not letter_count(value)):
                problems.append(
                    Problem(
                        number,
                        name,
                        _("Item %(n)s has no %(field)s.") % {"n": number, "field": _field_label(name)},
                    )
                )
        # Relative deadlines resolve from the day of issue, on or after it: only a date can fall before.
        if item.deadline_kind == DeadlineKind.DATE and item.deadline is not None and item.deadline < on:
            problems.append(
                Problem(
                    number,
                    "deadline",
                    _("Item %(n)s: the deadline %(deadline)s is before the date of issue %(date)s.")
                    % {"n": number, "deadline": f"{item.deadline:%d/%m/%Y}", "date": f"{on:%d/%m/%Y}"},
                )
            )
    # Its document is made at issue: nothing longer than a document may be (#17.3).
    chars = sum(len(text) for _label, text in sections(resolution).values()) + sum(
        len(getattr(item, name) or "") for item in items for name in ("content", "requirement", "measures")
    )
    refusal = too_long_text(chars)
    if refusal:
        problems.append(Problem(None, "items", refusal))
    meeting = resolution.meeting
    vote = getattr(meeting, "vote", None) if meeting is not None else None
    if meeting is not None and meeting.date > on:
        problems.append(
            Problem(
                None,
                "meeting",
                _("The meeting that adopts it is on %(date)s: the resolution is issued from that day.")
                % {"date": f"{meeting.date:%d/%m/%Y}"},
            )
        )
    if meeting is None:
        problems.append(Problem(None, "meeting", _("Choose the meeting that adopts the resolution.")))
    elif vote is None:
        problems.append(Problem(None, "vote", _("The meeting has not voted on the resolution yet.")))
    elif not vote.adopted:
        problems.append(
            Problem(
                None,
                "vote",
                _(
                    "The meeting's vote did not adopt it: more than half of all committee members must approve."
                ),
            )
        )
    return problems


def term_on(org: Organization, day: dt.date) -> Term | None:
    return Term.objects.current(day).filter(org=org).order_by("-start_date").first()


def diff_versions(old: ResolutionVersion, new: ResolutionVersion) -> list[tuple[str, str]]:
    """A line diff of two versions: (tag, line) with tag ' ', '-' or '+'."""
    out = []
    for line in difflib.ndiff(old.text.splitlines(), new.text.splitlines()):
        if line.startswith("? "):
            continue
        out.append((line[0], line[2:]))
    return out


class State:
    """An item's state at a review; the first three are the ones the scheme asks to count."""

    ON_TIME = "on_time"
    LATE = "late"
    NOT_DONE = "not_done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"

    ORDER = (ON_TIME, LATE, NOT_DONE, IN_PROGRESS, NOT_STARTED)
    LABELS = {
        ON_TIME: gettext_lazy("Done on time"),
        LATE: gettext_lazy("Done late"),
        NOT_DONE: gettext_lazy("Not done"),
        IN_PROGRESS: gettext_lazy("In progress, not yet due"),
        NOT_STARTED: gettext_lazy("Not started, not yet due"),
    }
    # The review is a document of the meeting: Vietnamese whatever the reader's language.
    VI = {
        ON_TIME: "hoàn thành đúng hạn",
        LATE: "hoàn thành chậm",
        NOT_DONE: "chưa hoàn thành",
        IN_PROGRESS: "đang thực hiện (chưa đến hạn)",
        NOT_STARTED: "chưa triển khai (chưa đến hạn)",
    }


@dataclass
class ItemReview:
    item: Item
    number: int
    state: str
    finished_on: dt.date | None
    days_off: int | None  # days late (done late) or overdue (not done)
    cause: str

    @property
    def state_label(self) -> str:
        return str(State.LABELS[self.state])


@dataclass
class ResolutionReview:
    resolution: Resolution
    items: list[ItemReview]
    counts: Counter = field(default_factory=Counter)


@dataclass
class ReviewSummary:
    meeting: Meeting
    as_of: dt.date
    resolutions: list[ResolutionReview]
    counts: Counter

    @property
    def items(self) -> list[ItemReview]:
        return [i for r in self.resolutions for i in r.items]


def _finished_on(item: Item) -> dt.date | None:
    if item.completed_on:
        return item.completed_on
    return timezone.localdate(item.confirmed_at) if item.confirmed_at else None


def item_state(item: Item, as_of: dt.date) -> tuple[str, dt.date | None, int | None]:
    """(state, finish date, days late or overdue) of one item on the day `as_of`."""
    if item.status == ItemStatus.DONE:
        finished = _finished_on(item)
        if item.deadline and finished and finished > item.deadline:
            return State.LATE, finished, (finished - item.deadline).days
        return State.ON_TIME, finished, None
    if item.deadline and item.deadline < as_of:
        return State.NOT_DONE, None, (as_of - item.deadline).days
    if item.status == ItemStatus.NOT_STARTED:
        return State.NOT_STARTED, None, None
    return State.IN_PROGRESS, None, None


def _annotated_items(resolution_ids):
    """Items with the latest difficulty and the latest progress note given on each (one query)."""
    difficulty = Difficulty.objects.filter(item=OuterRef("pk")).order_by("-created_at", "-id")
    # The assignee's own notes: a supervisor's reason for sending the item back is not their account.
    note = (
        ProgressUpdate.objects.filter(item=OuterRef("pk"), kind=UpdateKind.REPORT)
        .exclude(note="")
        .order_by("-created_at", "-id")
    )
    return (
        Item.objects.filter(resolution_id__in=resolution_ids)
        .select_related("assignee", "supervisor")
        .annotate(
            latest_difficulty=Subquery(difficulty.values("text")[:1]),
            latest_note=Subquery(note.values("note")[:1]),
        )
        .order_by("resolution_id", "order", "id")
    )


def _review(resolutions: list[Resolution], as_of: dt.date) -> list[ResolutionReview]:
    by_resolution: dict[int, list[Item]] = {r.pk: [] for r in resolutions}
    for item in _annotated_items(list(by_resolution)):
        by_resolution[item.resolution_id].append(item)
    out = []
    for resolution in resolutions:
        reviews = []
        for number, item in enumerate(by_resolution[resolution.pk], start=1):
            state, finished, days = item_state(item, as_of)
            # The cause of a delay: the difficulty reported, else the assignee's latest note; an item not
            # yet due shows only a difficulty reported on it.
            if state in (State.LATE, State.NOT_DONE):
                cause = item.latest_difficulty or item.latest_note or ""
            elif state == State.ON_TIME:
                cause = ""
            else:
                cause = item.latest_difficulty or ""
            reviews.append(ItemReview(item, number, state, finished, days, cause.strip()))
        out.append(ResolutionReview(resolution, reviews, Counter(i.state for i in reviews)))
    return out


def previous_regular_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(org_id=meeting.org_id, kind=MeetingKind.REGULAR, date__lt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-date", "-id")
        .first()
    )


def previous_resolutions(meeting: Meeting, viewer: Viewer | None = None) -> list[Resolution]:
    """ "Last month's resolution": the org's issued regular resolutions adopted at the previous regular
    meeting, and any issued since it and before this meeting (two queries).

    Without an earlier regular meeting on record, the latest one issued before this meeting.
    """
    qs = (
        Resolution.objects.filter(
            org_id=meeting.org_id, kind=ResolutionKind.REGULAR, status__in=ISSUED_STATUSES
        )
        .exclude(meeting_id=meeting.pk)
        .select_related("org")
    )
    if viewer is not None:
        qs = qs.readable_by(viewer)  # a page shows classified ones to the roles named on them (#17.1)
    previous = previous_regular_meeting(meeting)
    if previous is None:
        return list(qs.filter(issued_on__lt=meeting.date).order_by("-issued_on", "-id")[:1])
    qs = qs.filter(Q(meeting=previous) | Q(issued_on__gte=previous.date, issued_on__lt=meeting.date))
    return list(qs.order_by("issued_on", "number", "id"))


def review_summary(meeting: Meeting, viewer: Viewer | None = None) -> ReviewSummary:
    """Each item of last month's resolutions (those `viewer` may read, when given) with its state on the
    meeting day and the cause given (three queries)."""
    resolutions = previous_resolutions(meeting, viewer)
    reviews = _review(resolutions, meeting.date)
    counts = Counter()
    for r in reviews:
        counts.update(r.counts)
    return ReviewSummary(meeting, meeting.date, reviews, counts)


def resolution_review(resolution: Resolution, as_of: dt.date | None = None) -> ResolutionReview:
    """The state of each item of one resolution on `as_of` (today by default)."""
    return _review([resolution], as_of or timezone.localdate())[0]


def recognizable(meeting: Meeting) -> tuple[list[Person], list[Organization]]:
    """Who may be commended or criticized at the meeting: the org's members and committee, and the units
    of its subtree (three queries)."""
    org = meeting.org
    people = {p.pk: p for p in Person.objects.in_subtree(org)}
    for p in meeting_queries.committee_on(org, meeting.date):
        people.setdefault(p.pk, p)
    units = list(Organization.objects.subtree(org).order_by("path"))
    return sorted(people.values(), key=lambda p: (p.sort_key, p.pk)), units


def latest_lessons(org: Organization, viewer: Viewer | None = None, n: int = 3) -> list[ClosingReview]:
    """The lessons of the org's `n` most recently closed resolutions (those `viewer` may read, when given:
    the drafting screen, #17.1), one query."""
    rows = ClosingReview.objects.filter(resolution__org=org).exclude(lessons="")
    if viewer is not None:
        rows = rows.filter(classified_filter(viewer, prefix="resolution__", org_path="org__path"))
    return list(rows.select_related("resolution").order_by("-created_at", "-id")[:n])


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def annual_figures(org: Organization, year: int, today: dt.date | None = None) -> dict:
    """The year's figures from the records (four queries): resolutions issued by kind, their items by state
    and by month of issue, the evaluations, the closing reviews, and the meetings held.

    Items count in the year their resolution was issued; "overdue" is on `today` (the compiling day).
    """
    today = today or timezone.localdate()
    resolutions = Resolution.objects.filter(org=org, status__in=ISSUED_STATUSES, issued_on__year=year)

    by_kind = {k: 0 for k in ResolutionKind.values}
    closed = closed_with_lessons = 0
    rows = resolutions.values("kind").annotate(
        n=Count("pk"),
        closed=Count("pk", filter=Q(status=ResolutionStatus.CLOSED)),
        lessons=Count(
            "pk",
            filter=Q(status=ResolutionStatus.CLOSED, closing_review__isnull=False)
            & ~Q(closing_review__lessons=""),
        ),
    )
    for row in rows.order_by("kind"):
        by_kind[row["kind"]] = row["n"]
        closed += row["closed"]
        closed_with_lessons += row["lessons"]

    done = Q(status=ItemStatus.DONE)
    late = done & Q(deadline__isnull=False, finished__isnull=False, finished__gt=F("deadline"))
    open_ = Q(status__in=OPEN_STATUSES)
    month_rows = (
        Item.objects.filter(resolution__in=resolutions)
        .annotate(
            month=ExtractMonth("resolution__issued_on"),
            finished=Coalesce("completed_on", TruncDate("confirmed_at")),
        )
        .values("month")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=done),
            late=Count("pk", filter=late),
            overdue=Count("pk", filter=open_ & Q(deadline__lt=today)),
        )
        .order_by("month")
    )
    months = [
        {"month": m, "total": 0, "done_on_time": 0, "done_late": 0, "overdue_open": 0, "open_not_due": 0}
        for m in range(1, 13)
    ]
    for row in month_rows:
        month = months[row["month"] - 1]
        month["total"] = row["total"]
        month["done_on_time"] = row["done"] - row["late"]
        month["done_late"] = row["late"]
        month["overdue_open"] = row["overdue"]
        month["open_not_due"] = row["total"] - row["done"] - row["overdue"]
    total = sum(m["total"] for m in months)
    on_time = sum(m["done_on_time"] for m in months)
    done_late = sum(m["done_late"] for m in months)
    overdue = sum(m["overdue_open"] for m in months)

    ratings = {r: 0 for r in Rating.values}
    for rating, n in (
        ItemEvaluation.objects.filter(item__resolution__in=resolutions)
        .values_list("rating")
        .annotate(n=Count("pk"))
        .order_by("rating")
    ):
        ratings[rating] = n

    held = {k: 0 for k in MeetingKind.values}
    for kind, n in (
        Meeting.objects.filter(org=org, date__year=year, status__in=HELD_STATUSES)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    ):
        held[kind] = n
    # The Party Charter's monthly meeting: one due for every month of the year that has begun.
    due = 12 if year < today.year else (today.month if year == today.year else 0)

    return {
        "year": year,
        "as_of": today.isoformat(),
        "resolutions": {
            "total": sum(by_kind.values()),
            "by_kind": by_kind,
            "closed": closed,
            "closed_with_lessons": closed_with_lessons,
        },
        "items": {
            "total": total,
            "done_on_time": on_time,
            "done_late": done_late,
            "not_done": total - on_time - done_late,
            "overdue_open": overdue,
            "on_time_pct": _pct(on_time, total),
            "done_pct": _pct(on_time + done_late, total),
        },
        "evaluations": {"total": sum(ratings.values()), "by_rating": ratings},
        "meetings": {
            "regular_due": due,
            "regular_held": held[MeetingKind.REGULAR],
            "held_by_kind": held,
        },
        "months": months,
    }


def leaders(org: Organization, day: dt.date | None = None) -> list[Person]:
    """The secretary and deputy secretaries of the organization's current committee (one query)."""
    seats = (
        CommitteeMembership.objects.current(day)
        .filter(term__org=org, position__in=LEADING_POSITIONS)
        .select_related("person__user")
    )
    return [s.person for s in seats]


def manages(org: Organization, person: Person, day: dt.date | None = None) -> bool:
    """Whether `person` is the secretary, a deputy or a Standing Committee member of the organization's
    current committee: who may stand in for an item's supervisor (one query)."""
    return (
        CommitteeMembership.objects.current(day)
        .filter(term__org=org, person=person, position__in=STANDING_POSITIONS)
        .exists()
    )


# ---------------------------------------------------------------- items sent back (R25)
# An item is "sent back" from the supervisor's refusal until it is reported done again: the reason stays
# in front of the people carrying it while they continue, whatever progress they report meanwhile.


def pending_send_back(updates) -> ProgressUpdate | None:
    """The send-back still to be answered among an item's updates (the latest first), or None."""
    for update in updates:
        if update.kind == UpdateKind.SENT_BACK:
            return update
        if update.status in (ItemStatus.REPORTED_DONE, ItemStatus.DONE):
            return None
    return None


def with_sent_back_reason(items):
    """Items annotated with `sent_back_reason`: the reason of a send-back still to be answered, else ""
    or None (a subquery, no query more)."""
    turns = (
        ProgressUpdate.objects.filter(item=OuterRef("pk"))
        .filter(Q(kind=UpdateKind.SENT_BACK) | Q(status__in=(ItemStatus.REPORTED_DONE, ItemStatus.DONE)))
        .annotate(
            reason=Case(
                When(kind=UpdateKind.SENT_BACK, then=F("note")), default=Value(""), output_field=TextField()
            )
        )
        .order_by("-created_at", "-id")
    )
    return items.annotate(sent_back_reason=Subquery(turns.values("reason")[:1]))
