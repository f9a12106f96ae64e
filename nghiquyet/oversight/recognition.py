"""Recognition of exemplary secretaries (R37): nominations, the upper level's decision, and each nominee
shown with the indicators of their committee's meetings in the year, aggregated in the database."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.lib.paths import under_q
from nghiquyet.meetings.models import MeetingStatus
from nghiquyet.orgs.models import GRASSROOTS_KINDS, CommitteeMembership, Organization, Person, Position

from .models import Decision, Nomination

HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.SIGNED)


def secretary_seat(person: Person, day: dt.date) -> CommitteeMembership | None:
    """The person's current seat as secretary of a grassroots organization, if any."""
    return (
        CommitteeMembership.objects.current(day)
        .filter(person=person, position=Position.SECRETARY, term__org__kind__in=GRASSROOTS_KINDS)
        .select_related("term__org")
        .first()
    )


def secretaries_under(orgs: list[Organization], day: dt.date):
    """The secretaries in office of the grassroots organizations under these (a queryset of people)."""
    under = under_q((org.path for org in orgs), "term__org__path")
    seats = CommitteeMembership.objects.current(day).filter(
        under, position=Position.SECRETARY, term__org__kind__in=GRASSROOTS_KINDS
    )
    return Person.objects.filter(pk__in=seats.values("person_id")).order_by("sort_key", "id")


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


def nominees(nominations, year: int):
    """The nominations annotated with their committee's meeting indicators in `year` (one query):
    meetings held, average attendance %, average notice lead (days), meetings held on the regulation day,
    meetings with dissent recorded, meetings that reviewed last month's resolution."""
    held = Q(org__meetings__date__year=year, org__meetings__status__in=HELD_STATUSES)
    indicators = "org__meetings__indicators__"
    return nominations.annotate(
        meetings_held=Count("org__meetings", filter=held, distinct=True),
        attendance_pct=Avg(f"{indicators}attendance_pct", filter=held),
        notice_lead=Avg(f"{indicators}notice_lead_days", filter=held),
        on_day=Count(
            "org__meetings", filter=held & Q(**{f"{indicators}on_regulation_day": True}), distinct=True
        ),
        with_dissent=Count(
            "org__meetings", filter=held & Q(**{f"{indicators}dissent_recorded": True}), distinct=True
        ),
        reviewed=Count(
            "org__meetings", filter=held & Q(**{f"{indicators}last_month_reviewed": True}), distinct=True
        ),
    )
