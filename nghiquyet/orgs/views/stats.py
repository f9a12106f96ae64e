"""Qualification statistics of committee members (R02). Filled in by the statistics slice."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def qualifications(request):
    raise Http404


@login_required
def qualifications_xlsx(request):
    raise Http404
