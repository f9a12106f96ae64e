"""The bloc dashboard (R31): for a period and a subtree, one row per grassroots organization with the
figures the Organization Board compares, a line of totals, and monthly trends.

Everything is aggregated in the database, whatever the number of organizations: the organizations, then
one statement grouping every source per organization (meetings with the stored indicators; resolutions
issued; items; difficulties on items; difficulties reported up: a UNION ALL summed per organization,
built once per process, `_sources_statement`, and given the selection and the window's dates), and one grouped query per trend series. Python only puts
the aggregated sums of each organization into its row and divides them (percentages and averages), so
the totals are computed from the same sums, weighted as they should be.

Definitions (as of `as_of` = the period's last day, or today while the period is running):
- meetings due: one a month (DOMAIN.md) for every whole month of the period the organization was active;
  the running month counts once its meeting is held. Held: regular meetings held (status held or signed);
  held / due counts at most the meetings due of each organization, so a second meeting in one month of
  one organization does not make up, in the totals, for a month another one missed.
- on the regulation day, notice lead, attendance, speakers per attendee, last month reviewed: the stored
  indicators (meetings.Indicators) of the non-standing meetings held in the period. A regular meeting
  is on the regulation day on that day or on the working day the calendar moved it to off a weekend or
  a holiday (`meetings.calendar.on_regulation_day`).
- resolutions: issued (or closed) with an issue date in the period, regular / thematic (others in the total).
- items with all fields: items of those resolutions with content, measures, a deadline, an assignee and a
  supervisor.
- done on time: items of issued resolutions whose deadline falls in the period up to `as_of`, confirmed
  done on or before the deadline.
- overdue: items of resolutions issued by `as_of` with a deadline before `as_of`, still open then.
- difficulties, two figures never added together, each the count of its own list (current state, #16.10):
  `item_difficulties`, difficulties reported on the items of the organization's resolutions, awaiting the
  committee's answer (resolutions.Difficulty, open); `upper_difficulties`, difficulties the organization
  reported to the upper level, awaiting its answer (oversight.UpperDifficulty, open or assigned).
- quality: the average stored quality score of the resolutions issued in the period (nghiquyet.quality).

The pages choose the organizations with `grassroots_in` (a past period: the tree of its last day, R39,
`DashboardScope.orgs_on`), `active_in` (no row for an organization
dissolved before the period or founded after it) and `with_overdue` (the "only with overdue items"
filter, as a subquery so the totals and trends follow it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Avg,
    BigIntegerField,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nghiquyet.lib.vietnamese import fold
from nghiquyet.meetings.models import Meeting, MeetingKind, MeetingStatus
from nghiquyet.orgs import history as org_history
from nghiquyet.orgs.models import GRASSROOTS_KINDS, Organization, OrgKind
from nghiquyet.resolutions.models import (
    OPEN_STATUSES,
    Difficulty,
    DifficultyStatus,
    Item,
    ItemStatus,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
)

from .models import OPEN_DIFFICULTY_STATUSES as UPPER_OPEN_STATUSES
from .models import UpperDifficulty

HELD = (MeetingStatus.HELD, MeetingStatus.SIGNED)
ISSUED = (ResolutionStatus.ISSUED, ResolutionStatus.CLOSED)
TREND_MONTHS = 12


# ---------------------------------------------------------------- period


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return add_months(day, 1) - dt.timedelta(days=1)


@lru_cache(maxsize=4096)  # a city's organizations share a few activity spans
def whole_months(start: dt.date, end: dt.date) -> int:
    """Calendar months lying wholly within [start, end]."""
    first = start if start.day == 1 else add_months(start, 1)
    after = end + dt.timedelta(days=1)
    last = after if after.day == 1 else month_start(after)
    return max(0, (last.year - first.year) * 12 + last.month - first.month)


@dataclass(frozen=True)
class Window:
    """The period asked for and the day its figures are taken on (never after today)."""

    start: dt.date
    end: dt.date
    as_of: dt.date

    @classmethod
    def of(cls, start: dt.date, end: dt.date, today: dt.date | None = None) -> Window:
        today = today or timezone.localdate()
        return cls(start, end, min(end, today))

    @property
    def running(self) -> bool:
        """True while the period's last month has not ended: its meeting is due only once held."""
        return self.as_of < month_end(self.as_of)

    @property
    def running_month(self) -> dt.date | None:
        return month_start(self.as_of) if self.running and self.as_of >= self.start else None


# ---------------------------------------------------------------- rows


def _pct(part: float | int | None, whole: float | int | None) -> float | None:
    if not whole:
        return None
    return round(100.0 * float(part or 0) / float(whole), 1)


def _avg(total: float | Decimal | None, n: int | None, digits: int = 1) -> float | None:
    if not n:
        return None
    return round(float(total or 0) / n, digits)


@dataclass
class Sums:
    """The aggregated sums of one organization (or of all of them: the totals)."""

    months_due: int = 0
    due: int = 0  # months_due, plus the running month once its meeting is held
    held: int = 0
    # held, capped at due for each organization: one organization meeting twice in a month does not
    # make up for another that did not meet, in the totals' held / due.
    held_counted: int = 0
    held_running: int = 0
    meetings: int = 0  # non-standing meetings held: the indicators' base
    on_day_known: int = 0
    on_day: int = 0
    lead_n: int = 0
    lead_sum: float = 0
    attendance_n: int = 0
    attendance_sum: float = 0
    speakers_n: int = 0
    speakers_sum: float = 0
    reviews: int = 0
    resolutions: int = 0
    regular: int = 0
    thematic: int = 0
    quality_n: int = 0
    quality_sum: float = 0
    items: int = 0
    items_complete: int = 0
    items_due: int = 0
    items_on_time: int = 0
    overdue: int = 0
    item_difficulties: int = 0  # on items, awaiting the committee's answer
    upper_difficulties: int = 0  # reported to the upper level, awaiting its answer

    @classmethod
    def total(cls, many: Iterable[Sums]) -> Sums:
        """The sums of all of `many`, column by column."""
        many = list(many)
        return cls(**{name: sum(map(attrgetter(name), many)) for name in cls.__dataclass_fields__})

    # The figures shown, derived from the sums.
    @property
    def held_pct(self) -> float | None:
        return _pct(min(self.held_counted, self.due), self.due)

    @property
    def on_day_pct(self) -> float | None:
        return _pct(self.on_day, self.on_day_known)

    @property
    def notice_lead(self) -> float | None:
        return _avg(self.lead_sum, self.lead_n)

    @property
    def attendance_pct(self) -> float | None:
        return _avg(self.attendance_sum, self.attendance_n)

    @property
    def speakers_per_attendee(self) -> float | None:
        return _avg(self.speakers_sum, self.speakers_n, 2)

    @property
    def reviews_pct(self) -> float | None:
        return _pct(self.reviews, self.held)

    @property
    def complete_pct(self) -> float | None:
        return _pct(self.items_complete, self.items)

    @property
    def on_time_pct(self) -> float | None:
        return _pct(self.items_on_time, self.items_due)

    @property
    def quality(self) -> float | None:
        return _avg(self.quality_sum, self.quality_n, 0)


@dataclass
class Row(Sums):
    org_id: int = 0
    code: str = ""
    name: str = ""
    kind: str = ""
    path: str = ""

    def get_kind_display(self) -> str:
        return OrgKind(self.kind).label


# The columns: key (a Sums attribute or property), header, unit, and whether more is better (for the
# colouring and for "worst first" sorting).
@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = ""  # "%", "days", ""
    better: str = "high"  # "high", "low" or "" (neutral)


COLUMNS = (
    Column("held", _("Meetings held"), "", "high"),
    Column("due", _("Meetings due"), "", ""),
    Column("held_pct", _("Held / due"), "%", "high"),
    Column("on_day_pct", _("On the regulation day"), "%", "high"),
    Column("notice_lead", _("Notice lead (days)"), "days", "high"),
    Column("attendance_pct", _("Attendance rate"), "%", "high"),
    Column("speakers_per_attendee", _("Speakers per attendee"), "", "high"),
    Column("regular", _("Regular resolutions"), "", ""),
    Column("thematic", _("Thematic resolutions"), "", ""),
    Column("complete_pct", _("Items with all fields"), "%", "high"),
    Column("on_time_pct", _("Items done on time"), "%", "high"),
    Column("overdue", _("Overdue items"), "", "low"),
    Column("reviews", _("Last-month reviews"), "", "high"),
    Column("item_difficulties", _("Difficulties on items, awaiting the committee's answer"), "", "low"),
    Column(
        "upper_difficulties", _("Difficulties reported to the upper level, awaiting its answer"), "", "low"
    ),
    # The resolutions' score, named apart from the meetings' own score listed on an organization's page.
    Column("quality", _("Average quality score of the resolutions"), "", "high"),
)
COLUMN_KEYS = {c.key: c for c in COLUMNS}
SORT_KEYS = ("name", "code", *COLUMN_KEYS)


@dataclass
class Dashboard:
    window: Window
    rows: list[Row]
    totals: Sums
    trend: list[dict] = field(default_factory=list)
    computed_at: dt.datetime | None = None  # set by `cached_compute`

    def sorted(self, key: str, descending: bool = False) -> list[Row]:
        """Rows sorted by a column; organizations without a figure come last either way."""
        if key not in SORT_KEYS:
            key = "code"
        present = [r for r in self.rows if getattr(r, key) is not None]
        missing = [r for r in self.rows if getattr(r, key) is None]
        if key in ("name", "code"):
            present.sort(key=lambda r: (fold(getattr(r, key)), r.code), reverse=descending)
        else:
            present.sort(key=lambda r: r.code)
            present.sort(key=lambda r: getattr(r, key), reverse=descending)
        return present + missing


ON_TIME = Q(status=ItemStatus.DONE, completed_on__isnull=False, completed_on__lte=F("deadline"))


def overdue_q(as_of: dt.date) -> Q:
    """Items past their deadline and still open on `as_of`: open now, or completed only after `as_of`
    (so a past period keeps the items that were overdue then)."""
    return Q(deadline__lt=as_of) & (Q(status__in=OPEN_STATUSES) | Q(completed_on__gt=as_of))


def overdue_items(as_of: dt.date):
    """Items of resolutions issued by `as_of` that are overdue on `as_of` (the "overdue" figure)."""
    return Item.objects.filter(
        overdue_q(as_of), resolution__status__in=ISSUED, resolution__issued_on__lte=as_of
    )


def open_item_difficulties():
    """Difficulties on items awaiting the committee's answer (the figure `item_difficulties`)."""
    return Difficulty.objects.filter(status=DifficultyStatus.OPEN)


def open_upper_difficulties():
    """Difficulties reported to the upper level awaiting its answer (the figure `upper_difficulties`)."""
    return UpperDifficulty.objects.filter(status__in=UPPER_OPEN_STATUSES)


def active_in(orgs, window: Window):
    """The organizations of `orgs` active at some time in the window (a dissolved or future one has no row)."""
    return orgs.filter(Q(active_from__isnull=True) | Q(active_from__lte=window.as_of)).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=window.start)
    )


def with_overdue(orgs, window: Window):
    """The organizations of `orgs` with at least one item overdue on the window's `as_of`."""
    return orgs.filter(Exists(overdue_items(window.as_of).filter(resolution__org=OuterRef("pk"))))


# A past period's selection of at most this many organizations is handed to the statement as ids.
PAST_IDS_AT_MOST = 1000


def grassroots_in(
    roots: Iterable[Organization] | None = None,
    ids: Iterable[int] | None = None,
    day: dt.date | None = None,
):
    """The grassroots organizations under `roots` (paths) or with the given ids; with a past `day`,
    under `roots` as the tree stood that day (R39, `orgs.history`)."""
    qs = Organization.objects.filter(kind__in=GRASSROOTS_KINDS)
    if roots is not None and day is not None and day < timezone.localdate():
        then = org_history.paths_on([root.path for root in roots], day)
        qs = Organization.objects.filter(org_history.placed_under_q(then, day, GRASSROOTS_KINDS))
        # The versions' subqueries are one OR whose size PostgreSQL overestimates by orders of magnitude
        # on a small subtree (a ward of 45 organizations planned as ~11,000), and it plans the sums for
        # that many: a small selection is resolved to ids first (one query), a large one stays a subquery
        # (a long list of ids costs more than it saves). docs/performance.md, "A past period's selection".
        pks = list(qs.values_list("pk", flat=True)[: PAST_IDS_AT_MOST + 1])
        if len(pks) <= PAST_IDS_AT_MOST:
            qs = Organization.objects.filter(pk__in=pks)
    elif roots is not None:
        qs = qs.under(root.path for root in roots)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs


# The summed columns of the one statement, in its column order: each source fills its own and pads the
# others with zeros of the column's type (whole numbers, or floats for the sums of decimal indicators).
SUMMED_COLUMNS = (
    "held",
    "held_running",
    "meetings",
    "on_day_known",
    "on_day",
    "lead_n",
    "lead_sum",
    "attendance_n",
    "attendance_sum",
    "speakers_n",
    "speakers_sum",
    "reviews",
    "resolutions",
    "regular",
    "thematic",
    "quality_n",
    "quality_sum",
    "items",
    "items_complete",
    "items_due",
    "items_on_time",
    "overdue",
    "item_difficulties",
    "upper_difficulties",
)
FLOAT_COLUMNS = {"attendance_sum", "speakers_sum"}
# Plain constants (a Cast would be put in the GROUP BY): 0 unites with the counts' bigint, 0.0 with
# the float sums.
_ZERO = Value(0, output_field=BigIntegerField())
_FLOAT_ZERO = Value(0.0, output_field=FloatField())


def _padded(grouped, **aggregates):
    """`grouped` (a values("org_id") queryset) annotated with every column of SUMMED_COLUMNS in order:
    the given aggregates, zeros for the rest."""
    unknown = set(aggregates) - set(SUMMED_COLUMNS)
    assert not unknown, unknown
    return grouped.annotate(
        **{
            name: aggregates.get(name, _FLOAT_ZERO if name in FLOAT_COLUMNS else _ZERO)
            for name in SUMMED_COLUMNS
        }
    )


# The sources' statement is the same for every selection and window: Django builds it from ~100
# expressions (about 10 ms, half of what a bloc's figures take in PostgreSQL), so it is built once per
# process. It holds no date of its own: it reads the window's dates from the table `nq_window` and the
# organizations from `nq_selection`, both given with the statement on each call (`_merge`). A date written
# into it as a value would be the first call's date forever, so building it refuses one.
def _window_day(column: str) -> RawSQL:
    return RawSQL(f"SELECT {column} FROM nq_window", (), output_field=DateField())


_DATE_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=4)
def _sources_statement(vendor: str, with_running: bool) -> tuple[str, tuple]:
    """Every source's grouped sums per organization of the table `nq_selection` (one round trip, one
    plan), padded with typed zeros to the same columns, in one UNION ALL; SQL and parameters. The dates
    are those of the table `nq_window` (start_day, as_of, running; `running` read only `with_running`)."""
    start, as_of = _window_day("start_day"), _window_day("as_of")
    running = _window_day("running") if with_running else None
    org_ids = RawSQL("SELECT id FROM nq_selection", ())
    # Meetings held and their stored indicators.
    held = Meeting.objects.filter(org__in=org_ids, status__in=HELD, date__gte=start, date__lte=as_of)
    meetings = _padded(
        held.exclude(kind=MeetingKind.STANDING).order_by().values("org_id"),
        held=Count("pk", filter=Q(kind=MeetingKind.REGULAR)),
        held_running=Count("pk", filter=Q(kind=MeetingKind.REGULAR, date__gte=running)) if running else _ZERO,
        meetings=Count("pk"),
        on_day_known=Count("indicators__on_regulation_day"),
        on_day=Count("pk", filter=Q(indicators__on_regulation_day=True)),
        lead_n=Count("indicators__notice_lead_days"),
        lead_sum=Sum("indicators__notice_lead_days"),
        attendance_n=Count("indicators__attendance_pct"),
        attendance_sum=Sum(Cast("indicators__attendance_pct", FloatField())),
        speakers_n=Count("indicators__speakers_per_attendee"),
        speakers_sum=Sum(Cast("indicators__speakers_per_attendee", FloatField())),
        reviews=Count("pk", filter=Q(kind=MeetingKind.REGULAR, indicators__last_month_reviewed=True)),
    )
    # Resolutions issued in the period.
    resolutions = _padded(
        Resolution.objects.filter(
            org__in=org_ids, status__in=ISSUED, issued_on__gte=start, issued_on__lte=as_of
        )
        .order_by()
        .values("org_id"),
        resolutions=Count("pk"),
        regular=Count("pk", filter=Q(kind=ResolutionKind.REGULAR)),
        thematic=Count("pk", filter=Q(kind=ResolutionKind.THEMATIC)),
        quality_n=Count("quality_score"),
        quality_sum=Sum("quality_score"),
    )
    # The items of the resolutions issued by `as_of`, in one pass: those issued in the period (complete or
    # not), those whose deadline fell in the period and those overdue on `as_of`.
    in_period = Q(resolution__issued_on__gte=start)
    due = Q(deadline__gte=start, deadline__lte=as_of)
    overdue = overdue_q(as_of)
    complete = (
        ~Q(content="")
        & ~Q(measures="")
        & Q(deadline__isnull=False, assignee__isnull=False, supervisor__isnull=False)
    )
    items = _padded(
        Item.objects.filter(
            resolution__org__in=org_ids,
            resolution__status__in=ISSUED,
            resolution__issued_on__lte=as_of,
        )
        .filter(in_period | due | overdue)
        .order_by()
        .values(org_id=F("resolution__org_id")),
        items=Count("pk", filter=in_period),
        items_complete=Count("pk", filter=in_period & complete),
        items_due=Count("pk", filter=due),
        items_on_time=Count("pk", filter=due & ON_TIME),
        overdue=Count("pk", filter=overdue),
    )
    # Difficulties awaiting an answer, in two columns: on items (the committee answers), and reported up
    # (the upper level answers).
    on_items = _padded(
        open_item_difficulties()
        .filter(item__resolution__org__in=org_ids)
        .order_by()
        .values(org_id=F("item__resolution__org_id")),
        item_difficulties=Count("pk"),
    )
    reported_up = _padded(
        open_upper_difficulties().filter(org__in=org_ids).order_by().values("org_id"),
        upper_difficulties=Count("pk"),
    )
    union = meetings.union(resolutions, items, on_items, reported_up, all=True)
    sql, params = union.query.sql_with_params()
    dated = [p for p in params if isinstance(p, dt.date) or (isinstance(p, str) and _DATE_VALUE.match(p))]
    if dated:
        raise RuntimeError(
            f"the cached dashboard statement would keep the dates {dated}: read them from nq_window"
        )
    return sql, params


def compute(orgs, window: Window, trend: bool = True) -> Dashboard:
    """The dashboard of the organizations in the queryset `orgs` (grassroots organizations) over `window`.

    A fixed number of queries (2 without the trend, 5 with it) whatever the number of organizations.
    """
    start, as_of = window.start, window.as_of
    org_ids = orgs.order_by().values("pk")
    rows: dict[int, Row] = {}
    for pk, code, name, kind, path, active_from, active_to in orgs.order_by("path").values_list(
        "pk", "code", "name", "kind", "path", "active_from", "active_to"
    ):
        first = max(start, active_from) if active_from else start
        last = min(as_of, active_to) if active_to else as_of
        rows[pk] = Row(
            org_id=pk, code=code, name=name, kind=kind, path=path, months_due=whole_months(first, last)
        )
    if start > as_of:
        return Dashboard(window, list(rows.values()), Sums())

    if rows:  # none (an upper body not yet founded in a past period): nothing to sum
        _merge(rows, org_ids, window)

    for row in rows.values():
        row.due = row.months_due + min(1, row.held_running)
        row.held_counted = min(row.held, row.due)
    dashboard = Dashboard(window, list(rows.values()), Sums.total(rows.values()))
    if trend:
        dashboard.trend = monthly_trend(org_ids, window)
    return dashboard


def cached_compute(orgs, window: Window, trend: bool = True, fresh: bool = False) -> Dashboard:
    """`compute`, kept for `settings.DASHBOARD_CACHE_SECONDS`: sorting, paging and exporting the same
    selection (or an officer opening it again) reuse the figures instead of computing a city's again.

    The key is the selection's own SQL with the window, so a cached dashboard serves exactly the
    organizations the asker's scope and filters select, never another's. `fresh` recomputes and stores.
    The figures carry `computed_at`, which the page shows next to a link that recomputes. A period that has
    ended keeps them for `settings.DASHBOARD_CLOSED_CACHE_SECONDS` (its records change only when corrected).
    """
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if seconds <= 0:
        return compute(orgs, window, trend=trend)
    if window.end < timezone.localdate():
        seconds = max(seconds, settings.DASHBOARD_CLOSED_CACHE_SECONDS)
    try:
        selection = str(orgs.order_by("pk").query)
    except EmptyResultSet:
        # Nothing selected (an upper body founded after the period asked for): nothing to keep either.
        return compute(orgs, window, trend=trend)
    digest = hashlib.sha256(f"{selection}|{window.start}|{window.as_of}|{trend}".encode()).hexdigest()
    key = f"nq:dashboard:{digest}"
    dashboard = None if fresh else cache.get(key)
    if dashboard is None:
        dashboard = compute(orgs, window, trend=trend)
        dashboard.computed_at = timezone.now()
        cache.set(key, dashboard, seconds)
    return dashboard


def _merge(rows: dict[int, Row], org_ids, window: Window) -> None:
    """Put the sources' sums (`_sources_statement`) of the selected organizations (`org_ids`, a
    values("pk") queryset) over `window` into their rows.

    The statement reads the organizations from `nq_selection` and the dates from `nq_window`, given here.
    The database adds up the UNION's rows per organization (around it, as Django cannot group a compound
    query) and the result is read straight off the cursor: the columns are plain numbers, and Django's
    per-value converters would cost more than the adding for a city.
    """
    running = window.running_month
    sql, params = _sources_statement(connection.vendor, running is not None)
    adapt = connection.ops.adapt_datefield_value
    days = tuple(adapt(day) for day in (window.start, window.as_of, running))
    # PostgreSQL is told the parameters are dates (a NULL running month too); SQLite keeps ISO text.
    day = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    selection, selection_params = org_ids.query.sql_with_params()
    totals = ", ".join(f"SUM({connection.ops.quote_name(name)})" for name in SUMMED_COLUMNS)
    grouped = (
        f"WITH nq_selection (id) AS ({selection}), "
        f"nq_window (start_day, as_of, running) AS (SELECT {day}, {day}, {day}) "
        f"SELECT org_id, {totals} FROM ({sql}) sources GROUP BY org_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(grouped, (*selection_params, *days, *params))
        for org_id, *values in cursor.fetchall():
            row = rows.get(org_id)
            if row is not None:
                for name, value in zip(SUMMED_COLUMNS, values, strict=True):
                    # PostgreSQL sums whole numbers as numeric (Decimal): back to int.
                    setattr(row, name, float(value or 0) if name in FLOAT_COLUMNS else int(value or 0))


def monthly_trend(org_ids, window: Window, months: int = TREND_MONTHS) -> list[dict]:
    """Figures of the whole selection for each of the `months` months ending with the period's last
    month (up to `as_of`): three grouped queries."""
    last = month_start(window.as_of)
    first = add_months(last, -(months - 1))
    series = {
        add_months(first, i): {"month": add_months(first, i)}
        for i in range(months)
        if add_months(first, i) <= last
    }
    meetings = (
        Meeting.objects.filter(
            org__in=org_ids,
            status__in=HELD,
            date__gte=first,
            date__lte=window.as_of,
            kind=MeetingKind.REGULAR,
        )
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(
            held=Count("pk"),
            on_day_known=Count("indicators__on_regulation_day"),
            on_day=Count("pk", filter=Q(indicators__on_regulation_day=True)),
            attendance=Avg(Cast("indicators__attendance_pct", FloatField())),
            lead=Avg("indicators__notice_lead_days"),
        )
    )
    for values in meetings:
        point = series.get(_as_date(values["month"]))
        if point is not None:
            point["held"] = values["held"]
            point["on_day_pct"] = _pct(values["on_day"], values["on_day_known"])
            point["attendance_pct"] = None if values["attendance"] is None else round(values["attendance"], 1)
            point["notice_lead"] = None if values["lead"] is None else round(float(values["lead"]), 1)
    items = (
        Item.objects.filter(
            resolution__org__in=org_ids,
            resolution__status__in=ISSUED,
            deadline__gte=first,
            deadline__lte=window.as_of,
        )
        .annotate(month=TruncMonth("deadline"))
        .order_by()
        .values("month")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=ON_TIME),
        )
    )
    for values in items:
        point = series.get(_as_date(values["month"]))
        if point is not None:
            point["on_time_pct"] = _pct(values["on_time"], values["due"])
    resolutions = (
        Resolution.objects.filter(
            org__in=org_ids, status__in=ISSUED, issued_on__gte=first, issued_on__lte=window.as_of
        )
        .annotate(month=TruncMonth("issued_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), quality=Avg("quality_score"))
    )
    for values in resolutions:
        point = series.get(_as_date(values["month"]))
        if point is not None:
            point["resolutions"] = values["n"]
            point["quality"] = None if values["quality"] is None else round(float(values["quality"]))
    keys = ("held", "on_day_pct", "attendance_pct", "notice_lead", "on_time_pct", "resolutions", "quality")
    out = []
    for point in series.values():
        for key in keys:
            point.setdefault(key, 0 if key in ("held", "resolutions") else None)
        out.append(point)
    return out


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
