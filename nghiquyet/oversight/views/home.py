"""The landing page of the upper level's work: the sections relevant to the user, upper level or
grassroots, with what awaits them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..access import roles_for
from ..models import OPEN_DIFFICULTY_STATUSES as OPEN_STATUSES
from ..models import Proposal, ProposalStatus, UpperDifficulty
from .common import led_ids
from .inspections import recommendations_visible


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A fixed number of queries: the user's roles, and one count per kind of pending work."""
    roles = roles_for(request.user)
    seated = bool(roles.seat_paths)
    pending = {}
    if roles.is_director:
        under = roles.under_q(roles.direct_paths, "org__")
        pending["difficulties"] = UpperDifficulty.objects.filter(under, status__in=OPEN_STATUSES).count()
        pending["proposals"] = Proposal.objects.filter(under, status=ProposalStatus.OPEN).count()
    if roles.is_upper or seated:
        pending["overdue"] = recommendations_visible(request).overdue(timezone.localdate()).count()
    context = {
        "upper": roles.is_upper,
        "director": roles.is_director,
        "inspector": roles.is_inspector,
        "seated": seated,
        "leads": bool(led_ids(request)),
        "pending": pending,
    }
    return render(request, "oversight/home.html", context)
