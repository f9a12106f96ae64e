"""The notice (R07): sent to each member of the meeting's body in time, and opened."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.notify.services import notify
from nghiquyet.orgs.models import Person

from ..models import (
    Meeting,
    MeetingStatus,
    Notice,
)
from ..queries import body_of, notice_days_required
from ..texts import agenda_text
from ._guard import ensure_open


@transaction.atomic
def send_notice(meeting: Meeting, *, now: dt.datetime | None = None, by=None) -> list[Notice]:
    """Notify every member of the meeting's body not yet notified, in the app and by e-mail (R07).

    A notice sent fewer days ahead than the regulation's lead time (for a cell, with the floor of the cell
    rule of the meeting's date, R41) is marked late. The user who sends it
    (`by`) is noticed like every member, but gets no inbox entry or e-mail of their own sending (R44).
    """
    ensure_open(meeting)
    now = now or timezone.now()
    lead = (meeting.date - timezone.localdate(now)).days
    required = notice_days_required(meeting)
    already = set(meeting.notices.values_list("recipient_id", flat=True))
    recipients = [p for p in body_of(meeting) if p.pk not in already]
    agenda = agenda_text(meeting)
    notices = Notice.objects.bulk_create(
        Notice(meeting=meeting, recipient=p, sent_at=now, lead_days=lead, late=lead < required, agenda=agenda)
        for p in recipients
    )
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.NOTIFIED
        meeting.save(update_fields=["status"])
    notify(
        [p.user for p in recipients if by is None or p.user_id != by.pk],
        lambda: _("Meeting notice: %(title)s") % {"title": meeting.title},
        agenda,
        reverse("meetings:meeting", args=[meeting.pk]),
    )
    return notices


def mark_notice_opened(meeting: Meeting, person: Person | None) -> None:
    """Record the first time a member opened the meeting after being notified."""
    if person is None:
        return
    Notice.objects.filter(meeting=meeting, recipient=person, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )
