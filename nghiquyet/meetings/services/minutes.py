"""The minutes (R14, R21): drafted from the record, signed by the chair and the recorder, then archived."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.lib.errors import ImmutableError
from nghiquyet.notify.services import mark_read_about, notify
from nghiquyet.orgs.models import Person

from ..documents_context import archive_minutes, reindex_minutes
from ..models import (
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from ..texts import minutes_text
from ._guard import ensure_day_has_come, ensure_open
from .indicators import compute_indicators


@transaction.atomic
def draft_minutes(meeting: Meeting, *, read_back: bool | None = None) -> Minutes:
    """(Re)assemble the draft minutes from the record, from the meeting's day (R45); `read_back` ticks that
    they were read back to the meeting (the text says so only then)."""
    ensure_open(meeting)
    ensure_day_has_come(meeting)
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting, defaults={"text": ""})
    if read_back is not None:
        minutes.read_back = read_back
    minutes.text = minutes_text(meeting, minutes.read_back)
    minutes.save()
    return minutes


@transaction.atomic
def sign_minutes(meeting: Meeting, signer: Person, *, read_back: bool = True) -> Minutes:
    """Sign as chair or recorder; when both have signed, the minutes and the meeting are locked.

    The first signature asks the other signer for theirs, in their inbox and by e-mail; their signature
    marks that request read (R14, R44).
    """
    if meeting.is_locked:
        raise ImmutableError(meeting)
    ensure_day_has_come(meeting)
    if signer.pk not in (meeting.chair_id, meeting.recorder_id):
        raise ValidationError({"signer": _("Only the chair and the recorder sign the minutes.")})
    if not hasattr(meeting, "vote"):
        raise ValidationError({"vote": _("Record the vote before signing the minutes.")})
    if not read_back:
        raise ValidationError(
            {"read_back": _("The minutes must be read back to the meeting before signing.")}
        )
    minutes = Minutes.objects.filter(meeting=meeting).first()
    first_signature = minutes is None or not (minutes.chair_signed_at or minutes.recorder_signed_at)
    now = timezone.now()
    if first_signature:
        # The first signature fixes the text; the record is closed to edits from then on. The minutes are
        # read back and signed as the meeting closes: that moment is its closing time, in the text.
        meeting.ended_at = meeting.ended_at or now
        Meeting.objects.filter(pk=meeting.pk).update(ended_at=meeting.ended_at)
        minutes = draft_minutes(meeting, read_back=True)
    else:
        # The second signature answers the request the first one sent (_ask_other_signer).
        mark_read_about(signer.user, _minutes_url(meeting))
    if signer.pk == meeting.chair_id:
        minutes.chair_signed_at = minutes.chair_signed_at or now
    if signer.pk == meeting.recorder_id:
        minutes.recorder_signed_at = minutes.recorder_signed_at or now
    minutes.read_back = True
    if minutes.chair_signed_at and minutes.recorder_signed_at:
        compute_indicators(meeting)
        minutes.sha256 = hashlib.sha256(minutes.text.encode()).hexdigest()
        minutes.status = MinutesStatus.SIGNED
        minutes.save()
        meeting.status = MeetingStatus.SIGNED
        meeting.ended_at = meeting.ended_at or now
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.SIGNED, ended_at=meeting.ended_at)
        # Signed minutes go to the archive (R21) and the search index in the same transaction.

        archive_minutes(meeting)
        reindex_minutes(meeting)
    else:
        minutes.save()
        if first_signature:
            _ask_other_signer(meeting, signer)
    return minutes


def _ask_other_signer(meeting: Meeting, signer: Person) -> None:
    """Ask the recorder to sign after the chair, or the chair after the recorder."""
    names = {"name": signer.full_name}
    if signer.pk == meeting.chair_id:
        other = meeting.recorder
        body = _("%(name)s has signed the minutes as chair; they await your signature as recorder.") % names
    else:
        other = meeting.chair
        body = _("%(name)s has signed the minutes as recorder; they await your signature as chair.") % names
    notify(
        [other.user] if other is not None else [],
        _("Minutes to sign: %(title)s") % {"title": meeting.title},
        body,
        _minutes_url(meeting),
    )


def _minutes_url(meeting: Meeting) -> str:
    return reverse("meetings:minutes", args=[meeting.pk])
