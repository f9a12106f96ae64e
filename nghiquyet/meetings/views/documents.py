"""Downloads of a meeting's notice and minutes as official documents (DOCX, PDF).

Signed minutes are served from the archive (the copy sealed when they were signed); the notice and
unsigned minutes ("DỰ THẢO") are rendered on the spot.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from nghiquyet.documents.downloads import archived_download, rendered_download
from nghiquyet.orgs.access import viewer_for

from .. import documents_context
from ..access import get_meeting_for_user


@login_required
@require_GET
def notice_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The meeting notice (thông báo triệu tập) as DOCX or PDF (R07)."""
    meeting = get_meeting_for_user(request.user, pk)
    document = documents_context.notice_document(meeting)
    return rendered_download(request, document, fmt, org_id=meeting.org_id, back=meeting.get_absolute_url())


@login_required
@require_GET
def minutes_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The minutes as DOCX or PDF: the archived copy once signed, a "DỰ THẢO" before (R14, R21)."""
    meeting = get_meeting_for_user(request.user, pk)
    back = meeting.get_absolute_url()
    archived = documents_context.archived_minutes(meeting) if meeting.is_locked else None
    if archived is not None:
        return archived_download(request, archived, fmt, viewer=viewer_for(request.user), back=back)
    document = documents_context.minutes_document(meeting)
    return rendered_download(request, document, fmt, org_id=meeting.org_id, back=back)
