from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Installed only by `benchmarks.settings`: `manage.py bench` exists for the benchmark, not in production."""

    name = "benchmarks"
    label = "benchmarks"
