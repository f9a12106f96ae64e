from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "nghiquyet.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Pending meetings pass to a successor organization (R40): orgs may not import us.
        from nghiquyet.orgs import carriers

        from .carriers import PENDING_MEETINGS

        carriers.register(PENDING_MEETINGS)
