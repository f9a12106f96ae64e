"""Reviewing resolutions (R09, R25, R27, R35): last month's review at the next meeting, evaluations,
commendations and criticisms, the closing review with its lessons, the yearly review (sơ kết).

The state of an item at a review is read from the record, never typed in:
- done on time / done late: confirmed done, finished on or before / after its deadline;
- not done: still open after its deadline;
- in progress / not started: still open, its deadline not reached yet.
The finish date is `completed_on`, or the day the supervisor confirmed it when that is missing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractMonth, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.lib.dates import long_vn
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.meetings import queries as meeting_queries
from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import Meeting, MeetingKind, MeetingStatus, Section
from nghiquyet.meetings.queries import signing_state
from nghiquyet.orgs.models import Organization, Person

from .models import (
    OPEN_STATUSES,
    AnnualReview,
    ClosingReview,
    Commendation,
    Difficulty,
    Item,
    ItemEvaluation,
    ItemStatus,
    ProgressUpdate,
    Rating,
    Recognition,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
)

ISSUED_STATUSES = (ResolutionStatus.ISSUED, ResolutionStatus.CLOSED)
HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.SIGNED)


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


# ---------------------------------------------------------------- reading the items' states


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
    note = ProgressUpdate.objects.filter(item=OuterRef("pk")).exclude(note="").order_by("-created_at", "-id")
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


def previous_resolutions(meeting: Meeting) -> list[Resolution]:
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
    previous = previous_regular_meeting(meeting)
    if previous is None:
        return list(qs.filter(issued_on__lt=meeting.date).order_by("-issued_on", "-id")[:1])
    qs = qs.filter(Q(meeting=previous) | Q(issued_on__gte=previous.date, issued_on__lt=meeting.date))
    return list(qs.order_by("issued_on", "number", "id"))


def review_summary(meeting: Meeting) -> ReviewSummary:
    """Each item of last month's resolutions with its state on the meeting day and the cause given
    (three queries)."""
    resolutions = previous_resolutions(meeting)
    reviews = _review(resolutions, meeting.date)
    counts = Counter()
    for r in reviews:
        counts.update(r.counts)
    return ReviewSummary(meeting, meeting.date, reviews, counts)


def resolution_review(resolution: Resolution, as_of: dt.date | None = None) -> ResolutionReview:
    """The state of each item of one resolution on `as_of` (today by default)."""
    return _review([resolution], as_of or timezone.localdate())[0]


# ---------------------------------------------------------------- the review text (R09)


def _counts_vi(counts: Counter) -> str:
    parts = [
        f"{counts[State.ON_TIME]} {State.VI[State.ON_TIME]}",
        f"{counts[State.LATE]} {State.VI[State.LATE]}",
        f"{counts[State.NOT_DONE]} {State.VI[State.NOT_DONE]}",
    ]
    if counts[State.IN_PROGRESS]:
        parts.append(f"{counts[State.IN_PROGRESS]} {State.VI[State.IN_PROGRESS]}")
    if counts[State.NOT_STARTED]:
        parts.append(f"{counts[State.NOT_STARTED]} {State.VI[State.NOT_STARTED]}")
    return ", ".join(parts)


def _item_line_vi(review: ItemReview) -> str:
    item = review.item
    who = f"đ/c {item.assignee.full_name}" if item.assignee else "chưa phân công"
    deadline = f"hạn {item.deadline:%d/%m/%Y}" if item.deadline else "không ghi thời hạn"
    line = f"{review.number}. {item.content} ({who}, {deadline}): {State.VI[review.state]}"
    if review.state == State.ON_TIME and review.finished_on:
        line += f" (ngày {review.finished_on:%d/%m/%Y})"
    elif review.state == State.LATE:
        line += f" (ngày {review.finished_on:%d/%m/%Y}, chậm {review.days_off} ngày)"
    elif review.state == State.NOT_DONE:
        line += f" (quá hạn {review.days_off} ngày)"
    if review.state != State.ON_TIME and item.status == ItemStatus.REPORTED_DONE:
        line += ", đã báo cáo hoàn thành, chờ xác nhận"
    line += "."
    if review.state in (State.LATE, State.NOT_DONE):
        line += f" Nguyên nhân: {review.cause or 'chưa báo cáo'}."
    elif review.cause:
        line += f" Vướng mắc: {review.cause}."
    return line


def review_text(summary: ReviewSummary) -> str:
    """The review of last month as the meeting records it (Vietnamese: it goes into the minutes)."""
    if not summary.resolutions:
        return ""
    blocks = []
    for r in summary.resolutions:
        resolution = r.resolution
        head = f"Nghị quyết số {resolution.number_display}"
        if resolution.issued_on:
            head += f" {long_vn(resolution.issued_on)}"
        head += f" ({resolution.title}) có {len(r.items)} nhiệm vụ: {_counts_vi(r.counts)}."
        blocks.append("\n".join([head, *(_item_line_vi(i) for i in r.items)]))
    blocks.append("Ưu điểm:\nHạn chế, khuyết điểm và nguyên nhân:\nPhương hướng khắc phục:")
    return "\n\n".join(blocks)


@transaction.atomic
def prefill_review(meeting: Meeting):
    """Write the review of last month, generated from the items' states, into the meeting's REVIEW
    section (R09). Refused on a locked meeting; replaces what the section held."""
    text = review_text(review_summary(meeting))
    if not text:
        raise ValidationError(_("There is no issued regular resolution of last month to review."))
    return meeting_services.record_section(meeting, Section.REVIEW, text)


# ---------------------------------------------------------------- evaluations, commendations (R25)


def _ensure_open(meeting: Meeting) -> None:
    # Once a first signature has fixed the minutes' text, nothing more is recorded in the meeting.
    if meeting.is_locked_in_db() or signing_state(meeting).closed:
        raise ImmutableError(meeting)


@transaction.atomic
def evaluate_items(meeting: Meeting, ratings: dict[int, tuple[str, str]]) -> list[ItemEvaluation]:
    """Record the meeting's evaluation of items of last month's resolutions (R25).

    `ratings` maps an item id to (rating, comment); an item already evaluated here is updated.
    """
    _ensure_open(meeting)
    allowed = set(
        Item.objects.filter(resolution__in=[r.pk for r in previous_resolutions(meeting)]).values_list(
            "pk", flat=True
        )
    )
    errors = {}
    for item_id, (rating, _comment) in ratings.items():
        if item_id not in allowed:
            errors["ratings"] = _("Only the items of last month's resolutions are evaluated here.")
        elif rating not in Rating.values:
            errors[f"rating_{item_id}"] = _("Choose an evaluation.")
    if errors:
        raise ValidationError(errors)
    out = []
    for item_id, (rating, comment) in ratings.items():
        evaluation, _created = ItemEvaluation.objects.update_or_create(
            meeting=meeting, item_id=item_id, defaults={"rating": rating, "comment": comment.strip()}
        )
        out.append(evaluation)
    return out


def recognizable(meeting: Meeting) -> tuple[list[Person], list[Organization]]:
    """Who may be commended or criticized at the meeting: the org's members and committee, and the units
    of its subtree (three queries)."""
    org = meeting.org
    people = {p.pk: p for p in Person.objects.in_subtree(org)}
    for p in meeting_queries.committee_on(org, meeting.date):
        people.setdefault(p.pk, p)
    units = list(Organization.objects.subtree(org).order_by("path"))
    return sorted(people.values(), key=lambda p: (p.sort_key, p.pk)), units


@transaction.atomic
def add_commendation(
    meeting: Meeting,
    kind: str,
    *,
    text: str,
    person: Person | None = None,
    unit: Organization | None = None,
) -> Commendation:
    """A commendation or criticism of one member or one unit of the organization (R25)."""
    _ensure_open(meeting)
    if kind not in Recognition.values:
        raise ValidationError({"kind": _("Choose commendation or criticism.")})
    if (person is None) == (unit is None):
        raise ValidationError({"person": _("Choose either a person or a unit.")})
    if not text.strip():
        raise ValidationError({"text": _("Give the reason.")})
    people, units = recognizable(meeting)
    if person is not None and person.pk not in {p.pk for p in people}:
        raise ValidationError({"person": _("Choose a member of the organization.")})
    if unit is not None and unit.pk not in {u.pk for u in units}:
        raise ValidationError({"unit": _("Choose a unit of the organization.")})
    return Commendation.objects.create(
        meeting=meeting, kind=kind, person=person, unit=unit, text=text.strip()
    )


# ---------------------------------------------------------------- closing review (R27)


def results_text(review: ResolutionReview) -> str:
    """A starting text for the closing review's results, from the items' states (Vietnamese)."""
    lines = [f"Nghị quyết có {len(review.items)} nhiệm vụ: {_counts_vi(review.counts)}."]
    lines += [_item_line_vi(i) for i in review.items]
    return "\n".join(lines)


@transaction.atomic
def close_resolution(resolution: Resolution, *, results: str, lessons: str, by=None) -> ClosingReview:
    """Close an issued resolution with its closing review; the lessons are required, and shown when the
    next resolution is drafted (R27). An empty results text is generated from the items' states."""
    resolution = Resolution.objects.select_for_update(of=("self",)).get(pk=resolution.pk)
    if resolution.status != ResolutionStatus.ISSUED:
        raise ValidationError(
            _("Only an issued resolution is closed.")
            if resolution.status == ResolutionStatus.DRAFT
            else _("This resolution is already closed.")
        )
    if not lessons.strip():
        raise ValidationError({"lessons": _("Write the lessons learned.")})
    results = results.strip() or results_text(resolution_review(resolution))
    review = ClosingReview.objects.create(
        resolution=resolution, results=results, lessons=lessons.strip(), created_by=by
    )
    resolution.status = ResolutionStatus.CLOSED
    resolution.save(update_fields=["status"])
    return review


def latest_lessons(org: Organization, n: int = 3) -> list[ClosingReview]:
    """The lessons of the org's `n` most recently closed resolutions, for the drafting screen (one query)."""
    return list(
        ClosingReview.objects.filter(resolution__org=org)
        .exclude(lessons="")
        .select_related("resolution")
        .order_by("-created_at", "-id")[:n]
    )


# ---------------------------------------------------------------- the yearly review (R35)


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


@transaction.atomic
def compile_annual_review(org: Organization, year: int, today: dt.date | None = None) -> AnnualReview:
    """Compile (or recompile) the committee's yearly review from the records (R35); the committee's
    assessment text is kept."""
    review, _created = AnnualReview.objects.update_or_create(
        org=org, year=year, defaults={"figures": annual_figures(org, year, today)}
    )
    return review


@transaction.atomic
def save_annual_assessment(review: AnnualReview, assessment: str) -> AnnualReview:
    """The committee's own assessment of the year, written over the compiled figures."""
    review.assessment = assessment.strip()
    review.save(update_fields=["assessment"])
    return review
