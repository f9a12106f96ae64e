"""The proof that a reorganization lost nothing (R40): no open record is still held by an organization that
no longer exists, and no current organization sits under one that does not. `manage.py check_orphans`
runs it; a fixed number of queries (two, plus one or two per registered carrier)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from . import carriers
from .models import Organization


@dataclass(frozen=True)
class Orphan:
    what: str
    object_id: int
    label: str
    org: str


def orphans(today: dt.date | None = None) -> list[Orphan]:
    """Every open record, and every current sub-unit, held by an organization ended before `today`."""
    today = today or timezone.localdate()
    ended = {o.pk: o for o in Organization.objects.filter(active_to__lt=today).only("pk", "code", "name")}
    if not ended:
        return []
    found = [
        Orphan("units", unit.pk, unit.name, ended[unit.parent_id].name)
        for unit in Organization.objects.filter(parent_id__in=ended)
        .exclude(active_to__lt=today)
        .only("pk", "name", "parent_id")
    ]
    for carrier in carriers.carriers():
        found += [
            Orphan(carrier.name, held.object_id, held.label, ended[held.org_id].name)
            for held in carrier.held(list(ended), today)
        ]
    return found
