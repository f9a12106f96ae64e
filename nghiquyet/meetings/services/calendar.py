"""The meeting calendar (R04): the regulation of meeting days, the year's regular meetings, other meetings."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.orgs.models import Organization

from ..calendar import next_working_day
from ..models import (
    Meeting,
    MeetingKind,
    MeetingRegulation,
)
from ..queries import has_committee_on, regulation_on
from ..texts import regular_title

# How far ahead a meeting is put on the calendar by hand: a year; the regular meetings of next year are
# generated whole (R45: a date further out is a typing mistake, not a plan).
MAX_DAYS_AHEAD = 366


def _fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def date_problem(org: Organization, day: dt.date, *, ahead: bool = True) -> str | None:
    """Why `org` cannot meet on `day`, or None (R45): more than a year ahead (when `ahead`), before the
    organization existed or after it was dissolved, or no committee term in office on that day."""
    today = timezone.localdate()
    if ahead and day > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        return _("%(date)s is more than a year ahead: a meeting is planned at most until %(limit)s.") % {
            "date": _fmt(day),
            "limit": _fmt(today + dt.timedelta(days=MAX_DAYS_AHEAD)),
        }
    if org.active_from and day < org.active_from:
        return _("%(org)s did not exist yet on %(date)s: it was founded on %(founded)s.") % {
            "org": org.name,
            "date": _fmt(day),
            "founded": _fmt(org.active_from),
        }
    if org.active_to and day > org.active_to:
        return _("%(org)s no longer exists on %(date)s: it was dissolved on %(dissolved)s.") % {
            "org": org.name,
            "date": _fmt(day),
            "dissolved": _fmt(org.active_to),
        }
    if not has_committee_on(org, day):
        return _("%(org)s has no committee in office on %(date)s: no meeting can be held that day.") % {
            "org": org.name,
            "date": _fmt(day),
        }
    return None


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
    holiday stays visible. Months when the organization has no committee in office (before its first term,
    after it was dissolved) get no meeting; a year without any, or further than next year, is refused (R45).
    """
    if year > timezone.localdate().year + 1:
        raise ValidationError(
            {
                "year": _("Regular meetings are generated for this year and the next, not for %(year)s.")
                % {"year": year}
            }
        )
    planned_months = set(
        Meeting.objects.filter(org=org, kind=MeetingKind.REGULAR, nominal_date__year=year).values_list(
            "nominal_date__month", flat=True
        )
    )
    regulations = list(org.meeting_regulations.order_by("effective_from"))
    created, skipped = [], []
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
        day = next_working_day(nominal)
        if date_problem(org, day, ahead=False):
            skipped.append(day)
            continue
        created.append(
            Meeting(
                org=org,
                kind=MeetingKind.REGULAR,
                title=regular_title(nominal),
                date=day,
                nominal_date=nominal,
                regulation=regulation,
            )
        )
    if skipped and not created:
        raise ValidationError(
            {
                "year": _("%(org)s has no committee in office in %(year)s: no regular meeting can be held.")
                % {"org": org.name, "year": year}
            }
        )
    for meeting in created:
        meeting.save()
    return created


@transaction.atomic
def add_meeting(org: Organization, kind: str, date: dt.date, title: str, **fields) -> Meeting:
    """An extraordinary, thematic or Standing Committee meeting added by hand, on a day the organization
    has a committee in office, at most a year ahead (R45)."""
    problem = date_problem(org, date)
    if problem:
        raise ValidationError({"date": problem})
    meeting = Meeting(
        org=org, kind=kind, date=date, title=title, regulation=regulation_on(org, date), **fields
    )
    meeting.full_clean()
    meeting.save()
    return meeting
