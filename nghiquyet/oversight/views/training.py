"""Training pages (R36): courses and their trainees, and the coverage per term with the exact list of
those not yet trained."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nghiquyet.lib.forms import add_service_errors
from nghiquyet.orgs.models import GRASSROOTS_KINDS, Organization, OrgKind

from .. import queries, services
from ..access import get_course_for_user, get_coverage_org_for_user, roles_for
from ..forms.training import AttendeesForm, CourseForm, CoverageForm
from ..models import Course
from .common import (
    directed_orgs,
    error_messages,
    form_messages,
    led_ids,
    page_of,
    require,
)


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    """Courses of the user's bloc with their trainee counts (the upper level); a fixed number of queries."""
    roles = roles_for(request.user)
    require(roles.is_upper)
    courses = (
        Course.objects.filter(roles.under_q(roles.upper_paths, "org__"))
        .annotate(
            trainees=Count("attendance"),
            completed=Count("attendance", filter=Q(attendance__completed=True)),
        )
        .order_by("-start_date", "-id")
    )
    context = {"page": page_of(request, courses), "can_direct": roles.is_director}
    return render(request, "oversight/course_list.html", context)


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    require(roles.is_director)
    form = CourseForm(request.POST or None, orgs=directed_orgs(roles))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm("oversight.direct", data["org"]):
            raise Http404
        try:
            course = services.create_course(**data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The course is saved. Record its trainees."))
            return redirect(course)
    return render(request, "oversight/course_form.html", {"form": form})


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A course and its trainees; a fixed number of queries whatever their number."""
    course = get_course_for_user(request.user, pk)
    can_direct = request.user.has_perm("oversight.direct", course.org)
    attendance = list(
        course.attendance.select_related("person", "person__home_org").order_by("person__sort_key", "id")
    )
    form = None
    if can_direct:
        form = AttendeesForm(
            people=queries.trainees(course, timezone.localdate()).exclude(
                pk__in=[a.person_id for a in attendance]
            )
        )
    context = {"course": course, "attendance": attendance, "can_direct": can_direct, "form": form}
    return render(request, "oversight/course_detail.html", context)


@login_required
@require_POST
def course_attendees(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk, "direct")
    form = AttendeesForm(request.POST, people=queries.trainees(course, timezone.localdate()))
    if not form.is_valid():
        form_messages(request, form)
        return redirect(course)
    added = services.add_attendees(
        course, form.cleaned_data["people"], completed=form.cleaned_data["completed"]
    )
    messages.success(
        request,
        ngettext("%(count)s trainee is recorded.", "%(count)s trainees are recorded.", added)
        % {"count": added},
    )
    return redirect(course)


@login_required
@require_POST
def course_attendance(request: HttpRequest, pk: int, attendance: int) -> HttpResponse:
    """Mark a trainee as having completed the course or not, or remove them."""
    course = get_course_for_user(request.user, pk, "direct")
    row = course.attendance.filter(pk=attendance).first()
    if row is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "remove":
            services.remove_attendance(row)
        elif action in ("completed", "not_completed"):
            services.set_completed(row, action == "completed")
        else:
            raise Http404
    except ValidationError as error:
        error_messages(request, error)
    return redirect(course)


def _coverage_choices(request: HttpRequest) -> list[Organization]:
    """The blocs the user works for and their grassroots organizations, and the organizations they lead."""
    roles = roles_for(request.user)
    if roles.everything:
        q = Q(kind__in=(OrgKind.BLOC, *GRASSROOTS_KINDS))
    else:
        q = Q(path__in=roles.upper_paths) | Q(kind__in=GRASSROOTS_KINDS) & (
            roles.under_q(roles.upper_paths, "") | Q(pk__in=led_ids(request))
        )
    return list(Organization.objects.filter(q).order_by("path"))


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Training coverage per term of the committees under an organization: the percentage and the exact
    list of those not yet trained (two queries for the figures and the list)."""
    choices = _coverage_choices(request)
    require(bool(choices))
    # Another organization's code answers 404, not a silent fall-back to one's own.
    org = get_coverage_org_for_user(request.user, request.GET.get("org") or choices[0].code)
    form = CoverageForm(request.GET or None, orgs=choices, initial={"org": org.code})
    day = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["day"]:
        day = form.cleaned_data["day"]
    result = queries.coverage(org, day)
    # The courses' list is the upper level's; a committee's leaders see their coverage only (#16.5).
    context = {"form": form, "coverage": result, "sees_courses": roles_for(request.user).is_upper}
    return render(request, "oversight/coverage.html", context)
