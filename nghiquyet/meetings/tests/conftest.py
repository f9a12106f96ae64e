"""Meeting fixtures on top of the shared `world`: G1's committee of nine and one regular meeting.

`committee.members` are the nine committee members of G1 (the secretary first, then the committee member
persona, then seven more, one a deputy secretary); each has a user account named `cuv1`..`cuv7` for the
seven extra ones. `meeting` is G1's regular meeting of December 2026 (Friday 4 December, regulation day 4),
a week after the suite's pinned day: it is prepared and notified then. Nothing of its outcome is recorded
before its day (R45): a test that records it (attendance, opinions spoken, the vote, the minutes, the
resolution it adopts) uses `meeting_day`, which moves the clock to 10:00 that day, or `day_after_meeting`
(10:00 on Saturday 5 December, when the resolutions' tests issue what it adopted).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from nghiquyet.meetings import services
from nghiquyet.meetings.models import DayRule, Meeting, MeetingKind
from nghiquyet.orgs.models import Position
from nghiquyet.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory
from nghiquyet.testing.clock import HANOI

# The December meeting's day, two hours after it opened: when its record is kept (R45); and the day after,
# when the resolution it adopted is issued.
MEETING_DAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=HANOI)
DAY_AFTER_MEETING = dt.datetime(2026, 12, 5, 10, 0, tzinfo=HANOI)

EXTRA_NAMES = [
    "Phạm Quang Huy",
    "Bùi Thị Ngọc",
    "Đỗ Văn Thắng",
    "Ngô Thị Hoa",
    "Dương Văn Khánh",
    "Lý Thị Thu",
    "Hồ Văn Nam",
]


@pytest.fixture
def committee(world):
    extra = []
    for i, name in enumerate(EXTRA_NAMES, start=1):
        person = PersonFactory(
            full_name=name, home_org=world.c1 if i % 2 else world.c2, user=UserFactory(username=f"cuv{i}")
        )
        MembershipFactory(
            term=world.term1, person=person, position=Position.DEPUTY_SECRETARY if i == 1 else Position.MEMBER
        )
        extra.append(person)
    regulation = services.set_regulation(
        world.g1, dt.date(2025, 6, 1), day_rule=DayRule.DAY_OF_MONTH, day=4, notice_days=3
    )
    members = [world.people.secretary, world.people.committee_member, *extra]
    return SimpleNamespace(members=members, extra=extra, regulation=regulation)


@pytest.fixture
def meeting(world, committee) -> Meeting:
    return Meeting.objects.create(
        org=world.g1,
        kind=MeetingKind.REGULAR,
        title="Hội nghị cấp ủy thường kỳ tháng 12/2026",
        date=dt.date(2026, 12, 4),
        nominal_date=dt.date(2026, 12, 4),
        regulation=committee.regulation,
        place="Phòng họp tầng 3, Sở Tư pháp",
        start_time=dt.time(8, 0),
    )


@pytest.fixture
def meeting_day(pinned_clock):
    """The clock at 10:00 on the December meeting's day, for the tests that record it (R45); a test already
    later (its `now` marker) stays there."""
    if timezone.now() < MEETING_DAY:
        pinned_clock.move_to(MEETING_DAY)
    return MEETING_DAY.date()


@pytest.fixture
def day_after_meeting(pinned_clock):
    """The clock at 10:00 the day after the December meeting, when its resolution is issued (R45); a test
    already later (its `now` marker) stays there."""
    if timezone.now() < DAY_AFTER_MEETING:
        pinned_clock.move_to(DAY_AFTER_MEETING)
    return DAY_AFTER_MEETING.date()
