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


def holiday_name(day: dt.date) -> str | None:
    return holidays.country_holidays("VN", years=[day.year], language="vi").get(day)
