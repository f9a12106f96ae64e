"""Completion times of resolution items (R20): a date, or "ngay" / "trong tháng" / "trong quý" resolved
to a date from the day the resolution is issued.

"Immediately" has no date in the scheme; we give it one week, so that it can be followed and reminded.
"""

import calendar
import datetime as dt
import re

from django.utils.translation import gettext as _

from nghiquyet.lib.vietnamese import fold

from .models import DeadlineKind

IMMEDIATELY_DAYS = 7
# How documents write relative deadlines: Vietnamese whatever the interface language.
DOCUMENT_LABELS = {
    DeadlineKind.IMMEDIATELY: "Ngay",
    DeadlineKind.MONTH: "Trong tháng",
    DeadlineKind.QUARTER: "Trong quý",
}
_WORDS = {
    "ngay": DeadlineKind.IMMEDIATELY,
    "ngay lap tuc": DeadlineKind.IMMEDIATELY,
    "trong thang": DeadlineKind.MONTH,
    "trong quy": DeadlineKind.QUARTER,
}
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def resolve(kind: str, issued_on: dt.date, date: dt.date | None = None) -> dt.date | None:
    """The completion date of an item of deadline `kind` in a resolution issued on `issued_on`."""
    if kind == DeadlineKind.DATE:
        return date
    if kind == DeadlineKind.IMMEDIATELY:
        return issued_on + dt.timedelta(days=IMMEDIATELY_DAYS)
    if kind == DeadlineKind.MONTH:
        return issued_on.replace(day=calendar.monthrange(issued_on.year, issued_on.month)[1])
    if kind == DeadlineKind.QUARTER:
        last_month = (issued_on.month - 1) // 3 * 3 + 3
        return dt.date(issued_on.year, last_month, calendar.monthrange(issued_on.year, last_month)[1])
    raise ValueError(kind)


def parse(text: str) -> tuple[str, dt.date | None]:
    """Read a deadline as people write it: "ngay", "trong tháng", "trong quý" or dd/mm/yyyy.

    Raises ValueError with a message for anything else.
    """
    folded = fold(text)
    if folded in _WORDS:
        return _WORDS[folded], None
    match = _DATE.match(folded)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return DeadlineKind.DATE, dt.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(
        _("“%(text)s” is not a deadline: write a date (dd/mm/yyyy), “ngay”, “trong tháng” or “trong quý”.")
        % {"text": text}
    )


def document_text(kind: str, date: dt.date | None) -> str:
    """The deadline as a document writes it: "Trong tháng (31/12/2026)", "25/12/2026" or "Ngay"."""
    when = f"{date:%d/%m/%Y}" if date else ""
    relative = DOCUMENT_LABELS.get(kind, "")
    if relative and when:
        return f"{relative} ({when})"
    return relative or when
