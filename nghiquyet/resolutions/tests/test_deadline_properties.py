"""Property tests of completion times (R20): whatever people type, a deadline parses or is refused with a
message, and relative deadlines always land where the scheme says."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from nghiquyet.resolutions import deadlines
from nghiquyet.resolutions.models import DeadlineKind

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@given(days, st.sampled_from(["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]))
def test_r20_any_written_date_parses_back(day, pattern):
    assert deadlines.parse(day.strftime(pattern)) == (DeadlineKind.DATE, day)


@given(st.text(max_size=40))
def test_r20_any_other_text_is_refused_with_a_message(text):
    try:
        kind, day = deadlines.parse(text)
    except ValueError as error:
        assert str(error)
    else:
        assert kind in DeadlineKind.values
        assert (kind == DeadlineKind.DATE) == (day is not None)


@given(days)
def test_r20_relative_deadlines_fall_in_the_period_of_issue(issued_on):
    month_end = deadlines.resolve(DeadlineKind.MONTH, issued_on)
    quarter_end = deadlines.resolve(DeadlineKind.QUARTER, issued_on)
    assert month_end >= issued_on and month_end.month == issued_on.month
    assert (month_end + dt.timedelta(days=1)).day == 1
    assert quarter_end >= month_end and (quarter_end.month - 1) // 3 == (issued_on.month - 1) // 3
    assert quarter_end.month % 3 == 0 and (quarter_end + dt.timedelta(days=1)).day == 1
    assert deadlines.resolve(DeadlineKind.IMMEDIATELY, issued_on) == issued_on + dt.timedelta(days=7)
