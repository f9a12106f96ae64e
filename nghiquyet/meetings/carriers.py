"""What a reorganization passes on from the meetings app (R40): meetings planned or notified but not yet
held, with their pending notices, go to the successor that will hold them. Registered with
`orgs.carriers` in `MeetingsConfig.ready()`."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from nghiquyet.orgs.carriers import Carrier, Held
from nghiquyet.orgs.models import Organization

from .models import Meeting, MeetingStatus

PENDING = (MeetingStatus.PLANNED, MeetingStatus.NOTIFIED)


def _held(org_ids: list[int], day: dt.date) -> list[Held]:
    return [
        Held(m.pk, m.org_id, f"{m.get_kind_display()} {m.date:%d/%m/%Y}")
        for m in Meeting.objects.filter(org_id__in=org_ids, status__in=PENDING).only(
            "pk", "org_id", "kind", "date"
        )
    ]


def _give(ids: list[int], to_org: Organization, day: dt.date) -> dict[int, dict]:
    previous = {
        pk: {"org": org_id} for pk, org_id in Meeting.objects.filter(pk__in=ids).values_list("pk", "org_id")
    }
    # A pending meeting is not yet a record of anything: its row moves as a whole (no history to keep).
    Meeting.objects.filter(pk__in=ids).update(org=to_org)
    return previous


def _restore(previous: dict[int, dict]) -> None:
    by_org: dict[int, list[int]] = {}
    for pk, values in previous.items():
        by_org.setdefault(values["org"], []).append(pk)
    for org_id, pks in by_org.items():
        Meeting.objects.filter(pk__in=pks).update(org_id=org_id)


PENDING_MEETINGS = Carrier("meetings", _("Pending meetings and their notices"), _held, _give, _restore)
