"""The inbox (R44): each person's notifications in the application — notices, signatures asked for,
answers, urgings, reminders — of which the e-mail is only a copy."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import queries, services
from .access import get_notification_for_user


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, the unread ones marked: a page is two queries (count and
    rows) whatever the number of notifications, plus the top bar's one (the person and the unread count)."""
    page = Paginator(queries.inbox(request.user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {"page": page})


@login_required
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to the page it is about; back to the inbox when it has none."""
    notification = get_notification_for_user(request.user, pk)
    services.mark_read(request.user, notification.pk)
    return redirect(_on_this_site(notification.url) or "notify:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the user read."""
    if services.mark_all_read(request.user):
        messages.success(request, _("All your notifications are marked read."))
    return redirect("notify:inbox")


def _on_this_site(url: str) -> str | None:
    """`url` if it is a path of this site ("/meetings/12/"), else None: whatever a notification holds,
    opening it never sends anyone to another site ("//elsewhere", "https://…", "/\\elsewhere")."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return None
