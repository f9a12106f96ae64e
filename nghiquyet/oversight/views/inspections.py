"""Inspection pages (R25, R33): the Inspection Committee's plans and records, recommendations tracked to
completion by the inspected organizations, and the periodic inspection report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nghiquyet.documents import signing as digital
from nghiquyet.documents.downloads import archived_download, rendered_download
from nghiquyet.lib.forms import add_service_errors
from nghiquyet.orgs.access import viewer_for
from nghiquyet.orgs.models import BodyStaff, Person

from .. import documents_context, queries, services
from ..access import (
    get_plan_for_user,
    get_recommendation_for_user,
    get_record_for_user,
    roles_for,
)
from ..forms.common import ReportPeriodForm, period_initial
from ..forms.inspections import DoneForm, PlanForm, RecommendationForm, RecordForm, RecordOpenForm
from ..models import InspectionPlan, InspectionRecord, Recommendation, RecommendationStatus, RecordStatus
from ..periods import describe
from .common import (
    acting_person,
    error_messages,
    form_messages,
    grassroots_under,
    inspection_bodies,
    page_of,
    require,
)


def _plan_form(request: HttpRequest, data=None, **kwargs) -> PlanForm:
    """Targets: the grassroots organizations under the user's Inspection Committees; team: upper-level staff."""
    roles = roles_for(request.user)
    staff = BodyStaff.objects.current()
    if not roles.everything:
        staff = staff.filter(body__org__path__in=roles.inspect_paths)
    people = Person.objects.filter(pk__in=staff.values("person_id"))
    orgs = grassroots_under(roles.inspect_paths, roles.everything)
    return PlanForm(data, bodies=inspection_bodies(roles), orgs=orgs, people=people, **kwargs)


# ---------------------------------------------------------------- plans


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The inspection plans of the user's bloc (the upper level); a fixed number of queries."""
    roles = roles_for(request.user)
    require(roles.is_upper)
    plans = (
        InspectionPlan.objects.filter(roles.under_q(roles.upper_paths, "body__org__"))
        .select_related("body")
        .annotate(target_count=Count("targets", distinct=True), record_count=Count("records", distinct=True))
        .order_by("-period_start", "-id")
    )
    context = {"page": page_of(request, plans), "can_inspect": roles.is_inspector}
    return render(request, "oversight/plan_list.html", context)


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new inspection plan (the Inspection Committee)."""
    roles = roles_for(request.user)
    require(roles.is_inspector)
    form = _plan_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm("oversight.inspect", data["body"].org):
            raise Http404
        try:
            plan = services.create_plan(
                data["body"],
                title=data["title"],
                content=data["content"],
                period_kind=data["period_kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                targets=data["targets"],
                team=data["team"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The inspection plan is saved."))
            return redirect(plan)
    return render(request, "oversight/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, "inspect")
    initial = {
        "body": plan.body_id,
        "title": plan.title,
        "content": plan.content,
        "targets": list(plan.targets.values_list("pk", flat=True)),
        "team": list(plan.team.values_list("pk", flat=True)),
        **period_initial(plan.period_kind, plan.period_start, plan.period_end),
    }
    form = _plan_form(request, request.POST or None, initial=initial)
    form.fields["body"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_plan(
                plan,
                targets=data["targets"],
                team=data["team"],
                title=data["title"],
                content=data["content"],
                period_kind=data["period_kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The inspection plan is saved."))
            return redirect(plan)
    return render(request, "oversight/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan: its organizations with their records, its team; a fixed number of queries."""
    plan = get_plan_for_user(request.user, pk)
    can_inspect = request.user.has_perm("oversight.inspect", plan.body.org)
    targets = list(plan.targets.order_by("path"))
    records = list(
        plan.records.select_related("org").annotate(
            open_count=Count("recommendations", filter=Q(recommendations__status=RecommendationStatus.OPEN))
        )
    )
    context = {
        "plan": plan,
        "targets": targets,
        "records": records,
        "team": list(plan.team.all()),
        "can_inspect": can_inspect,
        "open_form": RecordOpenForm(
            orgs=plan.targets.order_by("path"), initial={"date": timezone.localdate()}
        )
        if can_inspect
        else None,
    }
    return render(request, "oversight/plan_detail.html", context)


# ---------------------------------------------------------------- records


@login_required
@require_POST
def record_open(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, "inspect")
    form = RecordOpenForm(request.POST, orgs=plan.targets.all())
    if not form.is_valid():
        form_messages(request, form)
        return redirect(plan)
    try:
        record = services.open_record(plan, org=form.cleaned_data["org"], date=form.cleaned_data["date"])
    except ValidationError as error:
        error_messages(request, error)
        return redirect(plan)
    return redirect(record)


def _records_visible(request: HttpRequest):
    """Records under the user's upper-level bodies, the concluded records of the committees they sit on
    and those with a recommendation assigned to them (as `get_record_for_user` opens them)."""
    roles = roles_for(request.user)
    if roles.everything:
        return InspectionRecord.objects.all()
    q = Q(pk__in=[])
    if roles.upper_paths:
        q |= roles.under_q(roles.upper_paths, "plan__body__org__")
    if roles.seat_paths:
        q |= Q(status=RecordStatus.CONCLUDED, org_id__in=list(roles.seat_paths))
    if roles.person_id is not None:
        assigned = Recommendation.objects.filter(assignee_id=roles.person_id).values("record_id")
        q |= Q(status=RecordStatus.CONCLUDED, pk__in=assigned)
    return InspectionRecord.objects.filter(q)


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    """Inspection records: all of the bloc for the upper level, their own for inspected committees and
    for the people assigned a recommendation."""
    roles = roles_for(request.user)
    visible = _records_visible(request)
    require(roles.is_upper or bool(roles.seat_paths) or visible.exists())
    records = (
        visible.select_related("org", "plan")
        .annotate(
            open_count=Count("recommendations", filter=Q(recommendations__status=RecommendationStatus.OPEN)),
            total_count=Count("recommendations"),
        )
        .order_by("-date", "-id")
    )
    return render(request, "oversight/record_list.html", {"page": page_of(request, records)})


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A record: the three findings, the conclusions and the recommendations with their progress."""
    record = get_record_for_user(request.user, pk)
    can_write = not record.is_concluded and request.user.has_perm("oversight.inspect", record.plan.body.org)
    leads = request.user.has_perm("oversight.lead", record.org)
    person_id = roles_for(request.user).person_id
    today = timezone.localdate()
    recommendations = list(record.recommendations.select_related("assignee", "done_by"))
    for r in recommendations:
        r.overdue = r.is_overdue(today)
        r.can_carry = (
            record.is_concluded
            and r.status == RecommendationStatus.OPEN
            and (leads or r.assignee_id == person_id)
        )
    context = {
        "record": record,
        # Its number and the numbering rule of its day (R41), once concluded and archived.
        "conclusion": documents_context.archived_conclusion(record) if record.is_concluded else None,
        "recommendations": recommendations,
        "can_write": can_write,
        # The committee's head finds the digital signature of the archived conclusion here (R42).
        "sign_url": digital.sign_url(documents_context.CONCLUSION_SOURCE, record.pk, person_id)
        if record.is_concluded
        else "",
        "recommendation_form": RecommendationForm(people=queries.recommendation_assignees(record))
        if can_write
        else None,
    }
    return render(request, "oversight/record_detail.html", context)


@login_required
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, "inspect")
    if record.is_concluded:
        messages.error(request, _("This inspection is concluded: its record can no longer be changed."))
        return redirect(record)
    initial = {name: getattr(record, name) for name in services.inspections.RECORD_FIELDS}
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_record(record, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The inspection record is saved."))
            return redirect(record)
    return render(request, "oversight/record_form.html", {"form": form, "record": record})


@login_required
@require_POST
def record_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, "inspect")
    try:
        services.conclude_record(record, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The inspection is concluded; the organization is notified."))
    return redirect(record)


@login_required
@require_GET
def record_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The conclusion as DOCX or PDF: the archived copy once concluded, a "DỰ THẢO" before (R25, R21)."""
    record = get_record_for_user(request.user, pk)
    back = record.get_absolute_url()
    archived = documents_context.archived_conclusion(record) if record.is_concluded else None
    if archived is not None:
        return archived_download(request, archived, fmt, viewer=viewer_for(request.user), back=back)
    document = documents_context.conclusion_document(record)
    return rendered_download(request, document, fmt, org_id=record.plan.body.org_id, back=back)


@login_required
@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, "inspect")
    form = RecommendationForm(request.POST, people=queries.recommendation_assignees(record))
    if not form.is_valid():
        form_messages(request, form)
        return redirect(record)
    try:
        services.add_recommendation(record, **form.cleaned_data)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The recommendation is added."))
    return redirect(record)


@login_required
@require_POST
def recommendation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk)
    record = get_record_for_user(request.user, recommendation.record_id, "inspect")
    try:
        services.remove_recommendation(recommendation)
    except ValidationError as error:
        error_messages(request, error)
    return redirect(record)


@login_required
@require_POST
def recommendation_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspected organization's leaders or the assignee report a recommendation carried out."""
    recommendation = get_recommendation_for_user(request.user, pk, "carry")
    form = DoneForm(request.POST)
    if not form.is_valid():
        form_messages(request, form)
        return redirect(recommendation.record)
    try:
        services.mark_done(recommendation, person=acting_person(request), note=form.cleaned_data["done_note"])
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The recommendation is marked done."))
    return redirect(recommendation.record)


def recommendations_visible(request: HttpRequest):
    roles = roles_for(request.user)
    if roles.everything:
        return Recommendation.objects.all()
    q = Q(pk__in=[])
    if roles.upper_paths:
        q |= roles.under_q(roles.upper_paths, "record__plan__body__org__")
    if roles.seat_paths:
        seats = list(roles.seat_paths)
        # The inspected organization's committee, or its successor's once a reorganization passed it on (R40).
        q |= Q(record__status=RecordStatus.CONCLUDED) & (
            Q(record__org_id__in=seats) | Q(carried_by_id__in=seats)
        )
    if roles.person_id is not None:  # one's own, whatever one's seat
        q |= Q(record__status=RecordStatus.CONCLUDED, assignee_id=roles.person_id)
    return Recommendation.objects.filter(q)


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """Recommendations as follow-up tasks, filtered by state (open, overdue, done); a fixed number of queries."""
    roles = roles_for(request.user)
    visible = recommendations_visible(request)
    require(roles.is_upper or bool(roles.seat_paths) or visible.exists())
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    counts = visible.aggregate(
        open=Count("id", filter=Q(status=RecommendationStatus.OPEN)),
        overdue=Count("id", filter=Q(status=RecommendationStatus.OPEN, deadline__lt=today)),
        done=Count("id", filter=Q(status=RecommendationStatus.DONE)),
    )
    filtered = {
        "open": visible.open(),
        "overdue": visible.overdue(today),
        "done": visible.filter(status=RecommendationStatus.DONE),
    }.get(state, visible)
    rows = filtered.select_related("record__org", "assignee").order_by("deadline", "id")
    page = page_of(request, rows)
    for r in page:
        r.overdue = r.is_overdue(today)
    context = {"page": page, "counts": counts, "state": state}
    return render(request, "oversight/recommendation_list.html", context)


# ---------------------------------------------------------------- the periodic report (R33)


@login_required
def inspection_report(request: HttpRequest) -> HttpResponse:
    """The periodic inspection report of a period, compiled from the records (a fixed number of queries)."""
    roles = roles_for(request.user)
    require(roles.is_upper)
    form = ReportPeriodForm(request.GET or None)
    report = None
    if form.is_valid():
        data = form.cleaned_data
        roots = None if roles.everything else list(roles.upper_paths)
        report = queries.inspection_report(roots, data["period_start"], data["period_end"])
        report_label = describe(data["period_kind"], data["period_start"], data["period_end"])
    else:
        report_label = ""
    context = {"form": form, "report": report, "label": report_label}
    return render(request, "oversight/inspection_report.html", context)
