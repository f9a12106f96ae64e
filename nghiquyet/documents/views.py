"""Pages of documents: the search box (R21 records found again), the archive and its files (R21, R38).

Who sees what comes from the user's scope (orgs.access, read here because views sit on top): the
subtrees they see, and for classified documents the roles they hold (`viewer_for`). Other apps' views
use `viewer_for` and `visible_paths_for` too, so a classified file is refused the same way everywhere.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import CharField, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from nghiquyet.orgs.access import get_org_for_user, scope_for
from nghiquyet.orgs.stats import qualification_stats

from . import archive
from .access import archive_filter, get_archived
from .confidentiality import NOBODY, Viewer
from .downloads import archived_download, rendered_download
from .forms import ArchiveFilterForm, SearchForm
from .models import ArchivedDocument, Recipient, SearchEntry
from .search import search
from .statistics import statistics_document

PAGE_SIZE = 20
SEAT = "seat"  # marks the committee seats among the body posts of `viewer_for`'s one query


def visible_paths_for(user) -> tuple[str, ...] | None:
    """The subtrees whose records the user sees (None: everything): committee members and upper-level
    staff see their organization's subtree, like meetings and resolutions."""
    scope = scope_for(user)
    return None if scope.everything else scope.subtree_paths


def viewer_for(user) -> Viewer:
    """The user as a viewer of classified documents and of what is addressed to their committees: body
    posts and the paths of the committees they sit on (one query beyond the cached scope)."""
    cached = getattr(user, "_nq_viewer", None)
    if cached is not None:
        return cached
    scope = scope_for(user)
    if scope.person_id is None:
        viewer = NOBODY
    else:
        # Looked up by name: documents sits below orgs' services and imports none of its models.
        staff = apps.get_model("orgs", "BodyStaff")
        seats = apps.get_model("orgs", "CommitteeMembership")
        posts = (
            staff.objects.current()
            .filter(person_id=scope.person_id)
            .values_list("body__kind", "body__org__path")
        )
        sits = (
            seats.objects.current()
            .filter(person_id=scope.person_id)
            .annotate(seat=Value(SEAT, output_field=CharField()))
            .values_list("seat", "term__org__path")
        )
        rows = set(posts.union(sits, all=True))
        viewer = Viewer(
            person_id=scope.person_id,
            seats=dict(scope.seats),
            bodies=frozenset(r for r in rows if r[0] != SEAT),
            seat_paths=frozenset(path for kind, path in rows if kind == SEAT),
        )
    user._nq_viewer = viewer
    return viewer


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
            visible_paths_for(request.user),
            viewer=viewer_for(request.user),
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
    docs = ArchivedDocument.objects.filter(
        archive_filter(visible_paths_for(request.user), viewer_for(request.user))
    )
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
    viewer = viewer_for(request.user)
    doc = get_archived(pk, visible_paths_for(request.user), viewer)
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
        },
    )


@login_required
@require_GET
def archived_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The archived DOCX, or its PDF (made from that DOCX on first request when LibreOffice is here)."""
    viewer = viewer_for(request.user)
    doc = get_archived(pk, visible_paths_for(request.user), viewer)
    return archived_download(request, doc, fmt, viewer=viewer, back=reverse("documents:archived", args=[pk]))


@login_required
@require_GET
def statistics_file(request: HttpRequest, fmt: str) -> HttpResponse:
    """The committee members' qualification statistics of an organization as a report, DOCX or PDF (R02):
    to those who may see its members, like the statistics page (`?org=CODE&term=LABEL`)."""
    code = request.GET.get("org", "").strip()
    if not code or len(code) > 40:
        raise Http404
    org = get_org_for_user(request.user, code, "orgs.see_members")
    term = request.GET.get("term", "").strip()[:20] or None
    query = urlencode({"org": org.code, **({"term": term} if term else {})})
    document = statistics_document(qualification_stats(org, term))
    return rendered_download(request, document, fmt, org_id=org.pk, back=f"{reverse('orgs:stats')}?{query}")
