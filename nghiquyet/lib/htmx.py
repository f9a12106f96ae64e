"""htmx requests, through django-htmx (its middleware sets `request.htmx`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect


def is_htmx(request: HttpRequest) -> bool:
    """The request comes from htmx (a fragment is wanted), not from a plain link or form."""
    return bool(getattr(request, "htmx", False))


def redirect_back(request: HttpRequest, url: str) -> HttpResponse:
    """Send the user to `url`: htmx would follow a plain redirect and swap the whole page into a
    fragment, so it is told to load the page instead (HX-Redirect)."""
    return HttpResponseClientRedirect(url) if is_htmx(request) else redirect(url)
