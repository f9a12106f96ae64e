"""Dates the Vietnamese way."""

import datetime as dt


def long_vn(value: dt.date) -> str:
    """ "ngày 19 tháng 8 năm 2016": the running-text form of a date."""
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


def document_vn(value: dt.date) -> str:
    """ "ngày 05 tháng 02 năm 2026": the document date line, leading zero for days < 10 and months 1–2."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
