"""Rows for the API tests written straight to the tables (issuance and progress are tested in resolutions)."""

import datetime as dt

from django.utils import timezone

from nghiquyet.resolutions.models import Item, ItemStatus, Resolution, ResolutionKind, ResolutionStatus


def issued_resolution(
    org,
    number: int,
    n: int,
    *,
    assignee,
    supervisor,
    deadline: dt.date | None = None,
    issued_on: dt.date | None = None,
    status: str = ItemStatus.IN_PROGRESS,
    kind: str = ResolutionKind.REGULAR,
    co_assignees=(),
    confidentiality: str = "none",
    roles: str = "",
) -> Resolution:
    """An issued resolution of `org` with `n` complete items carried by `assignee` (classified: `roles` as
    stored, ",secretary,")."""
    today = timezone.localdate()
    resolution = Resolution.objects.create(org=org, kind=kind, title=f"Nghị quyết số {number}")
    items = Item.objects.bulk_create(
        Item(
            resolution=resolution,
            order=i,
            content=f"Việc {number}.{i}",
            requirement="Yêu cầu",
            measures="Biện pháp",
            deadline=deadline or today + dt.timedelta(days=20),
            assignee=assignee,
            supervisor=supervisor,
            status=status,
            percent=100 if status == ItemStatus.DONE else 10,
            completed_on=today if status == ItemStatus.DONE else None,
        )
        for i in range(1, n + 1)
    )
    for item in items:
        if co_assignees:
            item.co_assignees.set(co_assignees)
    Resolution.objects.filter(pk=resolution.pk).update(
        status=ResolutionStatus.ISSUED,
        number=number,
        number_display=f"{number:02d}-NQ/ĐU",
        issued_on=issued_on or today - dt.timedelta(days=40),
        confidentiality=confidentiality,
        roles=roles,
    )
    resolution.refresh_from_db()
    return resolution
