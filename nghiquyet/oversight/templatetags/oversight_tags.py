"""Template tags other rooms use to show the upper level's work without importing it in Python.

`{% load oversight_tags %}{% guidance_panel meeting %}` on the meeting preparation screen lists the
guidance in force for the meeting's organization on its date (R28); meetings' code stays free of any
import of this app, which sits above it.
"""

from django import template

from ..queries import guidance_for

register = template.Library()


@register.inclusion_tag("oversight/_guidance_panel.html")
def guidance_panel(meeting):
    """The guidance in force for `meeting`'s organization on its date (two queries)."""
    return {"guidance": guidance_for(meeting.org, meeting.date), "meeting": meeting}
