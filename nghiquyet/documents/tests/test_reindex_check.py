"""#16.1 (R45): `manage.py reindex --check` says when the search index is not current — an entry missing,
stale (its record changed behind the services' back) or left over — and changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from nghiquyet.documents.models import SearchEntry
from nghiquyet.resolutions.models import Resolution

pytestmark = pytest.mark.django_db


def _check() -> str:
    out = io.StringIO()
    call_command("reindex", "--check", stdout=out)
    return out.getvalue()


def _drift() -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match="not current for: resolutions and items"):
        call_command("reindex", "--check", stdout=out)
    return out.getvalue()


def test_r45_reindex_check_reports_missing_stale_and_extra_entries(issued):
    assert "The search index is current." in _check()
    entries = SearchEntry.objects.count()

    # Stale: the title changed in the database without the service (which would reindex it).
    Resolution.objects.filter(pk=issued.pk).update(title="Nghị quyết về công tác cán bộ")
    assert "1 stale" in _drift()
    assert SearchEntry.objects.count() == entries  # --check changes nothing
    call_command("reindex", stdout=io.StringIO())
    assert "The search index is current." in _check()

    # Missing: an entry taken out.
    SearchEntry.objects.filter(kind="item").first().delete()
    assert "1 missing" in _drift()
    call_command("reindex", stdout=io.StringIO())

    # Extra: the entry of a record that no longer exists.
    entry = SearchEntry.objects.filter(kind="resolution").first()
    entry.pk, entry.object_id = None, issued.pk + 1000
    entry.save()
    text = _drift()
    assert "1 extra" in text and f"extra resolution:{issued.pk + 1000}" in text
    call_command("reindex", stdout=io.StringIO())
    assert "The search index is current." in _check()
