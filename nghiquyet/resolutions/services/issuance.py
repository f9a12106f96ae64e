"""Issuing a resolution (R14, R21): numbered, signed, immutable, archived."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.documents.models import Confidentiality, roles_text
from nghiquyet.orgs.models import Person
from nghiquyet.orgs.numbering import allocate, display

from .. import deadlines
from ..documents_context import archive_resolution
from ..models import (
    DOC_TYPE,
    DeadlineKind,
    Resolution,
    ResolutionStatus,
)
from ..quality_data import score_at_issue
from ..queries import committee_members, issue_problems, term_on
from .drafting import ensure_draft, refresh_search, save_version


@transaction.atomic
def issue(
    resolution: Resolution,
    *,
    signer: Person,
    by=None,
    on: dt.date | None = None,
    confidentiality: str = "",
    roles=(),
) -> Resolution:
    """Number, sign and issue an adopted resolution; from then on it is immutable (R14, R21).

    The number comes from the organization's NQ series of the committee term, allocated under a lock
    inside this transaction: no duplicate, and no gap if anything below fails. A classified resolution
    (`confidentiality` MẬT or TỐI MẬT) names the `roles` who may see it in the archive.
    """
    resolution = (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("org", "meeting")
        .get(pk=resolution.pk)
    )
    ensure_draft(resolution)
    today = timezone.localdate()
    on = on or today
    if on > today:
        # A resolution is dated the day it is signed: never ahead of it (R45).
        raise ValidationError(
            {
                "issued_on": _("A resolution cannot be dated after today (%(today)s).")
                % {"today": f"{today:%d/%m/%Y}"}
            }
        )
    _classify(resolution, confidentiality, roles)
    problems = issue_problems(resolution, on)
    if problems:
        raise ValidationError([p.message for p in problems])
    term = term_on(resolution.org, on)
    if term is None:
        raise ValidationError(_("The organization has no committee term in office on that day."))
    if signer.pk not in {p.pk for p in committee_members(resolution.org, on)}:
        raise ValidationError(_("The resolution is signed on behalf of the committee by one of its members."))
    # Stored for the dashboards (#7): the score the draft page shows, taken before the number and date.
    resolution.quality_score = score_at_issue(resolution)
    # Relative deadlines count from the day of issue.
    for item in resolution.items.exclude(deadline_kind=DeadlineKind.DATE):
        item.deadline = deadlines.resolve(item.deadline_kind, on)
        item.save(update_fields=["deadline"])
    save_version(resolution, by=by, note=_("Issued text"))
    number = allocate(resolution.org, term, DOC_TYPE)
    resolution.term = term
    resolution.number = number
    resolution.number_display = display(number, DOC_TYPE, resolution.org.issuer_code)
    resolution.issued_on = on
    resolution.signed_by = signer
    resolution.status = ResolutionStatus.ISSUED
    refresh_search(resolution)
    resolution.save()
    # The issued text goes to the archive (R21), chained per organization, and to the search index.
    archive_resolution(resolution, by=by)
    return resolution


def _classify(resolution: Resolution, confidentiality: str, roles) -> None:
    """Mark the resolution MẬT or TỐI MẬT for the roles named (#17.1); a classified one names who reads it."""
    confidentiality = confidentiality or Confidentiality.NONE
    if confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose a confidentiality mark from the list.")})
    readers = roles_text(roles) if confidentiality != Confidentiality.NONE else ""
    if confidentiality != Confidentiality.NONE and not readers:
        raise ValidationError({"roles": _("A classified resolution names who may read it.")})
    resolution.confidentiality, resolution.roles = confidentiality, readers
