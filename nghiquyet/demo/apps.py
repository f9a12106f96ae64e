from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The deterministic demo data (`manage.py seed_demo`): not product code, kept apart from the domain."""

    name = "nghiquyet.demo"
    label = "demo"
