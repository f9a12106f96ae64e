"""Compute and store the quality scores of issued resolutions and held meetings (#7), in batches.

    python manage.py refresh_quality [--org CODE] [--since YYYY-MM-DD] [--missing-only] [--batch-size N]

Issuing a resolution and closing a meeting's record store their scores as they happen; this command
backfills the records made before that, or by bulk loads (the demo), and recomputes after a change of the
scoring rules. Running it twice stores the same values. --org takes the organization and its subtree.
"""

import datetime as dt
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, translation
from django.utils.translation import gettext as _

from nghiquyet.meetings.models import Meeting
from nghiquyet.orgs.models import Organization
from nghiquyet.resolutions.models import Resolution
from nghiquyet.resolutions.quality_data import BATCH_SIZE, refresh_meeting_scores, refresh_resolution_scores


class Command(BaseCommand):
    help = "Compute and store the quality scores of issued resolutions and held meetings (backfill)."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="Organization code: only it and the organizations under it.")
        parser.add_argument("--since", help="Only resolutions issued and meetings held on or after this day.")
        parser.add_argument(
            "--missing-only", action="store_true", help="Only records without a stored score."
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Records scored at once.")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            resolutions, meetings = self._selection(options)
            started = time.monotonic()
            size = options["batch_size"]
            n_resolutions = refresh_resolution_scores(
                resolutions, batch_size=size, progress=self._progress(_("Issued resolutions"))
            )
            n_meetings = refresh_meeting_scores(
                meetings, batch_size=size, progress=self._progress(_("Held meetings"))
            )
            self.stdout.write(
                _(
                    "Quality scores stored: %(resolutions)s issued resolutions, %(meetings)s held meetings, "
                    "in %(seconds)s s."
                )
                % {
                    "resolutions": formats.number_format(n_resolutions, force_grouping=True),
                    "meetings": formats.number_format(n_meetings, force_grouping=True),
                    "seconds": formats.number_format(time.monotonic() - started, 1),
                }
            )

    def _selection(self, options):
        if options["batch_size"] < 1:
            raise CommandError(_("--batch-size must be a positive whole number."))
        resolutions = Resolution.objects.all()
        meetings = Meeting.objects.all()
        if options["org"]:
            org = Organization.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(
                    _("--org: no organization has the code %(code)s.") % {"code": options["org"]}
                )
            resolutions = resolutions.filter(org__path__startswith=org.path)
            meetings = meetings.filter(org__path__startswith=org.path)
        if options["since"]:
            try:
                since = dt.date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(
                    _("--since: %(value)s is not a date in the form YYYY-MM-DD.")
                    % {"value": options["since"]}
                ) from None
            resolutions = resolutions.filter(issued_on__gte=since)
            meetings = meetings.filter(date__gte=since)
        if options["missing_only"]:
            resolutions = resolutions.filter(quality_score__isnull=True)
            meetings = meetings.filter(indicators__quality_score__isnull=True)
        return resolutions, meetings

    def _progress(self, label: str):
        def report(done: int, total: int) -> None:
            self.stdout.write(
                _("%(what)s: %(done)s of %(total)s scored.")
                % {
                    "what": label,
                    "done": formats.number_format(done, force_grouping=True),
                    "total": formats.number_format(total, force_grouping=True),
                }
            )

        return report
