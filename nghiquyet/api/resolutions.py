"""Resolutions and their items (R15-R27): the lists one may see, a resolution with its items, an item.

The lists answer what the permission `resolutions.see` (resolutions/rules.py) grants object by object,
as one filter: resolutions of the organizations whose meetings one sees (committee members of the
organization or above it, upper-level staff over it); items of those, plus the items one carries or
supervises wherever they are. A test compares both, persona by persona.
"""

import datetime as dt
from typing import Annotated

from django.db.models import Case, F, Value, When
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from nghiquyet.meetings.access import get_meeting_org_for_user
from nghiquyet.orgs.access import get_org_for_user, scope_for
from nghiquyet.resolutions.access import (
    get_item_for_user,
    get_resolution_for_user,
    visible_items,
    visible_resolutions,
)
from nghiquyet.resolutions.models import (
    ItemStatus,
    ResolutionKind,
    ResolutionStatus,
    mine_q,
)

from .pagination import Pagination
from .params import CODE_PATTERN, ObjectId
from .schemas import ERRORS, ItemDetailOut, ItemOut, ResolutionDetailOut, ResolutionOut

router = Router(tags=["resolutions"])

OrgFilter = Annotated[
    str | None, Query(max_length=40, pattern=CODE_PATTERN, description="An organization's code.")
]


# ---------------------------------------------------------------- resolutions


@router.get(
    "/resolutions/", response={200: list[ResolutionOut], **ERRORS}, summary="Resolutions visible to you"
)
@paginate(Pagination)
def list_resolutions(
    request,
    org: OrgFilter = None,
    status: ResolutionStatus | None = None,
    kind: ResolutionKind | None = None,
    issued_from: Annotated[dt.date | None, Query(description="Issued on or after this day.")] = None,
    issued_to: Annotated[dt.date | None, Query(description="Issued on or before this day.")] = None,
):
    """Drafts first, then the latest issued, with their items' progress counted.

    `org=CODE` keeps one organization's resolutions (404 if you do not see its meetings); the issue dates
    leave out drafts, which have none.
    """
    resolutions = visible_resolutions(request.user)
    if org:
        resolutions = resolutions.filter(org=get_meeting_org_for_user(request.user, org, past=True))
    if status:
        resolutions = resolutions.filter(status=status)
    if kind:
        resolutions = resolutions.filter(kind=kind)
    if issued_from:
        resolutions = resolutions.filter(issued_on__gte=issued_from)
    if issued_to:
        resolutions = resolutions.filter(issued_on__lte=issued_to)
    today = timezone.localdate()
    return (
        resolutions.select_related("org")
        .with_item_counts(today)
        # The same order on SQLite and PostgreSQL: NULL issue dates (drafts) first on both.
        .order_by(F("issued_on").desc(nulls_first=True), "-created_at", "-id")
    )


@router.get(
    "/resolutions/{resolution_id}/", response={200: ResolutionDetailOut, **ERRORS}, summary="A resolution"
)
def get_resolution(request, resolution_id: ObjectId):
    """The resolution's text sections and every item with its assignee, supervisor and progress (R15)."""
    resolution = get_resolution_for_user(request.user, resolution_id)
    items = list(resolution.items.select_related("assignee", "supervisor").order_by("order", "id"))
    today = timezone.localdate()
    resolution.item_list = items
    resolution.items_total = len(items)
    resolution.items_done = sum(item.status == ItemStatus.DONE for item in items)
    resolution.items_overdue = sum(item.is_overdue(today) for item in items)
    return resolution


# ---------------------------------------------------------------- items


@router.get("/items/", response={200: list[ItemOut], **ERRORS}, summary="Items of issued resolutions")
@paginate(Pagination)
def list_items(
    request,
    mine_only: Annotated[
        bool, Query(alias="mine", description="Only the items you carry or supervise.")
    ] = False,
    org: OrgFilter = None,
    status: ItemStatus | None = None,
    overdue: Annotated[bool, Query(description="Only open items past their completion date.")] = False,
):
    """Items of issued (and closed) resolutions that you may see, by deadline; confirmed ones last.

    Drafts' items are read with their resolution. `org=CODE` keeps one organization's (404 if you cannot
    see the organization).
    """
    items = visible_items(request.user).issued()
    if mine_only:
        person_id = scope_for(request.user).person_id
        items = items.filter(mine_q(person_id)) if person_id is not None else items.none()
    if org:
        items = items.filter(resolution__org=get_org_for_user(request.user, org))
    if status:
        items = items.filter(status=status)
    if overdue:
        items = items.overdue()
    return (
        items.select_related("resolution__org", "assignee", "supervisor")
        .prefetch_related("co_assignees")
        .annotate(closed=Case(When(status=ItemStatus.DONE, then=Value(1)), default=Value(0)))
        .order_by("closed", F("deadline").asc(nulls_last=True), "resolution_id", "order", "id")
    )


@router.get("/items/{item_id}/", response={200: ItemDetailOut, **ERRORS}, summary="A resolution item")
def get_item(request, item_id: ObjectId):
    """The item (R15): content, requirement, measures, completion time, who carries and who supervises it."""
    return get_item_for_user(request.user, item_id)
