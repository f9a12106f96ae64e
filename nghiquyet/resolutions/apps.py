from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "nghiquyet.resolutions"
    label = "resolutions"
    verbose_name = _("Resolutions")

    def ready(self):
        from . import receivers  # noqa: F401  connects the signal receivers
