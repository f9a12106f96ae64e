"""Compare two text files the way a draft is compared with earlier resolutions (R16-R18).

    python manage.py similarity FILE_A FILE_B [--json] [--threshold 0.3] [--background FILE ...]

With --json it prints {"score": <0..1, 4 decimals>, "near_copy": <true|false>, "passages": [...]}, each
passage a sentence of FILE_A found in FILE_B: {"text", "source", "section", "item", "source_item",
"similarity"}. --background: other texts of the committee (its history), whose recurring phrasing then
weighs nothing (nghiquyet.quality.substance).
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
        parser.add_argument(
            "--background", nargs="*", default=[], help="Other texts of the committee (its history)."
        )

    def handle(self, *args, **options):
        texts = [self._read(options["file_a"]), self._read(options["file_b"])]
        threshold = options["threshold"]
        if threshold is not None and not 0 < threshold <= 1:
            raise CommandError("--threshold must be in (0, 1].")
        background = [self._read(name) for name in options["background"]]
        comparison = similarity.compare(*texts, threshold=threshold, background=background)
        if options["json"]:
            result = {
                "score": round(comparison.score, 4),
                "near_copy": comparison.near_copy,
                "passages": [
                    {
                        "text": p.text,
                        "source": p.source_text,
                        "section": p.section,
                        "item": p.item,
                        "source_item": p.source_item,
                        "similarity": p.similarity,
                    }
                    for p in comparison.copied
                ],
            }
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
