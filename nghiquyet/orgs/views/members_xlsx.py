"""Member import and export as XLSX (R01): check access, call the service, respond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import ngettext

from nghiquyet.lib.htmx import redirect_back

from .. import queries, services, xlsx
from ..access import get_org_for_user
from ..forms.members_xlsx import MemberUploadForm
from ..models import Organization
from ..rows import MemberRowForm

# A file with thousands of bad rows would give an unreadable page; the first ones show the pattern.
SHOWN_PROBLEMS = 200


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The empty workbook to fill in: headers, drop-down lists and an instructions sheet."""
    return _xlsx_response(xlsx.workbook_bytes(xlsx.template_workbook()), "mau-nhap-dang-vien.xlsx")


@login_required
def import_members(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a member workbook; all rows are imported, or none and the problems are listed."""
    org = get_org_for_user(request.user, code, "orgs.manage_members")
    form = MemberUploadForm(request.POST, request.FILES) if request.method == "POST" else MemberUploadForm()
    result = None
    if form.is_bound and form.is_valid():
        result = services.import_members(org, form.cleaned_data["file"], request.user)
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "Imported %(count)s party member.", "Imported %(count)s party members.", result.created
                )
                % {"count": result.created},
            )
            for warning in result.warnings[:SHOWN_PROBLEMS]:
                messages.warning(request, str(warning))
            # A full page load, so the org page and its messages replace the form.
            return redirect_back(request, org.get_absolute_url())
    return render(request, "orgs/import.html", _import_context(org, form, result))


def _import_context(org: Organization, form: MemberUploadForm, result) -> dict:
    row_fields = MemberRowForm.base_fields
    errors = result.errors if result else []
    return {
        "org": org,
        "ancestors": [*queries.ancestors(org), org],
        "form": form,
        "columns": [(c, row_fields[c.field].help_text) for c in xlsx.COLUMNS],
        "cells": list(Organization.objects.subtree(org).cells().order_by("path").values_list("code", "name")),
        "errors": errors[:SHOWN_PROBLEMS],
        "error_count": len(errors),
        "hidden_errors": max(len(errors) - SHOWN_PROBLEMS, 0),
        "max_rows": number_format(xlsx.MAX_ROWS, force_grouping=True),
        "max_megabytes": xlsx.MAX_BYTES // (1024 * 1024),
    }


@login_required
def export_members(request: HttpRequest, code: str) -> HttpResponse:
    """All members of the organization's subtree in name order, in the import template's layout."""
    org = get_org_for_user(request.user, code, "orgs.see_members")
    workbook = xlsx.members_workbook(queries.members(org))
    return _xlsx_response(xlsx.workbook_bytes(workbook), f"dang-vien-{org.code}.xlsx")
