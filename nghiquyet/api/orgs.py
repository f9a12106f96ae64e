"""Organizations and people (R01-R03): the org tree, an organization, its members, a person."""

from ninja import Query, Router
from ninja.pagination import paginate

from nghiquyet.orgs import queries
from nghiquyet.orgs.access import get_org_for_user, get_person_for_user, visible_orgs
from nghiquyet.orgs.models import BodyStaff, CommitteeMembership, OrgKind

from .pagination import Pagination
from .params import CODE_PATTERN, NO_NUL_PATTERN, ObjectId, OrgCode
from .schemas import ERRORS, OrgDetailOut, OrgOut, PersonDetailOut, PersonOut

router = Router(tags=["organizations"])


@router.get("/orgs/", response={200: list[OrgOut], **ERRORS}, summary="Organizations visible to you")
@paginate(Pagination)
def list_orgs(
    request, kind: OrgKind | None = None, under: str | None = Query(None, max_length=40, pattern=CODE_PATTERN)
):
    """In tree order. `under=CODE` keeps that organization's subtree (404 if you cannot see it)."""
    orgs = visible_orgs(request.user)
    if under:
        orgs = orgs.subtree(get_org_for_user(request.user, under))
    if kind:
        orgs = orgs.filter(kind=kind)
    return orgs.order_by("path")


@router.get("/orgs/{code}/", response={200: OrgDetailOut, **ERRORS}, summary="An organization")
def get_org(request, code: OrgCode):
    """The organization, the ones above it, its units with their members, and its current committee."""
    org = get_org_for_user(request.user, code)
    org.ancestor_list = queries.ancestors(org)
    org.unit_list = queries.units_with_counts(org)
    term = org.terms.current().first()
    if term is not None:
        term.seat_list = queries.committee(term)
    org.current_term_row = term
    return org


@router.get(
    "/orgs/{code}/members/", response={200: list[PersonOut], **ERRORS}, summary="Members of an organization"
)
@paginate(Pagination)
def list_members(request, code: OrgCode, q: str = Query("", max_length=100, pattern=NO_NUL_PATTERN)):
    """Members registered anywhere under the organization, in Vietnamese name order.

    `q` searches names ignoring case and diacritics: "nguyen van" finds "Nguyễn Văn".
    """
    org = get_org_for_user(request.user, code, "orgs.see_members")
    return queries.members(org, q)


@router.get("/people/{person_id}/", response={200: PersonDetailOut, **ERRORS}, summary="A party member")
def get_person(request, person_id: ObjectId):
    """A party member, with their committee seats and their roles in upper-level bodies."""
    person = get_person_for_user(request.user, person_id)
    # Two queries, whatever the number of seats and roles.
    person.seat_list = list(
        CommitteeMembership.objects.filter(person=person)
        .select_related("term__org")
        .order_by("-term__start_date", "-id")
    )
    person.role_list = list(
        BodyStaff.objects.filter(person=person).select_related("body__org").order_by("-start_date", "-id")
    )
    return person
