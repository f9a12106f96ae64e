"""Uploaded files, stored under generated names with their checksum; the owning record decides who sees them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nghiquyet.lib.errors import ImmutableError


def _stored_name(instance, filename: str) -> str:
    # Never the uploader's file name on disk: it may carry paths, odd characters or collide.
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    file = models.FileField(upload_to=_stored_name, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # The file's plain text (.txt, .docx), read once at upload for the quality checks (lib.plaintext):
    # no page parses a file, whatever it weighs (#17.3).
    text = models.TextField(blank=True, default="", editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


# ---------------------------------------------------------------- official documents


class DocType(models.TextChoices):
    MEETING_NOTICE = "meeting_notice", _("Meeting notice")
    MINUTES = "minutes", _("Minutes")
    RESOLUTION = "resolution", _("Resolution")
    IMPLEMENTATION_PLAN = "implementation_plan", _("Implementation plan")
    INSPECTION_PLAN = "inspection_plan", _("Inspection plan")
    INSPECTION_CONCLUSION = "inspection_conclusion", _("Inspection conclusion")
    PERIODIC_REPORT = "periodic_report", _("Periodic report")
    STATISTICS_REPORT = "statistics_report", _("Statistics report")


class Confidentiality(models.TextChoices):
    NONE = "none", _("Not classified")
    SECRET = "secret", _("Secret (MẬT)")
    TOP_SECRET = "top_secret", _("Top secret (TỐI MẬT)")


class Urgency(models.TextChoices):
    NONE = "none", _("Normal")
    URGENT = "urgent", _("Urgent (KHẨN)")
    VERY_URGENT = "very_urgent", _("Very urgent (THƯỢNG KHẨN)")
    FLASH = "flash", _("Flash (HỎA TỐC)")


class Role(models.TextChoices):
    """Who may see a classified document. The values are those of orgs' positions and body kinds, so the
    upper apps pass theirs straight in; documents itself imports neither."""

    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretaries")
    STANDING_MEMBER = "standing_member", _("Standing Committee members")
    COMMITTEE_MEMBER = "member", _("Committee members")
    INSPECTION_COMMITTEE = "inspection_committee", _("Inspection Committee")
    ORGANIZATION_BOARD = "organization_board", _("Organization Board")
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee staff")
    OFFICE = "office", _("Office")


def roles_text(roles) -> str:
    """Roles stored as ",a,b," so one LIKE finds a role on SQLite and PostgreSQL alike."""
    cleaned = sorted({str(r) for r in roles if str(r) in Role.values})
    return f",{','.join(cleaned)}," if cleaned else ""


class DocumentSettings(models.Model):
    """An organization's layout settings for its official documents (DOMAIN.md: margins configurable)."""

    # An id, not a foreign key: documents sits below orgs and imports none of its models.
    org_id = models.PositiveBigIntegerField(_("organization id"), unique=True)
    place = models.CharField(_("place on the date line"), max_length=60, default="Hà Nội")
    font_name = models.CharField(_("font"), max_length=60, default="Times New Roman")
    body_size = models.PositiveSmallIntegerField(_("body font size (pt)"), default=14)
    margin_top_mm = models.PositiveSmallIntegerField(_("top margin (mm)"), default=20)
    margin_bottom_mm = models.PositiveSmallIntegerField(_("bottom margin (mm)"), default=20)
    margin_left_mm = models.PositiveSmallIntegerField(_("left margin (mm)"), default=30)
    margin_right_mm = models.PositiveSmallIntegerField(_("right margin (mm)"), default=15)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document layout settings")
        verbose_name_plural = _("document layout settings")

    def __str__(self) -> str:
        return f"#{self.org_id}"

    def as_layout(self) -> dict:
        return {
            "place": self.place,
            "font_name": self.font_name,
            "body_size": self.body_size,
            "margin_top_mm": self.margin_top_mm,
            "margin_bottom_mm": self.margin_bottom_mm,
            "margin_left_mm": self.margin_left_mm,
            "margin_right_mm": self.margin_right_mm,
        }


class TemplateOverride(models.Model):
    """An organization's own Word template for one document type, used instead of the bundled one."""

    org_id = models.PositiveBigIntegerField(_("organization id"))
    doc_type = models.CharField(_("document type"), max_length=24, choices=DocType.choices)
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("template file"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.UniqueConstraint(fields=["org_id", "doc_type"], name="template_override_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.org_id} {self.get_doc_type_display()}"


# ---------------------------------------------------------------- the archive (R21, R38)


class AppendOnlyQuerySet(models.QuerySet):
    """Rows written once (the archive, its recipients, signed copies): never updated nor deleted."""

    def update(self, **kwargs):
        raise ImmutableError(f"{self.model._meta.verbose_name_plural} are never updated")

    def delete(self):
        raise ImmutableError(f"{self.model._meta.verbose_name_plural} are never deleted")


class AppendOnly(models.Model):
    """A row saved once and never changed nor deleted, one by one (see AppendOnlyQuerySet for bulk)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ImmutableError(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(self)


class ArchivedQuerySet(AppendOnlyQuerySet):
    def fill_missing_pdf(self, pdf: Attachment) -> int:
        """A change allowed: the PDF, made later from the archived DOCX, where there was none."""
        return models.QuerySet.update(self.filter(pdf__isnull=True), pdf=pdf)

    def follow_tree(self, org_id: int, path: str) -> int:
        """The other change allowed: where the organization lies in today's tree, after a reorganization
        moved it (`org_path` locates the entry for the scopes' prefix queries; the chain seals the
        organization's id and code, never its path)."""
        return models.QuerySet.update(self.filter(org_id=org_id).exclude(org_path=path), org_path=path)


class ArchivedDocument(AppendOnly):
    """An issued or signed document as archived: its canonical text, files and place in the org's chain.

    `sha256` is the SHA-256 of `canonical_text`; `chain_sha256` seals it with the previous entry of the
    same organization (`prev_sha256`) and with the record's own particulars (see archive.seal), so a row
    altered behind the application's back no longer matches, and neither does anything after it.
    """

    org_id = models.PositiveBigIntegerField(_("organization id"))
    org_code = models.CharField(_("organization"), max_length=40)
    org_path = models.CharField(max_length=500, db_index=True)
    seq = models.PositiveIntegerField(_("entry"))
    doc_type = models.CharField(_("document type"), max_length=24, choices=DocType.choices)
    number_display = models.CharField(_("number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("issued on"))
    canonical_text = models.TextField()
    sha256 = models.CharField(max_length=64)
    prev_sha256 = models.CharField(max_length=64, blank=True)
    chain_sha256 = models.CharField(max_length=64)
    docx = models.ForeignKey(Attachment, on_delete=models.PROTECT, related_name="+")
    pdf = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NONE
    )
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NONE)
    roles = models.CharField(_("visible to"), max_length=255, blank=True)
    # What the document is, in the upper app that archived it ("resolution", 12): found again by it.
    source_kind = models.CharField(max_length=40)
    source_id = models.PositiveBigIntegerField()
    source_url = models.CharField(max_length=255, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArchivedQuerySet.as_manager()

    class Meta:
        verbose_name = _("archived document")
        verbose_name_plural = _("archived documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org_id", "seq"], name="archive_one_chain_per_org"),
            models.UniqueConstraint(
                fields=["source_kind", "source_id", "doc_type"], name="archive_once_per_source"
            ),
        ]
        indexes = [models.Index(fields=["org_id", "-seq"])]

    def __str__(self) -> str:
        return f"{self.number_display} {self.title}".strip()

    @property
    def is_classified(self) -> bool:
        return self.confidentiality != Confidentiality.NONE

    def role_list(self) -> list[str]:
        return [r for r in self.roles.split(",") if r]


class Recipient(AppendOnly):
    """One line of the document's "Nơi nhận" list; "Lưu VP" is one of them (R38)."""

    document = models.ForeignKey(ArchivedDocument, on_delete=models.PROTECT, related_name="recipients")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("recipient"), max_length=255)
    org_id = models.PositiveBigIntegerField(null=True, blank=True)
    archive_copy = models.BooleanField(_("office copy"), default=False)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["document", "order", "id"]

    def __str__(self) -> str:
        return self.name


class DisseminationRecord(models.Model):
    """A document sent to one organization or one person, and when they first opened it (R38)."""

    document = models.ForeignKey(ArchivedDocument, on_delete=models.PROTECT, related_name="disseminations")
    recipient = models.ForeignKey(
        Recipient, null=True, blank=True, on_delete=models.PROTECT, related_name="disseminations"
    )
    org_id = models.PositiveBigIntegerField(null=True, blank=True)
    person_id = models.PositiveBigIntegerField(null=True, blank=True)
    name = models.CharField(_("sent to"), max_length=255)
    sent_at = models.DateTimeField(_("sent at"))
    opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dissemination record")
        verbose_name_plural = _("dissemination records")
        ordering = ["document", "id"]
        indexes = [
            models.Index(fields=["person_id", "document"]),
            models.Index(fields=["org_id", "document"]),
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.name}"


# ---------------------------------------------------------------- search


class SearchKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolutions")
    ITEM = "item", _("Resolution items")
    MINUTES = "minutes", _("Minutes")
    DOCUMENT = "document", _("Documents")
    GUIDANCE = "guidance", _("Guidance")
    ARCHIVED = "archived", _("Archived documents")


# An entry whose `audience` holds this reaches every organization strictly under its own (see SearchEntry);
# AUDIENCE_NONE reaches no committee (only the upper-level staff over the entry's organization).
AUDIENCE_ALL = "*"
AUDIENCE_NONE = "-"
# A path written after AUDIENCE_ONLY ("=A/B/") reaches that organization's committee alone, not the
# committees under it: what one committee is given to act on (an inspection conclusion).
AUDIENCE_ONLY = "="


def audience_text(paths) -> str:
    """Audience paths stored as ",a,b," so one LIKE finds a path on SQLite and PostgreSQL alike."""
    cleaned = sorted({str(p) for p in paths if str(p)})
    return f",{','.join(cleaned)}," if cleaned else ""


class SearchEntry(models.Model):
    """One searchable thing: its original text for snippets, and the folded text the query is matched on.

    `folded` is the fold (no diacritics, đ → d, lower case) of title + text, character for character, so
    positions found in it map back to the original; LIKE on it behaves alike on SQLite and PostgreSQL.

    Who finds it: with an empty `audience`, whoever sees the organization's subtree (like its records), and
    a former upper level of the organization if its `period_day` lies in its period there (R40).
    With an audience, the entry is addressed from above rather than kept in a subtree (guidance): upper-
    level staff over its organization, and committee members of the organizations reached — each path
    listed reaches that organization and those under it, "=" before a path that organization alone, "*"
    reaches everything strictly under `org_path`. Nobody else, whatever subtree they see.
    """

    kind = models.CharField(_("type"), max_length=12, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField()
    # Entries re-indexed together ("resolution:12" for a resolution and its items), so stale ones go too.
    group = models.CharField(max_length=60, blank=True, db_index=True)
    org_id = models.PositiveBigIntegerField()
    org_code = models.CharField(max_length=40)
    org_name = models.CharField(max_length=255)
    org_path = models.CharField(max_length=500, db_index=True)
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    folded_title = models.CharField(max_length=500)
    folded = models.TextField()
    date = models.DateField(null=True, blank=True)
    # The day its record belongs to, by which a former upper level's period is judged (R40): a meeting's
    # day, a resolution's meeting day (else its issue day), an archived document's issue day. Empty:
    # never part of a past period (a draft of no meeting, what is addressed from above).
    period_day = models.DateField(null=True, blank=True)
    url = models.CharField(max_length=255, blank=True)
    confidentiality = models.CharField(
        max_length=12, choices=Confidentiality.choices, default=Confidentiality.NONE
    )
    roles = models.CharField(max_length=255, blank=True)
    audience = models.TextField(blank=True, default="")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")]
        indexes = [
            models.Index(fields=["kind", "org_path"]),
            # Newest first, in the order search reads them (date, then id), without a sort.
            models.Index(fields=["date", "id"], name="search_entry_recent"),
        ]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- digital signatures (R42)


class SignedCopy(AppendOnly):
    """A signed PDF of an archived document (PAdES): what recipients download from then on. A document
    with two signers (minutes) has two, the second signed over the first; the latest is downloaded.

    The archived entry stays as it was sealed; the signed copy is a new version linked to it and chained
    in its own right: `chain_sha256` seals the previous signed copy of the same organization
    (`prev_sha256`), the archived entry's chain hash, the SHA-256 of the PDF that was signed and of the
    signed PDF, and the signature's particulars (signing.seal), so `verify_archive` finds a signed file
    or row changed behind the application's back.
    """

    document = models.ForeignKey(ArchivedDocument, on_delete=models.PROTECT, related_name="signed")
    org_id = models.PositiveBigIntegerField(_("organization id"))
    seq = models.PositiveIntegerField(_("entry"))
    pdf = models.ForeignKey(Attachment, on_delete=models.PROTECT, related_name="+")
    unsigned_sha256 = models.CharField(max_length=64)
    signer_person_id = models.PositiveBigIntegerField()
    signer_name = models.CharField(_("signer"), max_length=120)
    certificate_subject = models.CharField(_("certificate"), max_length=500)
    certificate_issuer = models.CharField(_("issued by"), max_length=500)
    certificate_serial = models.CharField(max_length=80)
    level = models.CharField(_("signature level"), max_length=12)
    signed_at = models.DateTimeField(_("signed at"))
    prev_sha256 = models.CharField(max_length=64, blank=True)
    chain_sha256 = models.CharField(max_length=64)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed copy")
        verbose_name_plural = _("signed copies")
        constraints = [
            models.UniqueConstraint(fields=["org_id", "seq"], name="signed_copy_one_chain_per_org"),
            models.UniqueConstraint(
                fields=["document", "signer_person_id"], name="signed_copy_once_per_signer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.signer_name})"
