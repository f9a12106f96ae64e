"""Pages of documents: the search box (R21 records found again), the archive and its files (R21, R38).

Who sees what is `request.reader` (documents.access.Reader), set by orgs' middleware from the user's
scope: the subtrees they see, for classified documents the roles they hold, and for a former upper level
the period of the organizations since moved out of its subtree (R40). Other apps' views use
the same (orgs.access.viewer_for), so a classified file is refused the same way everywhere.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import archive, signing
from .access import archive_filter, get_archived
from .downloads import archived_download
from .forms import ArchiveFilterForm, SearchForm
from .models import ArchivedDocument, Recipient, SearchEntry, SignedCopy
from .search import search

PAGE_SIZE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@login_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """One search box over resolutions, items, minutes, documents and guidance, filtered by organization,
    type and period; only what the user may see (a fixed number of queries)."""
    form = SearchForm(request.GET or None)
    page, number = None, _page_number(request)
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        org_path = None
        if code := data["org"].strip().upper():
            # An unknown code matches nothing rather than everything: no path starts with "/".
            org_path = (
                SearchEntry.objects.filter(org_code=code).values_list("org_path", flat=True).first() or "/"
            )
        page = search(
            data["q"],
            request.reader.paths,
            viewer=request.reader.viewer,
            past=request.reader.past,
            kinds=[data["kind"]] if data["kind"] else None,
            org_path=org_path,
            date_from=data["date_from"],
            date_to=data["date_to"],
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
    pages = -(-page.total // PAGE_SIZE) if page else 0
    return render(
        request,
        "documents/search.html",
        {
            "form": form,
            "page": page,
            "number": number,
            "pages": pages,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < pages else None,
        },
    )


@login_required
@require_GET
def archive_list(request: HttpRequest) -> HttpResponse:
    """The archive: issued and signed documents of the visible organizations and those sent to the user,
    newest first (R21, R38)."""
    form = ArchiveFilterForm(request.GET or None)
    reader = request.reader
    docs = ArchivedDocument.objects.filter(archive_filter(reader.paths, reader.viewer, reader.past))
    if form.is_valid():
        if code := form.cleaned_data["org"].strip().upper():
            docs = docs.filter(org_code=code)
        if form.cleaned_data["doc_type"]:
            docs = docs.filter(doc_type=form.cleaned_data["doc_type"])
    docs = docs.only(
        "org_code", "doc_type", "number_display", "title", "issued_on", "confidentiality", "urgency", "seq"
    ).order_by("-issued_on", "-id")
    page = Paginator(docs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "documents/archive.html", {"form": form, "page": page})


@login_required
@require_GET
def archived_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One archived document: particulars, integrity of its entry, recipients and who opened it (R38)."""
    viewer = request.reader.viewer
    doc = get_archived(pk, request.reader.paths, viewer, request.reader.past)
    recipients = list(Recipient.objects.filter(document=doc).order_by("order", "id"))
    sealed = archive.seal(doc, [r.name for r in recipients], doc.docx.sha256)
    previous = (
        ArchivedDocument.objects.filter(org_id=doc.org_id, seq=doc.seq - 1)
        .values_list("chain_sha256", flat=True)
        .first()
    )
    intact = (
        archive.text_sha256(doc.canonical_text) == doc.sha256
        and sealed == doc.chain_sha256
        and (previous or "") == doc.prev_sha256
    )
    archive.mark_opened(doc, person_id=viewer.person_id, org_ids=viewer.seats.keys())
    return render(
        request,
        "documents/archived.html",
        {
            "doc": doc,
            "recipients": recipients,
            "disseminations": list(doc.disseminations.order_by("id")),
            "intact": intact,
            # R42: the signed copies (one per signer), and whether this viewer is one to sign it now.
            "signed_copies": list(
                SignedCopy.objects.select_related("pdf").filter(document=doc).order_by("seq")
            ),
            "may_sign": not signing.refusal(doc, viewer.person_id),
        },
    )


@login_required
@require_GET
def archived_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The archived DOCX, or its PDF (made from that DOCX on first request when LibreOffice is here)."""
    viewer = request.reader.viewer
    doc = get_archived(pk, request.reader.paths, viewer, request.reader.past)
    return archived_download(request, doc, fmt, viewer=viewer, back=reverse("documents:archived", args=[pk]))
