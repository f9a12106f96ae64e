"""Training (R36): courses and attendance, and the coverage per term — every secretary and committee
member of the grassroots organizations trained at least once within their committee's term."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from nghiquyet.orgs.models import GRASSROOTS_KINDS, CommitteeMembership, Organization, Person

from .models import Course, CourseAttendance

FOREVER = dt.date(9999, 12, 31)


@transaction.atomic
def create_course(
    org: Organization, *, title: str, start_date: dt.date, end_date: dt.date, organizer: str, audience: str
) -> Course:
    if end_date < start_date:
        raise ValidationError({"end_date": _("The course ends before it starts.")})
    return Course.objects.create(
        org=org,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date,
        organizer=organizer.strip(),
        audience=audience,
    )


def committee_seats(org: Organization, day: dt.date):
    """Current seats on the committees of the grassroots organizations in `org`'s subtree."""
    return CommitteeMembership.objects.current(day).filter(
        term__org__kind__in=GRASSROOTS_KINDS, term__org__path__startswith=org.path
    )


def trainees(course: Course, day: dt.date):
    """Who may attend: the committee members in office of the grassroots organizations of the course's
    organization (a queryset of people)."""
    return Person.objects.filter(pk__in=committee_seats(course.org, day).values("person_id")).order_by(
        "sort_key", "id"
    )


@transaction.atomic
def add_attendees(course: Course, people, *, completed: bool = True) -> int:
    """Record people as having attended; those already recorded are left as they are."""
    known = set(course.attendance.values_list("person_id", flat=True))
    rows = [
        CourseAttendance(course=course, person=p, completed=completed) for p in people if p.pk not in known
    ]
    for row in rows:
        row.save()  # one by one: each gets its history row
    return len(rows)


@transaction.atomic
def set_completed(attendance: CourseAttendance, completed: bool) -> CourseAttendance:
    attendance.completed = completed
    attendance.save(update_fields=["completed"])
    return attendance


@transaction.atomic
def remove_attendance(attendance: CourseAttendance) -> None:
    attendance.delete()


@dataclass(frozen=True)
class Coverage:
    org: Organization
    day: dt.date
    total: int
    trained: int
    untrained: list[CommitteeMembership]

    @property
    def percent(self) -> float | None:
        return round(100 * self.trained / self.total, 1) if self.total else None


def _trained_in_term():
    """A completed course that started within the seat's term (the term still running: since its start)."""
    return Exists(
        CourseAttendance.objects.filter(
            person=OuterRef("person"),
            completed=True,
            course__start_date__gte=OuterRef("term__start_date"),
            course__start_date__lte=Coalesce(OuterRef("term__end_date"), Value(FOREVER)),
        )
    )


def coverage(org: Organization, day: dt.date) -> Coverage:
    """Training coverage of the committees in office on `day` under `org`, with the exact list of those
    not yet trained in their term (two queries)."""
    seats = committee_seats(org, day).annotate(trained=_trained_in_term())
    counts = seats.aggregate(total=Count("id"), covered=Count("id", filter=Q(trained=True)))
    untrained = list(
        seats.filter(trained=False)
        .select_related("person", "term__org")
        .order_by("term__org__path", "person__sort_key", "id")
    )
    return Coverage(org, day, counts["total"], counts["covered"], untrained)
