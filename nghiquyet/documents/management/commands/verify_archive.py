"""Check the archive: every entry's text against its SHA-256, its particulars and DOCX against its seal,
and its place in its organization's chain. Names each entry that no longer matches; exits with status 1
when there is any, so a scheduler or CI can alert."""

from django.core.management.base import BaseCommand, CommandError

from nghiquyet.documents.archive import verify
from nghiquyet.documents.models import ArchivedDocument
from nghiquyet.documents.signing import verify_copies


class Command(BaseCommand):
    help = "Verify the archived documents and their hash chains; exit status 1 when any does not match."

    def add_arguments(self, parser):
        parser.add_argument("--skip-files", action="store_true", help="Do not re-hash the DOCX files.")

    def handle(self, *args, **options):
        # The entries, then the signed copies chained to them (R42).
        problems = verify(check_files=not options["skip_files"])
        problems += verify_copies(check_files=not options["skip_files"])
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            entries = len({p.doc_id for p in problems})
            raise CommandError(f"{entries} archived document(s) do not match.", returncode=1)
        self.stdout.write(f"The archive is intact: {ArchivedDocument.objects.count()} document(s) verified.")
