"""The bloc dashboard (R31) as data: for a month, a quarter or a year, one row per grassroots organization
with every figure of the dashboard page, and their totals.

The figures are computed by `oversight.dashboard` (the page's own code), and whose rows a user gets is
decided by `oversight.access.dashboard_scope_for`, as for the page:
- upper-level staff: the grassroots organizations under the bodies' organizations (every bloc they
  supervise), or under `root` when it lies there (a bloc, or one grassroots organization: 422 otherwise);
- a member of a grassroots organization's committee: that organization's row (one per committee they sit
  on), or the one named by `root`;
- anyone else, or a `root` outside that reach: 404.
The period is the current year unless asked otherwise; a month or quarter without a number is the
current one.
"""

import datetime as dt
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import create_model

from nghiquyet.orgs.models import OrgKind
from nghiquyet.oversight import dashboard
from nghiquyet.oversight.access import dashboard_scope_for
from nghiquyet.oversight.forms.common import MAX_YEAR, MIN_YEAR
from nghiquyet.oversight.periods import PeriodKind, bounds

from .params import CODE_PATTERN
from .schemas import ERRORS, OrgRef

router = Router(tags=["dashboard"])

Period = Literal["month", "quarter", "year"]
NUMBERS = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}
Figure = int | float | None


class ColumnOut(Schema):
    key: str
    label: str
    unit: str = Field(description="“%”, “days” or empty.")
    better: str = Field(description="“high”, “low” or empty: which way the figure is better.")


# One field per column of the dashboard, so that the schema names every figure it carries.
Figures = create_model(
    "DashboardFigures",
    __base__=Schema,
    **{column.key: (Figure, None) for column in dashboard.COLUMNS},
)


class RowOut(Figures):
    code: str
    name: str
    kind: OrgKind


class PeriodOut(Schema):
    kind: Period
    start: dt.date
    end: dt.date
    as_of: dt.date = Field(description="The day the figures are taken on: the period's end, or today.")


class DashboardOut(Schema):
    period: PeriodOut
    root: OrgRef | None = Field(description="The organization asked for with `root`; none: all in reach.")
    columns: list[ColumnOut]
    rows: list[RowOut] = Field(description="One per grassroots organization, in tree order.")
    totals: Figures


def _figures(sums) -> dict:
    return {column.key: getattr(sums, column.key) for column in dashboard.COLUMNS}


def _invalid(name: str, message: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": ["query", name], "msg": message, "type": "invalid"}])


def _period(kind: str, year: int, number: int | None) -> tuple[dt.date, dt.date]:
    """The period's first and last day; the current month or quarter when `number` is not given."""
    today = timezone.localdate()
    if kind == PeriodKind.YEAR:
        return bounds(kind, year)
    if number is None:
        number = today.month if kind == PeriodKind.MONTH else (today.month - 1) // 3 + 1
    if number > NUMBERS[kind]:
        raise _invalid(
            "number",
            _("Give a month from 1 to 12") if kind == PeriodKind.MONTH else _("Give a quarter from 1 to 4"),
        )
    return bounds(kind, year, number)


@router.get("/dashboard/", response={200: DashboardOut, **ERRORS}, summary="The bloc dashboard (R31)")
def get_dashboard(
    request,
    period: Annotated[Period, Query(description="month, quarter or year.")] = "year",
    year: Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR, description="Default: this year.")] = None,
    number: Annotated[
        int | None, Query(ge=1, le=12, description="The month (1-12) or quarter (1-4); default: now.")
    ] = None,
    root: Annotated[
        str | None, Query(max_length=40, pattern=CODE_PATTERN, description="An organization's code.")
    ] = None,
):
    """Meetings held and due, on the regulation day, notice lead, attendance, speakers, resolutions,
    items' completeness and timeliness, overdue items, reviews, open difficulties and quality, per
    grassroots organization and in total. The figures of a period still running are taken as of today.
    """
    start, end = _period(period, year or timezone.localdate().year, number)
    scope = dashboard_scope_for(request.user, root or "")
    if error := scope.root_error:
        raise _invalid("root", error)
    if error := scope.period_error(end):
        raise _invalid("year", error)
    window = dashboard.Window.of(start, end)
    # Organizations dissolved before the period, or founded after it, have no row (as on the page).
    # A past period groups by the tree of its last day (R39).
    orgs = dashboard.active_in(scope.orgs_on(window.as_of), window)
    board = dashboard.compute(orgs, window, trend=False)
    return {
        "period": {"kind": period, "start": start, "end": end, "as_of": board.window.as_of},
        "root": scope.root,
        "columns": [
            {"key": c.key, "label": str(c.label), "unit": c.unit, "better": c.better}
            for c in dashboard.COLUMNS
        ],
        "rows": [{"code": r.code, "name": r.name, "kind": r.kind, **_figures(r)} for r in board.rows],
        "totals": _figures(board.totals),
    }
