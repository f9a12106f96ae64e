"""Links only to what the reader may open (#16.5): a name is a link when the access helper that guards its
page lets the user in, plain text otherwise. The checks read the user's cached scope (orgs.access), so
they cost no query; a person's check reads their home organization, which the lists select with them."""

from django import template

register = template.Library()


@register.filter
def opens_org(user, org) -> bool:
    return org is not None and user.has_perm("orgs.see_org", org)


@register.filter
def opens_person(user, person) -> bool:
    return person is not None and user.has_perm("orgs.see_person", person)
