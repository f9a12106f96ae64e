"""Meeting fixtures on top of the shared `world`: G1's committee of nine and one regular meeting.

`committee.members` are the nine committee members of G1 (the secretary first, then the committee member
persona, then seven more, one a deputy secretary); each has a user account named `cuv1`..`cuv7` for the
seven extra ones. `meeting` is G1's regular meeting of December 2026 (Friday 4 December, regulation day 4).
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from nghiquyet.meetings import services
from nghiquyet.meetings.models import DayRule, Meeting, MeetingKind
from nghiquyet.orgs.models import Position
from nghiquyet.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory

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
