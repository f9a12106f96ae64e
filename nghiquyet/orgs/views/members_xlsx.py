"""Member import and export as XLSX. Filled in by the import/export slice."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def import_template(request):
    raise Http404


@login_required
def import_members(request, code):
    raise Http404


@login_required
def export_members(request, code):
    raise Http404
