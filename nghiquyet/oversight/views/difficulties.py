"""Difficulty pages (R34): a grassroots organization files to the Standing Committee through the
Organization Board; the board assigns, sets the deadline and answers; the filer follows it here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.lib.forms import add_service_errors

from .. import queries, services
from ..access import get_difficulty_for_user, roles_for
from ..forms.common import AnswerForm
from ..forms.difficulties import AssignForm, DifficultyForm
from ..models import OPEN_DIFFICULTY_STATUSES, UpperDifficulty, UpperDifficultyStatus
from .common import acting_person, error_messages, form_messages, led_grassroots, page_of, require


def _visible(request: HttpRequest):
    roles = roles_for(request.user)
    if roles.everything:
        return UpperDifficulty.objects.all()
    q = Q(pk__in=[])
    if roles.direct_paths:
        q |= roles.under_q(roles.direct_paths, "org__")
    if roles.seat_paths:
        q |= Q(org_id__in=list(roles.seat_paths))
    if roles.person_id:
        q |= Q(filed_by_id=roles.person_id)
    return UpperDifficulty.objects.filter(q)


@login_required
def difficulty_list(request: HttpRequest) -> HttpResponse:
    """Difficulties: those of the bloc for the board, those of one's own committees otherwise."""
    roles = roles_for(request.user)
    require(roles.is_director or bool(roles.seat_paths))
    status = request.GET.get("status", "")
    difficulties = (
        _visible(request).select_related("org", "filed_by", "assigned_to").order_by("-created_at", "-id")
    )
    if status in UpperDifficultyStatus.values:
        difficulties = difficulties.filter(status=status)
    page = page_of(request, difficulties)
    today = timezone.localdate()
    for d in page:
        d.late = d.is_late(today)
    context = {
        "page": page,
        "status": status,
        "statuses": UpperDifficultyStatus.choices,
        "can_file": led_grassroots(request).exists(),
    }
    return render(request, "oversight/difficulty_list.html", context)


@login_required
def difficulty_create(request: HttpRequest) -> HttpResponse:
    """A grassroots leader files a difficulty of their organization."""
    orgs = led_grassroots(request)
    require(orgs.exists())
    form = DifficultyForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            difficulty = services.file_difficulty(
                data["org"], person=acting_person(request), title=data["title"], text=data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The difficulty is sent to the Organization Board."))
            return redirect(difficulty)
    return render(request, "oversight/difficulty_form.html", {"form": form})


@login_required
def difficulty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = get_difficulty_for_user(request.user, pk)
    directs = request.user.has_perm("oversight.direct", difficulty.org)
    pending = difficulty.status in OPEN_DIFFICULTY_STATUSES
    context = {
        "difficulty": difficulty,
        "late": difficulty.is_late(),
        "assign_form": AssignForm(
            people=queries.difficulty_assignees(difficulty.org),
            initial={"assignee": difficulty.assigned_to_id, "deadline": difficulty.answer_deadline},
        )
        if directs and pending
        else None,
        "answer_form": AnswerForm() if directs and pending else None,
        "can_close": difficulty.status == UpperDifficultyStatus.ANSWERED
        and (directs or request.user.has_perm("oversight.lead", difficulty.org)),
    }
    return render(request, "oversight/difficulty_detail.html", context)


@login_required
@require_POST
def difficulty_assign(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = get_difficulty_for_user(request.user, pk, "direct")
    form = AssignForm(request.POST, people=queries.difficulty_assignees(difficulty.org))
    if not form.is_valid():
        form_messages(request, form)
        return redirect(difficulty)
    try:
        services.assign_difficulty(
            difficulty, assignee=form.cleaned_data["assignee"], deadline=form.cleaned_data["deadline"]
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The difficulty is assigned."))
    return redirect(difficulty)


@login_required
@require_POST
def difficulty_answer(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = get_difficulty_for_user(request.user, pk, "direct")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        form_messages(request, form)
        return redirect(difficulty)
    try:
        services.answer_difficulty(
            difficulty, person=acting_person(request), answer=form.cleaned_data["answer"]
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("The answer is sent to %(name)s.") % {"name": difficulty.filed_by.full_name}
        )
    return redirect(difficulty)


@login_required
@require_POST
def difficulty_close(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = get_difficulty_for_user(request.user, pk, "close")
    try:
        services.close_difficulty(difficulty)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The difficulty is closed."))
    return redirect(difficulty)
