"""Carrying an item out (R23, R26): its progress reports and difficulties, read and reported.

Reports go through the same services as the item's page (resolutions.progress). Only the person in
charge and the co-assignees report (anyone else: 404, as on the page); a refused report answers 422
naming the field, or 409 when the item cannot take reports any more (resolution not issued, or closed,
or the item confirmed done). Evidence files are attached on the item's page.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Status
from ninja.pagination import paginate

from nghiquyet.orgs.models import Person
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions.access import get_item_for_user

from .errors import invalid_input
from .pagination import Pagination
from .params import ObjectId
from .schemas import ERRORS, WRITE_ERRORS, DifficultyIn, DifficultyOut, ProgressIn, ProgressOut

router = Router(tags=["items"])


def _reporter(request, item_id: int):
    """The item, if the token's owner may report on it, and the party member they report as; 404 else."""
    item = get_item_for_user(request.user, item_id, "resolutions.report")
    # An account without a party member record (a bare administrator) carries nothing.
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404
    return item, person


def _refused(error: ValidationError):
    """Field errors are bad input (422); a refusal of the report itself is a state conflict (409)."""
    if hasattr(error, "error_dict"):
        raise invalid_input(error, "body", "payload") from error
    return Status(409, {"detail": " ".join(error.messages)})


# ---------------------------------------------------------------- progress (R23)


@router.get(
    "/items/{item_id}/progress/", response={200: list[ProgressOut], **ERRORS}, summary="Progress reports"
)
@paginate(Pagination)
def list_progress(request, item_id: ObjectId):
    """The item's progress reports, the latest first, with the names of their evidence files."""
    item = get_item_for_user(request.user, item_id)
    return item.updates.select_related("author").prefetch_related("evidence").order_by("-created_at", "-id")


@router.post(
    "/items/{item_id}/progress/",
    response={201: ProgressOut, **WRITE_ERRORS},
    summary="Report progress on an item (R23)",
)
def report_progress(request, item_id: ObjectId, payload: ProgressIn):
    """Status, % done and a note; the item takes them at once. Reporting done asks the supervisor to
    confirm (the item becomes done only then)."""
    item, person = _reporter(request, item_id)
    try:
        update = resolution_services.post_update(
            item, person, payload.status, payload.percent, payload.note, by=request.user
        )
    except ValidationError as error:
        return _refused(error)
    return Status(201, update)


# ---------------------------------------------------------------- difficulties (R26)


@router.get(
    "/items/{item_id}/difficulties/",
    response={200: list[DifficultyOut], **ERRORS},
    summary="Difficulties reported on an item",
)
@paginate(Pagination)
def list_difficulties(request, item_id: ObjectId):
    """The item's difficulties, the latest first, with the committee's answers."""
    item = get_item_for_user(request.user, item_id)
    return item.difficulties.select_related("reporter", "answered_by").order_by("-created_at", "-id")


@router.post(
    "/items/{item_id}/difficulties/",
    response={201: DifficultyOut, **WRITE_ERRORS},
    summary="Report a difficulty on an item (R26)",
)
def report_difficulty(request, item_id: ObjectId, payload: DifficultyIn):
    """The item is marked blocked, and the organization's leaders and the supervisor are asked for support."""
    item, person = _reporter(request, item_id)
    try:
        difficulty = resolution_services.report_difficulty(item, person, payload.text, payload.support_needed)
    except ValidationError as error:
        return _refused(error)
    return Status(201, difficulty)
