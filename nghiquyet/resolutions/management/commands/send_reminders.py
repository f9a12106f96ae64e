"""`python manage.py send_reminders [--today YYYY-MM-DD]`: the day's deadline reminders, for cron (R23)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from nghiquyet.resolutions import services as resolution_services


class Command(BaseCommand):
    help = "Send the deadline reminders of resolution items that are due and were not sent yet."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--today: {today!r} is not a date in the form YYYY-MM-DD.") from error
        counts = resolution_services.send_reminders(day)
        self.stdout.write("before={before} overdue={overdue} escalated={escalated}".format(**counts))
