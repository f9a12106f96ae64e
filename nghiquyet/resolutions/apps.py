from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "nghiquyet.resolutions"
    label = "resolutions"
    verbose_name = _("Resolutions")

    def ready(self):
        from nghiquyet.documents.signing import register_signer
        from nghiquyet.meetings.queries import set_resolutions_reader

        from . import receivers  # noqa: F401  connects the signal receivers
        from .documents_context import RESOLUTION_SOURCE
        from .queries import meeting_resolutions
        from .signing import resolution_signer

        # The meeting's pages and notice list its draft resolution (R07): meetings may not import us.
        set_resolutions_reader(meeting_resolutions)
        # Only the resolution's signer signs its archived PDF (R42): documents may not import us.
        register_signer(RESOLUTION_SOURCE, resolution_signer)

        # Open items and their difficulties pass to a successor organization (R40): orgs may not import us.
        from nghiquyet.orgs import carriers as org_carriers

        from .carriers import DIFFICULTIES, ITEMS

        org_carriers.register(ITEMS)
        org_carriers.register(DIFFICULTIES)
