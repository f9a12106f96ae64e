"""One draft per meeting is held by the database, not only by the drafting service (R07, #16.7).

The service refuses a second draft in words (test_notice_draft.py); here any writer that goes around it
(a bulk write, an import, a raw update) meets the constraint `resolution_one_draft_per_meeting`, and the
migration that adds it first detaches the surplus drafts deterministically.
"""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import Resolution, ResolutionStatus

pytestmark = pytest.mark.django_db

migration = importlib.import_module("nghiquyet.resolutions.migrations.0005_one_draft_per_meeting")


def test_r07_a_second_draft_for_a_meeting_is_refused_by_the_database(world, meeting):
    services.create_draft(world.g1, title="Dự thảo thứ nhất", meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.create(org=world.g1, title="Dự thảo thứ hai", meeting=meeting)
    loose = services.create_draft(world.g1, title="Dự thảo chưa gắn hội nghị")
    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.filter(pk=loose.pk).update(meeting=meeting)
    assert list(Resolution.objects.filter(meeting=meeting).values_list("title", flat=True)) == [
        "Dự thảo thứ nhất"
    ]


def test_r07_the_constraint_binds_drafts_only(world, meeting):
    """Drafts without a meeting are many; an issued resolution leaves room for the meeting's next draft."""
    services.create_draft(world.g1, title="Không hội nghị 1")
    services.create_draft(world.g1, title="Không hội nghị 2")
    first = services.create_draft(world.g1, title="Đã ban hành", meeting=meeting)
    Resolution.objects.filter(pk=first.pk).update(status=ResolutionStatus.ISSUED)
    second = services.create_draft(world.g1, title="Dự thảo mới", meeting=meeting)
    assert second.pk and Resolution.objects.filter(meeting=meeting).count() == 2
    assert Resolution.objects.filter(meeting__isnull=True, status=ResolutionStatus.DRAFT).count() == 2


def test_r07_the_migration_keeps_the_draft_the_app_showed_and_detaches_the_others(world, meeting):
    """Rows from before the rule: the fix-up keeps the meeting's newest draft (the one `meeting_draft`
    showed and the notice carried) and detaches the rest, losing no text."""
    first = services.create_draft(world.g1, title="Cũ nhất", meeting=meeting)
    # Stand in for rows written before the constraint: drop it, write duplicates, fix them up.
    with transaction.atomic(), _without_constraint():
        older = [services.create_draft(world.g1, title=f"Thêm {i}") for i in range(2)]
        Resolution.objects.filter(pk__in=[r.pk for r in older]).update(meeting=meeting)
        assert Resolution.objects.filter(meeting=meeting).count() == 3
        newest = max([first, *older], key=lambda r: (Resolution.objects.get(pk=r.pk).created_at, r.pk))
        migration.detach_extra_drafts(apps, None)
    assert list(Resolution.objects.filter(meeting=meeting).values_list("pk", flat=True)) == [newest.pk]
    assert Resolution.objects.filter(meeting__isnull=True).count() == 2
    migration.detach_extra_drafts(apps, None)  # a second run changes nothing
    assert list(Resolution.objects.filter(meeting=meeting).values_list("pk", flat=True)) == [newest.pk]


class _without_constraint:
    """Drop the constraint for a block and put it back (DDL inside the test's transaction, rolled back on
    both SQLite and PostgreSQL if anything fails)."""

    def __init__(self):
        self.constraint = next(
            c for c in Resolution._meta.constraints if c.name == "resolution_one_draft_per_meeting"
        )
        self.editor = connection.schema_editor()

    def __enter__(self):
        self.editor.execute(self.constraint.remove_sql(Resolution, self.editor))

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            # PostgreSQL builds no index on a table with deferred foreign-key checks pending.
            self.editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.editor.execute(self.constraint.create_sql(Resolution, self.editor))
        return False
