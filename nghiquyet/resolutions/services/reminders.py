"""Deadline reminders for the items of issued resolutions (R23).

Run once a day (the huey periodic task in tasks.py, or `manage.py send_reminders` from cron):
- N days before the deadline (NGHIQUYET_REMINDER_DAYS_BEFORE, default 3): the person in charge;
- on the deadline and after it: the person in charge and the supervisor;
- overdue for more than NGHIQUYET_ESCALATE_AFTER_DAYS (default 7): the organization's secretary.

Every reminder is a `Reminder` row unique on (item, person, kind, deadline), so a second run on the same
day, or a run repeated after a failure, reminds nobody twice. Each recipient gets one notification per
run listing their items, so the number of queries depends on the number of people reminded, never on
the number of items. Items reported done wait for the supervisor, not for the assignee: they get none.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nghiquyet.documents.confidentiality import Viewer
from nghiquyet.notify.services import notify
from nghiquyet.orgs.models import CommitteeMembership, Position

from ..models import Item, ItemStatus, Reminder, ReminderKind, ResolutionStatus

# Open items whose deadline is still to be kept by their assignee.
REMINDED_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.BLOCKED)


def days_before() -> int:
    return int(getattr(settings, "NGHIQUYET_REMINDER_DAYS_BEFORE", 3))


def escalate_after() -> int:
    return int(getattr(settings, "NGHIQUYET_ESCALATE_AFTER_DAYS", 7))


@dataclass(frozen=True)
class _Due:
    item: Item
    person_id: int
    kind: str


def _candidates(today: dt.date):
    return Item.objects.filter(
        resolution__status=ResolutionStatus.ISSUED,
        status__in=REMINDED_STATUSES,
        deadline__isnull=False,
        deadline__lte=today + dt.timedelta(days=days_before()),
    )


def _line(due: _Due, today: dt.date) -> str:
    item = due.item
    values = {
        "number": item.resolution.number_display,
        "content": item.content if len(item.content) <= 120 else item.content[:119] + "…",
        "deadline": item.deadline.strftime("%d/%m/%Y"),
    }
    left = (item.deadline - today).days
    if due.kind == ReminderKind.BEFORE:
        return ngettext(
            "Due in %(days)s day (%(deadline)s): %(number)s – %(content)s",
            "Due in %(days)s days (%(deadline)s): %(number)s – %(content)s",
            left,
        ) % {**values, "days": left}
    if due.kind == ReminderKind.OVERDUE and left == 0:
        return _("Due today (%(deadline)s): %(number)s – %(content)s") % values
    if due.kind == ReminderKind.OVERDUE:
        return ngettext(
            "Overdue by %(days)s day (deadline %(deadline)s): %(number)s – %(content)s",
            "Overdue by %(days)s days (deadline %(deadline)s): %(number)s – %(content)s",
            -left,
        ) % {**values, "days": -left}
    return ngettext(
        "Overdue by %(days)s day, escalated to you (deadline %(deadline)s): %(number)s – %(content)s; "
        "person in charge: %(assignee)s",
        "Overdue by %(days)s days, escalated to you (deadline %(deadline)s): %(number)s – %(content)s; "
        "person in charge: %(assignee)s",
        -left,
    ) % {**values, "days": -left, "assignee": item.assignee.full_name}


@transaction.atomic
def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Send the reminders due on `today` (default: today) that were not sent before; return their counts.

    Queries: the candidate items, the reminders already sent for them, the secretaries of the
    organizations with escalations, the bulk insert, then one notification per person reminded.
    """
    today = today or timezone.localdate()
    escalate = escalate_after()
    # Locking the candidate items makes a concurrent run wait here, then read what this one sent
    # (SQLite serializes the whole transaction instead: it takes the write lock at BEGIN).
    items = list(
        _candidates(today)
        .select_for_update(of=("self",))
        .select_related("resolution__org", "assignee__user", "supervisor__user")
        .order_by("deadline", "resolution_id", "order", "id")
    )
    sent = set(
        Reminder.objects.filter(item__in=_candidates(today).values("pk")).values_list(
            "item_id", "person_id", "kind", "deadline"
        )
    )
    people = {}
    for item in items:
        people[item.assignee_id] = item.assignee
        people[item.supervisor_id] = item.supervisor
    escalated_orgs = {i.resolution.org_id for i in items if (today - i.deadline).days > escalate}
    secretaries = {}
    if escalated_orgs:
        seats = (
            CommitteeMembership.objects.current(today)
            .filter(term__org_id__in=escalated_orgs, position=Position.SECRETARY)
            .select_related("term", "person__user")
            .order_by("-start_date", "-id")
        )
        for seat in seats:
            secretaries.setdefault(seat.term.org_id, seat.person)
            people[seat.person_id] = seat.person

    due: list[_Due] = []
    for item in items:
        late = (today - item.deadline).days
        wanted = []
        if late < 0:
            wanted.append((item.assignee_id, ReminderKind.BEFORE))
        else:
            wanted += [(item.assignee_id, ReminderKind.OVERDUE), (item.supervisor_id, ReminderKind.OVERDUE)]
        if late > escalate and item.resolution.org_id in secretaries and _secretary_reads(item.resolution):
            wanted.append((secretaries[item.resolution.org_id].pk, ReminderKind.ESCALATED))
        for person_id, kind in wanted:
            key = (item.pk, person_id, kind, item.deadline)
            if person_id is not None and key not in sent:
                sent.add(key)
                due.append(_Due(item, person_id, kind))

    Reminder.objects.bulk_create(
        [Reminder(item=d.item, person_id=d.person_id, kind=d.kind, deadline=d.item.deadline) for d in due],
        batch_size=500,
        # The unique key stays the last word should anything else have inserted one meanwhile.
        ignore_conflicts=True,
    )
    by_person = defaultdict(list)
    for d in due:
        by_person[d.person_id].append(d)
    mine = reverse("resolutions:mine")
    for person_id, rows in by_person.items():
        person = people[person_id]
        if person is None or person.user_id is None:
            continue
        only_escalations = all(d.kind == ReminderKind.ESCALATED for d in rows)
        url = (
            reverse("resolutions:board", args=[rows[0].item.resolution.org.code]) + "?overdue=1"
            if only_escalations
            else mine
        )
        notify(
            [person.user],
            ngettext(
                "Reminder: %(count)s resolution item needs your attention",
                "Reminder: %(count)s resolution items need your attention",
                len(rows),
            )
            % {"count": len(rows)},
            "\n".join(_line(d, today) for d in rows),
            url,
        )
    counts = {kind.value: 0 for kind in ReminderKind}
    for d in due:
        counts[d.kind] += 1
    return counts


def _secretary_reads(resolution) -> bool:
    """A classified resolution's overdue items are escalated to the secretary only if it names a role the
    secretary holds (#17.1)."""
    return resolution.readable_by(Viewer(seats={resolution.org_id: Position.SECRETARY}))
