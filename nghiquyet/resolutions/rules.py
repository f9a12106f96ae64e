"""Permission predicates on resolutions and their items; all read the user's scope (orgs.access).

- see: committee members of the organization or above it, and upper-level staff over it — of a classified
  resolution only the roles named on it; a resolution of an organization since moved out of their
  subtree, if dated (`record_day`) up to its last day there (R40, orgs.access) — to read, never to act;
- draft: the organization's leaders (secretary, deputies, Standing Committee) and the assigned drafter;
- issue, answer difficulties, write reviews: the organization's leaders;
- report progress on an item: its assignee and co-assignees; confirm or urge: its supervisor or a leader.
"""

import rules

from nghiquyet.documents.confidentiality import can_see_past
from nghiquyet.meetings.rules import sees_meetings
from nghiquyet.orgs.access import past_reach_for, scope_for, viewer_for

from .models import Item, Resolution


@rules.predicate
def leads_org(user, obj) -> bool:
    if obj is None:
        return False
    org = getattr(obj, "org", None) or obj.resolution.org
    return scope_for(user).leads(org)


@rules.predicate
def is_drafter(user, resolution) -> bool:
    return (
        resolution is not None
        and resolution.drafter_id is not None
        and resolution.drafter_id == scope_for(user).person_id
    )


@rules.predicate
def carries_item(user, item) -> bool:
    if not isinstance(item, Item):
        return False
    person_id = scope_for(user).person_id
    if person_id is None:
        return False
    if item.assignee_id == person_id:
        return True
    # Co-assignees are prefetched by the access helper.
    return any(p.pk == person_id for p in item.co_assignees.all())


@rules.predicate
def supervises_item(user, item) -> bool:
    return (
        isinstance(item, Item)
        and item.supervisor_id is not None
        and item.supervisor_id == scope_for(user).person_id
    )


def record_day(resolution: Resolution):
    """The day a resolution belongs to, for a former upper level's period (R40; `Resolution.record_day`)."""
    return resolution.record_day


@rules.predicate
def sees_resolution_or_item(user, obj) -> bool:
    if obj is None:
        return False
    resolution = obj if isinstance(obj, Resolution) else obj.resolution
    return scope_for(user).reads_records_of(resolution.org, lambda: record_day(resolution))


@rules.predicate
def reaches_resolution_or_item(user, obj) -> bool:
    """Today's subtree only: drafting, leading and supervising never reach a former upper level's past."""
    if obj is None:
        return False
    org = getattr(obj, "org", None) or obj.resolution.org
    return sees_meetings(user, org)


@rules.predicate
def reads_text(user, obj) -> bool:
    """A classified resolution's text is read by the roles named on it alone (documents.confidentiality,
    the rule of its archived copy, #17.1); superusers get no exception. A former upper level's roles are
    those it held over the organization in its period there, for a resolution of that period (R40)."""
    if obj is None:
        return False
    resolution = obj if isinstance(obj, Resolution) else obj.resolution
    if not resolution.is_classified or resolution.readable_by(viewer_for(user)):
        return True
    # A former upper level (R40): the body roles it held over the organization in its period there.
    reach = past_reach_for(user).get(resolution.org_id)
    return reach is not None and can_see_past(
        reach, day=resolution.record_day, confidentiality=resolution.confidentiality, roles=resolution.roles
    )


# Those who carry or supervise an item see it even on a classified resolution: they must carry it out.
rules.add_perm("resolutions.see", (sees_resolution_or_item & reads_text) | carries_item | supervises_item)
rules.add_perm("resolutions.draft", reaches_resolution_or_item & (leads_org | is_drafter))
rules.add_perm("resolutions.lead", reaches_resolution_or_item & leads_org)
rules.add_perm("resolutions.report", carries_item)
rules.add_perm("resolutions.supervise", supervises_item | (reaches_resolution_or_item & leads_org))
