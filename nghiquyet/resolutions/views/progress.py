"""Carrying resolutions out (R23, R25, R26): "my work", the organization's task board, and an item's page
with its progress, difficulties and supervision.

Each view fetches its object through one access helper (404 for anything out of reach), validates a
form, calls one service of `resolutions.progress` and redirects to the item's page; a refused form is
shown again on that page with its errors.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nghiquyet.documents.serving import attachment_response
from nghiquyet.lib.forms import add_service_errors, mark_invalid
from nghiquyet.meetings.access import get_meeting_org_for_user
from nghiquyet.orgs import queries
from nghiquyet.orgs.access import scope_for, viewer_for
from nghiquyet.orgs.models import Person
from nghiquyet.resolutions import access as resolution_access
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions.models import REPORTABLE_STATUSES

from .. import mywork
from .. import queries as resolution_queries
from ..access import get_item_for_user
from ..forms.progress import (
    AnswerForm,
    BoardFilterForm,
    DifficultyForm,
    ProgressForm,
    SendBackForm,
    UrgeForm,
)
from ..models import OPEN_STATUSES, DifficultyStatus, Item, ItemStatus, Resolution, ResolutionStatus

SOON_DAYS = 7
RECENT_DAYS = 30
ISSUED_OR_CLOSED = (ResolutionStatus.ISSUED, ResolutionStatus.CLOSED)


def _person(request: HttpRequest) -> Person | None:
    try:
        return request.user.person
    except ObjectDoesNotExist:
        return None


def _back(item: Item, anchor: str = "") -> HttpResponse:
    return redirect(reverse("resolutions:item", args=[item.pk]) + (f"#{anchor}" if anchor else ""))


def _unlinked(request: HttpRequest, item: Item) -> HttpResponse:
    # Supervising and answering are recorded in a party member's name; an account without one (a bare
    # administrator) cannot do either.
    messages.error(request, _("Your account is not linked to a party member record."))
    return _back(item)


def _refused(
    request: HttpRequest, item: Item, form, error: ValidationError, anchor: str
) -> HttpResponse | None:
    """A service's refusal: field errors go back on the form (None: show the page again); a refusal of
    the action itself (the item is done, the resolution not issued) becomes a message on the item page."""
    if hasattr(error, "error_dict"):
        add_service_errors(form, error)
        mark_invalid(form)  # a refused evidence file: its message by the field, focused so in view
        return None
    for message in error.messages:
        messages.error(request, message)
    return _back(item, anchor)


def _mark_due(item: Item, today: dt.date) -> Item:
    """Days left before the deadline (negative when past) and days late, for display."""
    item.days_left = (item.deadline - today).days if item.deadline else None
    item.days_late = max(0, -item.days_left) if item.days_left is not None else 0
    return item


# ---------------------------------------------------------------- my work


@login_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    """What is mine and when it is due: the items one carries or supervises, in every organization, and
    the tasks other apps give them (`mywork`: inspection recommendations).

    Two queries for the items (the co-assigned ids, then the items), whatever their number, and a fixed
    number for each registered provider.
    """
    person_id = scope_for(request.user).person_id
    today = timezone.localdate()
    groups = []
    if person_id is not None:
        wanted = Q(resolution__status=ResolutionStatus.ISSUED, status__in=OPEN_STATUSES) | Q(
            resolution__status__in=ISSUED_OR_CLOSED,
            status=ItemStatus.DONE,
            completed_on__gte=today - dt.timedelta(days=RECENT_DAYS),
        )
        items = list(
            resolution_queries.with_sent_back_reason(Item.objects.mine(person_id))
            .filter(wanted)
            .select_related("resolution__org")
            .order_by("deadline", "resolution_id", "order", "id")
        )
        buckets: dict[str, list[Item]] = {"overdue": [], "soon": [], "later": [], "reported": [], "done": []}
        resolution_access.mark_unreadable(request.user, [item.resolution for item in items])
        for item in items:
            _mark_due(item, today)
            item.role = (
                "assignee"
                if item.assignee_id == person_id
                else "supervisor"
                if item.supervisor_id == person_id
                else "co_assignee"
            )
            if item.status == ItemStatus.DONE:
                buckets["done"].append(item)
            elif item.status == ItemStatus.REPORTED_DONE:
                buckets["reported"].append(item)
            elif item.days_left is not None and item.days_left < 0:
                buckets["overdue"].append(item)
            elif item.days_left is not None and item.days_left <= SOON_DAYS:
                buckets["soon"].append(item)
            else:
                buckets["later"].append(item)
        buckets["done"].sort(key=lambda i: i.completed_on, reverse=True)
        titles = {
            "overdue": _("Overdue"),
            "soon": _("Due within %(days)s days") % {"days": SOON_DAYS},
            "later": _("Later"),
            "reported": _("Reported done, awaiting the supervisor's confirmation"),
            "done": _("Done in the last %(days)s days") % {"days": RECENT_DAYS},
        }
        groups = [(key, titles[key], rows) for key, rows in buckets.items()]
    tasks = mywork.tasks_of(person_id, today) if person_id is not None else []
    context = {"has_person": person_id is not None, "groups": groups, "tasks": tasks, "today": today}
    return render(request, "resolutions/my_work.html", context)


# ---------------------------------------------------------------- the task board


@login_required
@require_GET
def board(request: HttpRequest, code: str) -> HttpResponse:
    """All items of the organization's issued resolutions, filtered, with counts per status (R23, R26).

    A fixed number of queries: the choices, one aggregate for the counts, the page and its count.
    """
    org = get_meeting_org_for_user(request.user, code)
    today = timezone.localdate()
    # The organization's own items, less the open ones a reorganization passed on, plus those passed to it
    # (R40); classified resolutions only for the roles named on them, their items for those too and for
    # the people who carry or supervise them (#17.1).
    viewer = viewer_for(request.user)
    items = Item.objects.filter(
        Q(resolution__org=org, carried_by__isnull=True) | Q(carried_by=org),
        resolution__status__in=ISSUED_OR_CLOSED,
    ).readable_by(viewer)
    resolutions = list(
        Resolution.objects.filter(
            Q(org=org) | Q(pk__in=items.values("resolution_id")), status__in=ISSUED_OR_CLOSED
        )
        .readable_by(viewer)
        .only("pk", "number_display", "title", "issued_on")
        .order_by("-issued_on", "-id")
    )
    assignees = list(Person.objects.filter(pk__in=items.values("assignee_id")).only("pk", "full_name"))
    form = BoardFilterForm(request.GET or None, assignees=assignees, resolutions=resolutions)
    filters = {}
    if form.is_valid():
        filters = form.cleaned_data
    if filters.get("assignee"):
        items = items.filter(assignee_id=filters["assignee"])
    if filters.get("resolution"):
        items = items.filter(resolution_id=filters["resolution"])

    overdue = Q(status__in=OPEN_STATUSES, deadline__lt=today)
    totals = items.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue),
        **{status.value: Count("pk", filter=Q(status=status)) for status in ItemStatus},
    )
    counts = [(status.value, status.label, totals[status.value]) for status in ItemStatus]

    if filters.get("status"):
        items = items.filter(status=filters["status"])
    if filters.get("overdue"):
        items = items.filter(overdue)
    items = (
        items.select_related("resolution__org", "assignee", "supervisor")
        .annotate(
            closed=Case(
                When(status=ItemStatus.DONE, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("closed", "deadline", "resolution_id", "order", "id")
    )
    page = Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    resolution_access.mark_unreadable(request.user, [item.resolution for item in page])
    for item in page:
        _mark_due(item, today)
        item.overdue = item.is_overdue(today)
    context = {
        "org": org,
        "ancestors": [*queries.ancestors(org), org],
        "form": form,
        "page": page,
        "counts": counts,
        "total": totals["total"],
        "overdue_count": totals["overdue"],
        "today": today,
    }
    return render(request, "resolutions/board.html", context)


# ---------------------------------------------------------------- an item


def _item_page(
    request: HttpRequest,
    item: Item,
    *,
    progress_form: ProgressForm | None = None,
    difficulty_form: DifficultyForm | None = None,
    urge_form: UrgeForm | None = None,
    send_back_form: SendBackForm | None = None,
    answer_form: tuple[int, AnswerForm] | None = None,
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    _mark_due(item, today)
    resolution_access.mark_unreadable(user, [item.resolution])
    active = item.resolution.status == ResolutionStatus.ISSUED and item.status != ItemStatus.DONE
    carries = user.has_perm("resolutions.report", item)
    supervises = user.has_perm("resolutions.supervise", item)
    leads = user.has_perm("resolutions.lead", item)
    # A former upper level reads the item as it stood in its period (R40): nothing reported since.
    scope = scope_for(user)
    org = item.resolution.org
    difficulties = scope.of_period(
        org, list(item.difficulties.select_related("reporter", "answered_by")), lambda d: d.created_at
    )
    if leads:
        for difficulty in difficulties:
            if difficulty.status == DifficultyStatus.OPEN:
                bound = answer_form[1] if answer_form and answer_form[0] == difficulty.pk else None
                difficulty.form = bound or AnswerForm(auto_id=f"id_d{difficulty.pk}_%s")
    if active and carries and progress_form is None:
        progress_form = ProgressForm(
            initial={
                "status": item.status if item.status in REPORTABLE_STATUSES else ItemStatus.IN_PROGRESS,
                "percent": item.percent,
            }
        )
    updates = scope.of_period(
        org, list(item.updates.select_related("author").prefetch_related("evidence")), lambda u: u.created_at
    )
    can_confirm = supervises and active and item.status == ItemStatus.REPORTED_DONE
    context = {
        "item": item,
        "resolution": item.resolution,
        "org": item.resolution.org,
        "ancestors": [*queries.ancestors(item.resolution.org), item.resolution.org],
        "co_assignees": list(item.co_assignees.all()),
        "today": today,
        "overdue": item.is_overdue(today),
        "active": active,
        "carries": carries,
        "supervises": supervises,
        "leads": leads,
        "updates": updates,
        "sent_back": resolution_queries.pending_send_back(updates) if active else None,
        "difficulties": difficulties,
        "reminders": scope.of_period(
            org,
            list(item.reminders.select_related("person").order_by("-sent_at", "-id")),
            lambda r: r.sent_at,
        ),
        # The task board plans today's work: its new upper level's, not a former one's (R40).
        "opens_board": scope.reaches(org),
        "progress_form": progress_form if active and carries else None,
        "difficulty_form": (difficulty_form or DifficultyForm()) if active and carries else None,
        "can_confirm": can_confirm,
        "send_back_form": (send_back_form or SendBackForm()) if can_confirm else None,
        "urge_form": (urge_form or UrgeForm()) if supervises and active else None,
    }
    return render(request, "resolutions/item.html", context)


@login_required
@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An item with its history of progress, its difficulties and reminders, and the forms of one's role."""
    return _item_page(request, get_item_for_user(request.user, pk))


@login_required
@require_POST
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The person in charge (or a co-assignee) reports status, % done, a note and evidence (R23)."""
    item = get_item_for_user(request.user, pk, "resolutions.report")
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            update = resolution_services.post_update(
                item,
                _person(request),
                data["status"],
                data["percent"],
                data["note"],
                data["files"],
                by=request.user,
            )
        except ValidationError as error:
            if response := _refused(request, item, form, error, "progress"):
                return response
        else:
            if update.status == ItemStatus.REPORTED_DONE:
                messages.success(
                    request, _("The item is reported done; its supervisor is asked to confirm it.")
                )
            else:
                messages.success(request, _("Your progress report is recorded."))
            return _back(item, "progress")
    return _item_page(request, item, progress_form=form)


@login_required
@require_POST
def report_difficulty(request: HttpRequest, pk: int) -> HttpResponse:
    """A difficulty on the item, asking the committee for support (R26)."""
    item = get_item_for_user(request.user, pk, "resolutions.report")
    form = DifficultyForm(request.POST)
    if form.is_valid():
        try:
            resolution_services.report_difficulty(
                item, _person(request), form.cleaned_data["text"], form.cleaned_data["support_needed"]
            )
        except ValidationError as error:
            if response := _refused(request, item, form, error, "difficulties"):
                return response
        else:
            messages.success(
                request, _("The difficulty is reported to the committee's leaders and the supervisor.")
            )
            return _back(item, "difficulties")
    return _item_page(request, item, difficulty_form=form)


@login_required
@require_POST
def answer_difficulty(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's leaders answer a difficulty; the reporter is notified (R26)."""
    difficulty = resolution_access.get_difficulty_for_user(request.user, pk)
    item = difficulty.item
    person = _person(request)
    if person is None:
        return _unlinked(request, item)
    form = AnswerForm(request.POST, auto_id=f"id_d{difficulty.pk}_%s")
    if form.is_valid():
        try:
            resolution_services.answer_difficulty(difficulty, person, form.cleaned_data["answer"])
        except ValidationError as error:
            if response := _refused(request, item, form, error, "difficulties"):
                return response
        else:
            messages.success(
                request, _("The answer is sent to %(name)s.") % {"name": difficulty.reporter.full_name}
            )
            return _back(item, "difficulties")
    return _item_page(request, item, answer_form=(difficulty.pk, form))


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor confirms an item reported done (R23, R25)."""
    item = get_item_for_user(request.user, pk, "resolutions.supervise")
    person = _person(request)
    if person is None:
        return _unlinked(request, item)
    try:
        resolution_services.confirm(item, person)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The item is confirmed done."))
    return _back(item)


@login_required
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor does not accept an item reported done and sends it back with the reason (R25)."""
    item = get_item_for_user(request.user, pk, "resolutions.supervise")
    person = _person(request)
    if person is None:
        return _unlinked(request, item)
    form = SendBackForm(request.POST)
    if form.is_valid():
        try:
            resolution_services.send_back(item, person, form.cleaned_data["reason"])
        except ValidationError as error:
            if response := _refused(request, item, form, error, "supervision"):
                return response
        else:
            messages.success(request, _("The item is sent back to the person in charge with the reason."))
            return _back(item)
    return _item_page(request, item, send_back_form=form)


@login_required
@require_POST
def urge(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor urges the people carrying the item (R23)."""
    item = get_item_for_user(request.user, pk, "resolutions.supervise")
    person = _person(request)
    if person is None:
        return _unlinked(request, item)
    form = UrgeForm(request.POST)
    if form.is_valid():
        try:
            resolution_services.urge(item, person, form.cleaned_data["note"])
        except ValidationError as error:
            if response := _refused(request, item, form, error, "supervision"):
                return response
        else:
            messages.success(request, _("The person in charge is urged."))
            return _back(item, "supervision")
    return _item_page(request, item, urge_form=form)


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int, file: int) -> HttpResponse:
    """An evidence file of one of the item's progress updates, to those who see the item."""
    return attachment_response(resolution_access.get_evidence_for_user(request.user, pk, file))
