from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "nghiquyet.orgs"
    label = "orgs"
    verbose_name = _("Organizations and people")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  keeps each organization's open version in step (R39)
