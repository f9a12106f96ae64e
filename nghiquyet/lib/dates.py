"""Dates the Vietnamese way."""

import datetime as dt

from django.utils import timezone


def local_day(value: dt.date) -> dt.date:
    """The calendar day of a date, or of a moment as lived in Hà Nội (settings.TIME_ZONE): an aware datetime
    read from the database is in UTC, where 23:30 on 31 December is already 1 January in Hà Nội."""
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def long_vn(value: dt.date) -> str:
    """ "ngày 19 tháng 8 năm 2016": the running-text form of a date."""
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


def document_vn(value: dt.date) -> str:
    """ "ngày 05 tháng 02 năm 2026": the document date line, leading zero for days < 10 and months 1–2."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
