from django.core.management.base import BaseCommand

from nghiquyet.web import backup


class Command(BaseCommand):
    help = (
        "Write the whole database to one gzipped JSON file (default: var/backups/nghiquyet-<time>.json.gz)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Where to write the backup.")

    def handle(self, *args, path=None, **options):
        written = backup.backup(path or backup.default_path())
        self.stdout.write(str(written))
