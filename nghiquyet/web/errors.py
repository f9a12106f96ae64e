"""The application's own error pages, in the user's language and the application's layout (#16): a user
never sees Django's technical pages, which are English and show code (settings.DEBUG is off unless a
developer sets DEBUG_PAGES=1).

Django renders 403.html, 404.html and 500.html itself; a 400 comes here so that the page has the
navigation and says what to do when the request was too large to read (RequestDataTooBig).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    context = {
        "too_big": isinstance(exception, RequestDataTooBig),
        "limit_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024),
    }
    return render(request, "400.html", context, status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was sent with an expired or missing security token (an old tab, cookies blocked)."""
    return render(request, "403_csrf.html", status=403)
