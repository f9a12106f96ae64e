"""Qualification statistics of committee members (R02): check access, compute, render or export."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from nghiquyet.documents.downloads import rendered_download
from nghiquyet.lib.spreadsheets import xlsx_bytes

from ..access import get_org_for_user, scope_for, visible_orgs
from ..documents_context import statistics_document
from ..models import GRASSROOTS_KINDS, Organization, OrgKind
from ..stats import QualificationStats, qualification_stats, term_labels

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StatsFilterForm(forms.Form):
    org = forms.CharField(required=False, max_length=40)
    term = forms.CharField(required=False, max_length=20)


def _org_options(user) -> list[Organization]:
    """The bloc and grassroots organizations whose members `user` may see, and their own cell (one query)."""
    wanted = Q(kind__in=[OrgKind.BLOC, *GRASSROOTS_KINDS])
    if home_org_id := scope_for(user).home_org_id:
        wanted |= Q(pk=home_org_id)
    orgs = visible_orgs(user).filter(wanted).only("id", "code", "name", "kind", "path", "depth")
    return [org for org in orgs if user.has_perm("orgs.see_members", org)]


def _selection(request: HttpRequest) -> tuple[Organization | None, str | None, list[Organization]]:
    """The organization and term asked for; by default the user's widest organization and current seats."""
    form = StatsFilterForm(request.GET)
    if not form.is_valid():
        raise Http404
    options = _org_options(request.user)
    if code := form.cleaned_data["org"]:
        org = get_org_for_user(request.user, code, "orgs.see_members")
        if org.pk not in {o.pk for o in options}:
            options = sorted([*options, org], key=lambda o: o.path)
    else:
        org = min(options, key=lambda o: (o.depth, o.path), default=None)
    return org, form.cleaned_data["term"] or None, options


@login_required
def qualifications(request: HttpRequest) -> HttpResponse:
    """Counts and percentages by professional level and political theory, with charts and an export."""
    org, term_label, options = _selection(request)
    if org is None:
        return render(request, "orgs/stats.html", {"org": None})
    stats = qualification_stats(org, term_label)
    query = {"org": org.code, **({"term": term_label} if term_label else {})}
    context = {
        "org": org,
        "term_label": term_label,
        "options": options,
        "terms": term_labels(org),
        "stats": stats,
        "sections": _sections(stats),
        "data": stats.as_dict(),
        "export_query": urlencode(query),
    }
    return render(request, "orgs/stats.html", context)


@login_required
def qualifications_xlsx(request: HttpRequest) -> HttpResponse:
    """The same statistics as a workbook, percentages as numbers."""
    org, term_label, _options = _selection(request)
    if org is None:
        raise Http404
    response = HttpResponse(_workbook(qualification_stats(org, term_label)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="thong-ke-trinh-do-{org.code}.xlsx"'
    return response


def _sections(stats: QualificationStats) -> list[dict]:
    """The breakdowns in display order, with the chart drawn for each (none for gender)."""
    return [
        {"title": _("Professional level"), "series": "education", "chart": "bar", "buckets": stats.education},
        {
            "title": _("Political theory level"),
            "series": "theory",
            "chart": "doughnut",
            "buckets": stats.theory,
        },
        {"title": _("Gender"), "series": "gender", "chart": None, "buckets": stats.gender},
    ]


def _workbook(stats: QualificationStats) -> bytes:
    """One sheet: a title naming the organization and term, then one table per breakdown."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Thong ke"
    bold = Font(bold=True)
    term = _("Term %(label)s") % {"label": stats.term_label} if stats.term_label else _("Current committees")
    ws.append([_("Committee members' qualifications")])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"{stats.org.name} ({stats.org.code}) – {term}"])
    ws.append([_("Committee members counted"), stats.total])
    for section in _sections(stats):
        ws.append([])
        ws.append([section["title"], _("Count"), "%"])
        for cell in ws[ws.max_row]:
            cell.font = bold
        for bucket in section["buckets"]:
            ws.append([str(bucket.label), bucket.count, bucket.percent])
            ws.cell(ws.max_row, 3).number_format = "0.0"
        ws.append([_("Total"), stats.total, 100.0 if stats.total else 0.0])
        ws.cell(ws.max_row, 3).number_format = "0.0"
        for cell in ws[ws.max_row]:
            cell.font = bold
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 12
    return xlsx_bytes(wb)


@login_required
@require_GET
def qualifications_file(request: HttpRequest, fmt: str) -> HttpResponse:
    """The committee members' qualification statistics of an organization as a report, DOCX or PDF (R02):
    to those who may see its members, like the statistics page (`?org=CODE&term=LABEL`)."""
    code = request.GET.get("org", "").strip()
    if not code or len(code) > 40:
        raise Http404
    org = get_org_for_user(request.user, code, "orgs.see_members")
    term = request.GET.get("term", "").strip()[:20] or None
    query = urlencode({"org": org.code, **({"term": term} if term else {})})
    document = statistics_document(qualification_stats(org, term))
    return rendered_download(request, document, fmt, org_id=org.pk, back=f"{reverse('orgs:stats')}?{query}")
