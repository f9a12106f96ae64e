"""Make an API token for a user and print its key (for scripts, CI and the fuzzing run of `make fuzz`).

    python manage.py api_token USERNAME [--name NAME]

The key is printed once on standard output, alone on its line, and stored only as a hash, as when a
person makes a token on their "API tokens" page.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from nghiquyet.api import services


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print its key (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What will use the token.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user “{username}”.")
        try:
            _token, key = services.create_token(user, name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(key)
