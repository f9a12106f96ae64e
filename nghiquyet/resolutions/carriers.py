"""What a reorganization passes on from the resolutions app (R40): the open items of issued resolutions and
the difficulties still awaiting an answer on them. Registered with `orgs.carriers` in
`ResolutionsConfig.ready()` (orgs may not import us)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nghiquyet.orgs.carriers import Carrier, Held, reassign, restore_field
from nghiquyet.orgs.models import Organization

from .models import Difficulty, DifficultyStatus, Item


def _open_items(org_ids: list[int]):
    """Open items of issued resolutions held by these organizations: issued by them and not passed on, or
    passed on to them."""
    return (
        Item.objects.issued()
        .open()
        .filter(Q(carried_by__isnull=True, resolution__org_id__in=org_ids) | Q(carried_by_id__in=org_ids))
    )


def _items_held(org_ids: list[int], day: dt.date) -> list[Held]:
    return [
        Held(item.pk, item.carried_by_id or item.resolution.org_id, item.content[:120], item.assignee_id)
        for item in _open_items(org_ids)
        .select_related("resolution")
        .only("pk", "content", "assignee_id", "carried_by_id", "resolution__org_id")
    ]


def _items_give(ids: list[int], to_org: Organization, day: dt.date) -> dict[int, dict]:
    return reassign(Item, "carried_by", ids, to_org)


def _items_restore(previous: dict[int, dict]) -> None:
    restore_field(Item, "carried_by", previous)


def _difficulties_held(org_ids: list[int], day: dt.date) -> list[Held]:
    return [
        Held(d.pk, d.item.carried_by_id or d.item.resolution.org_id, d.text[:120], d.item.assignee_id)
        for d in Difficulty.objects.filter(status=DifficultyStatus.OPEN, item__in=_open_items(org_ids))
        .select_related("item__resolution")
        .only("pk", "text", "item__assignee_id", "item__carried_by_id", "item__resolution__org_id")
    ]


def _follow_their_item(*args) -> dict:
    """A difficulty belongs to its item: it moves when the item does, nothing to write."""
    return {}


ITEMS = Carrier("items", _("Open resolution items"), _items_held, _items_give, _items_restore)
DIFFICULTIES = Carrier(
    "difficulties", _("Open difficulties"), _difficulties_held, _follow_their_item, _follow_their_item
)
