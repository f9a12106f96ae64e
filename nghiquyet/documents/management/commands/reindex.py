"""Rebuild the search index from the records.

The indexers live in the apps that own the records (documents imports none of them); a command is a
top-level entry point, so it names them here. DOCUMENTS_INDEXERS in the settings replaces the list.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

INDEXERS = [
    "nghiquyet.resolutions.documents_context.reindex_all",
    "nghiquyet.meetings.documents_context.reindex_all",
    "nghiquyet.meetings.documents_context.reindex_all_documents",
    "nghiquyet.oversight.documents_context.reindex_all",
    "nghiquyet.documents.archive.reindex_all",
]


class Command(BaseCommand):
    help = (
        "Rebuild the search entries of resolutions, items, minutes, meeting documents, guidance and "
        "archived documents."
    )

    def handle(self, *args, **options):
        for name in getattr(settings, "DOCUMENTS_INDEXERS", INDEXERS):
            count = import_string(name)()
            self.stdout.write(f"{name}: {count} entries")
