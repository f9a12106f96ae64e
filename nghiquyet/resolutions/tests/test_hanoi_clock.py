"""One clock, Hà Nội's: at 23:30 UTC on 31 December 2027 it is already 1 January 2028 in Hà Nội, and the
issue date, relative deadlines, "overdue", the running month and document dates all say so (R20, R21, R23,
R31). The suite's clock is pinned (nghiquyet/testing/clock.py); these tests move it to the year's edge."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from docx import Document

from nghiquyet.documents.models import ArchivedDocument, DocType
from nghiquyet.oversight.dashboard import Window
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import DeadlineKind, Item
from nghiquyet.testing import clock
from nghiquyet.testing.clock import HANOI

pytestmark = pytest.mark.django_db

YEAR_EDGE_UTC = "2027-12-31 23:30:00+00:00"
NEW_YEAR = dt.date(2028, 1, 1)


@pytest.mark.now(YEAR_EDGE_UTC)
def test_the_pinned_moment_is_new_year_in_hanoi_and_still_the_old_year_in_utc():
    assert timezone.now().astimezone(dt.UTC).date() == dt.date(2027, 12, 31)
    assert timezone.localdate() == NEW_YEAR
    # Django sets the process's zone to TIME_ZONE: naive local time (huey's crontab reads it) agrees.
    assert dt.datetime.now().date() == NEW_YEAR  # noqa: DTZ005


def test_r21_r20_a_resolution_issued_then_is_dated_1_january_and_its_month_is_january(
    draft, committee, settings, tmp_path, pinned_clock
):
    # Drafted after the December 2026 meeting, issued at the year's edge (R45: never before the meeting).
    pinned_clock.move_to(clock.parse(YEAR_EDGE_UTC))
    settings.MEDIA_ROOT = tmp_path
    # No item is due before the day of issue (R45).
    draft.items.filter(deadline_kind=DeadlineKind.DATE).update(deadline=dt.date(2028, 1, 20))
    issued = services.issue(draft, signer=committee.members[0])
    assert issued.issued_on == NEW_YEAR
    month_item = issued.items.get(deadline_kind=DeadlineKind.MONTH)
    assert month_item.deadline == dt.date(2028, 1, 31)
    archived = ArchivedDocument.objects.get(doc_type=DocType.RESOLUTION, source_id=issued.pk)
    assert archived.issued_on == NEW_YEAR
    with archived.docx.file.open("rb") as handle:
        document = Document(handle)
    lines = [p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert any(line.endswith("ngày 01 tháng 01 năm 2028") for line in lines), lines


def test_r23_a_deadline_of_31_december_is_overdue_once_the_new_year_begins_in_hanoi(
    draft, committee, client, pinned_clock
):
    pinned_clock.move_to(clock.parse(YEAR_EDGE_UTC))
    # No item is due before the day of issue (R45); the deadline is moved back afterwards, as time passes.
    draft.items.filter(deadline_kind=DeadlineKind.DATE).update(deadline=dt.date(2028, 1, 20))
    issued = services.issue(draft, signer=committee.members[0])
    item = issued.items.get(deadline_kind=DeadlineKind.DATE)
    Item.objects.filter(pk=item.pk).update(deadline=dt.date(2027, 12, 31))
    item.refresh_from_db()
    assert item.is_overdue()
    assert list(Item.objects.overdue()) == [item]
    client.force_login(item.assignee.user)
    groups = {key: rows for key, _title, rows in client.get(reverse("resolutions:mine")).context["groups"]}
    assert [(i.pk, i.days_late) for i in groups["overdue"]] == [(item.pk, 1)]


@pytest.mark.now(YEAR_EDGE_UTC)
def test_r31_the_running_month_is_january_2028():
    window = Window.of(dt.date(2028, 1, 1), dt.date(2028, 12, 31))
    assert window.as_of == NEW_YEAR
    assert window.running_month == NEW_YEAR
    last_year = Window.of(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert last_year.as_of == dt.date(2027, 12, 31) and last_year.running_month is None


def test_dates_of_moments_are_shown_as_lived_in_hanoi():
    moment = dt.datetime(2027, 12, 31, 23, 30, tzinfo=dt.UTC)
    rendered = Template("{% load nq %}{{ m|shortdate }} · {{ m|vndate }}").render(Context({"m": moment}))
    assert rendered == "01/01/2028 · ngày 1 tháng 1 năm 2028"
    assert timezone.localtime(moment).tzinfo.key == HANOI.key
