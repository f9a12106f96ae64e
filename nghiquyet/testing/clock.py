"""The suite's clock: every test runs at a pinned instant, never at the real one.

The root conftest travels to `NOW` before each test (time-machine, ticking from there), so `timezone.now()`,
`timezone.localdate()`, `datetime.now()` and `time.time()` all answer the same day on any machine, under
any real date, under `faketime` in CI. A test that needs another moment says so with a marker:

    @pytest.mark.now("2027-12-31 23:30:00+00:00")   # UTC; already 1 January 2028 in Hà Nội

Fixtures and tests build their dates from `TODAY` (or from `timezone.localdate()` inside a test, which is
the pinned day), never from the real date.
"""

import datetime as dt
import zoneinfo

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# A Friday morning in Hà Nội, the day the suite's dated fixtures (meetings of November and December 2026,
# deadlines in 2026–2027, the 2025–2030 term) were written on; the demo-history tests generate up to the
# day before (their TODAY), so nothing they simulate is capped at "now".
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=HANOI)
TODAY = NOW.date()


def parse(value) -> dt.datetime:
    """A marker's moment: an aware datetime, ISO text (with an offset, or taken in Hà Nội without one), or a
    date (9:00 in Hà Nội on that day)."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, NOW.time())
    else:
        moment = dt.datetime.fromisoformat(str(value))
    # Given in Hà Nội's zone, time-machine keeps the process's local zone as Django set it (TIME_ZONE):
    # a destination in UTC would switch it to UTC for the test.
    return moment.astimezone(HANOI) if moment.tzinfo else moment.replace(tzinfo=HANOI)
