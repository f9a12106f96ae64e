"""The REST API (django-ninja): a thin layer over the same access helpers and services as the pages.

Mounted at /api/, documented at /api/docs (OpenAPI at /api/openapi.json). Every call needs a personal
token (`Authorization: Bearer <key>`, made on the "API tokens" page) and sees what its owner sees.
"""

from ninja import NinjaAPI

from . import dashboard, errors, meetings, orgs, progress, resolutions
from .auth import TokenAuth

api = NinjaAPI(
    title="nghiquyet API",
    version="1",
    description=__doc__,
    auth=TokenAuth(),
    urls_namespace="api",
)
errors.install(api)
api.add_router("/", orgs.router)
api.add_router("/", meetings.router)
api.add_router("/", resolutions.router)
api.add_router("/", progress.router)
api.add_router("/", dashboard.router)
