"""Permission predicates of the upper level's work, all on an organization (the target of the action).

- oversight.direct: staff of the Standing Committee or the Organization Board over the organization;
- oversight.inspect: staff of the Inspection Committee over the organization;
- oversight.supervise: staff of any upper-level body over the organization (reads what the upper level does);
- oversight.lead: secretary, deputy or Standing Committee member of the organization's own committee;
- oversight.sit: a member of the organization's own current committee;
- oversight.see_bloc: a committee member or upper-level officer anywhere in the organization's bloc
  (shared good resolutions are visible bloc-wide, R29).
"""

import rules

from nghiquyet.orgs.access import scope_for

from .access import roles_for


@rules.predicate
def directs(user, org) -> bool:
    return org is not None and roles_for(user).directs(org)


@rules.predicate
def inspects(user, org) -> bool:
    return org is not None and roles_for(user).inspects(org)


@rules.predicate
def supervises(user, org) -> bool:
    return org is not None and roles_for(user).supervises(org)


@rules.predicate
def leads(user, org) -> bool:
    return org is not None and scope_for(user).leads(org)


@rules.predicate
def sits_on(user, org) -> bool:
    return org is not None and scope_for(user).sits_on(org)


@rules.predicate
def in_bloc(user, org) -> bool:
    return org is not None and roles_for(user).in_bloc(org)


rules.add_perm("oversight.direct", directs)
rules.add_perm("oversight.inspect", inspects)
rules.add_perm("oversight.supervise", supervises)
rules.add_perm("oversight.lead", leads)
rules.add_perm("oversight.sit", sits_on)
rules.add_perm("oversight.see_bloc", in_bloc)
