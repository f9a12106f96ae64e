"""Helpers shared by the upper level's pages: the acting person, the user's organizations, messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from nghiquyet.orgs.access import MANAGING_POSITIONS, scope_for
from nghiquyet.orgs.models import GRASSROOTS_KINDS, Body, BodyKind, Organization, OrgKind, Person

from ..access import Roles

PAGE_SIZE = 30


def person_of(request: HttpRequest) -> Person | None:
    """The party member the user acts as; None for an account without one (a bare administrator)."""
    try:
        return request.user.person
    except ObjectDoesNotExist:
        return None


def acting_person(request: HttpRequest) -> Person:
    """The acting person, or a ValidationError the view turns into a message."""
    person = person_of(request)
    if person is None:
        raise ValidationError(_("Your account is not linked to a party member record."))
    return person


def error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def form_messages(request: HttpRequest, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def page_of(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def directed_orgs(roles: Roles):
    """The organizations whose upper-level bodies the user directs (the blocs); all blocs for a superuser."""
    if roles.everything:
        return Organization.objects.filter(kind=OrgKind.BLOC)
    return Organization.objects.filter(path__in=roles.direct_paths)


def grassroots_under(roots: tuple[str, ...], everything: bool = False):
    qs = Organization.objects.filter(kind__in=GRASSROOTS_KINDS).order_by("path")
    if everything:
        return qs
    return qs.filter(Roles().under_q(roots, ""))


def inspection_bodies(roles: Roles):
    qs = Body.objects.filter(kind=BodyKind.INSPECTION_COMMITTEE).select_related("org")
    return qs if roles.everything else qs.filter(org__path__in=roles.inspect_paths)


def led_ids(request: HttpRequest) -> list[int]:
    """Organizations the user leads (secretary, deputy, Standing Committee member)."""
    scope = scope_for(request.user)
    return [org_id for org_id, position in scope.seats.items() if position in MANAGING_POSITIONS]


def led_grassroots(request: HttpRequest):
    return Organization.objects.filter(pk__in=led_ids(request), kind__in=GRASSROOTS_KINDS).order_by("path")


def require(condition: bool) -> None:
    if not condition:
        raise Http404
