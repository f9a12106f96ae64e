"""The guards of the writers: nothing changes once the minutes are signed or being signed, and nothing of a
meeting's outcome is recorded before its day (R45)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from nghiquyet.lib.errors import ImmutableError

from ..models import (
    Meeting,
    Minutes,
    MinutesStatus,
)


def ensure_open(meeting: Meeting) -> None:
    """Refuse changes once the minutes are signed, or once a first signature has fixed their text."""
    if (
        meeting.is_locked
        or Minutes.objects.filter(
            Q(status=MinutesStatus.SIGNED)
            | Q(chair_signed_at__isnull=False)
            | Q(recorder_signed_at__isnull=False),
            meeting=meeting,
        ).exists()
    ):
        raise ImmutableError(meeting)


def ensure_day_has_come(meeting: Meeting) -> None:
    """Refuse to record what happened in a meeting (attendance, what was said, the conclusion, the vote,
    the minutes, the resolution it adopts) before the meeting's day, Hà Nội's date (R45). The error names
    the meeting's `date`, the reason of the refusal."""
    if meeting.is_ahead:
        raise ValidationError(
            {
                "date": _(
                    "The meeting is on %(date)s: what happens in it is recorded from that day, not before."
                )
                % {"date": f"{meeting.date:%d/%m/%Y}"}
            }
        )
