"""The numbering rule a numbered document was given its number under (R41), for every document page.

`{% load numbering_tags %}{% numbering_rule doc.issued_on %}` names the version in force on the document's
date of issue or number (`orgs.numbering.numbering_rule_on`), with its source, and says when its text is
not verified; nothing before the first registered version. Computed from the date, no query: the
registry's versions never change. Resolutions, periodic reports, inspection conclusions, numbered minutes
and the archive all show it through this one tag, so a page never copies the wording; pages in lower
rooms (documents) load it in the template, as meetings load oversight's panels, without importing orgs.
"""

from django import template

from ..numbering import numbering_rule_on

register = template.Library()


@register.inclusion_tag("orgs/_numbering_rule.html")
def numbering_rule(day):
    """The version in force on `day` (a date), rendered as `orgs/_numbering_rule.html`."""
    return {"rule": numbering_rule_on(day)}
