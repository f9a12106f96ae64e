"""Inspection and supervision (R25, R33): the Inspection Committee's plans, its records of each
organization inspected (the three findings of R25 and the conclusions), recommendations tracked as
follow-up tasks, and the periodic inspection report compiled from the records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.notify.services import notify
from nghiquyet.orgs.models import Body, BodyKind, Organization, Person

from ..addressing import secretaries, users
from ..documents_context import archive_conclusion
from ..models import (
    InspectionPlan,
    InspectionRecord,
    Recommendation,
    RecommendationStatus,
    RecordStatus,
)
from ..queries import recommendation_assignees

RECORD_FIELDS = ("date", "findings_spirit", "findings_targets", "findings_results", "conclusions")


def _check_plan(body: Body, period_start: dt.date, period_end: dt.date, targets) -> list[Organization]:
    if body.kind != BodyKind.INSPECTION_COMMITTEE:
        raise ValidationError(_("Inspection plans belong to an Inspection Committee."))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period is before its start.")})
    targets = list(targets)
    if not targets:
        raise ValidationError({"targets": _("Choose the organizations to inspect.")})
    for org in targets:
        if not org.path.startswith(body.org.path) or org.pk == body.org_id:
            raise ValidationError(
                {
                    "targets": ValidationError(
                        _("%(org)s is not under %(body)s."), params={"org": org.name, "body": body.name}
                    )
                }
            )
    return targets


@transaction.atomic
def create_plan(
    body: Body,
    *,
    title: str,
    content: str,
    period_kind: str,
    period_start: dt.date,
    period_end: dt.date,
    targets,
    team=(),
    by=None,
) -> InspectionPlan:
    """An inspection plan of `body` (the bloc's Inspection Committee)."""
    targets = _check_plan(body, period_start, period_end, targets)
    plan = InspectionPlan.objects.create(
        body=body,
        title=title.strip(),
        content=content.strip(),
        period_kind=period_kind,
        period_start=period_start,
        period_end=period_end,
        created_by=by,
    )
    plan.targets.set(targets)
    plan.team.set(list(team))
    return plan


@transaction.atomic
def update_plan(plan: InspectionPlan, *, targets, team=(), **fields) -> InspectionPlan:
    targets = _check_plan(
        plan.body,
        fields.get("period_start", plan.period_start),
        fields.get("period_end", plan.period_end),
        targets,
    )
    inspected = set(plan.records.values_list("org_id", flat=True))
    if not inspected <= {o.pk for o in targets}:
        raise ValidationError({"targets": _("An organization already inspected cannot leave the plan.")})
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    plan.save()
    plan.targets.set(targets)
    plan.team.set(list(team))
    return plan


@transaction.atomic
def open_record(plan: InspectionPlan, *, org: Organization, date: dt.date) -> InspectionRecord:
    """Start the record of the inspection of one organization of the plan."""
    if not plan.targets.filter(pk=org.pk).exists():
        raise ValidationError({"org": _("This organization is not in the plan.")})
    return InspectionRecord.objects.create(plan=plan, org=org, date=date)


def _ensure_draft(record: InspectionRecord) -> None:
    if record.is_concluded:
        raise ValidationError(_("This inspection is concluded: its record can no longer be changed."))


@transaction.atomic
def update_record(record: InspectionRecord, **fields) -> InspectionRecord:
    """Write the findings (R25: spirit and capacity; unrealistic targets and new issues; results of each
    unit and person) and the conclusions."""
    _ensure_draft(record)
    for name, value in fields.items():
        if name not in RECORD_FIELDS:
            raise TypeError(name)
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    record.save()
    return record


@transaction.atomic
def add_recommendation(
    record: InspectionRecord, *, text: str, assignee: Person, deadline: dt.date
) -> Recommendation:
    _ensure_draft(record)
    if not recommendation_assignees(record).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Choose a member of the inspected organization.")})
    return Recommendation.objects.create(
        record=record, text=text.strip(), assignee=assignee, deadline=deadline
    )


@transaction.atomic
def remove_recommendation(recommendation: Recommendation) -> None:
    _ensure_draft(recommendation.record)
    recommendation.delete()


@transaction.atomic
def conclude_record(record: InspectionRecord, *, by=None) -> InspectionRecord:
    """Conclude: the record is fixed, the inspected organization sees it, its secretary and the
    recommendations' assignees are notified; the conclusion is numbered and archived (R21)."""
    record = InspectionRecord.objects.select_for_update().select_related("org", "plan").get(pk=record.pk)
    _ensure_draft(record)
    if not record.conclusions.strip():
        raise ValidationError({"conclusions": _("Write the conclusions before concluding.")})
    record.status = RecordStatus.CONCLUDED
    record.concluded_at = timezone.now()
    record.save(update_fields=["status", "concluded_at"])
    archive_conclusion(record, by=by)
    assignees = [r.assignee for r in record.recommendations.select_related("assignee__user")]
    people = {p.pk: p for p in [*secretaries([record.org]), *assignees]}
    notify(
        users(people.values()),
        lambda: _("Inspection concluded: %(org)s") % {"org": record.org.name},
        lambda: (
            _("The conclusions of the inspection “%(plan)s” and its recommendations are available.")
            % {"plan": record.plan.title}
        ),
        reverse("oversight:record", args=[record.pk]),
    )
    return record


@transaction.atomic
def mark_done(recommendation: Recommendation, *, person: Person, note: str) -> Recommendation:
    """The inspected organization reports a recommendation carried out."""
    if not recommendation.record.is_concluded:
        raise ValidationError(_("The inspection is not concluded yet."))
    if recommendation.status == RecommendationStatus.DONE:
        raise ValidationError(_("This recommendation is already done."))
    if not note.strip():
        raise ValidationError({"done_note": _("Say what was done.")})
    recommendation.status = RecommendationStatus.DONE
    recommendation.done_note = note.strip()
    recommendation.done_at = timezone.now()
    recommendation.done_by = person
    recommendation.save(update_fields=["status", "done_note", "done_at", "done_by"])
    return recommendation
