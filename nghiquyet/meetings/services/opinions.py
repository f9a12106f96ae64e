"""Opinions (R11): before the meeting on the draft, and during it, dissent included."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from nghiquyet.orgs.models import Person

from ..models import (
    Meeting,
    Opinion,
    Phase,
    Stance,
)
from ..queries import body_of, is_standing
from ._guard import ensure_day_has_come, ensure_open


@transaction.atomic
def add_opinion(
    meeting: Meeting,
    *,
    author: Person,
    stance: str,
    text: str,
    phase: str = Phase.BEFORE,
    section: str = "",
    by=None,
) -> Opinion:
    """Record a member's opinion, written before the meeting or spoken in it, dissent included.

    Only members of the meeting's body give opinions: the Standing Committee at its own meetings. Written
    opinions on the draft come before the meeting; those spoken in it are recorded from its day (R45).
    """
    ensure_open(meeting)
    if phase != Phase.BEFORE:
        ensure_day_has_come(meeting)
    if not text.strip():
        raise ValidationError({"text": _("Write the opinion.")})
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Choose a stance.")})
    if author.pk not in {p.pk for p in body_of(meeting)}:
        raise ValidationError(
            {
                "author": _("Only Standing Committee members give opinions at this meeting.")
                if is_standing(meeting)
                else _("Only committee members give opinions at this meeting.")
            }
        )
    order = (meeting.opinions.filter(phase=phase).aggregate(m=Max("order"))["m"] or 0) + 1
    return Opinion.objects.create(
        meeting=meeting,
        author=author,
        stance=stance,
        text=text.strip(),
        phase=phase,
        section=section,
        order=order,
        recorded_by=by,
    )
