"""Orientation pages (R28): the upper level writes, documents and publishes guidance; the addressed
committees read it, and a leader's first opening is the organization's read receipt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.documents.serving import attachment_response
from nghiquyet.lib.forms import add_service_errors, add_upload_errors, mark_invalid
from nghiquyet.orgs.models import GRASSROOTS_KINDS, Organization

from .. import queries, services
from ..access import addressed_seats, get_guidance_for_user, roles_for
from ..forms.common import period_initial
from ..forms.guidance import DocumentForm, GuidanceForm
from ..models import Guidance, GuidanceReceipt
from .common import (
    directed_orgs,
    error_messages,
    grassroots_under,
    led_ids,
    page_of,
    person_of,
    require,
)


def _visible(request: HttpRequest):
    """Guidance the user sees: all under their upper-level bodies, and the published guidance addressed
    to the committees they sit on."""
    roles = roles_for(request.user)
    if roles.everything:
        return Guidance.objects.all()
    q = Q(pk__in=[])
    if roles.upper_paths:
        q |= roles.under_q(roles.upper_paths, "issuer__")
    if roles.seat_paths:
        q |= Q(published_at__isnull=False) & Guidance.objects.addressed_q(roles.seat_paths.values())
    return Guidance.objects.filter(q)


@login_required
def guidance_list(request: HttpRequest) -> HttpResponse:
    """The guidance of the user's bloc or addressed to their committees; a fixed number of queries."""
    roles = roles_for(request.user)
    require(roles.is_upper or bool(roles.seat_paths))
    read_by_mine = GuidanceReceipt.objects.filter(guidance=OuterRef("pk"), org_id__in=list(roles.seat_paths))
    guidance = (
        _visible(request)
        .select_related("issuer")
        .annotate(read_by_mine=Exists(read_by_mine))
        .order_by("-period_start", "-id")
    )
    context = {"page": page_of(request, guidance), "can_direct": roles.is_director, "roles": roles}
    return render(request, "oversight/guidance_list.html", context)


def _form(request: HttpRequest, data=None, **kwargs) -> GuidanceForm:
    roles = roles_for(request.user)
    return GuidanceForm(
        data,
        issuers=directed_orgs(roles),
        grassroots=grassroots_under(roles.direct_paths, roles.everything),
        **kwargs,
    )


@login_required
def guidance_create(request: HttpRequest) -> HttpResponse:
    """Write a draft guidance (those who direct: the Standing Committee and the Organization Board)."""
    roles = roles_for(request.user)
    require(roles.is_director)
    form = _form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm("oversight.direct", data["issuer"]):
            raise Http404
        try:
            guidance = services.create_guidance(
                data["issuer"],
                title=data["title"],
                period_kind=data["period_kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                content=data["content"],
                topics=data["topics"],
                target_all=data["target_all"],
                targets=data["targets"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The guidance is saved as a draft. Attach its documents, then publish it.")
            )
            return redirect(guidance)
    return render(request, "oversight/guidance_form.html", {"form": form, "guidance": None})


@login_required
def guidance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    guidance = get_guidance_for_user(request.user, pk, "direct")
    if guidance.is_published:
        messages.error(request, _("This guidance is published: it can no longer be changed."))
        return redirect(guidance)
    initial = {
        "issuer": guidance.issuer_id,
        "title": guidance.title,
        "content": guidance.content,
        "topics": guidance.topics,
        "target_all": guidance.target_all,
        "targets": list(guidance.targets.values_list("pk", flat=True)),
        **period_initial(guidance.period_kind, guidance.period_start, guidance.period_end),
    }
    form = _form(request, request.POST or None, initial=initial)
    form.fields["issuer"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_guidance(
                guidance,
                title=data["title"],
                period_kind=data["period_kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                content=data["content"],
                topics=data["topics"],
                target_all=data["target_all"],
                targets=data["targets"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The guidance is saved."))
            return redirect(guidance)
    return render(request, "oversight/guidance_form.html", {"form": form, "guidance": guidance})


def _record_receipts(request: HttpRequest, guidance: Guidance, target_paths: list[str]) -> None:
    """A leader of an addressed grassroots organization opens it: that organization has read it."""
    person = person_of(request)
    if person is None or not guidance.is_published:
        return
    led = set(led_ids(request))
    ids = [i for i in addressed_seats(request.user, guidance, target_paths) if i in led]
    if not ids:
        return
    done = set(
        GuidanceReceipt.objects.filter(guidance=guidance, org_id__in=ids).values_list("org_id", flat=True)
    )
    for org in Organization.objects.filter(pk__in=set(ids) - done, kind__in=GRASSROOTS_KINDS):
        services.record_receipt(guidance, org, person)


@login_required
def guidance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The guidance, its documents and addressees; for the upper level, who has read it."""
    return _guidance_page(request, get_guidance_for_user(request.user, pk))


def _guidance_page(request: HttpRequest, guidance: Guidance, document_form: DocumentForm | None = None):
    """The guidance page; `document_form` is a refused upload, shown with its messages by its field."""
    targets = [] if guidance.target_all else list(guidance.targets.order_by("path"))
    _record_receipts(request, guidance, [t.path for t in targets])
    supervising = request.user.has_perm("oversight.supervise", guidance.issuer)
    can_edit = not guidance.is_published and request.user.has_perm("oversight.direct", guidance.issuer)
    rows = queries.receipts(guidance) if supervising and guidance.is_published else []
    context = {
        "guidance": guidance,
        "targets": targets,
        "documents": list(guidance.documents.order_by("id")),
        "can_edit": can_edit,
        "document_form": (document_form or DocumentForm()) if can_edit else None,
        "rows": rows,
        "read_count": sum(1 for r in rows if r.receipt),
        "supervising": supervising,
    }
    return render(request, "oversight/guidance_detail.html", context)


@login_required
@require_POST
def guidance_publish(request: HttpRequest, pk: int) -> HttpResponse:
    guidance = get_guidance_for_user(request.user, pk, "direct")
    try:
        services.publish_guidance(guidance)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The guidance is published to the organizations addressed."))
    return redirect(guidance)


@login_required
@require_POST
def guidance_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft guidance; a published one is refused with a message."""
    guidance = get_guidance_for_user(request.user, pk, "direct")
    try:
        services.delete_guidance(guidance)
    except ValidationError as error:
        error_messages(request, error)
        return redirect(guidance)
    messages.success(request, _("The draft guidance “%(title)s” is deleted.") % {"title": guidance.title})
    return redirect("oversight:guidance_list")


@login_required
@require_POST
def guidance_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    guidance = get_guidance_for_user(request.user, pk, "direct")
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused_upload(request, guidance, form)
    try:
        attachment = services.add_document(guidance, form.cleaned_data["file"], by=request.user)
    except ValidationError as error:
        # The upload check names no field (content not matching the extension, too large, empty): its
        # message goes next to the file field, not above the page out of view (#16.11).
        add_upload_errors(form, error)
        return _refused_upload(request, guidance, form)
    messages.success(request, _("“%(name)s” is attached.") % {"name": attachment.original_name})
    return redirect(guidance)


def _refused_upload(request: HttpRequest, guidance: Guidance, form: DocumentForm) -> HttpResponse:
    """The guidance page again with each message by its field, the first field in error focused (so in
    view); nothing stored."""
    mark_invalid(form)
    return _guidance_page(request, guidance, document_form=form)


@login_required
@require_POST
def guidance_document_remove(request: HttpRequest, pk: int, file: int) -> HttpResponse:
    guidance = get_guidance_for_user(request.user, pk, "direct")
    try:
        services.remove_document(guidance, file)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The document is removed."))
    return redirect(guidance)


@login_required
def guidance_document(request: HttpRequest, pk: int, file: int) -> HttpResponse:
    """A document of a guidance, to those who may see the guidance."""
    guidance = get_guidance_for_user(request.user, pk)
    attachment = guidance.documents.filter(pk=file).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment)
