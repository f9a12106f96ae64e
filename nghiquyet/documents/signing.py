"""Digital signatures of issued documents (R42): PAdES with pyHanko, and their verification.

The key is on a PKCS#11 token (a USB token, an HSM; SoftHSM2 in the tests) or in a PKCS#12 file, as the
settings say (docs/signing.md). Signing adds a visible signature field in the signer's place on the last
page — above the signer's printed name — and stores the signed PDF as a `SignedCopy` of the archived
entry, chained per organization (`seal`). With a time-stamping service configured the signature is
PAdES B-LT (timestamp, certificates and revocation data embedded); without one, PAdES B-B.

Who may sign an archived document is the app that archived it: it registers, per source kind, who its
named signers are (`register_signer`); documents imports none of the upper apps. A document with two
signers (signed minutes: the chair and the recorder) is signed in turn, the second signature added to the
first one's signed PDF as an incremental update (PAdES allows several signatures, each covering the
revision it signed); each signature is a signed copy, and the latest is the one recipients download.
When a signature is added, `document_signed` is sent (the apps mark the signer's request read).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from .archive import Mismatch, _attachment, append_to_chain, ensure_pdf, file_sha256
from .models import ArchivedDocument, Attachment, SignedCopy

FIELD_NAME = "ChuKySo"
PDF_TYPE = "application/pdf"
# The visible signature: this wide, and as tall as the room between the signer's title and name allows.
BOX_WIDTH = 190.0
BOX_MIN_HEIGHT = 40.0
BOX_MAX_HEIGHT = 70.0
STAMP_FONT_SIZE = 9


class SigningError(Exception):
    """Signing could not be done (no key configured, a wrong PIN, a token missing): said to the signer."""


# ---------------------------------------------------------------- who signs


@dataclass(frozen=True)
class NamedSigner:
    person_id: int
    name: str
    org_name: str  # printed in the visible signature


# Sent in the transaction that keeps a signature: kwargs `document` (ArchivedDocument), `copy` (SignedCopy).
document_signed = Signal()

Found = NamedSigner | list[NamedSigner] | None

# source_kind -> function(source_id) -> the named signer(s) of that record, in signing order, or None.
_SIGNERS: dict[str, Callable[[int], Found]] = {}


def register_signer(source_kind: str, find: Callable[[int], Found]) -> None:
    """Called by the app that archives `source_kind` records (in its AppConfig.ready); `find` returns
    the one signer, or the list of those who sign in turn (minutes: the chair, then the recorder)."""
    _SIGNERS[source_kind] = find


def named_signers(doc: ArchivedDocument) -> list[NamedSigner]:
    find = _SIGNERS.get(doc.source_kind)
    found = find(doc.source_id) if find else None
    if found is None:
        return []
    return [found] if isinstance(found, NamedSigner) else list(found)


def named_signer(doc: ArchivedDocument, person_id: int | None = None) -> NamedSigner | None:
    """The named signer who is `person_id`; without one, the first named signer."""
    signers = named_signers(doc)
    if person_id is None:
        return signers[0] if signers else None
    return next((s for s in signers if s.person_id == person_id), None)


def awaiting(source_kind: str, source_id: int, person_id: int | None) -> int | None:
    """The archived entry of a record while it awaits this person's digital signature (R42): the "Ký số"
    link on the record's page. One query, plus the app's own to name the signers."""
    if person_id is None:
        return None
    doc = (
        ArchivedDocument.objects.filter(source_kind=source_kind, source_id=source_id)
        .exclude(signed__signer_person_id=person_id)
        .order_by("pk")
        .first()
    )
    return doc.pk if doc is not None and not refusal(doc, person_id) else None


def sign_url(source_kind: str, source_id: int | None, person_id: int | None) -> str:
    """The "Ký số" link of a record's page for this viewer: "" unless its archived entry awaits their
    signature."""
    pk = awaiting(source_kind, source_id, person_id) if source_id is not None else None
    return reverse("documents:sign", args=[pk]) if pk else ""


def refusal(doc: ArchivedDocument, person_id: int | None) -> str:
    """Why this person may not sign this document now ("" when they may)."""
    # Signing is for non-classified documents (Hướng dẫn 03-HD/VPTW, 2021); and secret content never goes
    # through an Internet-connected system (Luật 29/2018/QH14, Điều 5; docs/signing.md).
    if doc.is_classified and settings.INTERNET_FACING:
        return _(
            "A classified document is never signed on a system connected to the Internet "
            "(Regulation 337-QĐ/TW)."
        )
    if person_id is None or named_signer(doc, person_id) is None:
        return _("Only the signer named on the document signs it.")
    if SignedCopy.objects.filter(document=doc, signer_person_id=person_id).exists():
        return _("This document is already signed.")
    return ""


# ---------------------------------------------------------------- the key


def key_source() -> str:
    """ "pkcs11", "pkcs12" or "" (none configured)."""
    if settings.SIGNING_PKCS11_MODULE:
        return "pkcs11"
    if settings.SIGNING_PKCS12_FILE:
        return "pkcs12"
    return ""


def needs_secret() -> bool:
    """Whether the signer types the PIN (token) or passphrase (file): when the settings hold none."""
    source = key_source()
    if source == "pkcs11":
        return not settings.SIGNING_PKCS11_PIN
    if source == "pkcs12":
        return not settings.SIGNING_PKCS12_PASSPHRASE
    return False


@contextmanager
def open_signer(secret: str = ""):
    """The configured key as a pyHanko signer; a PKCS#11 session is closed on leaving."""
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import signers
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    source = key_source()
    if source == "pkcs11":
        try:
            session = open_pkcs11_session(
                settings.SIGNING_PKCS11_MODULE,
                slot_no=int(settings.SIGNING_PKCS11_SLOT) if settings.SIGNING_PKCS11_SLOT else None,
                token_criteria=TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN_LABEL or None),
                user_pin=secret or settings.SIGNING_PKCS11_PIN,
            )
        except (PKCS11Error, OSError, ValueError) as error:
            raise SigningError(
                _("The token could not be opened: check that it is plugged in and the PIN.")
            ) from error
        try:
            yield PKCS11Signer(
                session, key_label=settings.SIGNING_PKCS11_KEY_LABEL or None, other_certs_to_pull=None
            )
        finally:
            session.close()
    elif source == "pkcs12":
        passphrase = secret or settings.SIGNING_PKCS12_PASSPHRASE
        signer = signers.SimpleSigner.load_pkcs12(
            settings.SIGNING_PKCS12_FILE, passphrase=passphrase.encode() if passphrase else None
        )
        if signer is None:
            raise SigningError(_("The certificate file could not be opened: check the passphrase."))
        yield signer
    else:
        raise SigningError(_("No signing key is configured on this system (docs/signing.md)."))


# ---------------------------------------------------------------- where the signature goes


def signature_place(pdf: bytes, signer_name: str) -> tuple[int, tuple[float, float, float, float]]:
    """The last page and the box above the signer's printed name, below their title: where a signature
    is written by hand on the paper copy. The lower right of the page when the name is not found."""
    reader = PdfReader(io.BytesIO(pdf))
    page_index = len(reader.pages) - 1
    page = reader.pages[page_index]
    width = float(page.mediabox.width)
    runs: list[tuple[str, float, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text.strip(), x, y, float(size or 12) * abs(tm[0] * cm[0] or 1)))

    page.extract_text(visitor_text=visit)
    name = " ".join(signer_name.split())
    found = [r for r in runs if name and " ".join(r[0].split()) == name]
    if not found:
        return page_index, (width - 60 - BOX_WIDTH, 80.0, width - 60, 80.0 + BOX_MAX_HEIGHT)
    text, x, y, size = found[-1]
    centre = x + len(text) * size * 0.24  # half the name's width, at about half an em per letter
    above = [r[2] for r in runs if r[2] > y + size and abs(r[1] + len(r[0]) * r[3] * 0.24 - centre) < 80]
    top = min(above) - 2 if above else y + size + BOX_MAX_HEIGHT
    bottom = y + size
    height = max(BOX_MIN_HEIGHT, min(BOX_MAX_HEIGHT, top - bottom))
    left = max(10.0, min(width - 10 - BOX_WIDTH, centre - BOX_WIDTH / 2))
    return page_index, (left, bottom, left + BOX_WIDTH, bottom + height)


# ---------------------------------------------------------------- signing


def level() -> str:
    return "PAdES B-LT" if settings.SIGNING_TIMESTAMP_URL else "PAdES B-B"


def _trust_roots() -> list[asn1_x509.Certificate]:
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder(settings.SIGNING_TRUST_ROOTS)) if settings.SIGNING_TRUST_ROOTS else []


def _validation_context(*, fetching: bool):
    from pyhanko_certvalidator import ValidationContext

    roots = _trust_roots()
    # No roots configured: the system's own; verification never fetches over the network (closed intranet).
    return ValidationContext(trust_roots=roots or None, allow_fetching=fetching)


def _stamp_font() -> Path:
    """The stamp's font scaled to 1000 units per em, once: pyHanko writes the glyph widths in the font's
    own units where PDF expects thousandths of an em, so a 2048-unit TrueType font (Liberation, DejaVu)
    would be drawn with every letter spaced out."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = Path(settings.SIGNING_FONT)
    stamp = hashlib.sha256(f"{source}:{source.stat().st_mtime_ns}".encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"nghiquyet-signature-{stamp}.ttf"
    if not target.exists():
        font = TTFont(source)
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        partial = target.with_suffix(f".{os.getpid()}.part")
        font.save(partial)
        partial.replace(target)
    return target


def sign_pdf(
    pdf: bytes, signer, *, signer_name: str, org_name: str, when: dt.datetime, field_name: str = FIELD_NAME
) -> bytes:
    """`pdf` signed with `signer` (open_signer), the visible signature in the signer's place; a PDF
    already signed gets the new signature as an incremental update, the earlier ones left intact."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.stamp import TextStampStyle

    page, box = signature_place(pdf, signer_name)
    style = TextStampStyle(
        stamp_text="Ký bởi: %(signer)s\nCơ quan: %(org)s\nThời gian ký: %(when)s",
        # One font size for shaping and for drawing, or the letters drift apart (pyHanko issue #733).
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(_stamp_font()), font_size=STAMP_FONT_SIZE),
            font_size=STAMP_FONT_SIZE,
        ),
        border_width=1,
    )
    timestamp_url = settings.SIGNING_TIMESTAMP_URL
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=signer_name,
        location=org_name,
        # B-LT: the certificates and revocation data are embedded, fetched once while signing.
        embed_validation_info=bool(timestamp_url),
        validation_context=_validation_context(fetching=True) if timestamp_url else None,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer,
        timestamper=timestamps.HTTPTimeStamper(timestamp_url) if timestamp_url else None,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(field_name, on_page=page, box=box),
    )
    local = timezone.localtime(when)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = pdf_signer.sign_pdf(
        writer,
        appearance_text_params={
            "signer": signer_name,
            "org": org_name,
            "when": local.strftime("%d/%m/%Y %H:%M:%S %z"),
        },
    )
    return out.getvalue()


def seal(copy: SignedCopy, document_chain: str, signed_sha256: str) -> str:
    """The signed copy's chain hash: previous signed copy, the archived entry's chain hash, both PDFs'
    hashes and the signature's particulars."""
    particulars = json.dumps(
        {
            "org_id": copy.org_id,
            "seq": copy.seq,
            "document": copy.document_id,
            "unsigned": copy.unsigned_sha256,
            "signed": signed_sha256,
            "signer": [copy.signer_person_id, copy.signer_name],
            "certificate": [copy.certificate_subject, copy.certificate_issuer, copy.certificate_serial],
            "level": copy.level,
            "signed_at": copy.signed_at.isoformat(),
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(f"{copy.prev_sha256}\n{document_chain}\n{particulars}".encode()).hexdigest()


def latest_copy(doc: ArchivedDocument) -> SignedCopy | None:
    """The last signed copy of a document: with two signers, the one holding both signatures."""
    return SignedCopy.objects.select_related("pdf").filter(document=doc).order_by("-seq").first()


def sign_archived(doc: ArchivedDocument, *, person_id: int | None, secret: str = "", by=None) -> SignedCopy:
    """Sign an archived document's PDF as one of its named signers and keep the signed PDF as a signed
    copy, the next entry of the organization's chain of signed copies. A second signer signs the first
    one's signed PDF, so the last copy holds every signature. Refused (PermissionDenied) for anyone else,
    twice by one signer, or for a classified document on an Internet-facing system."""
    if reason := refusal(doc, person_id):
        raise PermissionDenied(reason)
    named = named_signer(doc, person_id)
    before = latest_copy(doc)
    source = before.pdf if before is not None else ensure_pdf(doc)
    if source is None:
        raise SigningError(_("The PDF could not be made this time. Try again later."))
    with source.file.open("rb") as handle:
        pdf = handle.read()
    count = SignedCopy.objects.filter(document=doc).count()
    field_name = FIELD_NAME if count == 0 else f"{FIELD_NAME}{count + 1}"
    now = timezone.now()
    with open_signer(secret) as signer:
        signed = sign_pdf(
            pdf, signer, signer_name=named.name, org_name=named.org_name, when=now, field_name=field_name
        )
        cert = signer.signing_cert
    with transaction.atomic():
        # The archived entry locked: two signings at once of one document, and the second is refused.
        ArchivedDocument.objects.select_for_update().filter(pk=doc.pk).only("pk").first()
        if SignedCopy.objects.filter(document=doc, signer_person_id=person_id).exists():
            raise PermissionDenied(_("This document is already signed."))
        if latest_copy(doc) != before:
            # The other signer signed meanwhile: this signature is over a PDF no longer the latest.
            raise SigningError(_("The other signer has just signed: sign again, over their signature."))
        name = (doc.docx.original_name.rsplit(".", 1)[0] or "document") + ".pdf"
        attachment = _attachment(signed, name, PDF_TYPE, ".pdf", by)
        copy = SignedCopy(
            document=doc,
            org_id=doc.org_id,
            pdf=attachment,
            unsigned_sha256=source.sha256,
            signer_person_id=person_id,
            signer_name=named.name,
            certificate_subject=cert.subject.human_friendly[:500],
            certificate_issuer=cert.issuer.human_friendly[:500],
            certificate_serial=format(cert.serial_number, "x")[:80],
            level=level(),
            signed_at=now,
            signed_by=by if getattr(by, "is_authenticated", False) else None,
        )
        append_to_chain(copy, lambda: seal(copy, doc.chain_sha256, attachment.sha256))
        document_signed.send(sender=SignedCopy, document=doc, copy=copy)
    return copy


def signed_pdf(doc: ArchivedDocument) -> Attachment | None:
    """The signed PDF recipients download, when the document is signed: the one with every signature."""
    copy = latest_copy(doc)
    return copy.pdf if copy else None


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class SignatureReport:
    """One signature of a PDF, as the verification page and `verify_signature` show it."""

    signer: str
    chain: list[str]
    signing_time: dt.datetime | None
    intact: bool  # the signed bytes hash to what was signed
    valid: bool  # the signature is the certificate's over those bytes
    trusted: bool  # the certificate chains to a configured root
    whole_document: bool  # nothing added after the signature but further signatures (a co-signer's)
    problems: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return self.intact and self.valid and self.whole_document


@dataclass(frozen=True)
class Verification:
    sha256: str
    signatures: list[SignatureReport]
    readable: bool = True
    archived: SignedCopy | None = None

    @property
    def altered(self) -> bool:
        """Changed since signing: unreadable as a signed PDF, or any signature no longer covering it."""
        return not self.readable or any(not s.unchanged for s in self.signatures)


def _name(cert) -> str:
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def verify_pdf(data: bytes) -> Verification:
    """Every signature of a PDF: signer, certificate chain, signing time, and whether the file changed
    since (a PDF altered by one byte is reported altered). Nothing is fetched from the network."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    digest = hashlib.sha256(data).hexdigest()
    archived = SignedCopy.objects.select_related("document").filter(pdf__sha256=digest).first()
    try:
        embedded = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, OSError):
        return Verification(digest, [], readable=False, archived=archived)
    reports = []
    for sig in embedded:
        try:
            status = validate_pdf_signature(sig, _validation_context(fetching=False))
        except Exception as error:
            reports.append(
                SignatureReport(
                    signer=_name(sig.signer_cert) if _safe_cert(sig) else "",
                    chain=[],
                    signing_time=None,
                    intact=False,
                    valid=False,
                    trusted=False,
                    whole_document=False,
                    problems=[str(error)],
                )
            )
            continue
        path = status.validation_path
        chain = [_name(c) for c in reversed(list(path.iter_certs(include_root=True)))] if path else []
        reports.append(
            SignatureReport(
                signer=_name(status.signing_cert),
                chain=chain or [_name(status.signing_cert)],
                signing_time=(
                    status.timestamp_validity.timestamp
                    if status.timestamp_validity
                    else status.signer_reported_dt
                ),
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                whole_document=_covers(status),
            )
        )
    return Verification(digest, reports, archived=archived)


def _covers(status) -> bool:
    """The signature covers the whole file, or its revision followed only by later signatures: pyHanko's
    difference analysis finds no change beyond filling in (signature) fields after it (minutes signed by
    the chair, then the recorder)."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    level = status.modification_level
    return (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and level is not None
        and level <= ModificationLevel.FORM_FILLING
        and status.docmdp_ok is not False
    )


def _safe_cert(sig) -> bool:
    try:
        return sig.signer_cert is not None
    except Exception:
        return False


def verify_copies(*, check_files: bool = True, batch: int = 500) -> list[Mismatch]:
    """Every signed copy whose particulars, file or place in its organization's chain no longer matches
    what was sealed (the archive's `verify` does the same for the entries)."""
    problems: list[Mismatch] = []
    previous: dict[int, tuple[int, str]] = {}
    after = Q()
    while True:
        copies = list(
            SignedCopy.objects.select_related("pdf", "document")
            .filter(after)
            .order_by("org_id", "seq")[:batch]
        )
        if not copies:
            return problems
        for copy in copies:
            expected_seq, expected_prev = previous.get(copy.org_id, (0, ""))
            found = []
            if copy.seq != expected_seq + 1:
                found.append(f"signed copy {expected_seq + 1} of the chain is missing")
            if copy.prev_sha256 != expected_prev:
                found.append("does not follow the previous signed copy")
            if seal(copy, copy.document.chain_sha256, copy.pdf.sha256) != copy.chain_sha256:
                found.append("the signed copy's chain hash no longer matches")
            if check_files and file_sha256(copy.pdf) != copy.pdf.sha256:
                found.append("the signed PDF is missing or no longer matches its SHA-256")
            label = f"{copy.document.number_display} {copy.document.title} (signed)".strip()
            problems += [
                Mismatch(copy.document_id, copy.document.org_code, copy.seq, label, p) for p in found
            ]
            previous[copy.org_id] = (copy.seq, copy.chain_sha256)
        last = copies[-1]
        after = Q(org_id__gt=last.org_id) | Q(org_id=last.org_id, seq__gt=last.seq)


def archived_choices(docs: Iterable[ArchivedDocument]) -> list[tuple[int, str]]:
    return [(d.pk, f"{d.number_display} {d.title}".strip()) for d in docs]
