"""Digital signatures of archived documents (R42), on the side of the apps that archive them: who signs
signed minutes (the chair and the recorder, in turn), and the inbox request asking a named signer to sign
once the document is archived (R44), marked read when they have signed. documents names no upper app, so
it asks through `register_signer` and tells through `document_signed`; resolutions and oversight use
`ask_to_sign` for their own documents."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from nghiquyet.documents import signing
from nghiquyet.documents.models import ArchivedDocument, SignedCopy
from nghiquyet.notify.models import Notification
from nghiquyet.notify.services import mark_read_about, notify
from nghiquyet.orgs.models import Person

from .models import Minutes


def minutes_signers(minutes_id: int) -> list[signing.NamedSigner]:
    """The chair, then the recorder, of signed minutes: both sign the same PDF, the second over the
    first (the paper minutes carry both signatures, R14)."""
    row = (
        Minutes.objects.filter(pk=minutes_id)
        .values_list(
            "meeting__chair_id",
            "meeting__chair__full_name",
            "meeting__recorder_id",
            "meeting__recorder__full_name",
            "meeting__org__name",
        )
        .first()
    )
    if row is None:
        return []
    chair_id, chair, recorder_id, recorder, org_name = row
    people = [(chair_id, chair), (recorder_id, recorder)]
    return [signing.NamedSigner(pk, name, org_name) for pk, name in people if pk is not None]


def sign_url(doc: ArchivedDocument) -> str:
    return reverse("documents:sign", args=[doc.pk])


def ask_to_sign(doc: ArchivedDocument) -> None:
    """Ask each named signer of a just archived document to sign it digitally, in their inbox and by
    e-mail (R42, R44): only where a signing key is configured and they may sign it (a classified document
    on an Internet-facing system is not signed), and once (archiving again asks no one again)."""
    if not signing.key_source():
        return
    url = sign_url(doc)
    wanted = [s.person_id for s in signing.named_signers(doc) if not signing.refusal(doc, s.person_id)]
    asked = Notification.objects.filter(url=url).values("recipient_id")
    users = [
        p.user
        for p in Person.objects.filter(pk__in=wanted, user__isnull=False)
        .exclude(user_id__in=asked)
        .select_related("user")
        .order_by("pk")
    ]
    title = f"{doc.number_display} {doc.title}".strip()
    notify(
        users,
        lambda: _("Document to sign digitally: {title}").format(title=title),
        lambda: _(
            "{title} is archived; as its signer, sign it digitally with your token or certificate."
        ).format(title=title),
        url,
    )


def mark_request_read(sender, document: ArchivedDocument, copy: SignedCopy, **kwargs) -> None:
    """The signer has signed: their request to sign is done (connected to `signing.document_signed`)."""
    person = Person.objects.select_related("user").filter(pk=copy.signer_person_id).first()
    if person is not None and person.user is not None:
        mark_read_about(person.user, sign_url(document))
