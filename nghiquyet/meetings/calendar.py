"""Working days and the year's regular meetings (R04): the regulation day, moved off weekends and
Vietnamese public holidays (lunar Tết included, from the `holidays` library) to the next working day."""

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _vn_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _vn_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def on_regulation_day(date: dt.date, nominal: dt.date | None) -> bool | None:
    """Whether a regular meeting met on its scheduled day: the regulation day itself, or the working day
    the calendar moved it to from a weekend or a holiday (`services.generate_year`), which is no delay
    (#16.10). None for a meeting without a regulation day (not a regular one)."""
    if nominal is None:
        return None
    return date in (nominal, next_working_day(nominal))


def holiday_name(day: dt.date) -> str | None:
    return holidays.country_holidays("VN", years=[day.year], language="vi").get(day)
