"""Learn the bloc's standard phrasing from committees' texts (#21): the word pairs that several
committees use weigh nothing (three or more) or half (two) in the near-copy check.

    python manage.py standard_phrases DIR [DIR ...] [--output FILE]

Each DIR holds one committee's UTF-8 .txt texts. Without --output the JSON is printed; the detector reads
nghiquyet/quality/standard_phrases.json (learned from the labelled corpus's tune part).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nghiquyet.quality import substance


class Command(BaseCommand):
    help = "Learn the word pairs several committees use (the bloc's standard phrasing) from their texts."

    def add_arguments(self, parser):
        parser.add_argument("folders", nargs="+", help="One folder of .txt texts per committee.")
        parser.add_argument("--output", help="Write the JSON to this file instead of printing it.")

    def handle(self, *args, **options):
        groups = []
        for name in options["folders"]:
            folder = Path(name)
            if not folder.is_dir():
                raise CommandError(f"Not a folder: {name}")
            try:
                groups.append([p.read_text(encoding="utf-8-sig") for p in sorted(folder.glob("*.txt"))])
            except UnicodeDecodeError as error:
                raise CommandError(f"Not a UTF-8 text file in {name}: {error}") from None
        learned = substance.learn_standard_phrases(groups)
        text = json.dumps(learned, ensure_ascii=False, indent=0, sort_keys=True)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"{len(learned)} word pairs written to {options['output']}")
        else:
            self.stdout.write(text)
