"""The one guard of every writer: nothing changes once the minutes are signed or being signed."""

from __future__ import annotations

from django.db.models import Q

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
