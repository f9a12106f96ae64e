"""Deadline reminders (R23): before the deadline, overdue, escalated to the secretary; idempotent.

G1's resolution is issued on 5 December 2026: item 1 is due on 25 December (carried by the committee
member persona, supervised by the secretary), item 2 at the end of the month, 31 December (carried by the
deputy secretary cuv1, supervised by the committee member).
"""

import datetime as dt
import io
import threading

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from nghiquyet.notify.models import Notification
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import (
    Item,
    ItemStatus,
    Reminder,
    ReminderKind,
    Resolution,
    ResolutionStatus,
)

pytestmark = pytest.mark.django_db

DEC_5 = dt.date(2026, 12, 5)
DUE_1 = dt.date(2026, 12, 25)
NONE_SENT = {"before": 0, "overdue": 0, "escalated": 0}


@pytest.fixture
def issued(draft, committee):
    return services.issue(draft, signer=committee.members[0], on=DEC_5)


@pytest.fixture
def items(issued):
    first, second = issued.items.order_by("order")
    assert (first.deadline, second.deadline) == (DUE_1, dt.date(2026, 12, 31))
    return first, second


def _sent() -> set[tuple[str, str, str]]:
    return set(Reminder.objects.values_list("item__content", "person__full_name", "kind").order_by())


def _day(n: int) -> dt.date:
    return DUE_1 + dt.timedelta(days=n)


def test_r23_reminder_before_the_deadline_goes_to_the_assignee_once(world, items):
    first, _second = items
    assert services.send_reminders(_day(-4)) == NONE_SENT
    assert services.send_reminders(_day(-3)) == {"before": 1, "overdue": 0, "escalated": 0}
    assert _sent() == {(first.content, "Trần Thị Lan", ReminderKind.BEFORE)}
    notes = list(Notification.objects.filter(recipient=world.committee_member))
    assert len(notes) == 1 and first.content in notes[0].body and "01-NQ/ĐU" in notes[0].body
    # The same day again, and the next day: nobody is reminded twice.
    assert services.send_reminders(_day(-3)) == NONE_SENT
    assert services.send_reminders(_day(-1)) == NONE_SENT
    assert Notification.objects.count() == 1 and Reminder.objects.count() == 1


def test_r23_overdue_reaches_assignee_and_supervisor_and_escalates_to_the_secretary_once(
    world, committee, items
):
    first, second = items
    assert services.send_reminders(DUE_1) == {"before": 0, "overdue": 2, "escalated": 0}
    assert _sent() == {
        (first.content, "Trần Thị Lan", ReminderKind.OVERDUE),
        (first.content, "Nguyễn Văn Bình", ReminderKind.OVERDUE),
    }
    # Seven days late is not yet "more than seven": no escalation.
    assert services.send_reminders(_day(7))["escalated"] == 0
    counts = services.send_reminders(_day(8))
    assert counts["escalated"] == 1
    assert Reminder.objects.get(kind=ReminderKind.ESCALATED).person == world.people.secretary
    # Item 2 fell due on the 31st in between: its overdue reminders went to cuv1 and the committee member.
    assert {(r.person, r.kind) for r in Reminder.objects.filter(item=second)} == {
        (committee.extra[0], ReminderKind.OVERDUE),
        (world.people.committee_member, ReminderKind.OVERDUE),
    }
    assert services.send_reminders(_day(8)) == NONE_SENT
    assert services.send_reminders(_day(30))["escalated"] == 1  # item 2 now, item 1 never again
    assert Reminder.objects.filter(kind=ReminderKind.ESCALATED, item=first).count() == 1


def test_r23_one_notification_per_person_lists_their_items_and_emails_after_commit(
    world, committee, items, django_capture_on_commit_callbacks
):
    first, second = items
    type(world.secretary).objects.filter(pk=world.secretary.pk).update(email="bithu@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.send_reminders(dt.date(2027, 1, 9))
    # Item 1: overdue to both and escalated; item 2: overdue to both and escalated (9 days late).
    assert counts == {"before": 0, "overdue": 4, "escalated": 2}
    secretary_notes = list(Notification.objects.filter(recipient=world.secretary))
    assert len(secretary_notes) == 1
    body = secretary_notes[0].body
    assert body.count("\n") == 2 and first.content in body and second.content in body
    assert "Trần Thị Lan" in body  # the escalation names who is in charge
    member_notes = list(Notification.objects.filter(recipient=world.committee_member))
    assert len(member_notes) == 1 and member_notes[0].body.count("\n") == 1
    assert [m.to for m in mail.outbox] == [["bithu@example.vn"]]


def test_r23_drafts_done_and_reported_items_get_no_reminder(world, committee, draft):
    # The draft's items are due in December, like the issued ones.
    assert services.send_reminders(DUE_1) == NONE_SENT
    issued = services.issue(draft, signer=committee.members[0], on=DEC_5)
    first, second = issued.items.order_by("order")
    services.post_update(first, first.assignee, ItemStatus.REPORTED_DONE, 100)
    services.post_update(second, second.assignee, ItemStatus.REPORTED_DONE, 100)
    services.confirm(second, committee.members[1])
    assert services.send_reminders(dt.date(2027, 2, 1)) == NONE_SENT
    assert not Reminder.objects.exists()


def test_r23_lead_time_and_escalation_delay_are_settings(world, items, settings):
    settings.NGHIQUYET_REMINDER_DAYS_BEFORE = 10
    settings.NGHIQUYET_ESCALATE_AFTER_DAYS = 0
    assert services.send_reminders(_day(-3)) == {"before": 2, "overdue": 0, "escalated": 0}
    assert services.send_reminders(_day(1)) == {"before": 0, "overdue": 2, "escalated": 1}


def test_r23_reminder_queries_do_not_grow_with_the_items(world, committee):
    counts = []
    for number, n in ((1, 3), (2, 30)):
        resolution = Resolution.objects.create(org=world.g1, title=f"Nghị quyết {number}")
        Item.objects.bulk_create(
            Item(
                resolution=resolution,
                order=i,
                content=f"Việc {number}.{i}",
                deadline=DUE_1,
                assignee=committee.members[1 + i % 2],
                supervisor=committee.members[0],
            )
            for i in range(n)
        )
        Resolution.objects.filter(pk=resolution.pk).update(
            status=ResolutionStatus.ISSUED, number_display=f"0{number}-NQ/ĐU"
        )
        with CaptureQueriesContext(connection) as ctx:
            counts.append(services.send_reminders(_day(8)))
        counts.append(len(ctx.captured_queries))
        Item.objects.filter(resolution=resolution).update(status=ItemStatus.DONE)
    assert counts[0] == {"before": 0, "overdue": 6, "escalated": 3}
    assert counts[2] == {"before": 0, "overdue": 60, "escalated": 30}
    # Savepoint, items, reminders already sent, secretaries, the insert, one notification for each of
    # the three people reminded, release.
    assert counts[1] == counts[3] <= 10, counts


def test_r23_management_command_prints_the_counts(items):
    out = io.StringIO()
    call_command("send_reminders", "--today", "2026-12-22", stdout=out)
    assert out.getvalue().strip() == "before=1 overdue=0 escalated=0"
    out = io.StringIO()
    call_command("send_reminders", "--today", "2026-12-22", stdout=out)
    assert out.getvalue().strip() == "before=0 overdue=0 escalated=0"
    with pytest.raises(CommandError, match="not a date"):
        call_command("send_reminders", "--today", "22/12/2026")


def test_r23_the_periodic_task_runs_every_morning():
    from nghiquyet.resolutions import tasks

    task = tasks.send_reminders_daily.s()
    # huey's crontab reads the consumer's naive local time (settings.HUEY "utc": False).
    assert task.validate_datetime(dt.datetime(2026, 12, 22, 7, 0))  # noqa: DTZ001
    assert not task.validate_datetime(dt.datetime(2026, 12, 22, 8, 0))  # noqa: DTZ001


@pytest.mark.now("2026-12-22 00:00:00+00:00")
def test_r23_the_consumer_reads_the_clock_of_ha_noi_not_of_the_server():
    """At midnight UTC it is 7:00 in Hà Nội: the morning reminders are due, whatever the server's zone."""
    from huey.contrib.djhuey import HUEY

    from nghiquyet.resolutions import tasks

    now = HUEY._get_timestamp()
    assert (now.date(), now.hour) == (dt.date(2026, 12, 22), 7)
    assert tasks.send_reminders_daily.s().validate_datetime(now)


@pytest.mark.django_db(transaction=True)
def test_r23_two_runs_at_once_remind_nobody_twice(world, items):
    """Two runs race on the same day (cron and the background task, say); on PostgreSQL the second waits
    on the items' row locks, on SQLite on the write lock."""
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(services.send_reminders(dt.date(2027, 1, 9)))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(r["overdue"] for r in results) == [0, 4]
    assert Reminder.objects.count() == 6
    assert Notification.objects.filter(recipient=world.secretary).count() == 1
