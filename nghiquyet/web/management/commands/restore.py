from django.core.management.base import BaseCommand

from nghiquyet.web import backup


class Command(BaseCommand):
    help = "Load a backup written by `backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.json or .json.gz).")
        parser.add_argument(
            "--flush", action="store_true", help="Delete everything in the database first (irreversible)."
        )

    def handle(self, *args, path, flush=False, **options):
        backup.restore(path, flush=flush)
        self.stdout.write(self.style.SUCCESS(f"Restored {path}."))
