"""Statistics of the registry on the command line (R02).

    python manage.py stats qualifications [--org CODE] [--term LABEL] [--json]

Without --org the whole bloc (the organization with no parent) is counted; without --term, current seats.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from nghiquyet.orgs.models import Organization, Term
from nghiquyet.orgs.stats import QualificationStats, qualification_stats


class Command(BaseCommand):
    help = "Committee members' qualification statistics for a subtree and a term."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["qualifications"])
        parser.add_argument("--org", help="Organization code (default: the bloc).")
        parser.add_argument("--term", help="Term label such as 2025–2030 (default: current seats).")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args, **options):
        org = self._org(options["org"])
        term = options["term"]
        if term and not Term.objects.filter(label=term).exists():
            raise CommandError(f"No term labelled {term!r}.")
        with translation.override("vi"):
            stats = qualification_stats(org, term)
            if options["json"]:
                self.stdout.write(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
            else:
                self.stdout.write(self._table(stats))

    def _org(self, code: str | None) -> Organization:
        if code:
            org = Organization.objects.filter(code=code).first()
            if org is None:
                raise CommandError(f"No organization with code {code!r}.")
            return org
        root = Organization.objects.filter(parent__isnull=True).order_by("path").first()
        if root is None:
            raise CommandError("No organization is recorded yet.")
        return root

    def _table(self, stats: QualificationStats) -> str:
        term = stats.term_label or "current"
        lines = [f"{stats.org.name} ({stats.org.code}), term: {term}", f"Committee members: {stats.total}"]
        for title, buckets in (
            ("Professional level", stats.education),
            ("Political theory level", stats.theory),
            ("Gender", stats.gender),
        ):
            lines += ["", f"{title:<40} {'count':>7} {'%':>7}"]
            lines += [f"{b.label!s:<40} {b.count:>7} {b.percent:>7.1f}" for b in buckets]
        return "\n".join(lines)
