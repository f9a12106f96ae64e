"""Backup and restore of the whole database as one portable file: Django's dumpdata/loaddata, gzipped JSON.

The same file restores into SQLite or PostgreSQL, so it also moves a demo database to production.
Content types, permissions and sessions are left out: `migrate` recreates the first two, and the others'
rows name them by natural key. Uploaded files live under MEDIA_ROOT and are copied separately
(docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


def default_path(now: dt.datetime | None = None) -> Path:
    """var/backups/nghiquyet-<local date and time>.json.gz"""
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"nghiquyet-{stamp}.json.gz"


def backup(path: Path | str) -> Path:
    """Write every row of the database to `path` (gzipped when it ends in .gz); returns the path.

    Written under a temporary name first, so that an interrupted backup never looks like a complete one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".partial-{path.name}")
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDED,
        output=str(partial),
        verbosity=0,
    )
    partial.replace(path)
    return path


def _dumped_models():
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in EXCLUDED or label.lower() in EXCLUDED or not model._meta.managed:
            continue
        yield model


def is_empty() -> bool:
    """No row in any table a backup holds: the state right after `migrate` on a new database."""
    return not any(model._default_manager.exists() for model in _dumped_models())


def restore(path: Path | str, *, flush: bool = False) -> None:
    """Load a backup into this (migrated) database; it must be empty unless `flush` empties it first."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"No backup file at {path}.")
    if not is_empty():
        if not flush:
            raise CommandError(
                "The database is not empty: restore into a new, migrated database, or pass --flush to "
                "delete everything in this one first."
            )
        call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
