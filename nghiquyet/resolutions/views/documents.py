"""Downloads of a resolution and its plans as official documents (DOCX, PDF).

An issued resolution is served from the archive (the copy sealed when it was issued, refused to anyone
outside the roles of a classified one); a draft, and the plans, are rendered on the spot.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from nghiquyet.documents.downloads import archived_download, rendered_download
from nghiquyet.orgs.access import viewer_for

from .. import documents_context
from ..access import get_resolution_for_user
from ..models import Plan, PlanKind


@login_required
@require_GET
def resolution_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The resolution as DOCX or PDF: the archived copy once issued, a "DỰ THẢO" before (R21)."""
    resolution = get_resolution_for_user(request.user, pk)
    back = resolution.get_absolute_url()
    archived = None if resolution.is_draft else documents_context.archived_resolution(resolution)
    if archived is not None:
        return archived_download(request, archived, fmt, viewer=viewer_for(request.user), back=back)
    document = documents_context.resolution_document(resolution)
    return rendered_download(request, document, fmt, org_id=resolution.org_id, back=back)


@login_required
@require_GET
def plan_file(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """The implementation plan (R22) or inspection plan (R24) as DOCX or PDF."""
    resolution = get_resolution_for_user(request.user, pk)
    if kind not in PlanKind.values:
        raise Http404
    plan = Plan.objects.filter(resolution=resolution, kind=kind).first()
    if plan is None:
        raise Http404
    plan.resolution = resolution
    document = documents_context.plan_document(plan)
    return rendered_download(
        request, document, fmt, org_id=resolution.org_id, back=resolution.get_absolute_url()
    )
