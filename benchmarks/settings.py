"""The benchmark's settings: the product's, plus the `bench` command and the bare yardstick view.

`make bench` runs `manage.py bench` and its gunicorn with DJANGO_SETTINGS_MODULE=benchmarks.settings; the
product (nghiquyet.settings) never imports this package.
"""

from nghiquyet.settings import *  # noqa: F403
from nghiquyet.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
ROOT_URLCONF = "benchmarks.urls"
