"""Verify the digital signatures of a PDF file (R42): signer, certificate chain, signing time, and whether
the file changed since it was signed. Exits with status 1 when it is unsigned or altered."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nghiquyet.documents.signing import verify_pdf


class Command(BaseCommand):
    help = "Verify the digital signatures of a PDF; exit status 1 when it is unsigned or was altered."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        result = verify_pdf(data)
        self.stdout.write(f"{path}  SHA-256 {result.sha256}")
        if result.archived:
            self.stdout.write(f"The signed copy kept in the archive: {result.archived.document}")
        for i, s in enumerate(result.signatures, 1):
            self.stdout.write(f"Signature {i}: {s.signer}")
            self.stdout.write(f"  certificate chain: {' -> '.join(s.chain)}")
            self.stdout.write(f"  signing time: {s.signing_time.isoformat() if s.signing_time else '-'}")
            self.stdout.write(f"  trusted: {'yes' if s.trusted else 'no'}")
            self.stdout.write(f"  unchanged since signing: {'yes' if s.unchanged else 'NO'}")
            for problem in s.problems:
                self.stdout.write(f"  problem: {problem}")
        if not result.readable:
            raise CommandError("ALTERED: the file cannot be read as a signed PDF.", returncode=1)
        if not result.signatures:
            raise CommandError("The file carries no digital signature.", returncode=1)
        if result.altered:
            raise CommandError("ALTERED: the document changed after it was signed.", returncode=1)
        self.stdout.write("Unchanged since it was signed.")
