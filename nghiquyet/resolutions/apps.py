from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "nghiquyet.resolutions"
    label = "resolutions"
    verbose_name = _("Resolutions")

    def ready(self):
        from nghiquyet.meetings.queries import set_resolutions_reader

        from . import receivers  # noqa: F401  connects the signal receivers
        from .queries import meeting_resolutions

        # The meeting's pages and notice list its draft resolution (R07): meetings may not import us.
        set_resolutions_reader(meeting_resolutions)

        # Open items and their difficulties pass to a successor organization (R40): orgs may not import us.
        from nghiquyet.orgs import carriers as org_carriers

        from .carriers import DIFFICULTIES, ITEMS

        org_carriers.register(ITEMS)
        org_carriers.register(DIFFICULTIES)
