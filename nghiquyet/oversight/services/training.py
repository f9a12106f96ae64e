"""Training (R36): courses and attendance, and the coverage per term — every secretary and committee
member of the grassroots organizations trained at least once within their committee's term."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nghiquyet.orgs.models import Organization

from ..models import Course, CourseAttendance


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
