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

        # The chair and the recorder sign the archived minutes' PDF in turn (R42), and a signature marks
        # its request read: documents may not import us.
        from nghiquyet.documents.signing import document_signed, register_signer

        from .documents_context import MINUTES_SOURCE
        from .signing import mark_request_read, minutes_signers

        register_signer(MINUTES_SOURCE, minutes_signers)
        document_signed.connect(mark_request_read, dispatch_uid="meetings.signing.mark_request_read")
