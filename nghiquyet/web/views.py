from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static

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
