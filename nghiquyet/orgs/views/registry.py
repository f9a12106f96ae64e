"""Registry pages: the org tree, an organization, its members, a person. Check access, read, render."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nghiquyet.lib.htmx import is_htmx

from .. import history, queries
from ..access import ENDING_KINDS, get_org_for_user, get_person_for_user, scope_for, visible_orgs
from ..models import Organization, OrgKind


@login_required
def org_tree(request: HttpRequest) -> HttpResponse:
    """The tree of every organization the user may see, with members, cells and committee size."""
    orgs = list(visible_orgs(request.user).only("id", "code", "name", "kind", "path", "depth", "parent_id"))
    counts = queries.tree_counts(orgs)
    for org in orgs:
        org.counts = counts[org.code]
    seen = {o.pk for o in orgs}
    roots = [o for o in orgs if o.parent_id not in seen]
    children: dict[int, list[Organization]] = {}
    for org in orgs:
        children.setdefault(org.parent_id, []).append(org)
    for org in orgs:
        org.kids = children.get(org.pk, [])
    kind_totals = {kind: sum(1 for o in orgs if o.kind == kind) for kind in OrgKind.values}
    return render(
        request,
        "orgs/tree.html",
        {"roots": roots, "kind_totals": kind_totals, "OrgKind": OrgKind, "scope": scope_for(request.user)},
    )


@login_required
def org_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An organization: its committee by term, the bodies above it, its units and members. To a former
    upper level of an organization since moved out of its reach, its name, its history and the way to its
    records of that period, nothing of today (R40)."""
    org = get_org_for_user(request.user, code)
    scope = scope_for(request.user)
    until = scope.past_until(org)
    versions = history.versions_of(org)
    # An organization that ended (dissolved, merged, split): the decision, and who took its records (R40).
    ended_by = versions[-1].closed_by if org.active_to and versions else None
    if ended_by is not None and ended_by.kind not in ENDING_KINDS:
        ended_by = None
    if until is not None:
        place = scope.past_places[org.pk]
        context = {
            "org": org,
            "readable_until": until,
            "ancestors": queries.ancestors(org),
            "versions": versions,
            "ended_by": ended_by,
            "successors": list(ended_by.successors.all()) if ended_by else [],
            # A bloc whose records passed to the user's committee: its dashboard, for its last whole year.
            "dashboard_year": (until.year if (until.month, until.day) == (12, 31) else until.year - 1)
            if place.received and org.kind == OrgKind.BLOC
            else None,
        }
        return render(request, "orgs/org_detail.html", context)
    terms = list(org.terms.all())
    term = next((t for t in terms if str(t.pk) == request.GET.get("term")), None) or (
        terms[0] if terms else None
    )
    context = {
        "org": org,
        "ancestors": queries.ancestors(org),
        "terms": terms,
        "term": term,
        "committee": queries.committee(term) if term else [],
        "bodies": queries.bodies(org),
        "units": queries.units_with_counts(org),
        "sees_members": request.user.has_perm("orgs.see_members", org),
        "manages": request.user.has_perm("orgs.manage_members", org),
        "sees_meetings": request.user.has_perm("meetings.see", org),
        "reorganizes": request.user.has_perm("orgs.reorganize", org),
        # Names, kinds and places through time, with the decision that opened each span (R39); its report
        # opens to the organization's own upper levels and committee (`get_reorganization_for_user`).
        "versions": versions,
        "ended_by": ended_by,
        "successors": list(ended_by.successors.all()) if ended_by else [],
        "reaches_org": scope.reaches(org),
    }
    if context["sees_members"]:
        context.update(_member_page(request, org))
    return render(request, "orgs/org_detail.html", context)


def _member_page(request: HttpRequest, org: Organization) -> dict:
    q = request.GET.get("q", "").strip()
    people = queries.members(org, q)
    page = Paginator(people, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return {"q": q, "page": page}


@login_required
def member_list(request: HttpRequest, code: str) -> HttpResponse:
    """The member list of an organization's subtree, searchable without diacritics (htmx partial)."""
    org = get_org_for_user(request.user, code, "orgs.see_members")
    template = "orgs/_members.html" if is_htmx(request) else "orgs/members.html"
    return render(request, template, {"org": org, **_member_page(request, org)})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    context = {
        "person": person,
        "ancestors": queries.ancestors(person.home_org),
        "seats": person.committee_seats.select_related("term__org").order_by("-term__start_date"),
        "roles": person.body_roles.select_related("body__org").order_by("-start_date"),
    }
    return render(request, "orgs/person_detail.html", context)
