"""Periods of the upper level's work: a month, a quarter, a year or two dates (R28, R33).

Stored as a kind and two dates, so "in force on a day" and "overlapping a report period" are plain
date comparisons in the database.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
MIN_YEAR, MAX_YEAR = 2000, 2100


class PeriodKind(models.TextChoices):
    MONTH = "month", gettext_lazy("Month")
    QUARTER = "quarter", gettext_lazy("Quarter")
    YEAR = "year", gettext_lazy("Year")
    DATES = "dates", gettext_lazy("From a date to a date")


def bounds(kind: str, year: int, number: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of a month (number 1-12), a quarter (1-4) or a year."""
    if kind == PeriodKind.MONTH:
        return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])
    if kind == PeriodKind.QUARTER:
        first = 3 * (number - 1) + 1
        last = first + 2
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    if kind == PeriodKind.YEAR:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    raise ValueError(kind)


def describe(kind: str, start: dt.date, end: dt.date) -> str:
    """ "Month 3/2026", "Quarter II/2026", "Year 2026" or "01/03/2026 – 15/04/2026"."""
    if kind == PeriodKind.MONTH:
        return _("Month %(month)s/%(year)s") % {"month": start.month, "year": start.year}
    if kind == PeriodKind.QUARTER:
        quarter = ROMAN_QUARTERS[(start.month - 1) // 3 + 1]
        return _("Quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": start.year}
    if kind == PeriodKind.YEAR:
        return _("Year %(year)s") % {"year": start.year}
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


# The periods a periodic report covers (R31, R35).
REPORT_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)


def report_period(kind: str, year: int | None, number: int | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The bounds of a month, quarter or year, refused (naming the field) when malformed or not begun."""
    if kind not in REPORT_KINDS:
        raise ValidationError({"kind": _("Choose a month, a quarter or a year.")})
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("Give a year from %(min)s to %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}}
        )
    if kind == PeriodKind.MONTH and (number is None or not 1 <= number <= 12):
        raise ValidationError({"number": _("Give the month, from 1 to 12.")})
    if kind == PeriodKind.QUARTER and (number is None or not 1 <= number <= 4):
        raise ValidationError({"number": _("Give the quarter, from 1 to 4.")})
    start, end = bounds(kind, year, number if kind != PeriodKind.YEAR else None)
    if start > today:
        field = "year" if year > today.year else "number"
        raise ValidationError(
            {
                field: _("%(period)s has not begun yet: a report covers a past or running period.")
                % {"period": describe(kind, start, end)}
            }
        )
    return start, end
