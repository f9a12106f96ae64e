"""Orientation (R28): the upper level publishes guidance on the content and form of grassroots meetings
for a period, with documents, to all or chosen organizations; leaders' first openings are receipts.

`guidance_for(org, day)` is what a meeting's preparation screen shows.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.documents.models import Attachment
from nghiquyet.documents.uploads import check_upload, store
from nghiquyet.notify.services import notify
from nghiquyet.orgs.models import Organization, Person

from ..addressing import check_targets, secretaries, users
from ..documents_context import reindex_guidance, unindex_guidance
from ..models import Guidance, GuidanceReceipt

MAX_DOCUMENTS = 20


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError({"period_end": _("The end of the period is before its start.")})


def _ensure_draft(guidance: Guidance) -> None:
    if guidance.is_published:
        raise ValidationError(_("This guidance is published: it can no longer be changed."))


@transaction.atomic
def create_guidance(
    issuer: Organization,
    *,
    title: str,
    period_kind: str,
    period_start: dt.date,
    period_end: dt.date,
    content: str,
    topics: str = "",
    target_all: bool = True,
    targets=(),
    by=None,
) -> Guidance:
    """A draft guidance of `issuer` (the bloc); nobody below sees it until it is published."""
    _check_period(period_start, period_end)
    chosen = check_targets(issuer, target_all, targets)
    guidance = Guidance.objects.create(
        issuer=issuer,
        title=title.strip(),
        period_kind=period_kind,
        period_start=period_start,
        period_end=period_end,
        content=content.strip(),
        topics=topics.strip(),
        target_all=target_all,
        created_by=by,
    )
    guidance.targets.set(chosen)
    return guidance


@transaction.atomic
def update_guidance(guidance: Guidance, *, targets=(), **fields) -> Guidance:
    """Change a draft guidance (its text, period or addressees)."""
    _ensure_draft(guidance)
    _check_period(
        fields.get("period_start", guidance.period_start), fields.get("period_end", guidance.period_end)
    )
    chosen = check_targets(guidance.issuer, fields.get("target_all", guidance.target_all), targets)
    for name, value in fields.items():
        setattr(guidance, name, value.strip() if isinstance(value, str) else value)
    guidance.save()
    guidance.targets.set(chosen)
    reindex_guidance(guidance)
    return guidance


@transaction.atomic
def add_document(guidance: Guidance, uploaded, *, by=None) -> Attachment:
    """Attach a document (checked, stored under a generated name) to a draft guidance."""
    _ensure_draft(guidance)
    if guidance.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(_("At most %(limit)s documents per guidance."), params={"limit": MAX_DOCUMENTS})
    attachment = store(check_upload(uploaded), by)
    guidance.documents.add(attachment)
    return attachment


@transaction.atomic
def remove_document(guidance: Guidance, attachment_id: int) -> None:
    _ensure_draft(guidance)
    guidance.documents.remove(attachment_id)


@transaction.atomic
def delete_guidance(guidance: Guidance) -> None:
    """Delete a draft written by mistake (nobody below has seen it); a published guidance stays. Its
    history keeps the deletion, search forgets it; the attached files stay in storage for that history."""
    guidance = Guidance.objects.select_for_update().get(pk=guidance.pk)
    _ensure_draft(guidance)
    unindex_guidance(guidance.pk)
    guidance.delete()


@transaction.atomic
def publish_guidance(guidance: Guidance) -> Guidance:
    """Publish: from now on the addressed committees see it, and their secretaries are notified."""
    guidance = Guidance.objects.select_for_update().select_related("issuer").get(pk=guidance.pk)
    _ensure_draft(guidance)
    guidance.published_at = timezone.now()
    guidance.save(update_fields=["published_at"])
    # Found in search from now on, by those it is addressed to and the upper level (R28).
    reindex_guidance(guidance)
    notify(
        users(secretaries(guidance.addressees())),
        lambda: _("New guidance: %(title)s") % {"title": guidance.title},
        lambda: (
            _("%(issuer)s gives guidance on your meetings for %(period)s.")
            % {"issuer": guidance.issuer.name, "period": guidance.period_label}
        ),
        reverse("oversight:guidance", args=[guidance.pk]),
    )
    return guidance


def record_receipt(guidance: Guidance, org: Organization, person: Person) -> GuidanceReceipt:
    """The first opening of a published guidance by a leader of an addressed organization (idempotent)."""
    receipt, _created = GuidanceReceipt.objects.get_or_create(
        guidance=guidance, org=org, defaults={"read_at": timezone.now(), "read_by": person}
    )
    return receipt
