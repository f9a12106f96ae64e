"""The language of a request: Vietnamese unless English was chosen.

Officers' browsers are often set to English, and Django's LocaleMiddleware would follow them; the product
speaks Vietnamese by default and English only on request (the switch in the top bar, which stores the
choice in Django's language cookie). The REST API keeps Django's rule, Accept-Language included: machine
clients ask for English explicitly.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Where the API is mounted (nghiquyet/urls.py).
API_PREFIX = "/api/"


def chosen_language(request) -> str | None:
    """The supported language named by the language cookie, if any (set by Django's set_language)."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware for the API; elsewhere the language cookie, else settings.LANGUAGE_CODE.

    The project has no i18n_patterns, so the language prefix of URLs plays no part here.
    """

    @staticmethod
    def _is_api(request) -> bool:
        return request.path_info.startswith(API_PREFIX)

    def process_request(self, request):
        if self._is_api(request):
            return super().process_request(request)
        translation.activate(chosen_language(request) or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if self._is_api(request):
            return super().process_response(request, response)
        # A page varies with the language cookie, no longer with the browser's languages.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


# What is worth compressing: text. Office documents (DOCX, XLSX) and PDFs are compressed already, and
# gzipping a download on the fly would only spend the server's CPU and drop its Content-Length.
COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/manifest+json",
    "application/javascript",
    "image/svg",
)


class CompressTextMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (BREACH padding included) for pages, JSON and scripts only (R43: light pages)."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
