import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nghiquyet.orgs.access import scope_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Start page: the user's own organization when they have one, the tree otherwise."""
    scope = scope_for(request.user)
    person = getattr(request.user, "person", None)
    if person is not None and not scope.everything and not scope.subtree_paths:
        return redirect(person.home_org)
    return redirect("orgs:tree")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: the icon (its hashed name once collected)."""
    return redirect(static("web/favicon.svg"))


# Installable on a phone's home screen (R43): the manifest, and the service worker served from the site's
# root so that its scope covers every page (a script under /static/ could only control /static/).
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the application's name, colours and icons (served locally, no CDN)."""
    data = {
        "name": _("nghiquyet — resolutions of grassroots Party committees"),
        "short_name": "nghiquyet",
        "description": _("Plan meetings, issue resolutions and carry them out."),
        "lang": get_language() or "vi",
        "start_url": reverse("web:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#c8102e",
        "icons": [
            {"src": static("web/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("web/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("web/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker (web/sw.js): keeps the pages a member opens readable offline, nothing after logout.
    Never cached by the browser's HTTP cache, so that a new version takes over at the next visit."""
    assets = [static(name) for name in OFFLINE_ASSETS]
    response = render(
        request,
        "web/sw.js",
        {"assets_json": json.dumps(assets), "version": _version(assets)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


# What every page needs to show offline: the style sheets and scripts of web/base.html.
OFFLINE_ASSETS = (
    "vendor/pico/pico.red.min.css",
    "web/app.css",
    "vendor/htmx/htmx.min.js",
    "web/forms.js",
    "web/phone.js",
    "web/favicon.svg",
)


def _version(assets: list[str]) -> str:
    """Changes when a static file does (its hashed name once collected), so that old caches are dropped."""
    return hashlib.sha256("\n".join([SW_REVISION, *assets]).encode()).hexdigest()[:12]


SW_REVISION = "1"  # bump when web/sw.js changes what it stores
