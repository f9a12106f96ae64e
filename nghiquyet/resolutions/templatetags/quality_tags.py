"""Template tags that show the quality checks on the pages of the rooms below (R11, R13).

`{% load quality_tags %}{% meeting_quality_panel meeting %}` on the meeting page shows the meeting's quality
score and its reasons once it is held; the meetings app stays free of any import of this one.
"""

from django import template
from django.template.loader import render_to_string

from ..quality_data import HELD, cached_panel, meeting_history, meeting_quality, meeting_settled

register = template.Library()


def band(score: int) -> str:
    return "good" if score >= 80 else "fair" if score >= 50 else "poor"


@register.simple_tag(takes_context=True)
def meeting_quality_panel(context, meeting) -> str:
    """The score, the points lost and the findings with names of a held meeting (7 queries; one when the
    panel comes from the cache: once the meeting and those it is compared with are signed); nothing before
    it is held."""
    if meeting.status not in HELD:
        return ""
    history = meeting_history(meeting)

    def render() -> str:
        quality = meeting_quality(meeting, history)
        panel = {
            "meeting": meeting,
            "meeting_quality": quality,
            "meeting_quality_band": band(quality.score.score),
            "meeting_findings": [(f.code, f.message) for f in quality.findings],
        }
        return render_to_string("resolutions/_meeting_quality_panel.html", panel, context.get("request"))

    return cached_panel("meeting", meeting.pk, meeting_settled(history), render)
