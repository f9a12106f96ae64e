from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "nghiquyet.oversight"
    label = "oversight"
    verbose_name = _("Direction and supervision")

    def ready(self) -> None:
        from nghiquyet.resolutions import mywork

        from .queries import recommendation_tasks

        mywork.register(recommendation_tasks)

        # Difficulties awaiting an answer, inspections being written, open recommendations and receipts of
        # guidance in force pass to a successor organization (R40): orgs may not import us.
        from nghiquyet.orgs import carriers

        from .carriers import GUIDANCE_RECEIPTS, INSPECTION_RECORDS, RECOMMENDATIONS, UPPER_DIFFICULTIES

        for carrier in (UPPER_DIFFICULTIES, INSPECTION_RECORDS, RECOMMENDATIONS, GUIDANCE_RECEIPTS):
            carriers.register(carrier)

        # Conclusions and reports are signed digitally by their signer (R42): documents may not import us.
        from nghiquyet.documents.signing import register_signer

        from .documents_context import CONCLUSION_SOURCE, REPORT_SOURCE
        from .signing import conclusion_signer, report_signer

        register_signer(CONCLUSION_SOURCE, conclusion_signer)
        register_signer(REPORT_SOURCE, report_signer)
