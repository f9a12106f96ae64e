"""The bloc dashboard pages (R31): the table, the XLSX export and one organization's drill-down.

Who sees what is decided by `oversight.access.dashboard_scope_for`, as for the API: upper-level staff
see every grassroots organization under the bodies they staff, or under a root they pick (a bloc, or
one grassroots organization); a member of a grassroots committee who is not upper-level staff sees
only the row(s) of the organization(s) on whose committee they sit (or the one named as root), with
no choice of root; anyone else, and any root out of reach, gets 404. Every page runs a fixed number
of queries whatever the number of organizations, meetings or items (the figures come from
`oversight.dashboard.compute`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nghiquyet.lib.spreadsheets import xlsx_bytes
from nghiquyet.lib.vietnamese import fold
from nghiquyet.meetings.models import Meeting, MeetingKind
from nghiquyet.orgs import history as org_history
from nghiquyet.orgs.models import GRASSROOTS_KINDS, Organization
from nghiquyet.resolutions.access import readable_of_q
from nghiquyet.resolutions.models import Item, ItemStatus

from ..access import (
    DashboardScope,
    dashboard_past_until,
    dashboard_scope_for,
    get_dashboard_org_for_user,
    roles_for,
)
from ..dashboard import (
    COLUMN_KEYS,
    COLUMNS,
    HELD,
    ISSUED,
    SORT_KEYS,
    Column,
    Dashboard,
    Row,
    Sums,
    Window,
    active_in,
    cached_compute,
    compute,
    open_item_difficulties,
    open_upper_difficulties,
    overdue_items,
    with_overdue,
)
from ..forms.common import MAX_YEAR, MIN_YEAR
from ..periods import PeriodKind, bounds, describe

PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)
# Decimal places shown (and the XLSX number format) per column; integers otherwise.
DIGITS = {"notice_lead": 1, "speakers_per_attendee": 2, "quality": 0}
# The trend charts: series key, title, chart type, unit.
TREND_CHARTS = (
    ("held", gettext_lazy("Regular meetings held"), "bar", ""),
    ("on_day_pct", gettext_lazy("Held on the regulation day"), "line", "%"),
    ("attendance_pct", gettext_lazy("Attendance rate"), "line", "%"),
    ("on_time_pct", gettext_lazy("Items done on time"), "line", "%"),
    ("resolutions", gettext_lazy("Resolutions issued"), "bar", ""),
    ("quality", gettext_lazy("Average quality score"), "line", ""),
)


def _digits(column: Column) -> int | None:
    if column.unit == "%":
        return 1
    return DIGITS.get(column.key)


# ---------------------------------------------------------------- the choice of period and rows


class DashboardForm(forms.Form):
    """The period (a month, a quarter or a year; the current year by default) and the row filters."""

    period = forms.ChoiceField(
        label=gettext_lazy("Period"), choices=[(k.value, k.label) for k in PERIOD_KINDS], required=False
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    number = forms.IntegerField(
        label=gettext_lazy("Month or quarter"),
        required=False,
        min_value=1,
        max_value=12,
        widget=forms.NumberInput(attrs={"min": 1, "max": 12}),
    )
    root = forms.CharField(label=gettext_lazy("Organizations under"), required=False, max_length=40)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("All kinds"))] + [(k.value, k.label) for k in GRASSROOTS_KINDS],
        required=False,
    )
    q = forms.CharField(label=gettext_lazy("Name or code"), required=False, max_length=100)
    overdue = forms.BooleanField(label=gettext_lazy("Only with overdue items"), required=False)
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"), choices=[(k, k) for k in SORT_KEYS], required=False
    )
    dir = forms.ChoiceField(
        label=gettext_lazy("Sort order"), choices=[("asc", "asc"), ("desc", "desc")], required=False
    )

    def __init__(self, data, *, roots: list[Organization] = (), today: dt.date | None = None):
        today = today or timezone.localdate()
        data = data.copy()
        # An empty choice means the default: the current year.
        if not data.get("period"):
            data["period"] = PeriodKind.YEAR
        if not data.get("year"):
            data["year"] = str(today.year)
        super().__init__(data)
        # A body that ended and passed its records to the officer's committee is picked for its own time.
        choices = [
            (
                o.code,
                o.name
                if o.active_to is None
                else _("{name} (until {day})").format(name=o.name, day=o.active_to.strftime("%d/%m/%Y")),
            )
            for o in roots
        ]
        if len(roots) > 1:
            # The default: every subtree the officer supervises.
            choices.insert(0, ("", _("All organizations you supervise")))
        self.fields["root"].widget = forms.Select(choices=choices)

    def clean(self):
        data = super().clean()
        kind, year, number = data.get("period"), data.get("year"), data.get("number")
        if kind is None or year is None:
            return data
        limit = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}.get(kind)
        if limit is None:
            number = None
        elif number is None or number > limit:
            self.add_error(
                "number",
                _("Give a month from 1 to 12") if limit == 12 else _("Give a quarter from 1 to 4"),
            )
            return data
        data["number"] = number
        data["start"], data["end"] = bounds(kind, year, number)
        return data

    def messages(self) -> list[str]:
        """Each error prefixed by the name of its field."""
        out = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            out += [f"{label}: {error}" if label else error for error in errors]
        return out


@dataclass
class Selection:
    """What the request asks for, once checked: the period, the root and the organizations."""

    form: DashboardForm
    scope: DashboardScope
    window: Window | None = None
    label: str = ""
    sort: str = "code"
    descending: bool = False

    @property
    def period_query(self) -> dict:
        data = self.form.cleaned_data
        query = {"period": data["period"], "year": data["year"]}
        if data.get("number"):
            query["number"] = data["number"]
        return query

    @property
    def slug(self) -> str:
        """The period in a file name: 2026, 2026-q2, 2026-03."""
        data = self.form.cleaned_data
        if data["period"] == PeriodKind.MONTH:
            return f"{data['year']}-{data['number']:02d}"
        if data["period"] == PeriodKind.QUARTER:
            return f"{data['year']}-q{data['number']}"
        return str(data["year"])

    @property
    def _scope_orgs(self) -> tuple[Organization, ...]:
        """The organizations the rows are under: the root, or one's own, or the roots one may pick."""
        scope = self.scope
        if scope.root is not None:
            return (scope.root,)
        # Everything one supervises today: not the bodies that ended into one's committee (picked alone).
        return scope.own or tuple(o for o in scope.roots if o.active_to is None)

    @property
    def founded_later(self) -> list[Organization]:
        """The organizations the rows are under that were founded after the period (R39): nothing of the
        period lies under them, which the page says instead of showing an empty table."""
        day = self.window.as_of if self.window else None
        return [o for o in self._scope_orgs if day and o.active_from and o.active_from > day]

    @property
    def received_earlier(self) -> list[Organization]:
        """Upper bodies that ended and passed their records to the user's committee, whose time covers the
        period (R40): the page of a period before one's committee was founded points to theirs."""
        window = self.window
        if window is None or self.scope.root is not None:
            return []
        return [o for o in self.scope.roots if o.active_to is not None and window.end <= o.active_to]

    @property
    def scope_name(self) -> str:
        return ", ".join(o.name for o in self._scope_orgs)

    @property
    def scope_code(self) -> str:
        return "-".join(o.code for o in self._scope_orgs[:3])

    def organizations(self):
        """The grassroots organizations shown: those of the scope, filtered as asked."""
        data = self.form.cleaned_data
        # A past period's rows: the tree of its last day (R39).
        orgs = active_in(self.scope.orgs_on(self.window.as_of), self.window)
        if data.get("kind"):
            orgs = orgs.filter(kind=data["kind"])
        if text := (data.get("q") or "").strip():
            orgs = orgs.filter(Q(name_search__contains=fold(text)) | Q(code__icontains=text))
        if data.get("overdue"):
            orgs = with_overdue(orgs, self.window)
        return orgs


def default_descending(key: str) -> bool:
    """The first click on a column shows the worst first: most overdue, lowest rate; names A to Z."""
    column = COLUMN_KEYS.get(key)
    if column is None:
        return False
    return column.better != "high"


def _select(request: HttpRequest) -> Selection:
    """Check who asks and for what; 404 for anyone without a dashboard and for a root out of reach."""
    code = (request.GET.get("root") or "").strip()
    scope = dashboard_scope_for(request.user, code, choices=True)
    form = DashboardForm(request.GET, roots=scope.roots)
    selection = Selection(form=form, scope=scope)
    if not form.is_valid():
        return selection
    if error := scope.root_error:
        form.add_error("root", error)
        return selection
    data = form.cleaned_data
    if error := scope.period_error(data["end"]):
        form.add_error("year", error)
        return selection
    selection.window = Window.of(data["start"], data["end"])
    selection.label = describe(data["period"], data["start"], data["end"])
    selection.sort = data.get("sort") or "code"
    selection.descending = data["dir"] == "desc" if data.get("dir") else default_descending(selection.sort)
    return selection


def _query(request: HttpRequest, **changes) -> str:
    """The current query string with some parameters replaced or (None) removed."""
    params = request.GET.copy()
    params.pop("fresh", None)  # a recompute asked for once, not by every link of the page it gave
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


# ---------------------------------------------------------------- the table


def _css(column: Column, value) -> str:
    """A colour hint: red for an overdue item, an open difficulty or a rate under 50%, amber under 80%."""
    if value is None:
        return ""
    if column.better == "low":
        return "dash-bad" if value > 0 else ""
    if column.unit == "%" and column.better == "high":
        if value < 50:
            return "dash-bad"
        if value < 80:
            return "dash-warn"
    return ""


def _cells(sums: Sums) -> list[dict]:
    cells = []
    for column in COLUMNS:
        value = getattr(sums, column.key)
        digits = _digits(column)
        # floatformat's "g" groups thousands the locale's way.
        cells.append(
            {"key": column.key, "value": value, "fmt": f"{digits or 0}g", "css": _css(column, value)}
        )
    return cells


def _headers(request: HttpRequest, selection: Selection) -> list[dict]:
    """Each header with the link that sorts by it (worst first, then the other way round)."""
    headers = []
    for key, label, unit in (
        ("code", _("Code"), None),
        ("name", _("Organization"), None),
        *((c.key, c.label, c.unit) for c in COLUMNS),
    ):
        current = selection.sort == key
        descending = not selection.descending if current else default_descending(key)
        headers.append(
            {
                "key": key,
                "label": label,
                "numeric": unit is not None,
                "unit": unit if unit == "%" else "",
                "url": "?" + _query(request, sort=key, dir="desc" if descending else "asc", page=None),
                "sorted": ("desc" if selection.descending else "asc") if current else "",
            }
        )
    return headers


def _trend(dashboard: Dashboard) -> list[dict]:
    return [{**point, "month": f"{point['month']:%m/%Y}"} for point in dashboard.trend]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """One row per grassroots organization with every figure of the period, totals and monthly trends."""
    selection = _select(request)
    context = {
        "selection": selection,
        "form": selection.form,
        "errors": selection.form.messages(),
        "upper": bool(selection.scope.roots),  # an officer picks the root; a committee member cannot
    }
    if selection.window is None:
        return render(request, "oversight/dashboard.html", context, status=400)
    board = cached_compute(selection.organizations(), selection.window, fresh=bool(request.GET.get("fresh")))
    rows = board.sorted(selection.sort, selection.descending)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    period = urlencode(selection.period_query)
    # Each organization as it was named at the end of the period (R39): one query for the page.
    named_then = org_history.names_on([row.org_id for row in page], selection.window.as_of)
    # A past period's row of an organization since moved out of the user's reach (R39) links to its
    # drill-down when the period ends by the last day it lay under them (R40: the former upper level
    # reads its period, `get_dashboard_org_for_user`).
    roles = roles_for(request.user)
    for row in page:
        row.name = named_then.get(row.org_id, row.name)
        row.cells = _cells(row)
        row.url = ""
        until = dashboard_past_until(request.user, row)
        if (
            roles.supervises(row)
            or row.org_id in roles.seat_paths
            or (until is not None and selection.window.end <= until)
        ):
            row.url = reverse("oversight:dashboard_org", args=[row.code]) + "?" + period
    context |= {
        "board": board,
        "page": page,
        "count": len(rows),
        "founded_later": selection.founded_later if not rows else [],
        "received_earlier": selection.received_earlier if not rows else [],
        "period_query": period,
        "headers": _headers(request, selection),
        "totals": _cells(board.totals),
        "trend": _trend(board),
        "charts": TREND_CHARTS,
        # Each card of the totals opens the table sorted by its own column, worst first (#16.10).
        "card_urls": {
            key: "?" + _query(request, sort=key, dir="desc" if default_descending(key) else "asc", page=None)
            for key in ("overdue", "item_difficulties", "upper_difficulties")
        },
        "export_query": _query(request, page=None),
        "fresh_query": _query(request, fresh=1),
    }
    return render(request, "oversight/dashboard.html", context)


# ---------------------------------------------------------------- the workbook


@login_required
@require_GET
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    """The same rows (same filters and order, not paginated) and the totals as a workbook."""
    selection = _select(request)
    if selection.window is None:
        return HttpResponseBadRequest("\n".join(selection.form.messages()), content_type="text/plain")
    board = cached_compute(selection.organizations(), selection.window)
    rows = board.sorted(selection.sort, selection.descending)
    response = HttpResponse(_workbook(selection, rows, board.totals), content_type=XLSX)
    filename = f"bang-theo-doi-{selection.scope_code}-{selection.slug}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _workbook(selection: Selection, rows: list[Row], totals: Sums) -> bytes:
    """One sheet: a title line (period, organizations, as-of day), the header row (frozen), one row per
    organization and the totals; figures are numbers, percentages with one decimal."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Bang theo doi"
    bold = Font(bold=True)
    window = selection.window
    ws.append(
        [
            _("Bloc dashboard: %(period)s, %(scope)s (figures as of %(day)s)")
            % {"period": selection.label, "scope": selection.scope_name, "day": f"{window.as_of:%d/%m/%Y}"}
        ]
    )
    ws["A1"].font = Font(bold=True, size=13)
    header = [_("Code"), _("Organization"), _("Kind"), *(str(c.label) for c in COLUMNS)]
    ws.append(header)
    fill = PatternFill("solid", fgColor="F1E4E4")
    for cell in ws[2]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    formats = {}
    for index, column in enumerate(COLUMNS, start=4):
        digits = _digits(column)
        formats[index] = "0" if not digits else "0." + "0" * digits
    for row in rows:
        ws.append([row.code, row.name, str(row.get_kind_display()), *(getattr(row, c.key) for c in COLUMNS)])
        for index, number_format in formats.items():
            ws.cell(ws.max_row, index).number_format = number_format
    ws.append(
        [
            _("Total"),
            _("%(n)s organizations") % {"n": len(rows)},
            "",
            *(getattr(totals, c.key) for c in COLUMNS),
        ]
    )
    for index, number_format in formats.items():
        ws.cell(ws.max_row, index).number_format = number_format
    for cell in ws[ws.max_row]:
        cell.font = bold
    ws.freeze_panes = "C3"
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 42
    ws.column_dimensions["C"].width = 22
    for index in formats:
        ws.column_dimensions[get_column_letter(index)].width = 13
    ws.row_dimensions[2].height = 45
    return xlsx_bytes(wb)


# ---------------------------------------------------------------- one organization


def _item_state(item: Item, as_of: dt.date) -> tuple[str, str]:
    """A label and a badge class for an item against its deadline, as of `as_of`."""
    done = item.status == ItemStatus.DONE and item.completed_on is not None and item.completed_on <= as_of
    if done:
        if item.deadline and item.completed_on <= item.deadline:
            return _("Done on time"), "badge-done"
        return _("Done late"), "badge-draft"
    if item.deadline and item.deadline < as_of:
        return _("Overdue"), "badge-late"
    return _("Not yet due"), ""


# The list under each figure of one organization's page (the anchor its card links to): counting the rows
# the list marks as counted gives the figure (#16.10).
FIGURE_LISTS = {
    "held": "org-meetings",
    "on_day_pct": "org-meetings",
    "notice_lead": "org-meetings",
    "attendance_pct": "org-meetings",
    "speakers_per_attendee": "org-meetings",
    "reviews": "org-meetings",
    "on_time_pct": "org-due",
    "overdue": "org-overdue",
    "item_difficulties": "org-item-difficulties",
    "upper_difficulties": "org-upper-difficulties",
}


def _meeting_count(meeting: Meeting, window: Window) -> tuple[str, str]:
    """What a meeting of the period counts for in the figures, and why (the dashboard's definitions):
    "held" (a regular meeting held: meetings held, and its indicators), "indicators" (another meeting
    held: its indicators only) or "" (not counted)."""
    if meeting.kind == MeetingKind.STANDING:
        return "", _("Not counted: a Standing Committee meeting")
    if meeting.status not in HELD:
        return "", _("Not counted: not held")
    if not window.start <= meeting.date <= window.as_of:
        return "", _("Not counted: after the day the figures are taken")
    if meeting.kind == MeetingKind.REGULAR:
        return "held", _("Counted: a regular meeting held, with its indicators")
    return "indicators", _("Its indicators count; not a regular monthly meeting")


@login_required
@require_GET
def dashboard_org(request: HttpRequest, code: str) -> HttpResponse:
    """One organization's figures of the period, with the meetings, items and difficulties behind them
    (a fixed number of queries whatever their number)."""
    form = DashboardForm(request.GET)
    valid = form.is_valid()
    org = get_dashboard_org_for_user(request.user, code, form.cleaned_data["end"] if valid else None)
    # A former upper level's drill-down (R40): nothing reported after the organization left it.
    until = dashboard_past_until(request.user, org)
    # Back to the dashboard with the period asked for, even a malformed one (the dashboard says what is wrong).
    back_query = urlencode({k: v for k, v in request.GET.items() if k in ("period", "year", "number")})
    context = {"org": org, "form": form, "errors": form.messages(), "back_query": back_query}
    if not valid:
        return render(request, "oversight/dashboard_org.html", context, status=400)
    data = form.cleaned_data
    window = Window.of(data["start"], data["end"])
    board = compute(Organization.objects.filter(pk=org.pk), window)
    row = board.rows[0]
    meetings = list(
        Meeting.objects.filter(org=org, date__gte=window.start, date__lte=window.end)
        .select_related("indicators")
        .order_by("date", "pk")
    )
    for meeting in meetings:
        # The reverse one-to-one raises when a meeting has no stored indicators yet.
        meeting.figures = getattr(meeting, "indicators", None)
        meeting.counts, meeting.counts_why = _meeting_count(meeting, window)
    # Items and difficulties of classified resolutions only for the roles named on them (#17.1), held
    # then for a former upper level (R40).
    items = (
        Item.objects.filter(readable_of_q(request.user, org, "resolution__"))
        .select_related("resolution", "assignee")
        .order_by("deadline", "resolution_id", "order")
    )
    overdue = list(
        overdue_items(window.as_of)
        .filter(readable_of_q(request.user, org, "resolution__"))
        .filter(resolution__org=org)
        .select_related("resolution", "assignee")
    )
    overdue.sort(key=lambda i: (i.deadline, i.resolution_id, i.order))
    due = list(
        items.filter(
            resolution__org=org,
            resolution__status__in=ISSUED,
            resolution__issued_on__lte=window.as_of,
            # As the figure: deadlines in the period up to the day the figures are taken.
            deadline__gte=window.start,
            deadline__lte=window.as_of,
        )
    )
    for item in [*overdue, *due]:
        item.state, item.badge = _item_state(item, window.as_of)
    difficulties = list(
        open_item_difficulties()
        .filter(item__resolution__org=org)
        .filter(readable_of_q(request.user, org, "item__resolution__"))
        .select_related("item", "reporter")
        .order_by("created_at", "pk")
    )
    reported = list(
        open_upper_difficulties().filter(org=org).select_related("filed_by").order_by("created_at", "pk")
    )
    if until is not None:
        difficulties = [d for d in difficulties if timezone.localdate(d.created_at) <= until]
        reported = [d for d in reported if timezone.localdate(d.created_at) <= until]
    back = {"period": data["period"], "year": data["year"]}
    if data.get("number"):
        back["number"] = data["number"]
    figures = [
        {**cell, "label": COLUMN_KEYS[cell["key"]].label, "list": FIGURE_LISTS.get(cell["key"], "")}
        for cell in _cells(row)
    ]
    context |= {
        "window": window,
        "label": describe(data["period"], window.start, window.end),
        "row": row,
        "figures": figures,
        "trend": _trend(board),
        "charts": TREND_CHARTS,
        "meetings": meetings,
        "overdue": overdue,
        "due": due,
        "difficulties": difficulties,
        "reported": reported,
        "links_reported": request.user.has_perm("oversight.direct", org)
        or request.user.has_perm("oversight.sit", org),
        "back_query": urlencode(back),
    }
    return render(request, "oversight/dashboard_org.html", context)
