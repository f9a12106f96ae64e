from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views import i18n
from django.views.decorators.http import require_POST

from nghiquyet.notify import services as notify_services
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


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (the cookie that chooses the pages' language); for a signed-in user the
    choice is also recorded, so that what others' actions send them (notifications, their e-mails) is
    written in it too."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language and response.cookies.get(settings.LANGUAGE_COOKIE_NAME):
        notify_services.set_language(request.user, language)
    return response
