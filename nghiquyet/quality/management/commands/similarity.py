"""Compare two text files the way a draft is compared with earlier resolutions (R16-R18).

    python manage.py similarity FILE_A FILE_B [--json] [--threshold 0.5]

With --json it prints exactly {"score": <0..1, 4 decimals>, "near_copy": <true|false>}.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, translation
from django.utils.translation import gettext as _

from nghiquyet.quality import similarity


class Command(BaseCommand):
    help = "Similarity score of two UTF-8 text files and whether one is a near copy of the other."

    def add_arguments(self, parser):
        parser.add_argument("file_a")
        parser.add_argument("file_b")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument(
            "--threshold", type=float, help="Near-copy threshold (default: the configured one)."
        )

    def handle(self, *args, **options):
        texts = [self._read(options["file_a"]), self._read(options["file_b"])]
        threshold = options["threshold"]
        if threshold is not None and not 0 < threshold <= 1:
            raise CommandError("--threshold must be in (0, 1].")
        comparison = similarity.compare(*texts, threshold=threshold)
        if options["json"]:
            result = {"score": round(comparison.score, 4), "near_copy": comparison.near_copy}
            self.stdout.write(json.dumps(result))
            return
        used = similarity.near_copy_threshold() if threshold is None else threshold
        with translation.override(settings.LANGUAGE_CODE):
            pct = {
                "score": formats.number_format(100 * comparison.score, 1),
                "threshold": formats.number_format(100 * used, 0),
            }
            line = (
                _("Similarity %(score)s%%: a near copy (threshold %(threshold)s%%).")
                if comparison.near_copy
                else _("Similarity %(score)s%%: not a near copy (threshold %(threshold)s%%).")
            )
            self.stdout.write(line % pct)

    def _read(self, name: str) -> str:
        path = Path(name)
        try:
            return path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"File not found: {name}") from None
        except IsADirectoryError:
            raise CommandError(f"Not a file: {name}") from None
        except UnicodeDecodeError:
            raise CommandError(f"Not a UTF-8 text file: {name}") from None
