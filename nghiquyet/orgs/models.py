"""The organization registry: the org tree, party members, committees per term and upper-level bodies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nghiquyet.lib.paths import under_q
from nghiquyet.lib.vietnamese import fold, name_sort_key, nfc

PATH_SEPARATOR = "/"


class OrgKind(models.TextChoices):
    BLOC = "bloc", _("Bloc party committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots party cell")
    PARTIAL_COMMITTEE = "partial_committee", _("Partial party committee")
    SUBORDINATE_CELL = "subordinate_cell", _("Subordinate party cell")


GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
# Kinds where party members are registered and hold their activity.
CELL_KINDS = (OrgKind.GRASSROOTS_CELL, OrgKind.SUBORDINATE_CELL)
ALLOWED_PARENT_KINDS = {
    OrgKind.BLOC: (),
    OrgKind.GRASSROOTS_COMMITTEE: (OrgKind.BLOC,),
    OrgKind.GRASSROOTS_CELL: (OrgKind.BLOC,),
    OrgKind.PARTIAL_COMMITTEE: (OrgKind.GRASSROOTS_COMMITTEE,),
    OrgKind.SUBORDINATE_CELL: (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.PARTIAL_COMMITTEE),
}


class OrganizationQuerySet(models.QuerySet):
    def subtree(self, org: Organization, include_self: bool = True) -> OrganizationQuerySet:
        """Everything under `org`: one indexed prefix query on the materialized path."""
        qs = self.filter(path__startswith=org.path)
        return qs if include_self else qs.exclude(pk=org.pk)

    def under(self, paths: Iterable[str]) -> OrganizationQuerySet:
        """The organizations under any of these paths (themselves included): the tree's prefix queries."""
        return self.filter(under_q(paths))

    def grassroots(self) -> OrganizationQuerySet:
        return self.filter(kind__in=GRASSROOTS_KINDS)

    def cells(self) -> OrganizationQuerySet:
        return self.filter(kind__in=CELL_KINDS)

    def active(self, on: dt.date | None = None) -> OrganizationQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=on)
        )


class Organization(models.Model):
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z0-9][A-Z0-9_.-]*$", _("Use capital letters, digits, '.', '_' or '-'."))
        ],
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    issuer_code = models.CharField(
        _("issuer code"),
        max_length=20,
        help_text=_("Code after the slash in document numbers, e.g. ĐU, CB, ĐUK."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path "BLOC/ORG/CELL/": subtree = path prefix, one indexed query.
    path = models.CharField(max_length=500, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name_search = models.CharField(max_length=255, editable=False, default="")
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("orgs:org", args=[self.code])

    def prepare(self) -> None:
        """Fill the derived columns (normalized name, path, depth) before saving or bulk-inserting."""
        self.name = nfc(self.name)
        self.name_search = fold(self.name)
        parent_path = self.parent.path if self.parent_id else ""
        self.path = f"{parent_path}{self.code}{PATH_SEPARATOR}"
        self.depth = self.path.count(PATH_SEPARATOR) - 1

    def clean(self) -> None:
        allowed = ALLOWED_PARENT_KINDS.get(self.kind, ())
        parent_kind = self.parent.kind if self.parent_id else None
        if allowed and parent_kind not in allowed:
            raise ValidationError(
                {"parent": _("This kind of organization cannot be placed under that parent.")}
            )
        if not allowed and self.parent_id:
            raise ValidationError({"parent": _("A bloc party committee has no parent.")})
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("The end date is before the start date.")})

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_bloc(self) -> bool:
        return self.kind == OrgKind.BLOC

    def ancestor_codes(self) -> list[str]:
        """Codes from the root down to this organization, read off the path (no query)."""
        return [c for c in self.path.split(PATH_SEPARATOR) if c]


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master")
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("College")
    VOCATIONAL = "vocational", _("Vocational")
    NONE = "none", _("No professional degree")


class Theory(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor of political theory")
    ADVANCED = "advanced", _("Advanced")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ELEMENTARY = "elementary", _("Elementary")
    NONE = "none", _("No political theory training")


class PersonQuerySet(models.QuerySet):
    def in_subtree(self, org: Organization) -> PersonQuerySet:
        return self.filter(home_org__path__startswith=org.path)

    def search(self, text: str) -> PersonQuerySet:
        """Name search ignoring case and diacritics: "nguyen van" finds "Nguyễn Văn"."""
        folded = fold(text)
        return self.filter(name_search__contains=folded) if folded else self


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    name_search = models.CharField(max_length=120, editable=False, db_index=True)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    party_entry_date = models.DateField(_("date of admission to the Party"), null=True, blank=True)
    full_membership_date = models.DateField(_("date of full membership"), null=True, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    job_title = models.CharField(_("job title"), max_length=255, blank=True)
    education = models.CharField(
        _("professional level"), max_length=16, choices=Education.choices, default=Education.UNIVERSITY
    )
    theory = models.CharField(
        _("political theory level"), max_length=16, choices=Theory.choices, default=Theory.NONE
    )
    home_org = models.ForeignKey(
        Organization, verbose_name=_("party cell"), on_delete=models.PROTECT, related_name="members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    email = models.EmailField(_("e-mail"), blank=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["home_org", "sort_key"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("orgs:person", args=[self.pk])

    def prepare(self) -> None:
        """Fill the derived columns (NFC name, search and collation keys) before saving or bulk-inserting."""
        self.full_name = nfc(self.full_name)
        self.name_search = fold(self.full_name)
        self.sort_key = name_sort_key(self.full_name)

    def clean(self) -> None:
        errors = {}
        if self.home_org_id and not self.home_org.is_cell:
            errors["home_org"] = _("A party member is registered in a party cell.")
        if self.birth_date and self.party_entry_date and self.party_entry_date <= self.birth_date:
            errors["party_entry_date"] = _("The admission date must be after the date of birth.")
        if (
            self.party_entry_date
            and self.full_membership_date
            and self.full_membership_date < self.party_entry_date
        ):
            errors["full_membership_date"] = _("Full membership cannot come before admission.")
        if errors:
            raise ValidationError(errors)


class TermQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> TermQuerySet:
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class Term(models.Model):
    """A congress term (nhiệm kỳ) of one organization's committee."""

    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="terms"
    )
    label = models.CharField(_("term"), max_length=20, help_text=_("For example 2025–2030."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["org", "-start_date"]
        constraints = [models.UniqueConstraint(fields=["org", "label"], name="term_unique_label_per_org")]

    def __str__(self) -> str:
        return f"{self.org} {self.label}"

    def clean(self) -> None:
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class Position(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    MEMBER = "member", _("Committee member")


POSITION_ORDER = [p.value for p in Position]
LEADING_POSITIONS = (Position.SECRETARY, Position.DEPUTY_SECRETARY)
# The Standing Committee (Ban Thường vụ): the committee members who hold one of these positions. They
# sit in its meetings and run the organization's (orgs.access: "leads").
STANDING_POSITIONS = (*LEADING_POSITIONS, Position.STANDING_MEMBER)


class MembershipQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> MembershipQuerySet:
        on = on or timezone.localdate()
        return self.filter(
            Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
            Q(term__start_date__lte=on),
            Q(term__end_date__isnull=True) | Q(term__end_date__gte=on),
        )


class CommitteeMembership(models.Model):
    """A person's seat on a committee for one term, with the position held."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="committee_seats"
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        constraints = [
            models.UniqueConstraint(fields=["term", "person"], name="membership_unique_person_per_term")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_position_display()}"

    def clean(self) -> None:
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class BodyKind(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee")
    ORGANIZATION_BOARD = "organization_board", _("Organization Board")
    INSPECTION_COMMITTEE = "inspection_committee", _("Inspection Committee")
    OFFICE = "office", _("Office")


class Body(models.Model):
    """An upper-level body of a party committee (Ban Thường vụ, Ban Tổ chức, Ủy ban Kiểm tra, Văn phòng)."""

    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="bodies"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("upper-level body")
        verbose_name_plural = _("upper-level bodies")
        constraints = [models.UniqueConstraint(fields=["org", "kind"], name="body_unique_kind_per_org")]

    def __str__(self) -> str:
        return self.name


class StaffRole(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")
    OFFICER = "officer", _("Officer")


class BodyStaffQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> BodyStaffQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class BodyStaff(models.Model):
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="staff")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="body_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices, default=StaffRole.OFFICER)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = BodyStaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("body staff member")
        verbose_name_plural = _("body staff")

    def __str__(self) -> str:
        return f"{self.person} – {self.body}"


class DocumentCounter(models.Model):
    """The last number given in one series: per organization, per committee term, per document type.

    Numbers are taken only through `orgs.numbering.allocate`, which locks this row, so a series has
    neither duplicates nor gaps.
    """

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="document_counters")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="document_counters")
    doc_type = models.CharField(_("document type"), max_length=8)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document number series")
        verbose_name_plural = _("document number series")
        constraints = [
            models.UniqueConstraint(fields=["org", "term", "doc_type"], name="counter_unique_series"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}/{self.org.issuer_code} {self.term.label}: {self.last_number}"


# ---------------------------------------------------------------- the tree through time (R39, R40)


class ReorganizationKind(models.TextChoices):
    CREATE = "create", _("Create")
    RENAME = "rename", _("Rename")
    MOVE = "move", _("Move under another upper body")
    MERGE = "merge", _("Merge into one")
    SPLIT = "split", _("Split into several")
    DISSOLVE = "dissolve", _("Dissolve")


class ReorganizationStatus(models.TextChoices):
    # Applied, and undone whole by `orgs.services.undo_reorganization` until someone confirms it.
    APPLIED = "applied", _("Applied, not yet confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    UNDONE = "undone", _("Undone")


class Reorganization(models.Model):
    """One reorganization decision of an upper level (R39): what was done to which organizations, the
    decision that did it, and the day it took effect. Written only by `orgs.services.reorganization`."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReorganizationKind.choices)
    decision_number = models.CharField(_("decision number"), max_length=40)
    decision_date = models.DateField(_("decision date"))
    issuer = models.ForeignKey(
        Organization, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    effective_date = models.DateField(_("effective date"))
    sources = models.ManyToManyField(
        Organization, verbose_name=_("organizations reorganized"), related_name="reorganized_by"
    )
    successors = models.ManyToManyField(
        Organization, verbose_name=_("successor organizations"), blank=True, related_name="succeeded_by"
    )
    # The inputs as given (new names, codes, the split's assignment), so the report can say what was asked.
    plan = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReorganizationStatus.choices, default=ReorganizationStatus.APPLIED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reorganization")
        verbose_name_plural = _("reorganizations")
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decision_number}"

    @property
    def undoable(self) -> bool:
        return self.status == ReorganizationStatus.APPLIED


class OrganizationVersion(models.Model):
    """What an organization was called, what kind it was and where it sat, from `valid_from` through
    `valid_to` (R39). `Organization` holds today's values (its path is the fast way to ask "the tree
    today"); these rows answer "the tree on a date" (`orgs.history`). A missing `valid_from` means since
    before the records begin; a missing `valid_to`, still so."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    issuer_code = models.CharField(_("issuer code"), max_length=20)
    parent = models.ForeignKey(
        Organization,
        verbose_name=_("upper body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = models.CharField(max_length=500, db_index=True)
    opened_by = models.ForeignKey(
        Reorganization, null=True, blank=True, on_delete=models.SET_NULL, related_name="opened_versions"
    )
    closed_by = models.ForeignKey(
        Reorganization, null=True, blank=True, on_delete=models.SET_NULL, related_name="closed_versions"
    )

    class Meta:
        verbose_name = _("organization version")
        verbose_name_plural = _("organization versions")
        ordering = ["org", "valid_from", "id"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from or '…'}–{self.valid_to or '…'})"

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class ReorganizationMove(models.Model):
    """One record a reorganization passed on (R40): a member, a seat, an open item… from the organization
    that held it to its successor. The reorganization's report reads these rows; undoing one replays
    them backwards (`previous` keeps what the carrier needs to put the record back)."""

    reorganization = models.ForeignKey(Reorganization, on_delete=models.CASCADE, related_name="moves")
    carrier = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=255)
    from_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    previous = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("record passed on")
        verbose_name_plural = _("records passed on")
        ordering = ["reorganization", "carrier", "id"]

    def __str__(self) -> str:
        return f"{self.carrier} {self.object_id}: {self.from_org_id} → {self.to_org_id}"
