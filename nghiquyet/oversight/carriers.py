"""What a reorganization passes on from the oversight app (R40): the difficulties an organization reported
to the upper level that still await their answer go to its successor, which will receive the answer.
Registered with `orgs.carriers` in `OversightConfig.ready()`."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from nghiquyet.orgs.carriers import Carrier, Held, reassign, restore_field
from nghiquyet.orgs.models import Organization

from .models import OPEN_DIFFICULTY_STATUSES, UpperDifficulty


def _held(org_ids: list[int], day: dt.date) -> list[Held]:
    return [
        Held(d.pk, d.org_id, d.title[:120], d.filed_by_id)
        for d in UpperDifficulty.objects.filter(org_id__in=org_ids, status__in=OPEN_DIFFICULTY_STATUSES).only(
            "pk", "org_id", "title", "filed_by_id"
        )
    ]


def _give(ids: list[int], to_org: Organization, day: dt.date) -> dict[int, dict]:
    return reassign(UpperDifficulty, "org", ids, to_org)


def _restore(previous: dict[int, dict]) -> None:
    restore_field(UpperDifficulty, "org", previous)


UPPER_DIFFICULTIES = Carrier(
    "upper_difficulties", _("Difficulties awaiting the upper level's answer"), _held, _give, _restore
)
