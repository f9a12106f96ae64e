"""Permission predicates on the registry; all of them read the user's scope (orgs.access)."""

import rules

from .access import scope_for


@rules.predicate
def sees_org(user, org) -> bool:
    return org is not None and scope_for(user).sees_org(org)


@rules.predicate
def sees_members_of(user, org) -> bool:
    return org is not None and scope_for(user).sees_members_of(org)


@rules.predicate
def manages_org(user, org) -> bool:
    return org is not None and scope_for(user).manages(org)


@rules.predicate
def sees_person(user, person) -> bool:
    return person is not None and scope_for(user).sees_person(person)


@rules.predicate
def reorganizes(user, org) -> bool:
    """Reorganizing is the upper level's: its leaders and Organization Board, over an organization that
    has units (a cell has none to reorganize)."""
    return org is not None and not org.is_cell and scope_for(user).manages(org)


rules.add_perm("orgs.see_org", sees_org)
rules.add_perm("orgs.reorganize", reorganizes)
rules.add_perm("orgs.see_members", sees_members_of)
rules.add_perm("orgs.manage_members", manages_org)
rules.add_perm("orgs.see_person", sees_person)
