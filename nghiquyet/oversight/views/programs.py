"""Concretization pages (R32): the upper level asks for programs and sees who has not submitted; the
grassroots leaders submit theirs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nghiquyet.documents.serving import attachment_response
from nghiquyet.lib.forms import add_service_errors
from nghiquyet.orgs.models import GRASSROOTS_KINDS, Organization

from .. import queries, services
from ..access import (
    addressed_seats,
    get_request_for_user,
    get_submission_for_user,
    get_submitting_org_for_user,
    roles_for,
)
from ..forms.programs import RequestForm, SubmissionForm
from ..models import ProgramRequest, ProgramSubmission
from .common import (
    acting_person,
    directed_orgs,
    error_messages,
    form_messages,
    grassroots_under,
    led_ids,
    page_of,
    require,
)


def _visible(request: HttpRequest):
    roles = roles_for(request.user)
    if roles.everything:
        return ProgramRequest.objects.all()
    q = Q(pk__in=[])
    if roles.upper_paths:
        q |= roles.under_q(roles.upper_paths, "issuer__")
    if roles.seat_paths:
        q |= ProgramRequest.objects.addressed_q(roles.seat_paths.values())
    return ProgramRequest.objects.filter(q)


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    """Program requests of the user's bloc or addressed to their committees; a fixed number of queries."""
    roles = roles_for(request.user)
    require(roles.is_upper or bool(roles.seat_paths))
    mine = ProgramSubmission.objects.filter(request=OuterRef("pk"), org_id__in=list(roles.seat_paths))
    requests = (
        _visible(request)
        .select_related("issuer")
        .annotate(submitted_count=Count("submissions", distinct=True), submitted_by_mine=Exists(mine))
        .order_by("-created_at", "-id")
    )
    context = {
        "page": page_of(request, requests),
        "can_direct": roles.is_director,
        "upper": roles.is_upper,
        "today": timezone.localdate(),
    }
    return render(request, "oversight/request_list.html", context)


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    """Ask every (or chosen) grassroots committee for its program or plan (those who direct)."""
    roles = roles_for(request.user)
    require(roles.is_director)
    form = RequestForm(
        request.POST or None,
        issuers=directed_orgs(roles),
        grassroots=grassroots_under(roles.direct_paths, roles.everything),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm("oversight.direct", data["issuer"]):
            raise Http404
        try:
            created = services.create_request(
                data["issuer"],
                title=data["title"],
                directive=data["directive"],
                description=data["description"],
                deadline=data["deadline"],
                target_all=data["target_all"],
                targets=data["targets"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The request is sent; the secretaries are notified."))
            return redirect(created)
    return render(request, "oversight/request_form.html", {"form": form})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request; for the upper level, every addressed organization with its submission, those who
    have not submitted first (one query); for a committee, its own submission and the form."""
    program_request = get_request_for_user(request.user, pk)
    supervising = request.user.has_perm("oversight.supervise", program_request.issuer)
    rows = list(queries.submission_rows(program_request)) if supervising else []
    own_ids = addressed_seats(request.user, program_request)
    own_orgs = list(Organization.objects.filter(pk__in=own_ids, kind__in=GRASSROOTS_KINDS).order_by("path"))
    submissions = {
        s.org_id: s
        for s in ProgramSubmission.objects.filter(request=program_request, org__in=own_orgs).select_related(
            "attachment", "submitted_by"
        )
    }
    led = set(led_ids(request))
    own = [
        (org, submissions.get(org.pk), SubmissionForm(auto_id=f"id_{org.code}_%s") if org.pk in led else None)
        for org in own_orgs
    ]
    context = {
        "req": program_request,
        "rows": rows,
        "missing_count": sum(1 for r in rows if not r.submitted),
        "supervising": supervising,
        "can_remind": request.user.has_perm("oversight.direct", program_request.issuer),
        "own": own,
        "late": program_request.deadline < timezone.localdate(),
    }
    return render(request, "oversight/request_detail.html", context)


@login_required
@require_POST
def request_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind the secretaries of the organizations that have not submitted."""
    program_request = get_request_for_user(request.user, pk, "direct")
    count = services.remind_missing(program_request)
    messages.success(
        request,
        ngettext("%(count)s secretary is reminded.", "%(count)s secretaries are reminded.", count)
        % {"count": count},
    )
    return redirect(program_request)


@login_required
@require_POST
def request_submit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A grassroots leader submits the committee's program or plan."""
    program_request = get_request_for_user(request.user, pk)
    org = get_submitting_org_for_user(request.user, program_request, code)
    form = SubmissionForm(request.POST, request.FILES)
    if not form.is_valid():
        form_messages(request, form)
        return redirect(program_request)
    try:
        services.submit_program(
            program_request,
            org,
            person=acting_person(request),
            text=form.cleaned_data["text"],
            uploaded=form.cleaned_data["file"],
            by=request.user,
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The program of %(org)s is submitted.") % {"org": org.name})
    return redirect(program_request)


@login_required
def submission_file(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk)
    if submission.attachment is None:
        raise Http404
    return attachment_response(submission.attachment)


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee's submitted program: to the upper level and to that committee."""
    submission = get_submission_for_user(request.user, pk)
    return render(request, "oversight/submission_detail.html", {"submission": submission})
