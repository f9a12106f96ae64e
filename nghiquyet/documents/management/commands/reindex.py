"""Rebuild the search index from the records, or check that it is current (`--check`).

The search sources live in the apps that own the records (documents imports none of them); a command is
a top-level entry point, so it names them here. DOCUMENTS_SEARCH_SOURCES in the settings replaces the list.
Every service that writes indexed text updates its entries in the same transaction, and the demo seed
rebuilds them all, so `--check` reporting a difference is a bug (it exits 1 and says which entries).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from nghiquyet.documents import search

SOURCES = [
    "nghiquyet.resolutions.documents_context.SEARCH_SOURCE",
    "nghiquyet.meetings.documents_context.MINUTES_SEARCH",
    "nghiquyet.meetings.documents_context.DOCUMENTS_SEARCH",
    "nghiquyet.oversight.documents_context.GUIDANCE_SEARCH",
    "nghiquyet.oversight.documents_context.CONCLUSIONS_SEARCH",
    "nghiquyet.documents.archive.ARCHIVE_SEARCH",
]


def sources() -> list[search.Source]:
    return [import_string(name) for name in getattr(settings, "DOCUMENTS_SEARCH_SOURCES", SOURCES)]


class Command(BaseCommand):
    help = (
        "Rebuild the search entries of resolutions, items, minutes, meeting documents, guidance, inspection "
        "conclusions and archived documents; with --check, only say whether they are current."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: compare the index with the records and exit 1 if it is not current.",
        )

    def handle(self, *args, check=False, **options):
        if not check:
            for source in sources():
                self.stdout.write(f"{source.name}: {search.rebuild(source)} entries")
            return
        behind = []
        for source in sources():
            drift = search.check(source)
            line = (
                f"{source.name}: {drift.expected} expected, {drift.missing} missing, {drift.stale} stale, "
                f"{drift.extra} extra"
            )
            if drift.examples:
                line += f" (e.g. {', '.join(drift.examples)})"
            self.stdout.write(line)
            if not drift.current:
                behind.append(source.name)
        if behind:
            raise CommandError(
                f"The search index is not current for: {', '.join(behind)}. Run `manage.py reindex`."
            )
        self.stdout.write("The search index is current.")
