"""Template tags that show the quality checks on the pages of the rooms below (R11, R13).

`{% load quality_tags %}{% meeting_quality_panel meeting %}` on the meeting page shows the meeting's quality
score and its reasons once it is held; the meetings app stays free of any import of this one.
"""

from django import template

from ..quality_data import HELD, meeting_quality

register = template.Library()


def band(score: int) -> str:
    return "good" if score >= 80 else "fair" if score >= 50 else "poor"


@register.inclusion_tag("resolutions/_meeting_quality_panel.html")
def meeting_quality_panel(meeting):
    """The score, the points lost and the findings with names of a held meeting (8 queries); nothing before
    it is held."""
    if meeting.status not in HELD:
        return {"meeting_quality": None}
    quality = meeting_quality(meeting)
    return {
        "meeting": meeting,
        "meeting_quality": quality,
        "meeting_quality_band": band(quality.score.score),
        "meeting_findings": [(f.code, f.message) for f in quality.findings],
    }
