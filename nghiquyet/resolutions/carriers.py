"""What a reorganization passes on from the resolutions app (R40): the open items of issued resolutions and
the difficulties still awaiting an answer on them. Registered with `orgs.carriers` in
`ResolutionsConfig.ready()` (orgs may not import us)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from nghiquyet.orgs.carriers import Carrier, Held
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
    items = list(Item.objects.filter(pk__in=ids))
    previous = {i.pk: {"carried_by": i.carried_by_id} for i in items}
    for item in items:
        item.carried_by = to_org
    bulk_update_with_history(items, Item, ["carried_by"], batch_size=500)
    return previous


def _items_restore(previous: dict[int, dict]) -> None:
    items = list(Item.objects.filter(pk__in=previous))
    for item in items:
        item.carried_by_id = previous[item.pk]["carried_by"]
    bulk_update_with_history(items, Item, ["carried_by"], batch_size=500)


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
