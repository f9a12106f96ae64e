"""The meeting calendar (R04): the regulation of meeting days, the year's regular meetings, other meetings."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nghiquyet.orgs.models import Organization

from ..calendar import next_working_day
from ..models import (
    Meeting,
    MeetingKind,
    MeetingRegulation,
)
from ..queries import regulation_on
from ..texts import regular_title


@transaction.atomic
def set_regulation(org: Organization, effective_from: dt.date, **fields) -> MeetingRegulation:
    """Adopt a meeting regulation from a date. A regulation some meeting already applied is never changed."""
    existing = org.meeting_regulations.filter(effective_from=effective_from).first()
    if existing is not None and not Meeting.objects.filter(regulation=existing).exists():
        regulation = existing
        for name, value in fields.items():
            setattr(regulation, name, value)
    else:
        if existing is not None:
            raise ValidationError(
                {"effective_from": _("A regulation already in use starts on this date; choose a later date.")}
            )
        regulation = MeetingRegulation(org=org, effective_from=effective_from, **fields)
    regulation.full_clean()
    regulation.save()
    return regulation


@transaction.atomic
def generate_year(org: Organization, year: int) -> list[Meeting]:
    """Create the year's regular meetings from the regulations in force; months already planned are kept.

    Each meeting stores the regulation that applied and its nominal day, so moving it off a weekend or a
    holiday stays visible.
    """
    planned_months = set(
        Meeting.objects.filter(org=org, kind=MeetingKind.REGULAR, nominal_date__year=year).values_list(
            "nominal_date__month", flat=True
        )
    )
    regulations = list(org.meeting_regulations.order_by("effective_from"))
    created = []
    for month in range(1, 13):
        if month in planned_months:
            continue
        first = dt.date(year, month, 1)
        applicable = [r for r in regulations if r.effective_from <= first] or [
            r for r in regulations if r.effective_from.year == year and r.effective_from.month == month
        ]
        if not applicable:
            continue
        regulation = applicable[-1] if applicable[-1].effective_from <= first else applicable[0]
        nominal = regulation.nominal_date(year, month)
        created.append(
            Meeting(
                org=org,
                kind=MeetingKind.REGULAR,
                title=regular_title(nominal),
                date=next_working_day(nominal),
                nominal_date=nominal,
                regulation=regulation,
            )
        )
    for meeting in created:
        meeting.save()
    return created


@transaction.atomic
def add_meeting(org: Organization, kind: str, date: dt.date, title: str, **fields) -> Meeting:
    """An extraordinary, thematic or Standing Committee meeting added by hand."""
    meeting = Meeting(
        org=org, kind=kind, date=date, title=title, regulation=regulation_on(org, date), **fields
    )
    meeting.full_clean()
    meeting.save()
    return meeting
