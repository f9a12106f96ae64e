"""Periodic reports of the scheme (R31, R35): monthly, quarterly, annual; figures compiled from the data,
narrative sections edited by the Organization Board, issued as a numbered, archived BÁO CÁO.

The upper level over the issuer reads them (oversight.supervise); those who direct write, refresh and
issue them (oversight.direct). Nobody else sees them: 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nghiquyet.documents import signing as digital
from nghiquyet.documents.downloads import archived_download, rendered_download
from nghiquyet.lib.forms import add_service_errors
from nghiquyet.orgs.access import viewer_for

from .. import queries, services
from ..access import get_report_for_user, roles_for
from ..documents_context import REPORT_SOURCE, archived_report, report_document
from ..forms.reports import IssueForm, NarrativeForm, ReportForm
from ..models import NARRATIVE_FIELDS, SECTION_LABELS, PeriodicReport
from ..periods import PeriodKind
from .common import directed_orgs, error_messages, form_messages, page_of, require


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports of the blocs the user works in at the upper level; a fixed number of queries."""
    roles = roles_for(request.user)
    require(roles.is_upper)
    reports = (
        PeriodicReport.objects.filter(roles.under_q(roles.upper_paths, "issuer__"))
        .select_related("issuer")
        .only("pk", "kind", "start", "end", "title", "status", "number_display", "issued_on", "issuer__name")
        .order_by("-start", "-id")
    )
    context = {"page": page_of(request, reports), "can_direct": roles.is_director}
    return render(request, "oversight/report_list.html", context)


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    """Start a draft report for a month, a quarter or a year that has begun; its figures are compiled."""
    roles = roles_for(request.user)
    require(roles.is_director)
    today = timezone.localdate()
    initial = {"kind": PeriodKind.QUARTER, "year": today.year, "number": (today.month - 1) // 3 + 1}
    form = ReportForm(request.POST or None, issuers=directed_orgs(roles), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm("oversight.direct", data["issuer"]):
            raise Http404
        try:
            report = services.create_report(
                data["issuer"], kind=data["kind"], year=data["year"], number=data["number"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The draft report is created with the figures of the records. Write its narrative."),
            )
            return redirect(report)
    return render(request, "oversight/report_form.html", {"form": form})


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The figures in tables, the narrative sections, and for those who direct the draft's actions."""
    report = get_report_for_user(request.user, pk)
    can_direct = report.is_draft and request.user.has_perm("oversight.direct", report.issuer)
    issue_form = None
    if can_direct:
        issue_form = IssueForm(
            people=queries.signers(report.issuer, timezone.localdate()),
            initial={"issued_on": timezone.localdate()},
        )
    figures = report.figures or {}
    context = {
        "report": report,
        "groups": queries.figure_groups(figures),
        "most_overdue": figures.get("most_overdue", []),
        "as_of": dt.date.fromisoformat(figures["as_of"]) if figures.get("as_of") else None,
        "sections": [(name, SECTION_LABELS[name], getattr(report, name)) for name in NARRATIVE_FIELDS],
        "can_direct": can_direct,
        "issue_form": issue_form,
        # Its signer finds the digital signature of the archived report here (R42).
        "sign_url": ""
        if report.is_draft
        else digital.sign_url(REPORT_SOURCE, report.pk, roles_for(request.user).person_id),
    }
    return render(request, "oversight/report_detail.html", context)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the subject and the narrative of a draft; an issued report is refused."""
    report = get_report_for_user(request.user, pk, "direct")
    if not report.is_draft:
        messages.error(request, _("This report is issued: it can no longer be changed."))
        return redirect(report)
    initial = {"title": report.title, **{name: getattr(report, name) for name in NARRATIVE_FIELDS}}
    form = NarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.write_narrative(
                report, title=data["title"], **{name: data[name] for name in NARRATIVE_FIELDS}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report is saved."))
            return redirect(report)
    return render(request, "oversight/report_edit.html", {"form": form, "report": report})


@login_required
@require_POST
def report_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, "direct")
    try:
        services.refresh_figures(report)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The figures are compiled again from the records."))
    return redirect(report)


@login_required
@require_POST
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Number, sign and issue the draft; its DOCX is archived."""
    report = get_report_for_user(request.user, pk, "direct")
    if not report.is_draft:
        messages.error(request, _("This report is issued: it can no longer be changed."))
        return redirect(report)
    form = IssueForm(request.POST, people=queries.signers(report.issuer, timezone.localdate()))
    if not form.is_valid():
        form_messages(request, form)
        return redirect(report)
    try:
        report = services.issue_report(
            report, signer=form.cleaned_data["signer"], by=request.user, on=form.cleaned_data["issued_on"]
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("Report %(number)s is issued and archived.") % {"number": report.number_display}
        )
    return redirect(report)


@login_required
@require_GET
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_download(request, pk, "docx")


@login_required
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_download(request, pk, "pdf")


def _report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as DOCX or PDF: the archived copy once issued, rendered with "DỰ THẢO" before."""
    report = get_report_for_user(request.user, pk)
    back = report.get_absolute_url()
    archived = None if report.is_draft else archived_report(report)
    if archived is not None:
        return archived_download(request, archived, fmt, viewer=viewer_for(request.user), back=back)
    document = report_document(report)
    return rendered_download(request, document, fmt, org_id=report.issuer_id, back=back)
