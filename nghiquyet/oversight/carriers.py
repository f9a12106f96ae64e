"""What a reorganization passes on from the oversight app (R40), to the successor of an organization that
ends: the difficulties it reported to the upper level still awaiting their answer (the successor receives
the answer); the inspections of it still being written (the inspection goes on with the successor); the
open recommendations of its concluded inspections (the record stays its history, the follow-up is the
successor's: `Recommendation.carried_by`, as resolution items); and its read receipts of guidance still in
force (the successor is not asked again for what its predecessor read; a guidance addressed to chosen
organizations is addressed to the successor too). Registered with `orgs.carriers` in
`OversightConfig.ready()`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nghiquyet.orgs.carriers import Carrier, Held, reassign, restore_field
from nghiquyet.orgs.models import Organization

from .models import (
    OPEN_DIFFICULTY_STATUSES,
    Guidance,
    GuidanceReceipt,
    InspectionRecord,
    Recommendation,
    RecommendationStatus,
    RecordStatus,
    UpperDifficulty,
)


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


# ---------------------------------------------------------------- inspections (R25, R33)


def _records_held(org_ids: list[int], day: dt.date) -> list[Held]:
    return [
        Held(r.pk, r.org_id, str(r.plan)[:120])
        for r in InspectionRecord.objects.filter(org_id__in=org_ids, status=RecordStatus.DRAFT)
        .select_related("plan")
        .only("pk", "org_id", "plan__title")
    ]


def _records_give(ids: list[int], to_org: Organization, day: dt.date) -> dict[int, dict]:
    return reassign(InspectionRecord, "org", ids, to_org)


def _records_restore(previous: dict[int, dict]) -> None:
    restore_field(InspectionRecord, "org", previous)


def _open_recommendations(org_ids: list[int]):
    """Open recommendations held by these organizations: of their concluded inspections and not passed
    on, or passed on to them."""
    return Recommendation.objects.filter(
        Q(carried_by__isnull=True, record__org_id__in=org_ids) | Q(carried_by_id__in=org_ids),
        status=RecommendationStatus.OPEN,
        record__status=RecordStatus.CONCLUDED,
    )


def _recommendations_held(org_ids: list[int], day: dt.date) -> list[Held]:
    return [
        Held(r.pk, r.carried_by_id or r.record.org_id, r.text[:120], r.assignee_id)
        for r in _open_recommendations(org_ids)
        .select_related("record")
        .only("pk", "text", "assignee_id", "carried_by_id", "record__org_id")
    ]


def _recommendations_give(ids: list[int], to_org: Organization, day: dt.date) -> dict[int, dict]:
    return reassign(Recommendation, "carried_by", ids, to_org)


def _recommendations_restore(previous: dict[int, dict]) -> None:
    restore_field(Recommendation, "carried_by", previous)


# ---------------------------------------------------------------- guidance read receipts (R28)


def _receipts_held(org_ids: list[int], day: dt.date) -> list[Held]:
    """Receipts of guidance still in force on `day` (or later): one of a past period is history."""
    return [
        Held(r.pk, r.org_id, r.guidance.title[:120], r.read_by_id)
        for r in GuidanceReceipt.objects.filter(org_id__in=org_ids, guidance__period_end__gte=day)
        .select_related("guidance")
        .only("pk", "org_id", "read_by_id", "guidance__title")
    ]


def _receipts_give(ids: list[int], to_org: Organization, day: dt.date) -> dict[int, dict]:
    """Each receipt becomes the successor's; where the successor read that guidance itself, its own
    receipt stands and the predecessor's is set aside (kept in the move, so undoing puts it back). A
    guidance addressed to chosen organizations gets the successor among them."""
    receipts = list(GuidanceReceipt.objects.filter(pk__in=ids).select_related("guidance__issuer"))
    own = set(
        GuidanceReceipt.objects.filter(
            org=to_org, guidance__in=[r.guidance_id for r in receipts]
        ).values_list("guidance_id", flat=True)
    )
    previous: dict[int, dict] = {}
    moved = []
    for receipt in receipts:
        guidance = receipt.guidance
        added = not guidance.target_all and not guidance.addresses(to_org)
        if added:
            guidance.targets.add(to_org)
        previous[receipt.pk] = {"org": receipt.org_id, "target_added": added}
        if receipt.guidance_id in own:
            previous[receipt.pk] |= {
                "set_aside": {
                    "guidance": receipt.guidance_id,
                    "read_at": receipt.read_at.isoformat(),
                    "read_by": receipt.read_by_id,
                }
            }
            receipt.delete()
        else:
            own.add(receipt.guidance_id)
            receipt.org = to_org
            moved.append(receipt)
    GuidanceReceipt.objects.bulk_update(moved, ["org"])
    return {pk: {**values, "to": to_org.pk} for pk, values in previous.items()}


def _receipts_restore(previous: dict[int, dict]) -> None:
    by_pk = {r.pk: r for r in GuidanceReceipt.objects.filter(pk__in=previous).select_related("guidance")}
    back = []
    for pk, values in previous.items():
        receipt = by_pk.get(pk)
        if set_aside := values.get("set_aside"):
            GuidanceReceipt.objects.create(
                pk=pk,
                guidance_id=set_aside["guidance"],
                org_id=values["org"],
                read_at=dt.datetime.fromisoformat(set_aside["read_at"]),
                read_by_id=set_aside["read_by"],
            )
        elif receipt is not None:
            receipt.org_id = values["org"]
            back.append(receipt)
        if values.get("target_added"):
            guidance_id = receipt.guidance_id if receipt else values["set_aside"]["guidance"]
            Guidance.targets.through.objects.filter(
                guidance_id=guidance_id, organization_id=values["to"]
            ).delete()
    GuidanceReceipt.objects.bulk_update(back, ["org"])


INSPECTION_RECORDS = Carrier(
    "inspection_records", _("Inspections being written"), _records_held, _records_give, _records_restore
)
RECOMMENDATIONS = Carrier(
    "recommendations",
    _("Open recommendations of inspections"),
    _recommendations_held,
    _recommendations_give,
    _recommendations_restore,
)
GUIDANCE_RECEIPTS = Carrier(
    "guidance_receipts",
    _("Read receipts of guidance in force"),
    _receipts_held,
    _receipts_give,
    _receipts_restore,
)
