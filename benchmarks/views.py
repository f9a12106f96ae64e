from django.http import HttpRequest, HttpResponse


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest answer Django gives through the project's middleware: the bench's yardstick."""
    return HttpResponse("ok", content_type="text/plain")
