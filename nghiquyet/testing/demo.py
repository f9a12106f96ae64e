"""The demo bloc for the browser walks: the committee of the demo secretary (`bithu`), with the personas on
it, and a regular meeting of that committee on a chosen day (R06)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nghiquyet.demo import registry as demo
from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import DayRule, Meeting, MeetingKind
from nghiquyet.orgs.models import CommitteeMembership, Organization, Person, Position


@dataclass
class DemoCommittee:
    org: Organization
    members: list[Person]  # by sort key
    secretary: Person  # bithu
    member: Person  # capuy
    deputy: Person  # the deputy secretary

    @property
    def size(self) -> int:
        return len(self.members)


def demo_committee() -> DemoCommittee:
    """Generate the demo bloc's registry and return `bithu`'s committee as it sits today."""
    demo.generate(demo.BLOC)
    org = (
        CommitteeMembership.objects.current()
        .select_related("term__org")
        .get(person__user__username="bithu")
        .term.org
    )
    seats = list(
        CommitteeMembership.objects.current()
        .filter(term__org=org)
        .select_related("person__user")
        .order_by("person__sort_key")
    )
    by_user = {s.person.user.username: s.person for s in seats if s.person.user}
    deputy = next(s.person for s in seats if s.position == Position.DEPUTY_SECRETARY)
    return DemoCommittee(org, [s.person for s in seats], by_user["bithu"], by_user["capuy"], deputy)


def regular_meeting_on(org: Organization, day: dt.date, *, next_year: bool = False) -> Meeting:
    """The organization's regular meeting on `day`, its regulation fixing that day of the month (notice 3
    days ahead); the calendar of the year generated, and of the next one with `next_year`."""
    meeting_services.set_regulation(
        org, day.replace(day=1), day_rule=DayRule.DAY_OF_MONTH, day=day.day, notice_days=3
    )
    meeting_services.generate_year(org, day.year)
    if next_year:
        meeting_services.generate_year(org, day.year + 1)
    return Meeting.objects.get(org=org, kind=MeetingKind.REGULAR, date=day)
