"""Reviewing last month's resolutions at the meeting (R25-R27), closing a resolution, the annual review (R35)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nghiquyet.lib.errors import ImmutableError
from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import Meeting, Section
from nghiquyet.meetings.queries import signing_state
from nghiquyet.orgs.models import Organization, Person

from ..models import (
    AnnualReview,
    ClosingReview,
    Commendation,
    Item,
    ItemEvaluation,
    Rating,
    Recognition,
    Resolution,
    ResolutionStatus,
)
from ..queries import annual_figures, previous_resolutions, recognizable, resolution_review, review_summary
from ..texts import results_text, review_text


@transaction.atomic
def prefill_review(meeting: Meeting):
    """Write the review of last month, generated from the items' states, into the meeting's REVIEW
    section (R09). Refused on a locked meeting; replaces what the section held."""
    text = review_text(review_summary(meeting))
    if not text:
        raise ValidationError(_("There is no issued regular resolution of last month to review."))
    return meeting_services.record_section(meeting, Section.REVIEW, text)


def _ensure_open(meeting: Meeting) -> None:
    # Once a first signature has fixed the minutes' text, nothing more is recorded in the meeting.
    if meeting.is_locked_in_db() or signing_state(meeting).closed:
        raise ImmutableError(meeting)
    # The meeting evaluates and commends on its day, not before (R45).
    meeting_services.ensure_day_has_come(meeting)


@transaction.atomic
def evaluate_items(meeting: Meeting, ratings: dict[int, tuple[str, str]]) -> list[ItemEvaluation]:
    """Record the meeting's evaluation of items of last month's resolutions (R25).

    `ratings` maps an item id to (rating, comment); an item already evaluated here is updated.
    """
    _ensure_open(meeting)
    allowed = set(
        Item.objects.filter(resolution__in=[r.pk for r in previous_resolutions(meeting)]).values_list(
            "pk", flat=True
        )
    )
    errors = {}
    for item_id, (rating, _comment) in ratings.items():
        if item_id not in allowed:
            errors["ratings"] = _("Only the items of last month's resolutions are evaluated here.")
        elif rating not in Rating.values:
            errors[f"rating_{item_id}"] = _("Choose an evaluation.")
    if errors:
        raise ValidationError(errors)
    out = []
    for item_id, (rating, comment) in ratings.items():
        evaluation, _created = ItemEvaluation.objects.update_or_create(
            meeting=meeting, item_id=item_id, defaults={"rating": rating, "comment": comment.strip()}
        )
        out.append(evaluation)
    return out


@transaction.atomic
def add_commendation(
    meeting: Meeting,
    kind: str,
    *,
    text: str,
    person: Person | None = None,
    unit: Organization | None = None,
) -> Commendation:
    """A commendation or criticism of one member or one unit of the organization (R25)."""
    _ensure_open(meeting)
    if kind not in Recognition.values:
        raise ValidationError({"kind": _("Choose commendation or criticism.")})
    if (person is None) == (unit is None):
        raise ValidationError({"person": _("Choose either a person or a unit.")})
    if not text.strip():
        raise ValidationError({"text": _("Give the reason.")})
    people, units = recognizable(meeting)
    if person is not None and person.pk not in {p.pk for p in people}:
        raise ValidationError({"person": _("Choose a member of the organization.")})
    if unit is not None and unit.pk not in {u.pk for u in units}:
        raise ValidationError({"unit": _("Choose a unit of the organization.")})
    return Commendation.objects.create(
        meeting=meeting, kind=kind, person=person, unit=unit, text=text.strip()
    )


@transaction.atomic
def close_resolution(resolution: Resolution, *, results: str, lessons: str, by=None) -> ClosingReview:
    """Close an issued resolution with its closing review; the lessons are required, and shown when the
    next resolution is drafted (R27). An empty results text is generated from the items' states."""
    resolution = Resolution.objects.select_for_update(of=("self",)).get(pk=resolution.pk)
    if resolution.status != ResolutionStatus.ISSUED:
        raise ValidationError(
            _("Only an issued resolution is closed.")
            if resolution.status == ResolutionStatus.DRAFT
            else _("This resolution is already closed.")
        )
    if not lessons.strip():
        raise ValidationError({"lessons": _("Write the lessons learned.")})
    results = results.strip() or results_text(resolution_review(resolution))
    review = ClosingReview.objects.create(
        resolution=resolution, results=results, lessons=lessons.strip(), created_by=by
    )
    resolution.status = ResolutionStatus.CLOSED
    resolution.save(update_fields=["status"])
    return review


@transaction.atomic
def compile_annual_review(org: Organization, year: int, today: dt.date | None = None) -> AnnualReview:
    """Compile (or recompile) the committee's yearly review from the records (R35); the committee's
    assessment text is kept."""
    review, _created = AnnualReview.objects.update_or_create(
        org=org, year=year, defaults={"figures": annual_figures(org, year, today)}
    )
    return review


@transaction.atomic
def save_annual_assessment(review: AnnualReview, assessment: str) -> AnnualReview:
    """The committee's own assessment of the year, written over the compiled figures."""
    review.assessment = assessment.strip()
    review.save(update_fields=["assessment"])
    return review
