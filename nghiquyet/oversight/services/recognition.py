"""Recognition of exemplary secretaries (R37): nominations, the upper level's decision, and each nominee
shown with the indicators of their committee's meetings in the year, aggregated in the database."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.orgs.models import Organization, Person

from ..models import Decision, Nomination
from ..queries import secretary_seat


@transaction.atomic
def nominate(
    person: Person,
    *,
    year: int,
    reason: str,
    nominated_by: Organization,
    nominator: Person | None = None,
    day: dt.date | None = None,
) -> Nomination:
    """Propose a grassroots secretary for recognition in `year` (once a year per person)."""
    seat = secretary_seat(person, day or timezone.localdate())
    if seat is None:
        raise ValidationError({"person": _("Only a grassroots secretary in office is nominated.")})
    org = seat.term.org
    if not org.path.startswith(nominated_by.path):
        raise ValidationError({"person": _("This secretary's organization is not under the nominating one.")})
    if nominator is not None and nominator.pk == person.pk:
        raise ValidationError({"person": _("Nobody nominates themselves.")})
    if Nomination.objects.filter(person=person, year=year).exists():
        raise ValidationError({"person": _("This secretary is already nominated for that year.")})
    return Nomination.objects.create(
        person=person, org=org, year=year, reason=reason.strip(), nominated_by=nominated_by
    )


@transaction.atomic
def decide(nomination: Nomination, *, decision: str, person: Person, note: str = "") -> Nomination:
    """Recognize the nominee or not; a decision taken stays (a change is a new decision in the history)."""
    if decision not in (Decision.APPROVED, Decision.DECLINED):
        raise ValidationError({"decision": _("Choose whether to recognize the secretary.")})
    nomination.decision = decision
    nomination.decision_note = note.strip()
    nomination.decided_by = person
    nomination.decided_at = timezone.now()
    nomination.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    return nomination
