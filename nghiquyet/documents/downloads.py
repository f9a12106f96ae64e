"""Download responses for official documents: an archived copy, or one rendered on the spot (drafts,
plans, notices). The owning app's view checks access to its record first, then calls one of these."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import archive, signing
from .confidentiality import Viewer, can_see_archived
from .limits import too_long
from .models import ArchivedDocument
from .rendering import OfficialDocument, PdfError, convert_to_pdf, pdf_available, render_docx
from .serving import attachment_response

FORMATS = ("docx", "pdf")
CONTENT_TYPES = {"docx": archive.DOCX_TYPE, "pdf": "application/pdf"}


def bytes_response(data: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _no_pdf(request: HttpRequest, back: str, reason: str) -> HttpResponse:
    messages.error(request, reason)
    return redirect(back)


def rendered_download(
    request: HttpRequest, document: OfficialDocument, fmt: str, *, org_id: int | None, back: str
) -> HttpResponse:
    """The document rendered now from the organization's template, as DOCX or PDF."""
    if fmt not in FORMATS:
        raise Http404
    refusal = too_long(document)
    if refusal:
        return _no_pdf(request, back, refusal)
    data = render_docx(document, org_id=org_id)
    if fmt == "docx":
        return bytes_response(data, document.filename("docx"), fmt)
    status = pdf_available()
    if not status:
        return _no_pdf(request, back, status.reason)
    try:
        pdf = convert_to_pdf(data)
    except PdfError:
        return _no_pdf(request, back, _conversion_failed())
    return bytes_response(pdf, document.filename("pdf"), fmt)


def archived_download(
    request: HttpRequest, doc: ArchivedDocument, fmt: str, *, viewer: Viewer, back: str
) -> HttpResponse:
    """The archived file itself: never to anyone outside the roles of a classified document (404)."""
    if fmt not in FORMATS or not can_see_archived(viewer, doc):
        raise Http404
    if fmt == "docx":
        attachment = doc.docx
    elif signed := signing.signed_pdf(doc):
        # Once signed, the signed PDF is the document recipients get (R42).
        attachment = signed
    else:
        status = pdf_available()
        if doc.pdf_id is None and not status:
            return _no_pdf(request, back, status.reason)
        attachment = archive.ensure_pdf(doc)
        if attachment is None:
            return _no_pdf(request, back, _conversion_failed())
    archive.mark_opened(doc, person_id=viewer.person_id, org_ids=viewer.seats.keys())
    return attachment_response(attachment)


def _conversion_failed() -> str:
    return _("The PDF could not be made this time. Download the DOCX file, or try again later.")
