"""The "on the regulation day" indicator of a regular meeting the calendar moved off a weekend or a
holiday (#16.10): the moved day is the scheduled day, for new indicators and for those already stored."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from nghiquyet.meetings import services
from nghiquyet.meetings.calendar import is_working_day, next_working_day, on_regulation_day
from nghiquyet.meetings.models import Indicators

pytestmark = pytest.mark.django_db

D = dt.date


def test_r31_the_day_rule_moved_off_a_non_working_day_is_the_scheduled_day():
    """#16.10: 4 October 2026 is a Sunday; the calendar sets the meeting on Monday the 5th."""
    sunday = D(2026, 10, 4)
    assert not is_working_day(sunday) and next_working_day(sunday) == D(2026, 10, 5)
    assert on_regulation_day(D(2026, 10, 5), sunday) is True  # moved by the calendar: on the day
    assert on_regulation_day(sunday, sunday) is True  # met on the Sunday itself: on the day too
    assert on_regulation_day(D(2026, 10, 6), sunday) is False  # a day after the moved day: late
    assert on_regulation_day(D(2026, 11, 5), D(2026, 11, 4)) is False  # a working regulation day
    assert on_regulation_day(D(2026, 11, 5), None) is None  # no regulation day: unknown


def test_r31_indicators_of_the_generated_meetings_moved_off_holidays_are_on_the_day(world, committee):
    """#16.10: every regular meeting of the year, held on the day the calendar gave it, is on the
    regulation day, those moved off a Sunday or a holiday included; one held later is not."""
    meetings = services.generate_year(world.g1, 2026)
    moved = [m for m in meetings if m.date != m.nominal_date]
    assert moved, "the year has regulation days on weekends or holidays"
    for meeting in meetings:
        assert services.compute_indicators(meeting).on_regulation_day is True, meeting.nominal_date
    late = moved[0]
    late.date = late.date + dt.timedelta(days=1)
    late.save()
    assert services.compute_indicators(late).on_regulation_day is False


def test_r31_the_migration_recomputes_stored_indicators_of_moved_meetings(world, committee):
    """#16.10: indicators stored under the old rule (moved meeting = late) are put right by the data
    migration; a meeting really held late stays late, an unknown one unknown."""
    meetings = services.generate_year(world.g1, 2026)
    moved = [m for m in meetings if m.date != m.nominal_date]
    on_day = next(m for m in meetings if m.date == m.nominal_date)
    late = next(m for m in meetings if m.date == m.nominal_date and m.pk != on_day.pk)
    late.date = late.date + dt.timedelta(days=1)
    late.save()
    for meeting in [*moved, late]:
        Indicators.objects.create(meeting=meeting, on_regulation_day=False)
    Indicators.objects.create(meeting=on_day, on_regulation_day=None)
    migration = importlib.import_module("nghiquyet.meetings.migrations.0004_on_regulation_day_moved_meetings")
    migration.recompute(apps, None)
    stored = dict(Indicators.objects.values_list("meeting_id", "on_regulation_day"))
    assert all(stored[m.pk] is True for m in moved)
    assert stored[late.pk] is False and stored[on_day.pk] is None
