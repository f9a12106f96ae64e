"""Drafting pages: an organization's resolutions, the draft and its items, versions, issuance,
corrections and the implementation and inspection plans (R15, R16, R19-R22, R24).

Each view checks access through `get_resolution_for_user` (or the meeting org helper for an
organization's pages), refuses changes to an issued resolution before reaching the services, calls one
service and redirects with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nghiquyet.documents import party
from nghiquyet.documents import signing as digital
from nghiquyet.lib.dates import document_vn
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.lib.forms import add_service_errors
from nghiquyet.lib.htmx import is_htmx, redirect_back
from nghiquyet.meetings.access import get_meeting_org_for_user
from nghiquyet.meetings.models import Meeting, MeetingKind, MeetingStatus, Vote
from nghiquyet.orgs import history as org_history
from nghiquyet.orgs import queries
from nghiquyet.orgs.access import scope_for, viewer_for
from nghiquyet.orgs.models import CommitteeMembership, Organization, Person, Position
from nghiquyet.quality.similarity import mark_passages
from nghiquyet.resolutions import queries as resolution_queries

from .. import services
from ..access import get_resolution_for_user, resolutions_of
from ..documents_context import RESOLUTION_SOURCE
from ..forms.drafting import (
    CorrectionForm,
    DraftForm,
    IssueForm,
    ItemForm,
    ListFilterForm,
    PlanForm,
    PlanRowForm,
    VersionForm,
    upper_documents_of,
)
from ..models import (
    ClosingReview,
    DeadlineKind,
    Plan,
    PlanKind,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
    ResolutionVersion,
)
from ..quality_data import (
    HIGHLIGHT_FROM,
    ResolutionQuality,
    cached_panel,
    resolution_quality,
    resolution_settled,
)
from ..services.plans import ROW_FIELDS

PAGE_SIZE = 50
LESSONS_SHOWN = 3
# The place on the document's date line; the bloc is Hanoi's (DOMAIN.md, document layout).
DOCUMENT_PLACE = "Hà Nội"
# The signature block is part of the document, hence Vietnamese whatever the interface language.
SIGNER_TITLES_VI = {
    Position.SECRETARY: "BÍ THƯ",
    Position.DEPUTY_SECRETARY: "PHÓ BÍ THƯ",
    Position.STANDING_MEMBER: "ỦY VIÊN BAN THƯỜNG VỤ",
    Position.MEMBER: "CẤP ỦY VIÊN",
}


def _back(request: HttpRequest, url: str) -> HttpResponse:
    return redirect_back(request, url)


def _refuse_issued(request: HttpRequest, resolution: Resolution) -> HttpResponse:
    messages.error(
        request,
        _(
            "This resolution is issued and can no longer be changed: amend or replace it with a new "
            "resolution."
        ),
    )
    return _back(request, resolution.get_absolute_url())


def _trail(org: Organization) -> list[Organization]:
    """The organizations from the root down to `org` (one query)."""
    return [*queries.ancestors(org), org]


def _committee_day(meeting: Meeting | None):
    return meeting.date if meeting is not None else timezone.localdate()


def _signer(user) -> Person | None:
    person_id = scope_for(user).person_id
    return Person.objects.filter(pk=person_id).first() if person_id else None


# ---------------------------------------------------------------- an organization's resolutions


def _year_filter(year: int) -> Q:
    """Issued in `year`; a draft counts in the year of its meeting, else of its creation."""
    return Q(issued_on__year=year) | Q(
        Q(issued_on__isnull=True),
        Q(meeting__date__year=year) | Q(meeting__isnull=True, created_at__year=year),
    )


@login_required
@require_GET
def resolution_list(request: HttpRequest, code: str) -> HttpResponse:
    """The organization's resolutions with their items' progress, filtered by year, kind and status.

    A fixed number of queries whatever the number of resolutions and items (counts are annotated).
    """
    org = get_meeting_org_for_user(request.user, code, past=True)
    today = timezone.localdate()
    # Classified ones only for the roles named on them (#17.1); a former upper level's period only (R40).
    resolutions = resolutions_of(request.user, org)
    years = sorted(
        {d.year for d in resolutions.dates("issued_on", "year")} | {today.year},
        reverse=True,
    )
    filter_form = ListFilterForm(request.GET, years=years)
    chosen = filter_form.filters()
    if "year" in chosen:
        resolutions = resolutions.filter(_year_filter(chosen["year"]))
    if "kind" in chosen:
        resolutions = resolutions.filter(kind=chosen["kind"])
    if "status" in chosen:
        resolutions = resolutions.filter(status=chosen["status"])
    resolutions = (
        resolutions.select_related("meeting")
        .with_item_counts(today)
        .order_by(F("issued_on").desc(nulls_first=True), "-created_at", "-id")
    )
    page = Paginator(resolutions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "ancestors": _trail(org)[:-1],
        "page": page,
        "resolutions": page.object_list,
        "filter_form": filter_form,
        "can_create": request.user.has_perm("meetings.run", org),
    }
    return render(request, "resolutions/list.html", context)


# ---------------------------------------------------------------- the draft (R16, R19)


def _selectable_meetings(org: Organization, current: Meeting | None = None):
    """The meetings that may adopt a draft: the organization's, not locked nor cancelled (and its own)."""
    keep = Q(pk=current.pk) if current is not None else Q(pk__in=[])
    return (
        Meeting.objects.filter(org=org)
        .filter(~Q(status__in=(MeetingStatus.SIGNED, MeetingStatus.CANCELLED)) | keep)
        .select_related("drafter")
        .order_by("date", "id")
    )


def _chosen_meeting(meetings: list[Meeting], raw) -> tuple[bool, Meeting | None]:
    """(whether `raw` names a meeting or "none", the meeting) among the selectable ones."""
    if raw is None:
        return False, None
    if raw == "":
        return True, None
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return False, None
    found = next((m for m in meetings if m.pk == pk), None)
    return found is not None, found


def _next_regular(meetings: list[Meeting]) -> Meeting | None:
    today = timezone.localdate()
    return next((m for m in meetings if m.kind == MeetingKind.REGULAR and m.date >= today), None)


def _draft_form(request: HttpRequest, org: Organization, resolution: Resolution | None = None) -> DraftForm:
    """The draft form, its meeting chosen by the posted data, the query string, the draft or the calendar."""
    queryset = _selectable_meetings(org, resolution.meeting if resolution else None)
    meetings = list(queryset)
    data = request.POST if request.method == "POST" else None
    named, meeting = _chosen_meeting(meetings, (data or request.GET).get("meeting"))
    if not named:
        meeting = resolution.meeting if resolution is not None else _next_regular(meetings)
    documents = upper_documents_of(meeting)
    if resolution is None:
        thematic = meeting is not None and meeting.kind == MeetingKind.THEMATIC
        initial = {
            "kind": ResolutionKind.THEMATIC if thematic else ResolutionKind.REGULAR,
            "drafter": meeting.drafter_id if meeting else None,
            "theme_reason": meeting.theme_reason if meeting else "",
            "upper_documents": [d.pk for d in documents],
        }
    else:
        initial = {
            "kind": resolution.kind,
            "title": resolution.title,
            "theme_reason": resolution.theme_reason,
            "assessment": resolution.assessment,
            "objectives": resolution.objectives,
            "implementation": resolution.implementation,
            "drafter": resolution.drafter_id,
            "upper_documents": [d.pk for d in resolution.upper_documents.all()],
        }
    initial["meeting"] = meeting.pk if meeting else None
    form = DraftForm(
        data,
        meetings=queryset,
        committee=resolution_queries.committee_members(org, _committee_day(meeting)),
        documents=documents.select_related("meeting"),
        sections=resolution is not None,
        initial={k: v for k, v in initial.items() if v is not None},
    )
    # Choosing another meeting reloads the list of its upper-level documents.
    form.fields["meeting"].widget.attrs.update(
        {"hx-get": request.path, "hx-target": "#upper-documents", "hx-swap": "outerHTML"}
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, code: str) -> HttpResponse:
    """Start a draft for a meeting; shows the lessons of the latest closed resolutions (R27)."""
    org = get_meeting_org_for_user(request.user, code, "meetings.run")
    if request.method == "GET" and not is_htmx(request) and request.GET.get("meeting"):
        # One draft per meeting (R07): a meeting that has one opens it rather than starting another.
        existing = resolution_queries.meeting_draft(
            Meeting.objects.filter(org=org, pk=_int_or_none(request.GET["meeting"])).first()
        )
        if existing is not None:
            messages.info(request, _("This meeting already has a draft resolution: continue it here."))
            return redirect(existing.get_absolute_url())
    form = _draft_form(request, org)
    if request.method == "GET" and is_htmx(request):
        return render(request, "resolutions/_draft_upper_documents.html", {"form": form})
    existing_draft = None
    if request.method == "POST" and form.is_valid():
        try:
            resolution = services.create_draft(
                org,
                by=request.user,
                upper_documents=form.cleaned_data["upper_documents"],
                **form.draft_fields(),
            )
        except ValidationError as error:
            chosen = form.cleaned_data["meeting"]
            add_service_errors(form, error)
            if "meeting" in getattr(error, "error_dict", {}):
                existing_draft = resolution_queries.meeting_draft(chosen)
        else:
            messages.success(request, _("The draft is started: add its items."))
            return redirect(resolution.get_absolute_url())
    lessons = resolution_queries.latest_lessons(org, viewer_for(request.user), LESSONS_SHOWN)
    context = {
        "org": org,
        "ancestors": _trail(org)[:-1],
        "form": form,
        "lessons": lessons,
        "existing_draft": existing_draft,
    }
    return render(request, "resolutions/create.html", context)


def _int_or_none(raw: str) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _deadline_display(item) -> str:
    date = item.deadline.strftime("%d/%m/%Y") if item.deadline else ""
    if item.deadline_kind == DeadlineKind.DATE:
        return date
    return f"{item.get_deadline_kind_display()} ({date})" if date else item.get_deadline_kind_display()


# ---------------------------------------------------------------- the quality panel (R08, R15-R18)

# Similar texts listed in the panel, best first: the near copies and the texts the draft repeats in part.
SIMILAR_SHOWN = 5


def _score_band(score: int) -> str:
    return "good" if score >= 80 else "fair" if score >= 50 else "poor"


def _similar_rows(quality: ResolutionQuality, resolution: Resolution, upper_documents) -> list[dict]:
    """The earlier resolutions and upper-level texts the resolution repeats, with their score and link."""
    meeting_of = {d.pk: d.meeting_id for d in upper_documents}
    rows = []
    for match in sorted((*quality.previous, *quality.upper), key=lambda m: -m.score):
        if match.score < HIGHLIGHT_FROM and not match.near_copy:
            continue
        source = match.key
        url = getattr(source, "url", "")
        if not url and getattr(source, "kind", "") == "upper":
            meeting_id = meeting_of.get(source.pk, resolution.meeting_id)
            url = reverse("meetings:document", args=[meeting_id, source.pk]) if meeting_id else ""
        rows.append(
            {
                "label": str(source),
                "kind": getattr(source, "kind", ""),
                "url": url,
                "percent": round(match.score * 100),
                "near_copy": match.near_copy,
                "copied": _copied_rows(match.comparison.copied),
            }
        )
    return rows[:SIMILAR_SHOWN]


# Copied sentences shown side by side with their source, per similar text.
COPIED_SHOWN = 12


def _item_label(number: str, section: str) -> str:
    if number:
        return _("Item %(n)s") % {"n": number}
    return _("Assessment") if section == "assessment" else ""


def _copied_rows(copied) -> list[dict]:
    """The sentences of the resolution found in a similar text, next to the source's sentence and item."""
    return [
        {
            "text": passage.text,
            "where": _item_label(passage.item, passage.section),
            "source_text": passage.source_text,
            "source_where": _item_label(passage.source_item, passage.section),
            "percent": round(passage.similarity * 100),
        }
        for passage in copied[:COPIED_SHOWN]
    ]


def _highlighted_passages(resolution: Resolution, items, highlights) -> list[tuple[str, str]]:
    """(label, safe HTML) of each section and item text with its repeated passages marked."""
    if not highlights:
        return []
    sections = [
        ("theme_reason", _("Why this topic was chosen")),
        ("assessment", _("Assessment of the situation")),
        ("objectives", _("Objectives and requirements")),
        ("implementation", _("Implementation")),
    ]
    item_fields = [("content", _("content")), ("requirement", _("requirement")), ("measures", _("measures"))]
    out = []
    for key, label in sections[:3]:
        if key in highlights:
            out.append((label, mark_passages(getattr(resolution, key), highlights[key])))
    for number, item in enumerate(items, start=1):
        for name, field_label in item_fields:
            key = f"item-{item.pk}-{name}"
            if key in highlights:
                label = _("Item %(n)s, %(field)s") % {"n": number, "field": field_label}
                out.append((label, mark_passages(getattr(item, name), highlights[key])))
    key, label = sections[3]
    if key in highlights:
        out.append((label, mark_passages(resolution.implementation, highlights[key])))
    return out


def _quality_panel(request: HttpRequest, resolution: Resolution, items, upper_documents) -> str:
    """The rendered quality panel; from the cache once the resolution is settled (issued, its meeting's
    record signed), when nothing it reads can change."""

    def render() -> str:
        context = {"resolution": resolution, **_quality_context(resolution, items, upper_documents)}
        return render_to_string("resolutions/_quality.html", context, request)

    return cached_panel("resolution", resolution.pk, resolution_settled(resolution), render)


def _quality_context(resolution: Resolution, items, upper_documents) -> dict:
    """The quality panel: score, breakdown, findings, similar texts and, for a draft, the marked passages.

    `resolution_quality` reads a fixed number of rows whatever the number of items and earlier resolutions.
    """
    # Only a draft's page marks the repeated passages: leave that third of the work out of the others.
    quality = resolution_quality(resolution, highlights=resolution.is_draft, items=items)
    return {
        "quality": quality,
        "quality_band": _score_band(quality.score.score),
        "similar": _similar_rows(quality, resolution, upper_documents),
        "near_copy": bool(quality.near_copies),
        "passages": _highlighted_passages(resolution, items, quality.highlights),
    }


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The resolution as a document, its items, links and, for a draft, what stops its issuance (R15).

    A fixed number of queries whatever the number of items, co-assignees, documents and corrections.
    """
    resolution = get_resolution_for_user(request.user, pk)
    today = timezone.localdate()
    trail = _trail(resolution.org)
    items = list(
        resolution.items.select_related("assignee", "supervisor")
        .prefetch_related("co_assignees")
        .order_by("order", "id")
    )
    for item in items:
        item.overdue = not resolution.is_draft and item.is_overdue(today)
        item.deadline_display = _deadline_display(item)
    meeting = resolution.meeting
    vote = Vote.objects.filter(meeting=meeting).first() if meeting is not None else None
    if meeting is not None:
        # issue_problems reads the vote off the meeting: share the one fetched here.
        Meeting.vote.related.set_cached_value(meeting, vote)
    can_draft = resolution.is_draft and request.user.has_perm("resolutions.draft", resolution)
    can_lead = request.user.has_perm("resolutions.lead", resolution)
    problems = resolution_queries.issue_problems(resolution) if resolution.is_draft else []
    signer_title = ""
    if resolution.signed_by_id:
        position = (
            CommitteeMembership.objects.filter(term_id=resolution.term_id, person_id=resolution.signed_by_id)
            .values_list("position", flat=True)
            .first()
        )
        signer_title = party.signer_title(position)
    upper_documents = list(resolution.upper_documents.select_related("meeting"))
    # Its signer finds the digital signature here, not only in the archive (R42).
    sign_url = ""
    if resolution.signed_by_id and resolution.signed_by_id == scope_for(request.user).person_id:
        sign_url = digital.sign_url(RESOLUTION_SOURCE, resolution.pk, resolution.signed_by_id)
    # The document names its issuer and the body above as they were named on its day (R39): one query.
    day = resolution.issued_on or _committee_day(meeting)
    named = org_history.orgs_on([(o, day) for o in trail])
    issuer_then, superior = org_history.with_superior_on(resolution.org, day, named)
    context = {
        "resolution": resolution,
        "org": resolution.org,
        "issuer_then": issuer_then,
        # As the document prints them (documents.party): "Đảng ủy …" for a committee, over its superior.
        "issuer_name": party.issuer_name(issuer_then),
        "ancestors": trail[:-1],
        "superior": superior,
        "collective": party.collective_body(resolution.org),
        "date_line": f"{party.PLACE}, {document_vn(resolution.issued_on)}" if resolution.issued_on else "",
        "signer_title": signer_title,
        "items": items,
        "meeting": meeting,
        "vote": vote,
        "upper_documents": upper_documents,
        "corrections": list(resolution.corrections.order_by("created_at", "id")),
        "plans": {p.kind: p for p in resolution.plans.all()},
        "plan_kinds": PlanKind.choices,
        "closing_review": (
            ClosingReview.objects.filter(resolution=resolution).first()
            if resolution.status == ResolutionStatus.CLOSED
            else None
        ),
        "can_draft": can_draft,
        "can_lead": can_lead,
        "problems": problems,
        "issue_form": IssueForm() if resolution.is_draft and can_lead else None,
        "sign_url": sign_url,
        "version_form": VersionForm() if can_draft else None,
        "quality_panel": _quality_panel(request, resolution, items, upper_documents),
    }
    return render(request, "resolutions/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft's subject, kind, reason, sections, meeting, drafter and upper-level texts."""
    resolution = get_resolution_for_user(request.user, pk, "resolutions.draft")
    if not resolution.is_draft:
        return _refuse_issued(request, resolution)
    form = _draft_form(request, resolution.org, resolution)
    if request.method == "GET" and is_htmx(request):
        return render(request, "resolutions/_draft_upper_documents.html", {"form": form})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                resolution, upper_documents=form.cleaned_data["upper_documents"], **form.draft_fields()
            )
        except ImmutableError:
            return _refuse_issued(request, resolution)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(resolution.get_absolute_url())
    context = {
        "resolution": resolution,
        "org": resolution.org,
        "ancestors": _trail(resolution.org)[:-1],
        "form": form,
    }
    return render(request, "resolutions/edit.html", context)


# ---------------------------------------------------------------- items (R15, R20, R26)


def _draft_item(resolution: Resolution, item_pk: int | None):
    if item_pk is None:
        return None
    item = resolution.items.prefetch_related("co_assignees").filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


def _where_typed(form, error: ValidationError) -> ValidationError:
    """A refused deadline is said where the user wrote it: under the typed deadline when they typed one,
    not under the date picker they left empty (R45, #16.4)."""
    typed = form.cleaned_data.get("deadline_text", "").strip()
    if typed and hasattr(error, "error_dict") and "deadline" in error.error_dict:
        error.error_dict["deadline_text"] = error.error_dict.pop("deadline")
    return error


@login_required
@require_http_methods(["GET", "POST"])
def item_form(request: HttpRequest, pk: int, item: int | None = None) -> HttpResponse:
    """Add or change an item: content, requirement, measures, deadline, assignee and supervisor."""
    resolution = get_resolution_for_user(request.user, pk, "resolutions.draft")
    if not resolution.is_draft:
        return _refuse_issued(request, resolution)
    existing = _draft_item(resolution, item)
    committee = resolution_queries.committee_members(resolution.org, _committee_day(resolution.meeting))
    if request.method == "POST":
        form = ItemForm(request.POST, committee=committee)
        if form.is_valid():
            try:
                saved = services.save_item(resolution, existing, **form.item_fields())
            except ImmutableError:
                return _refuse_issued(request, resolution)
            except ValidationError as error:
                add_service_errors(form, _where_typed(form, error))
            else:
                messages.success(request, _("The item is saved."))
                return redirect(f"{resolution.get_absolute_url()}#item-{saved.pk}")
    elif existing is not None:
        form = ItemForm(
            committee=committee,
            initial={
                "content": existing.content,
                "requirement": existing.requirement,
                "measures": existing.measures,
                "deadline_kind": existing.deadline_kind,
                "deadline": existing.deadline,
                "assignee": existing.assignee_id,
                "supervisor": existing.supervisor_id,
                "co_assignees": [p.pk for p in existing.co_assignees.all()],
                "related_units": existing.related_units,
            },
        )
    else:
        form = ItemForm(committee=committee)
    context = {
        "resolution": resolution,
        "org": resolution.org,
        "ancestors": _trail(resolution.org)[:-1],
        "item": existing,
        "form": form,
    }
    return render(request, "resolutions/item_form.html", context)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    resolution = get_resolution_for_user(request.user, pk, "resolutions.draft")
    if not resolution.is_draft:
        return _refuse_issued(request, resolution)
    existing = _draft_item(resolution, item)
    try:
        services.delete_item(existing)
    except ImmutableError:
        return _refuse_issued(request, resolution)
    messages.success(request, _("The item is deleted."))
    return _back(request, f"{resolution.get_absolute_url()}#items")


# ---------------------------------------------------------------- versions (R16)


def _version_number(raw, numbers: list[int]) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if value in numbers else None


@login_required
@require_http_methods(["GET", "POST"])
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The saved versions of a draft and the line diff of any two (`?a=1&b=3`); POST saves one."""
    if request.method == "POST":
        resolution = get_resolution_for_user(request.user, pk, "resolutions.draft")
        if not resolution.is_draft:
            return _refuse_issued(request, resolution)
        form = VersionForm(request.POST)
        note = form.cleaned_data["note"].strip() if form.is_valid() else ""
        last = resolution.versions.order_by("-number").values_list("number", flat=True).first()
        version = services.save_version(resolution, by=request.user, note=note)
        if version.number == last:
            messages.info(
                request,
                _("Nothing changed since version %(number)s: no new version.") % {"number": last},
            )
        else:
            messages.success(request, _("Version %(number)s is saved.") % {"number": version.number})
        return redirect(reverse("resolutions:versions", args=[resolution.pk]))

    resolution = get_resolution_for_user(request.user, pk)
    saved = list(resolution.versions.defer("text").select_related("author__person").order_by("number"))
    numbers = [v.number for v in saved]
    a = _version_number(request.GET.get("a"), numbers)
    b = _version_number(request.GET.get("b"), numbers)
    if a is None and b is None and len(numbers) >= 2:
        a, b = numbers[-2], numbers[-1]
    diff = None
    if a is not None and b is not None:
        texts = dict(
            ResolutionVersion.objects.filter(resolution=resolution, number__in=(a, b)).values_list(
                "number", "text"
            )
        )
        old = ResolutionVersion(number=a, text=texts[a])
        new = ResolutionVersion(number=b, text=texts[b])
        diff = resolution_queries.diff_versions(old, new)
    context = {
        "resolution": resolution,
        "org": resolution.org,
        "ancestors": _trail(resolution.org)[:-1],
        "versions": saved,
        "a": a,
        "b": b,
        "diff": diff,
        "changes": sum(1 for tag, _line in diff if tag != " ") if diff is not None else 0,
        "can_draft": resolution.is_draft and request.user.has_perm("resolutions.draft", resolution),
    }
    return render(request, "resolutions/versions.html", context)


# ---------------------------------------------------------------- issuance and corrections (R14, R21)


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Number, sign and issue the adopted draft; each problem that stops it is listed (R15, R21)."""
    resolution = get_resolution_for_user(request.user, pk, "resolutions.lead")
    if not resolution.is_draft:
        messages.info(request, _("This resolution is already issued."))
        return redirect(resolution.get_absolute_url())
    signer = _signer(request.user)
    if signer is None:
        messages.error(request, _("Only a committee member with a member record signs a resolution."))
        return redirect(resolution.get_absolute_url())
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The resolution cannot be issued yet:"))
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label}: {error}" if field in form.fields else error
                )
        return redirect(f"{resolution.get_absolute_url()}#issue")
    try:
        issued = services.issue(
            resolution,
            signer=signer,
            by=request.user,
            confidentiality=form.cleaned_data["confidentiality"],
            roles=form.cleaned_data["roles"],
        )
    except ImmutableError:
        messages.info(request, _("This resolution is already issued."))
    except ValidationError as error:
        messages.error(request, _("The resolution cannot be issued yet:"))
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The resolution is issued as number %(number)s.") % {"number": issued.number_display}
        )
    return redirect(f"{resolution.get_absolute_url()}#issue")


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a new draft that amends or replaces an issued resolution and links to it (R21)."""
    resolution = get_resolution_for_user(request.user, pk, "resolutions.lead")
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the new resolution amends or replaces this one."))
        return redirect(resolution.get_absolute_url())
    try:
        draft = services.start_correction(resolution, mode=form.cleaned_data["mode"], by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(resolution.get_absolute_url())
    messages.success(
        request,
        _("A new draft is started from %(number)s: change it, then have it adopted and issued.")
        % {"number": resolution.number_display},
    )
    return redirect(draft.get_absolute_url())


# ---------------------------------------------------------------- plans (R22, R24)


def _plan_context(
    request: HttpRequest, resolution: Resolution, plan: Plan | None, kind: str, **extra
) -> dict:
    leads = request.user.has_perm("resolutions.lead", resolution)
    rows = list(plan.rows.all()) if plan is not None else []
    context = {
        "resolution": resolution,
        "org": resolution.org,
        "kind": kind,
        "kind_label": PlanKind(kind).label,
        "plan_url": reverse("resolutions:plan", args=[resolution.pk, kind]),
        "other_kinds": [(k, label) for k, label in PlanKind.choices if k != kind],
        "plan": plan,
        "rows": rows,
        "leads": leads,
        "edit_row": None,
        "row_form": None,
        "plan_form": None,
    }
    if leads and plan is not None:
        context["plan_form"] = PlanForm(initial={"objectives": plan.objectives, "notes": plan.notes})
    context.update(extra)
    return context


def _edited_row(request: HttpRequest, plan: Plan | None, rows: list):
    """The row asked for by `?edit=<pk>` (or "new"), with its form; (None, None) when none is asked."""
    wanted = request.GET.get("edit")
    if plan is None or not wanted:
        return None, None
    if wanted == "new":
        return "new", PlanRowForm()
    row = next((r for r in rows if str(r.pk) == wanted), None)
    if row is None:
        raise Http404
    return row, PlanRowForm(initial={name: getattr(row, name) for name in ROW_FIELDS})


def _plan_response(request: HttpRequest, context: dict) -> HttpResponse:
    if is_htmx(request):
        return render(request, "resolutions/_draft_plan_rows.html", context)
    context["ancestors"] = _trail(context["org"])[:-1]
    return render(request, "resolutions/plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The implementation (R22) or inspection (R24) plan: seen by whoever sees the resolution, drawn up
    from the items and edited by the leaders, also after issuance (a plan is a working document)."""
    if kind not in PlanKind.values:
        raise Http404
    resolution = get_resolution_for_user(request.user, pk)
    current = Plan.objects.filter(resolution=resolution, kind=kind).first()
    url = reverse("resolutions:plan", args=[resolution.pk, kind])
    if request.method == "GET":
        context = _plan_context(request, resolution, current, kind)
        if context["leads"]:
            context["edit_row"], context["row_form"] = _edited_row(request, current, context["rows"])
        return _plan_response(request, context)

    if not request.user.has_perm("resolutions.lead", resolution):
        raise Http404
    action = request.POST.get("action")
    if action in ("generate", "regenerate"):
        services.generate_plan(resolution, kind, replace=action == "regenerate")
        messages.success(request, _("The plan is drawn up from the resolution's items."))
        return _back(request, url)
    if current is None:
        raise Http404
    if action == "plan":
        form = PlanForm(request.POST)
        if form.is_valid():
            services.update_plan(
                current,
                objectives=form.cleaned_data["objectives"].strip(),
                notes=form.cleaned_data["notes"].strip(),
            )
            messages.success(request, _("The plan is saved."))
            return _back(request, url)
        context = _plan_context(request, resolution, current, kind, plan_form=form)
        context["ancestors"] = _trail(resolution.org)[:-1]
        return render(request, "resolutions/plan.html", context)
    if action in ("row", "delete_row"):
        rows = {r.pk: r for r in current.rows.all()}
        row = None
        if request.POST.get("row"):
            try:
                row = rows[int(request.POST["row"])]
            except (KeyError, ValueError):
                raise Http404 from None
        if action == "delete_row":
            if row is None:
                raise Http404
            services.delete_plan_row(row)
            if is_htmx(request):
                return _plan_response(request, _plan_context(request, resolution, current, kind))
            messages.success(request, _("The row is deleted."))
            return redirect(f"{url}#plan-rows")
        form = PlanRowForm(request.POST)
        if form.is_valid():
            try:
                services.save_plan_row(current, row, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if is_htmx(request):
                    return _plan_response(request, _plan_context(request, resolution, current, kind))
                messages.success(request, _("The row is saved."))
                return redirect(f"{url}#plan-rows")
        context = _plan_context(request, resolution, current, kind, edit_row=row or "new", row_form=form)
        return _plan_response(request, context)
    raise Http404
