"""Pages of digital signatures (R42): signing an archived document as its named signer, and verifying a
signed PDF (uploaded, or from the archive). Access to an archived document goes through
`access.get_archived` (another organization's document: 404); only its named signer signs it (403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import signing
from .access import archive_filter, get_archived
from .models import ArchivedDocument, SignedCopy
from .signing_forms import SignForm, VerifyForm

PICK_LIMIT = 50


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """A named signer signs the archived PDF (or the other signer's signed PDF, over their signature) with
    the configured token or certificate file."""
    viewer = request.reader.viewer
    doc = get_archived(pk, request.reader.paths, viewer)
    named = signing.named_signer(doc, viewer.person_id)
    if named is None:
        raise PermissionDenied(_("Only the signer named on the document signs it."))
    back = redirect("documents:archived", pk=doc.pk)
    if reason := signing.refusal(doc, viewer.person_id):
        messages.error(request, reason)
        return back
    # Bound on every POST: with the PIN in the settings the form has no field, and the POST is empty.
    form = SignForm(request.POST if request.method == "POST" else None, needs_secret=signing.needs_secret())
    if request.method == "POST" and form.is_valid():
        try:
            signing.sign_archived(
                doc, person_id=viewer.person_id, secret=form.cleaned_data.get("secret", ""), by=request.user
            )
        except signing.SigningError as error:
            form.add_error(None, str(error))
        except PermissionDenied as error:
            messages.error(request, str(error))
            return back
        else:
            messages.success(request, _("The document is signed: recipients now download the signed PDF."))
            return back
    return render(
        request,
        "documents/sign.html",
        {
            "doc": doc,
            "form": form,
            "named": named,
            "key_source": signing.key_source(),
            "level": signing.level(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Who signed a PDF, with which certificate chain, when, and whether it changed since."""
    reader = request.reader
    signed = (
        SignedCopy.objects.filter(document__in=_visible(reader))
        .select_related("document")
        .order_by("-signed_at", "-id")[:PICK_LIMIT]
    )
    # A document signed twice (minutes) is listed once.
    choices = signing.archived_choices({copy.document_id: copy.document for copy in signed}.values())
    posted = request.method == "POST"
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None, documents=choices)
    result = name = None
    if request.method == "POST" and form.is_valid():
        if checked := form.cleaned_data["file"]:
            data, name = checked.data, checked.name
        else:
            doc = get_archived(form.cleaned_data["document"], reader.paths, reader.viewer)
            pdf = signing.signed_pdf(doc)
            if pdf is None:
                form.add_error("document", _("This document is not signed."))
            else:
                with pdf.file.open("rb") as handle:
                    data, name = handle.read(), str(doc)
        if name is not None:
            result = signing.verify_pdf(data)
    return render(request, "documents/verify.html", {"form": form, "result": result, "name": name})


def _visible(reader):
    return ArchivedDocument.objects.filter(archive_filter(reader.paths, reader.viewer))
