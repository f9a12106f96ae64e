"""The meeting's quality indicators, computed from its record when it closes."""

from __future__ import annotations

from decimal import Decimal

from ..calendar import on_regulation_day
from ..models import (
    Indicators,
    Meeting,
    Phase,
    Section,
    Stance,
)
from ..queries import Quorum, quorum
from ..signals import indicators_computed


def compute_indicators(meeting: Meeting) -> Indicators:
    """Compute and store the meeting's quality indicators from its record (a fixed number of queries)."""
    values = indicator_values(
        meeting,
        quorum(meeting),
        notices=list(meeting.notices.values_list("lead_days", "sent_at")),
        documents=list(meeting.documents.values_list("added_at", flat=True)),
        opinions=list(meeting.opinions.values_list("phase", "author_id", "stance")),
        last_month_reviewed=meeting.agenda.filter(section=Section.REVIEW).exists(),
        focus_topics=meeting.focus_topics.count(),
    )
    indicators, _created = Indicators.objects.update_or_create(meeting=meeting, defaults=values)
    indicators_computed.send(sender=Meeting, meeting=meeting, indicators=indicators)
    return indicators


def indicator_values(
    meeting: Meeting, q: Quorum, *, notices, documents, opinions, last_month_reviewed: bool, focus_topics: int
) -> dict:
    """The indicators' fields from a record already read: (lead_days, sent_at) of each notice, the
    documents' added_at, (phase, author_id, stance) of each opinion. No query (the demo's bulk writer)."""
    first_notice = min((n[1] for n in notices), default=None)
    lead = min((n[0] for n in notices), default=None)
    speakers = {a for phase, a, _s in opinions if phase == Phase.DURING}
    return {
        "on_regulation_day": on_regulation_day(meeting.date, meeting.nominal_date),
        "notice_lead_days": lead,
        "documents_in_advance": bool(documents)
        and first_notice is not None
        and max(documents) <= first_notice,
        "members_total": q.members,
        "attendance_pct": (Decimal(100 * q.present) / q.members).quantize(Decimal("0.1"))
        if q.members
        else None,
        "speakers_per_attendee": (Decimal(len(speakers)) / q.present).quantize(Decimal("0.01"))
        if q.present
        else None,
        "dissent_recorded": any(s == Stance.DISAGREE for _p, _a, s in opinions),
        "opinions_before": sum(1 for p, _a, _s in opinions if p == Phase.BEFORE),
        "last_month_reviewed": last_month_reviewed,
        "focus_topics": focus_topics,
    }
