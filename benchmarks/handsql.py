"""The bloc dashboard's per-organization figures from one hand-written PostgreSQL statement, to see what
the ORM's grouped queries (`oversight.dashboard.compute`) cost against it.

The statement follows the definitions in `oversight.dashboard` word for word — the same tables, filters
and sums, one CTE per source, joined to the organizations — so that `compare` can demand equality on
every row. It is the benchmark's yardstick, not a second implementation for the pages.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, fields

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nghiquyet.meetings.models import Indicators, Meeting, MeetingKind
from nghiquyet.orgs.models import GRASSROOTS_KINDS, Organization
from nghiquyet.oversight.dashboard import (
    HELD,
    ISSUED,
    SUMMED_COLUMNS,
    Dashboard,
    Sums,
    Window,
    compute,
    grassroots_in,
)
from nghiquyet.oversight.models import OPEN_DIFFICULTY_STATUSES as UPPER_OPEN_STATUSES
from nghiquyet.oversight.models import UpperDifficulty
from nghiquyet.resolutions.models import (
    OPEN_STATUSES,
    Difficulty,
    DifficultyStatus,
    Item,
    ItemStatus,
    Resolution,
    ResolutionKind,
)

from .stats import median

# Sums computed in floating point (their order of addition differs between the two): compared to 1e-6.
FLOAT_SUMS = ("attendance_sum", "speakers_sum")
SUMMED = tuple(f.name for f in fields(Sums) if f.name != "held_counted")

SQL = """
WITH orgs AS MATERIALIZED (
    SELECT o.id FROM {org} o WHERE o.kind = ANY(%(kinds)s) AND {where}
), m AS (
    SELECT mt.org_id,
           COUNT(*) FILTER (WHERE mt.kind = %(regular)s) AS held,
           COUNT(*) FILTER (WHERE mt.kind = %(regular)s AND mt.date >= %(running)s::date) AS held_running,
           COUNT(*) AS meetings,
           COUNT(ind.on_regulation_day) AS on_day_known,
           COUNT(*) FILTER (WHERE ind.on_regulation_day) AS on_day,
           COUNT(ind.notice_lead_days) AS lead_n,
           SUM(ind.notice_lead_days) AS lead_sum,
           COUNT(ind.attendance_pct) AS attendance_n,
           SUM(ind.attendance_pct::float8) AS attendance_sum,
           COUNT(ind.speakers_per_attendee) AS speakers_n,
           SUM(ind.speakers_per_attendee::float8) AS speakers_sum,
           COUNT(*) FILTER (WHERE mt.kind = %(regular)s AND ind.last_month_reviewed) AS reviews
    FROM {meeting} mt
    LEFT JOIN {indicators} ind ON ind.meeting_id = mt.id
    WHERE mt.org_id IN (SELECT id FROM orgs) AND mt.status = ANY(%(held)s)
      AND mt.date BETWEEN %(start)s AND %(as_of)s AND mt.kind <> %(standing)s
    GROUP BY mt.org_id
), r AS (
    SELECT org_id,
           COUNT(*) AS resolutions,
           COUNT(*) FILTER (WHERE kind = %(r_regular)s) AS regular,
           COUNT(*) FILTER (WHERE kind = %(r_thematic)s) AS thematic,
           COUNT(quality_score) AS quality_n,
           SUM(quality_score) AS quality_sum
    FROM {resolution}
    WHERE org_id IN (SELECT id FROM orgs) AND status = ANY(%(issued)s)
      AND issued_on BETWEEN %(start)s AND %(as_of)s
    GROUP BY org_id
), its AS (
    -- The items of the resolutions issued by as_of, in one pass: those issued in the period (complete or
    -- not), and those due in the period or overdue on as_of.
    SELECT res.org_id,
           COUNT(*) FILTER (WHERE res.issued_on >= %(start)s) AS items,
           COUNT(*) FILTER (WHERE res.issued_on >= %(start)s AND it.content <> '' AND it.measures <> ''
                              AND it.deadline IS NOT NULL AND it.assignee_id IS NOT NULL
                              AND it.supervisor_id IS NOT NULL) AS items_complete,
           COUNT(*) FILTER (WHERE it.deadline BETWEEN %(start)s AND %(as_of)s) AS items_due,
           COUNT(*) FILTER (WHERE it.deadline BETWEEN %(start)s AND %(as_of)s AND it.status = %(done)s
                              AND it.completed_on IS NOT NULL AND it.completed_on <= it.deadline) AS items_on_time,
           COUNT(*) FILTER (WHERE it.deadline < %(as_of)s
                              AND (it.status = ANY(%(open)s) OR it.completed_on > %(as_of)s)) AS overdue
    FROM {item} it JOIN {resolution} res ON res.id = it.resolution_id
    WHERE res.org_id IN (SELECT id FROM orgs) AND res.status = ANY(%(issued)s) AND res.issued_on <= %(as_of)s
    GROUP BY res.org_id
), d AS (
    SELECT res.org_id, COUNT(*) AS n
    FROM {difficulty} dif
    JOIN {item} it ON it.id = dif.item_id
    JOIN {resolution} res ON res.id = it.resolution_id
    WHERE res.org_id IN (SELECT id FROM orgs) AND dif.status = %(d_open)s
    GROUP BY res.org_id
), u AS (
    SELECT org_id, COUNT(*) AS n
    FROM {upper}
    WHERE org_id IN (SELECT id FROM orgs) AND status = ANY(%(u_open)s)
    GROUP BY org_id
)
SELECT o.id,
       GREATEST(0, (EXTRACT(YEAR FROM mo.after_whole) - EXTRACT(YEAR FROM mo.first_whole)) * 12
                   + EXTRACT(MONTH FROM mo.after_whole) - EXTRACT(MONTH FROM mo.first_whole))::int AS months_due,
       COALESCE(m.held, 0), COALESCE(m.held_running, 0), COALESCE(m.meetings, 0),
       COALESCE(m.on_day_known, 0), COALESCE(m.on_day, 0),
       COALESCE(m.lead_n, 0), COALESCE(m.lead_sum, 0),
       COALESCE(m.attendance_n, 0), COALESCE(m.attendance_sum, 0),
       COALESCE(m.speakers_n, 0), COALESCE(m.speakers_sum, 0),
       COALESCE(m.reviews, 0),
       COALESCE(r.resolutions, 0), COALESCE(r.regular, 0), COALESCE(r.thematic, 0),
       COALESCE(r.quality_n, 0), COALESCE(r.quality_sum, 0),
       COALESCE(its.items, 0), COALESCE(its.items_complete, 0),
       COALESCE(its.items_due, 0), COALESCE(its.items_on_time, 0), COALESCE(its.overdue, 0),
       COALESCE(d.n, 0) AS item_difficulties, COALESCE(u.n, 0) AS upper_difficulties
-- The organizations again from their table, not from the CTE: the planner knows their ids are unique,
-- so its estimate of the joins below stays near the number of organizations.
FROM {org} o
CROSS JOIN LATERAL (
    SELECT GREATEST(%(start)s::date, COALESCE(o.active_from, %(start)s::date)) AS first_day,
           LEAST(%(as_of)s::date, COALESCE(o.active_to, %(as_of)s::date)) AS last_day
) span
CROSS JOIN LATERAL (
    SELECT CASE WHEN EXTRACT(DAY FROM span.first_day) = 1 THEN span.first_day
                ELSE (date_trunc('month', span.first_day) + interval '1 month')::date END AS first_whole,
           CASE WHEN EXTRACT(DAY FROM span.last_day + 1) = 1 THEN span.last_day + 1
                ELSE date_trunc('month', span.last_day + 1)::date END AS after_whole
) mo
LEFT JOIN m ON m.org_id = o.id
LEFT JOIN r ON r.org_id = o.id
LEFT JOIN its ON its.org_id = o.id
LEFT JOIN d ON d.org_id = o.id
LEFT JOIN u ON u.org_id = o.id
WHERE o.kind = ANY(%(kinds)s) AND {where}
"""
# The statement's columns after the organization's id, in order.
COLUMNS = ("months_due", *SUMMED_COLUMNS)


def statement(window: Window, *, root: Organization | None = None, ids: list[int] | None = None):
    """The SQL and its parameters for the grassroots organizations under `root` (or with the `ids`)."""
    if root is not None:
        # As Django writes `path__startswith`: LIKE with the wildcards of the path escaped.
        escaped = root.path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where, params = "o.path LIKE %(prefix)s", {"prefix": escaped + "%"}
    else:
        where, params = "o.id = ANY(%(ids)s)", {"ids": list(ids or [])}
    sql = SQL.format(
        where=where,
        org=Organization._meta.db_table,
        meeting=Meeting._meta.db_table,
        indicators=Indicators._meta.db_table,
        resolution=Resolution._meta.db_table,
        item=Item._meta.db_table,
        difficulty=Difficulty._meta.db_table,
        upper=UpperDifficulty._meta.db_table,
    )
    params |= {
        "start": window.start,
        "as_of": window.as_of,
        "running": window.running_month,
        "kinds": [str(k) for k in GRASSROOTS_KINDS],
        "regular": MeetingKind.REGULAR.value,
        "standing": MeetingKind.STANDING.value,
        "held": [str(s) for s in HELD],
        "issued": [str(s) for s in ISSUED],
        "r_regular": ResolutionKind.REGULAR.value,
        "r_thematic": ResolutionKind.THEMATIC.value,
        "done": ItemStatus.DONE.value,
        "open": [str(s) for s in OPEN_STATUSES],
        "d_open": DifficultyStatus.OPEN.value,
        "u_open": [str(s) for s in UPPER_OPEN_STATUSES],
    }
    return sql, params


def hand_rows(window: Window, *, root=None, ids=None) -> dict[int, dict]:
    """The per-organization sums of `window` for the grassroots organizations under `root` (or `ids`)."""
    with connection.cursor() as cursor:
        cursor.execute(*statement(window, root=root, ids=ids))
        rows = cursor.fetchall()
    out = {}
    for pk, *values in rows:
        row = dict(zip(COLUMNS, values, strict=True))
        row["due"] = row["months_due"] + min(1, row["held_running"])
        out[pk] = row
    return out


def compare(dashboard: Dashboard, hand: dict[int, dict]) -> list[str]:
    """Every difference between the ORM's rows and the statement's (empty: the same figures)."""
    problems = []
    orm = {row.org_id: row for row in dashboard.rows}
    if set(orm) != set(hand):
        problems.append(f"organizations differ: {len(set(orm) ^ set(hand))} in one only")
    for pk in sorted(set(orm) & set(hand)):
        for name in SUMMED:
            a, b = getattr(orm[pk], name), hand[pk][name]
            same = (
                abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a))) if name in FLOAT_SUMS else a == b
            )
            if not same:
                problems.append(f"org {pk} {name}: ORM {a}, SQL {b}")
    return problems


@dataclass
class Timing:
    label: str
    orgs: int
    orm_ms: float  # compute(trend=False): the same per-organization figures
    orm_sql_ms: float  # of which the queries' own time, as the database driver saw it
    orm_queries: int
    orm_trend_ms: float  # compute() as the page calls it, with the twelve months' trend
    sql_ms: float
    runs: int
    differences: list[str]

    @property
    def ratio(self) -> float:
        return self.orm_ms / self.sql_ms if self.sql_ms else float("inf")

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "orgs": self.orgs,
            "orm_ms": self.orm_ms,
            "orm_sql_ms": self.orm_sql_ms,
            "orm_queries": self.orm_queries,
            "orm_with_trend_ms": self.orm_trend_ms,
            "sql_ms": self.sql_ms,
            "ratio": self.ratio,
            "runs": self.runs,
            "same_figures": not self.differences,
            "differences": self.differences[:20],
        }


def _median_ms(fn, runs: int) -> float:
    fn()  # warm: plans cached, pages in PostgreSQL's buffers
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


def time_dashboard(
    label: str, window: Window, *, root=None, ids=None, runs: int = 7, day: dt.date | None = None
) -> Timing:
    """Median times (warm) of `compute` and of the statement over the same organizations, and whether
    they agree on every organization's figures. With a past `day`, the organizations under `root` as the
    tree stood that day (a past period, R39): the ORM selects them through the versions, as the page
    does; the statement is given their ids (its yardstick is the figures, not the selection)."""
    if root is not None and day is not None:
        orgs = grassroots_in(roots=[root], day=day)
        root, ids = None, list(orgs.values_list("pk", flat=True))
    else:
        orgs = grassroots_in(roots=[root]) if root is not None else grassroots_in(ids=ids)
    dashboard = compute(orgs, window, trend=False)
    differences = compare(dashboard, hand_rows(window, root=root, ids=ids))
    orm_ms = _median_ms(lambda: compute(orgs, window, trend=False), runs)
    sql_times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            compute(orgs, window, trend=False)
        sql_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    return Timing(
        label=label,
        orgs=len(dashboard.rows),
        orm_ms=orm_ms,
        orm_sql_ms=median(sql_times),
        orm_queries=len(queries),
        orm_trend_ms=_median_ms(lambda: compute(orgs, window), runs),
        sql_ms=_median_ms(lambda: hand_rows(window, root=root, ids=ids), runs),
        runs=runs,
        differences=differences,
    )
