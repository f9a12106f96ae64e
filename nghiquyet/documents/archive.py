"""The archive of issued and signed documents (R21) and their dissemination to recipients (R38).

Each organization's archive is a chain: every entry stores the SHA-256 of its canonical text and a chain
hash over the previous entry's chain hash, its own text hash and its particulars (`seal`). Rows are
append-only in the application; `verify` recomputes everything and names each entry that no longer
matches, so a change made behind the application's back (SQL, a restored backup) is found.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import search
from .models import (
    ArchivedDocument,
    Attachment,
    Confidentiality,
    DisseminationRecord,
    DocType,
    Recipient,
    SearchKind,
    Urgency,
    roles_text,
)
from .rendering import ARCHIVE_COPY, OfficialDocument, PdfError, convert_to_pdf, pdf_available, render_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHAIN_ATTEMPTS = 3
# Their records are indexed by the apps that own them (the resolution, the minutes) and link to them; an
# inspection conclusion is indexed by oversight as an archived document, for the committee inspected too.
# Every other archived document is found in search as itself (SearchKind.ARCHIVED).
INDEXED_BY_OWNER = (DocType.RESOLUTION, DocType.MINUTES, DocType.INSPECTION_CONCLUSION)


@dataclass(frozen=True)
class RecipientSpec:
    """One "Nơi nhận" line; the organizations and people it stands for receive the document."""

    name: str
    org_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    # Names of the people, for the dissemination list (person id -> name).
    person_names: dict[int, str] = field(default_factory=dict)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(doc: ArchivedDocument, recipients: Iterable[str], docx_sha256: str) -> str:
    """The chain hash: previous chain hash + this text's hash + the particulars a reader relies on."""
    particulars = json.dumps(
        {
            "org_id": doc.org_id,
            "org_code": doc.org_code,
            "seq": doc.seq,
            "doc_type": doc.doc_type,
            "number": doc.number_display,
            "title": doc.title,
            "issued_on": doc.issued_on.isoformat(),
            "confidentiality": doc.confidentiality,
            "roles": doc.roles,
            "source": [doc.source_kind, doc.source_id],
            "recipients": list(recipients),
            "docx": docx_sha256,
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(f"{doc.prev_sha256}\n{doc.sha256}\n{particulars}".encode()).hexdigest()


def _attachment(data: bytes, name: str, content_type: str, extension: str, by) -> Attachment:
    attachment = Attachment(
        original_name=name,
        extension=extension,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    attachment.file.save("archive" + extension, ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def archive(
    *,
    org_id: int,
    org_code: str,
    org_path: str,
    doc_type: str,
    title: str,
    issued_on: dt.date,
    canonical_text: str,
    docx: bytes,
    filename: str,
    source_kind: str,
    source_id: int,
    source_url: str = "",
    number_display: str = "",
    recipients: Iterable[RecipientSpec] = (),
    confidentiality: str = Confidentiality.NONE,
    urgency: str = Urgency.NONE,
    roles: Iterable[str] = (),
    by=None,
    now: dt.datetime | None = None,
) -> ArchivedDocument:
    """Archive an issued or signed document as the next entry of its organization's chain, with its
    recipients ("Lưu VP" last) and a dissemination record for each organization and person they name.

    Archiving the same source twice returns the first entry. The organization's last entry is locked so
    two documents archived at once get consecutive places in the chain.
    """
    existing = ArchivedDocument.objects.filter(
        source_kind=source_kind, source_id=source_id, doc_type=doc_type
    ).first()
    if existing is not None:
        return existing
    if confidentiality != Confidentiality.NONE and not roles_text(roles):
        raise ValueError("a classified document names the roles that may see it")
    if confidentiality != Confidentiality.NONE and settings.INTERNET_FACING:
        # Secret content is never kept on nor sent through an Internet-connected system: Luật Bảo vệ bí mật
        # nhà nước 29/2018/QH14, Điều 5 points 5-6; Quy định 379-QĐ/TW (2025) defers to it (docs/signing.md).
        raise ValidationError(
            {
                "confidentiality": _(
                    "A classified document is never sent through a system connected to the Internet."
                )
            }
        )
    specs = [r for r in recipients if r.name.strip().rstrip(".,").lower() != ARCHIVE_COPY.lower()]
    specs.append(RecipientSpec(ARCHIVE_COPY))
    docx_attachment = _attachment(docx, filename, DOCX_TYPE, ".docx", by)
    doc = ArchivedDocument(
        org_id=org_id,
        org_code=org_code,
        org_path=org_path,
        doc_type=doc_type,
        number_display=number_display,
        title=title,
        issued_on=issued_on,
        canonical_text=canonical_text,
        sha256=text_sha256(canonical_text),
        docx=docx_attachment,
        confidentiality=confidentiality,
        urgency=urgency,
        roles=roles_text(roles) if confidentiality != Confidentiality.NONE else "",
        source_kind=source_kind,
        source_id=source_id,
        source_url=source_url,
        archived_by=by if getattr(by, "is_authenticated", False) else None,
    )
    append_to_chain(doc, lambda: seal(doc, [s.name for s in specs], docx_attachment.sha256))
    rows = Recipient.objects.bulk_create(
        Recipient(
            document=doc,
            order=i,
            name=spec.name,
            org_id=spec.org_ids[0] if len(spec.org_ids) == 1 else None,
            archive_copy=spec.name == ARCHIVE_COPY,
        )
        for i, spec in enumerate(specs)
    )
    sent_at = now or timezone.now()
    records = []
    for spec, row in zip(specs, rows, strict=True):
        records += [
            DisseminationRecord(document=doc, recipient=row, org_id=o, name=spec.name, sent_at=sent_at)
            for o in spec.org_ids
        ]
        records += [
            DisseminationRecord(
                document=doc,
                recipient=row,
                person_id=p,
                name=spec.person_names.get(p, spec.name),
                sent_at=sent_at,
            )
            for p in spec.person_ids
        ]
    DisseminationRecord.objects.bulk_create(records)
    if doc_type not in INDEXED_BY_OWNER:
        index_archived([doc])
    return doc


def append_to_chain(row, sealed) -> None:
    """Save `row` (an ArchivedDocument or a SignedCopy) as the next entry of its organization's chain:
    its place and previous chain hash from the last entry, locked; `sealed()` then gives its chain hash."""
    model = type(row)
    for attempt in range(CHAIN_ATTEMPTS):
        last = (
            model.objects.select_for_update()
            .filter(org_id=row.org_id)
            .order_by("-seq")
            .only("seq", "chain_sha256")
            .first()
        )
        row.seq = (last.seq + 1) if last else 1
        row.prev_sha256 = last.chain_sha256 if last else ""
        row.chain_sha256 = sealed()
        try:
            # An organization's first entry has no row to lock: two first entries at once meet on the
            # unique (org, seq) key, and the later one takes the next place.
            with transaction.atomic():
                row.save()
            return
        except IntegrityError:
            row.pk, row._state.adding = None, True
            if attempt == CHAIN_ATTEMPTS - 1:
                raise


def archive_rendered(
    document: OfficialDocument,
    *,
    org,
    canonical_text: str,
    title: str | None = None,
    issued_on: dt.date | None = None,
    filename: str | None = None,
    **entry,
) -> ArchivedDocument:
    """`archive` an official document of `org` (an organization: its pk, code and path): its DOCX rendered
    here; its type, number, subject, date and file name taken from the document unless given. `entry`
    holds the rest of `archive`'s arguments (source, recipients, classification, by)."""
    return archive(
        org_id=org.pk,
        org_code=org.code,
        org_path=org.path,
        doc_type=document.doc_type,
        number_display=document.number_display,
        title=document.subject if title is None else title,
        issued_on=document.date if issued_on is None else issued_on,
        canonical_text=canonical_text,
        docx=render_docx(document, org_id=org.pk),
        filename=filename or document.filename("docx"),
        **entry,
    )


def mark_opened(doc: ArchivedDocument, *, person_id: int | None, org_ids: Iterable[int] = ()) -> None:
    """The first time a recipient opens the document: for them, and for the organizations they lead."""
    now = timezone.now()
    if person_id is not None:
        DisseminationRecord.objects.filter(document=doc, person_id=person_id, opened_at__isnull=True).update(
            opened_at=now
        )
    org_ids = list(org_ids)
    if org_ids:
        DisseminationRecord.objects.filter(document=doc, org_id__in=org_ids, opened_at__isnull=True).update(
            opened_at=now
        )


def ensure_pdf(doc: ArchivedDocument) -> Attachment | None:
    """The archived PDF, made from the archived DOCX the first time it is asked for (None when LibreOffice
    is missing or fails: the DOCX is the archived original)."""
    if doc.pdf_id is not None:
        return doc.pdf
    if not pdf_available():
        return None
    with doc.docx.file.open("rb") as handle:
        docx = handle.read()
    try:
        data = convert_to_pdf(docx)
    except PdfError:
        return None
    name = doc.docx.original_name.rsplit(".", 1)[0] + ".pdf"
    with transaction.atomic():
        pdf = _attachment(data, name, "application/pdf", ".pdf", None)
        if ArchivedDocument.objects.filter(pk=doc.pk).fill_missing_pdf(pdf) == 0:
            pdf.file.delete(save=False)
            pdf.delete()
    doc.refresh_from_db(fields=["pdf"])
    return doc.pdf


# ---------------------------------------------------------------- search


def _search_docs(docs: list[ArchivedDocument]) -> list[search.Doc]:
    # The organization's name by model name: documents imports none of orgs' models.
    organization = apps.get_model("orgs", "Organization")
    names = dict(organization.objects.filter(pk__in={d.org_id for d in docs}).values_list("pk", "name"))
    return [
        search.Doc(
            kind=SearchKind.ARCHIVED,
            object_id=doc.pk,
            org_id=doc.org_id,
            org_code=doc.org_code,
            org_name=names.get(doc.org_id, doc.org_code),
            org_path=doc.org_path,
            title=f"{doc.number_display} {doc.title}".strip(),
            text=doc.canonical_text,
            date=doc.issued_on,
            period_day=doc.issued_on,
            url=reverse("documents:archived", args=[doc.pk]),
            confidentiality=doc.confidentiality,
            roles=doc.role_list(),
        )
        for doc in docs
    ]


def index_archived(docs: list[ArchivedDocument]) -> int:
    """Put archived documents in the search index, seen by those who see them in the archive."""
    return search.index(_search_docs(docs))


# The archived documents that no owner indexes (plans, reports, notices…), found as in the archive (the
# `reindex` command rebuilds and checks them).
ARCHIVE_SEARCH = search.Source(
    "archived documents",
    owned=lambda: (
        Q(kind=SearchKind.ARCHIVED)
        & ~Q(object_id__in=ArchivedDocument.objects.filter(doc_type__in=INDEXED_BY_OWNER).values("pk"))
    ),
    batches=search.batched(
        lambda: ArchivedDocument.objects.exclude(doc_type__in=INDEXED_BY_OWNER), _search_docs
    ),
)


def reindex_all(batch: int = 500) -> int:
    """Rebuild the entries of the archived documents not indexed by their owners."""
    return search.rebuild(ARCHIVE_SEARCH, batch)


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class Mismatch:
    doc_id: int
    org_code: str
    seq: int
    label: str
    problem: str

    def __str__(self) -> str:
        return f"#{self.doc_id} {self.org_code} entry {self.seq} ({self.label}): {self.problem}"


def verify(*, check_files: bool = True, batch: int = 500) -> list[Mismatch]:
    """Every archived entry whose text, particulars, file or place in its organization's chain no longer
    matches what was sealed. Reads the archive in batches (two queries each), chain after chain."""
    problems: list[Mismatch] = []
    previous: dict[int, tuple[int, str]] = {}
    after = Q()
    while True:
        docs = list(
            ArchivedDocument.objects.select_related("docx").filter(after).order_by("org_id", "seq")[:batch]
        )
        if not docs:
            return problems
        names: dict[int, list[str]] = defaultdict(list)
        for document_id, name in (
            Recipient.objects.filter(document__in=docs)
            .order_by("order", "id")
            .values_list("document_id", "name")
        ):
            names[document_id].append(name)
        for doc in docs:
            problems += [
                Mismatch(doc.pk, doc.org_code, doc.seq, _label(doc), problem)
                for problem in _problems(doc, previous.get(doc.org_id, (0, "")), names[doc.pk], check_files)
            ]
            previous[doc.org_id] = (doc.seq, doc.chain_sha256)
        last = docs[-1]
        after = Q(org_id__gt=last.org_id) | Q(org_id=last.org_id, seq__gt=last.seq)


def _label(doc: ArchivedDocument) -> str:
    return f"{doc.number_display or doc.get_doc_type_display()} {doc.title}".strip()


def _problems(doc: ArchivedDocument, previous: tuple[int, str], recipients: list[str], check_files: bool):
    expected_seq, expected_prev = previous
    if doc.seq != expected_seq + 1:
        yield f"entry {expected_seq + 1} of the chain is missing"
    if doc.prev_sha256 != expected_prev:
        yield "does not follow the previous entry of the chain"
    if text_sha256(doc.canonical_text) != doc.sha256:
        yield "the text no longer matches its SHA-256"
    if seal(doc, recipients, doc.docx.sha256) != doc.chain_sha256:
        yield "the chain hash no longer matches the entry"
    if check_files and (problem := _file_problem(doc.docx)):
        yield problem


def file_sha256(attachment: Attachment) -> str | None:
    """The SHA-256 of the stored file as it is now; None when it cannot be read."""
    try:
        with attachment.file.open("rb") as handle:
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _file_problem(attachment: Attachment) -> str:
    digest = file_sha256(attachment)
    if digest is None:
        return "the DOCX file is missing"
    if digest != attachment.sha256:
        return "the DOCX file no longer matches its SHA-256"
    return ""
