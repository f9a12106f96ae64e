"""Check that no open record belongs to an organization that no longer exists (R40); exit 1 if one does."""

from django.core.management.base import BaseCommand, CommandError

from nghiquyet.orgs.continuity import orphans


class Command(BaseCommand):
    help = (
        "List the open records (members, seats, items, difficulties, pending meetings) and the sub-units "
        "still held by an organization that has been dissolved, merged or split; exit 1 if there is one."
    )

    def handle(self, *args, **options):
        found = orphans()
        for orphan in found[:50]:
            self.stdout.write(f"{orphan.what} {orphan.object_id} “{orphan.label}” — {orphan.org}")
        if found:
            raise CommandError(f"{len(found)} records are held by organizations that no longer exist.")
        self.stdout.write("Nothing is orphaned: every open record belongs to an existing organization.")
