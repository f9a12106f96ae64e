"""Use cases of activity programs (R05) and of a member's personal meeting calendar (R04).

One function per thing a person does, each atomic; the calendar views and the iCal feed call these.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from nghiquyet.orgs.models import Organization, Person

from ..models import CalendarToken, Program, ProgramItem, ProgramKind

# ---------------------------------------------------------------- programs (R05)


@transaction.atomic
def create_program(
    org: Organization,
    *,
    kind: str,
    title: str,
    year: int | None = None,
    month: int | None = None,
    notes: str = "",
) -> Program:
    """Start a term, annual or monthly activity program of `org`'s committee."""
    # A term program spans years and an annual one spans months: drop what does not apply.
    if kind == ProgramKind.TERM:
        year, month = None, None
    elif kind == ProgramKind.YEAR:
        month = None
    program = Program(org=org, kind=kind, title=title.strip(), year=year, month=month, notes=notes.strip())
    program.full_clean()
    program.save()
    return program


@transaction.atomic
def add_program_item(
    program: Program, *, title: str, description: str = "", planned_month: int | None = None
) -> ProgramItem:
    """Add a content item at the end of a program, optionally planned for a month."""
    if program.kind == ProgramKind.MONTH and planned_month not in (None, program.month):
        raise ValidationError(
            {"planned_month": _("An item of a monthly program is planned for that program's month.")}
        )
    # Lock the program row so two items added at once do not take the same place.
    Program.objects.select_for_update().get(pk=program.pk)
    order = (program.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = ProgramItem(
        program=program,
        order=order,
        title=title.strip(),
        description=description.strip(),
        planned_month=planned_month,
    )
    item.full_clean()
    item.save()
    return item


# ---------------------------------------------------------------- a member's calendar (R04)


@transaction.atomic
def calendar_token_for(person: Person) -> CalendarToken:
    """The secret of `person`'s iCal feed, created on first use."""
    token, _created = CalendarToken.objects.get_or_create(person=person)
    return token


@transaction.atomic
def regenerate_calendar_token(person: Person) -> CalendarToken:
    """Replace `person`'s feed secret, e.g. after the link leaked; the old link stops working at once."""
    token, created = CalendarToken.objects.get_or_create(person=person)
    if not created:
        token.token = secrets.token_urlsafe()
        token.save(update_fields=["token"])
    return token
