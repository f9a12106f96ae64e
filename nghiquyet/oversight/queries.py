"""Reads of the upper level used by several views, services and the API: who may be assigned, what
reaches whom, the inspection report, training coverage (R28-R37). Nothing here writes: every change goes
through `services`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.documents.models import Attachment
from nghiquyet.lib.paths import under_q
from nghiquyet.lib.vietnamese import fold, nfc
from nghiquyet.meetings.models import MeetingStatus
from nghiquyet.orgs.access import MANAGING_POSITIONS
from nghiquyet.orgs.models import (
    GRASSROOTS_KINDS,
    CommitteeMembership,
    Organization,
    Person,
    Position,
)
from nghiquyet.resolutions import mywork

from .addressing import directing_staff
from .dashboard import COLUMNS, Window, compute, grassroots_in
from .models import (
    Course,
    CourseAttendance,
    Decision,
    Guidance,
    GuidanceReceipt,
    InspectionPlan,
    InspectionRecord,
    Nomination,
    ProgramRequest,
    ProgramSubmission,
    Recommendation,
    RecommendationStatus,
    RecordStatus,
    UpperDifficulty,
)

# ---------------------------------------------------------------- Orientation


@dataclass(frozen=True)
class ReceiptRow:
    org: Organization
    receipt: GuidanceReceipt | None


def receipts(guidance: Guidance) -> list[ReceiptRow]:
    """Each addressed grassroots organization with its receipt, unread ones first (two queries)."""
    read = {r.org_id: r for r in GuidanceReceipt.objects.filter(guidance=guidance).select_related("read_by")}
    rows = [ReceiptRow(org, read.get(org.pk)) for org in guidance.addressees().only("code", "name", "path")]
    return sorted(rows, key=lambda r: (r.receipt is not None, r.org.path))


def guidance_for(org: Organization, day: dt.date) -> list[Guidance]:
    """The published guidance in force on `day` for `org` — addressed to it or to the grassroots
    organization above it — with its documents (two queries). For the meeting preparation screen."""
    return list(
        Guidance.objects.in_force(day)
        .addressed_to(org)
        .select_related("issuer")
        .prefetch_related(Prefetch("documents", queryset=Attachment.objects.order_by("id")))
        .order_by("period_start", "id")
    )


# ---------------------------------------------------------------- Inspection and supervision


def recommendation_assignees(record: InspectionRecord):
    """Those a recommendation can be assigned to: members registered in the inspected organization."""
    return Person.objects.in_subtree(record.org)


@dataclass(frozen=True)
class InspectionReport:
    start: dt.date
    end: dt.date
    plans: list
    totals: dict
    recommendations: dict
    rows: list


def _count(field: str, **conditions):
    return Count(field, filter=Q(**conditions), distinct=True)


def _under(roots: list[str] | None, prefix: str) -> Q:
    if roots is None:
        return Q()
    return under_q(roots, f"{prefix}path")


def inspection_report(
    roots: list[str] | None, start: dt.date, end: dt.date, today: dt.date | None = None
) -> InspectionReport:
    """Plans overlapping the period, records dated in it and their recommendations, counted in the
    database (four queries). `roots`: the paths of the inspecting bodies' organizations (None: all)."""
    today = today or timezone.localdate()
    plans = list(
        InspectionPlan.objects.filter(
            _under(roots, "body__org__"), period_start__lte=end, period_end__gte=start
        )
        .select_related("body")
        .annotate(
            target_count=Count("targets", distinct=True),
            record_count=_count("records", records__date__range=(start, end)),
        )
        .order_by("period_start", "id")
    )
    records = InspectionRecord.objects.filter(_under(roots, "plan__body__org__"), date__range=(start, end))
    totals = records.aggregate(
        records=Count("id"),
        concluded=Count("id", filter=Q(status=RecordStatus.CONCLUDED)),
        orgs=Count("org", distinct=True),
    )
    recommendations = Recommendation.objects.filter(record__in=records.values("pk")).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=RecommendationStatus.OPEN)),
        done=Count("id", filter=Q(status=RecommendationStatus.DONE)),
        overdue=Count("id", filter=Q(status=RecommendationStatus.OPEN, deadline__lt=today)),
    )
    rows = list(
        records.values("org_id", "org__code", "org__name")
        .annotate(
            record_count=Count("id", distinct=True),
            total=Count("recommendations", distinct=True),
            open=_count("recommendations", recommendations__status=RecommendationStatus.OPEN),
            done=_count("recommendations", recommendations__status=RecommendationStatus.DONE),
            overdue=_count(
                "recommendations",
                recommendations__status=RecommendationStatus.OPEN,
                recommendations__deadline__lt=today,
            ),
        )
        .order_by("org__path")
    )
    return InspectionReport(start, end, plans, totals, recommendations, rows)


def recommendation_tasks(person_id: int, today: dt.date) -> list[mywork.Task]:
    """The open recommendations of concluded inspections assigned to the person, as tasks for "Việc của
    tôi" (one query)."""
    rows = (
        Recommendation.objects.filter(
            assignee_id=person_id, status=RecommendationStatus.OPEN, record__status=RecordStatus.CONCLUDED
        )
        .select_related("record__org", "record__plan")
        .order_by("deadline", "id")
    )
    return [
        mywork.Task(
            kind=_("Inspection recommendation"),
            text=r.text,
            url=r.record.get_absolute_url(),
            org_name=r.record.org.name,
            deadline=r.deadline,
            source=r.record.plan.title,
        )
        for r in rows
    ]


# ---------------------------------------------------------------- Difficulties reported up


def difficulty_assignees(org: Organization) -> list[Person]:
    """Staff of the Organization Board and the Standing Committee above `org` (one query)."""
    return directing_staff(org)


# ---------------------------------------------------------------- Concretization


def submission_rows(request: ProgramRequest):
    """The addressed organizations, each annotated with its submission (id, time), those who have not
    submitted first: one query."""
    mine = ProgramSubmission.objects.filter(request=request, org=OuterRef("pk"))
    return (
        request.addressees()
        .annotate(
            submitted=Exists(mine),
            submission_id=Subquery(mine.values("pk")[:1]),
            submitted_at=Subquery(mine.values("submitted_at")[:1]),
        )
        .order_by("submitted", "path")
    )


def missing(request: ProgramRequest):
    """The addressed organizations that have not submitted (a queryset)."""
    return submission_rows(request).filter(submitted=False)


# ---------------------------------------------------------------- Recognition of exemplary secretaries

HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.SIGNED)


def secretary_seat(person: Person, day: dt.date) -> CommitteeMembership | None:
    """The person's current seat as secretary of a grassroots organization, if any."""
    return (
        CommitteeMembership.objects.current(day)
        .filter(person=person, position=Position.SECRETARY, term__org__kind__in=GRASSROOTS_KINDS)
        .select_related("term__org")
        .first()
    )


def secretaries_under(orgs: list[Organization], day: dt.date):
    """The secretaries in office of the grassroots organizations under these (a queryset of people)."""
    under = under_q((org.path for org in orgs), "term__org__path")
    seats = CommitteeMembership.objects.current(day).filter(
        under, position=Position.SECRETARY, term__org__kind__in=GRASSROOTS_KINDS
    )
    return Person.objects.filter(pk__in=seats.values("person_id")).order_by("sort_key", "id")


def nominees(nominations, year: int):
    """The nominations annotated with their committee's meeting indicators in `year` (one query):
    meetings held, average attendance %, average notice lead (days), meetings held on the regulation day,
    meetings with dissent recorded, meetings that reviewed last month's resolution."""
    held = Q(org__meetings__date__year=year, org__meetings__status__in=HELD_STATUSES)
    indicators = "org__meetings__indicators__"
    return nominations.annotate(
        meetings_held=Count("org__meetings", filter=held, distinct=True),
        attendance_pct=Avg(f"{indicators}attendance_pct", filter=held),
        notice_lead=Avg(f"{indicators}notice_lead_days", filter=held),
        on_day=Count(
            "org__meetings", filter=held & Q(**{f"{indicators}on_regulation_day": True}), distinct=True
        ),
        with_dissent=Count(
            "org__meetings", filter=held & Q(**{f"{indicators}dissent_recorded": True}), distinct=True
        ),
        reviewed=Count(
            "org__meetings", filter=held & Q(**{f"{indicators}last_month_reviewed": True}), distinct=True
        ),
    )


# ---------------------------------------------------------------- Sharing and proposals


def parse_topics(text: str) -> list[str]:
    """Topics written separated by commas or lines, without duplicates (ignoring case and diacritics)."""
    names, keys = [], set()
    for raw in text.replace("\n", ",").split(","):
        name = " ".join(nfc(raw).split())
        key = fold(name)
        if name and key not in keys:
            keys.add(key)
            names.append(name[:80])
    return names


# ---------------------------------------------------------------- Training

FOREVER = dt.date(9999, 12, 31)


def committee_seats(org: Organization, day: dt.date):
    """Current seats on the committees of the grassroots organizations in `org`'s subtree."""
    return CommitteeMembership.objects.current(day).filter(
        term__org__kind__in=GRASSROOTS_KINDS, term__org__path__startswith=org.path
    )


def trainees(course: Course, day: dt.date):
    """Who may attend: the committee members in office of the grassroots organizations of the course's
    organization (a queryset of people)."""
    return Person.objects.filter(pk__in=committee_seats(course.org, day).values("person_id")).order_by(
        "sort_key", "id"
    )


@dataclass(frozen=True)
class Coverage:
    org: Organization
    day: dt.date
    total: int
    trained: int
    untrained: list[CommitteeMembership]

    @property
    def percent(self) -> float | None:
        return round(100 * self.trained / self.total, 1) if self.total else None


def _trained_in_term():
    """A completed course that started within the seat's term (the term still running: since its start)."""
    return Exists(
        CourseAttendance.objects.filter(
            person=OuterRef("person"),
            completed=True,
            course__start_date__gte=OuterRef("term__start_date"),
            course__start_date__lte=Coalesce(OuterRef("term__end_date"), Value(FOREVER)),
        )
    )


def coverage(org: Organization, day: dt.date) -> Coverage:
    """Training coverage of the committees in office on `day` under `org`, with the exact list of those
    not yet trained in their term (two queries)."""
    seats = committee_seats(org, day).annotate(trained=_trained_in_term())
    counts = seats.aggregate(total=Count("id"), covered=Count("id", filter=Q(trained=True)))
    untrained = list(
        seats.filter(trained=False)
        .select_related("person", "term__org")
        .order_by("term__org__path", "person__sort_key", "id")
    )
    return Coverage(org, day, counts["total"], counts["covered"], untrained)


# ---------------------------------------------------------------- Periodic reports (R31, R35)

TOP_OVERDUE = 5


def _plain(value):
    """JSON-friendly: Decimal sums become floats."""
    return float(value) if isinstance(value, Decimal) else value


def _day_bounds(start: dt.date, as_of: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes from the first moment of `start` to the first moment after `as_of` (local time)."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min), tz),
        timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min), tz),
    )


def _upper_work(issuer: Organization, start: dt.date, as_of: dt.date) -> dict:
    """The upper level's own work in [start, as_of]: one query per kind (six)."""
    path = issuer.path
    since, until = _day_bounds(start, as_of)

    def within(field: str) -> Q:
        return Q(**{f"{field}__gte": since, f"{field}__lt": until})

    guidance = Guidance.objects.filter(within("published_at"), issuer__path__startswith=path).count()
    concluded = InspectionRecord.objects.filter(
        within("concluded_at"), plan__body__org__path__startswith=path, status=RecordStatus.CONCLUDED
    ).count()
    # Recommendations of inspections concluded by the end of the period, still open on its last day.
    open_then = Q(status=RecommendationStatus.OPEN) | Q(done_at__gte=until)
    recommendations = Recommendation.objects.filter(
        record__plan__body__org__path__startswith=path,
        record__status=RecordStatus.CONCLUDED,
        record__concluded_at__lt=until,
    ).aggregate(
        open=Count("pk", filter=open_then),
        overdue=Count("pk", filter=open_then & Q(deadline__lt=as_of)),
    )
    difficulties = (
        UpperDifficulty.objects.filter(org__path__startswith=path)
        .filter(within("created_at") | within("answered_at"))
        .aggregate(
            reported=Count("pk", filter=within("created_at")),
            answered=Count("pk", filter=within("answered_at")),
        )
    )
    training = Course.objects.filter(
        org__path__startswith=path, start_date__gte=start, start_date__lte=as_of
    ).aggregate(
        courses=Count("pk", distinct=True),
        people=Count("attendance__person", filter=Q(attendance__completed=True), distinct=True),
    )
    recognized = Nomination.objects.filter(
        within("decided_at"), org__path__startswith=path, decision=Decision.APPROVED
    ).count()
    return {
        "guidance_published": guidance,
        "inspections_concluded": concluded,
        "recommendations_open": recommendations["open"],
        "recommendations_overdue": recommendations["overdue"],
        "difficulties_reported": difficulties["reported"],
        "difficulties_answered": difficulties["answered"],
        "courses_held": training["courses"],
        "people_trained": training["people"],
        "nominations_recognized": recognized,
    }


def compile_figures(issuer: Organization, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict:
    """The report's figures from the records, as JSON-serializable data (a fixed number of queries).

    The grassroots figures are the bloc dashboard's totals over the issuer's grassroots organizations,
    taken on the period's last day or today while it runs (`as_of`).
    """
    window = Window.of(start, end, today)
    as_of = window.as_of
    orgs = grassroots_in([issuer], day=as_of)  # the tree of the period (R39)
    board = compute(orgs, window, trend=False)
    totals = board.totals
    figures: dict = {
        "as_of": as_of.isoformat(),
        "grassroots": orgs.filter(Q(active_from__isnull=True) | Q(active_from__lte=as_of))
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=start))
        .count(),
    }
    for column in COLUMNS:
        figures[column.key] = _plain(getattr(totals, column.key))
    figures.update(
        resolutions=totals.resolutions,
        items=totals.items,
        items_due=totals.items_due,
        items_on_time=totals.items_on_time,
    )
    worst = sorted((r for r in board.rows if r.overdue), key=lambda r: (-r.overdue, r.code))[:TOP_OVERDUE]
    figures["most_overdue"] = [
        {
            "code": r.code,
            "name": r.name,
            "overdue": r.overdue,
            "items_due": r.items_due,
            "items_on_time": r.items_on_time,
            "on_time_pct": _plain(r.on_time_pct),
            "held": r.held,
            "due": r.due,
        }
        for r in worst
    ]
    figures.update(_upper_work(issuer, start, as_of))
    return figures


# The figures as shown on the page: (key, label, unit), in two groups.
GRASSROOTS_FIGURES = (
    ("grassroots", gettext_lazy("Grassroots organizations"), ""),
    *((c.key, c.label, c.unit) for c in COLUMNS),
)
RESOLUTION_FIGURES = (
    ("resolutions", gettext_lazy("Resolutions issued"), ""),
    ("items", gettext_lazy("Items of those resolutions"), ""),
    ("items_due", gettext_lazy("Items falling due"), ""),
    ("items_on_time", gettext_lazy("of which done on time"), ""),
)
UPPER_FIGURES = (
    ("guidance_published", gettext_lazy("Guidance published"), ""),
    ("inspections_concluded", gettext_lazy("Inspections concluded"), ""),
    ("recommendations_open", gettext_lazy("Recommendations still open"), ""),
    ("recommendations_overdue", gettext_lazy("of which overdue"), ""),
    ("difficulties_reported", gettext_lazy("Difficulties reported up"), ""),
    ("difficulties_answered", gettext_lazy("Difficulties answered"), ""),
    ("courses_held", gettext_lazy("Training courses held"), ""),
    ("people_trained", gettext_lazy("People trained"), ""),
    ("nominations_recognized", gettext_lazy("Secretaries recognized"), ""),
)


def figure_groups(figures: dict) -> list[tuple[str, list[tuple[str, str, object, str]]]]:
    """The snapshot as labelled rows for the page: (group title, [(key, label, value, unit)])."""
    groups = (
        (_("Grassroots organizations: meetings and resolutions"), GRASSROOTS_FIGURES + RESOLUTION_FIGURES),
        (_("The upper level's work"), UPPER_FIGURES),
    )
    return [
        (title, [(key, label, figures.get(key), unit) for key, label, unit in _compiled(rows, figures)])
        for title, rows in groups
    ]


def _compiled(rows, figures: dict):
    """The rows of figures compiled before difficulties were split in two (#16.10): their one sum, under
    its label of then, in place of the two."""
    if "difficulties" not in figures or "item_difficulties" in figures:
        return rows
    split = ("item_difficulties", "upper_difficulties")
    out = [r for r in rows if r[0] not in split]
    if len(out) < len(rows):
        index = next(i for i, r in enumerate(rows) if r[0] in split)
        out.insert(index, ("difficulties", gettext_lazy("Open difficulties"), ""))
    return out


def signers(issuer: Organization, day: dt.date) -> list[Person]:
    """Who signs on behalf of the Standing Committee: the secretary, deputies and Standing Committee
    members of the issuer's committee in office on `day` (one query)."""
    seats = (
        CommitteeMembership.objects.current(day)
        .filter(term__org=issuer, position__in=MANAGING_POSITIONS)
        .select_related("person")
        .order_by("person__sort_key", "person_id")
    )
    return [s.person for s in seats]
