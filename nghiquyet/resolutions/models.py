"""Resolutions and their implementation (R15-R27, R35).

A resolution is drafted in versions, adopted by a meeting's vote, numbered from its organization's
series for the committee term, signed and then immutable: the model refuses to change an issued
resolution or its items' defining fields (`ImmutableError`). What happens afterwards — progress,
difficulties, reminders, evaluations — lives in rows of its own.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nghiquyet.documents.confidentiality import Viewer, can_see_classified, classified_filter
from nghiquyet.documents.models import Attachment, Confidentiality, Role
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.meetings.models import Meeting, MeetingDocument
from nghiquyet.orgs.models import Organization, Person, Term


class ResolutionKind(models.TextChoices):
    REGULAR = "regular", _("Regular monthly resolution")
    THEMATIC = "thematic", _("Thematic resolution")
    OTHER = "other", _("Other resolution")


class ResolutionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", _("Closed with a final review")


class Correction(models.TextChoices):
    AMENDS = "amends", _("Amends")
    REPLACES = "replaces", _("Replaces")


DOC_TYPE = "NQ"


class ResolutionQuerySet(models.QuerySet):
    def readable_by(self, viewer: Viewer):
        """The resolutions whose text the viewer may read: unclassified ones, and classified ones that name
        one of the viewer's roles (documents.confidentiality: the rule of the archived copy, #17.1)."""
        return self.filter(classified_filter(viewer, org_path="org__path"))

    def with_item_counts(self, today: dt.date | None = None):
        """Each resolution with items_total, items_done (confirmed) and items_overdue (open past the deadline)."""
        today = today or timezone.localdate()
        return self.annotate(
            items_total=models.Count("items"),
            items_done=models.Count("items", filter=models.Q(items__status=ItemStatus.DONE)),
            items_overdue=models.Count(
                "items", filter=models.Q(items__status__in=OPEN_STATUSES, items__deadline__lt=today)
            ),
        )


class Resolution(models.Model):
    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="resolutions"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ResolutionKind.choices, default=ResolutionKind.REGULAR
    )
    title = models.CharField(_("subject"), max_length=500)
    theme_reason = models.TextField(_("why this topic was chosen"), blank=True)
    # Sections of the text; the tasks and measures are the items.
    assessment = models.TextField(_("assessment of the situation"), blank=True)
    objectives = models.TextField(_("objectives and requirements"), blank=True)
    implementation = models.TextField(_("organization of implementation"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("adopted at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    upper_documents = models.ManyToManyField(
        MeetingDocument, verbose_name=_("upper-level documents implemented"), blank=True, related_name="+"
    )
    drafter = models.ForeignKey(
        Person, verbose_name=_("drafter"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ResolutionStatus.choices, default=ResolutionStatus.DRAFT
    )
    # Set at issuance; never changed afterwards.
    term = models.ForeignKey(Term, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    number_display = models.CharField(_("number"), max_length=40, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        Person, verbose_name=_("signed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction = models.CharField(_("correction"), max_length=8, choices=Correction.choices, blank=True)
    # Set at issuance (#17.1): a classified resolution's text, on every page, list, export and file, is
    # read only by the roles named here, stored as documents.models.roles_text (",secretary,member,").
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NONE
    )
    roles = models.CharField(_("visible to"), max_length=255, blank=True)
    search_text = models.TextField(editable=False, default="")
    # The quality score (nghiquyet.quality, 0-100) stored when the resolution is issued, so the bloc
    # dashboard can average it in the database (R31); None until computed.
    quality_score = models.PositiveSmallIntegerField(
        _("quality score"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResolutionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-issued_on", "-created_at", "-id"]
        indexes = [models.Index(fields=["org", "status", "issued_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "term", "number"],
                condition=models.Q(number__isnull=False),
                name="resolution_unique_number_per_series",
            ),
            # One draft per meeting (R07, #16.7): the notice carries it, and a second one would split the
            # members' opinions. drafting.ensure_no_other_draft says so in words; this holds it for any writer.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(status=ResolutionStatus.DRAFT, meeting__isnull=False),
                name="resolution_one_draft_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_display} {self.title}".strip()

    def save(self, *args, **kwargs):
        # Once issued, only the move to CLOSED (made by the closing review) may touch the row.
        closing = kwargs.get("update_fields") == ["status"] and self.status == ResolutionStatus.CLOSED
        if self.pk and not closing and _stored_status(Resolution, self.pk) != ResolutionStatus.DRAFT:
            raise ImmutableError(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("resolutions:resolution", args=[self.pk])

    def delete(self, *args, **kwargs):
        if _stored_status(Resolution, self.pk) != ResolutionStatus.DRAFT:
            raise ImmutableError(self)
        return super().delete(*args, **kwargs)

    @property
    def is_classified(self) -> bool:
        return self.confidentiality != Confidentiality.NONE

    def role_list(self) -> list[str]:
        return [r for r in self.roles.split(",") if r]

    def reader_labels(self) -> list[str]:
        """The roles named on a classified resolution, as the page says them."""
        return [str(Role(r).label) for r in self.role_list() if r in Role.values]

    def readable_by(self, viewer: Viewer) -> bool:
        """Whether the viewer may read this resolution's text (the same rule as `readable_by` on lists)."""
        return can_see_classified(
            viewer,
            confidentiality=self.confidentiality,
            roles=self.roles,
            org_id=self.org_id,
            org_path=self.org.path,
        )

    @property
    def is_draft(self) -> bool:
        return self.status == ResolutionStatus.DRAFT

    @property
    def record_day(self) -> dt.date | None:
        """The day the resolution belongs to, for a former upper level's period (R40): the day of the
        meeting that adopted it, else its issue day (None for a draft of no meeting: never in a past
        period). Reads the meeting: select it with the resolution."""
        if self.meeting_id is not None:
            return self.meeting.date
        return self.issued_on


def _stored_status(model, pk) -> str | None:
    return model.objects.filter(pk=pk).values_list("status", flat=True).first()


class ResolutionVersion(models.Model):
    """A saved state of a draft, as text, so any two versions can be compared."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField()
    note = models.CharField(_("note"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["resolution", "number"]
        constraints = [models.UniqueConstraint(fields=["resolution", "number"], name="version_unique_number")]

    def __str__(self) -> str:
        return f"{self.resolution} v{self.number}"


class DeadlineKind(models.TextChoices):
    DATE = "date", _("By a date")
    IMMEDIATELY = "immediately", _("Immediately")
    MONTH = "month", _("Within the month")
    QUARTER = "quarter", _("Within the quarter")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked: support needed")
    REPORTED_DONE = "reported_done", _("Reported done")
    DONE = "done", _("Done (confirmed)")


OPEN_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.BLOCKED, ItemStatus.REPORTED_DONE)
# Where a progress report may be posted, and how many evidence files one may carry.
REPORTABLE_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.REPORTED_DONE)


MAX_EVIDENCE_FILES = 10
# How long the supervisor's reason for sending an item back may be.
MAX_SEND_BACK_REASON = 2000
# Fields that define an item; fixed once the resolution is issued.
DEFINING_FIELDS = (
    "content",
    "requirement",
    "measures",
    "deadline_kind",
    "deadline",
    "assignee_id",
    "supervisor_id",
    "related_units",
)


def mine_q(person_id: int) -> models.Q:
    """The condition of ItemQuerySet.mine (one query: the co-assigned ids)."""
    co_assigned = list(
        Item.co_assignees.through.objects.filter(person_id=person_id).values_list("item_id", flat=True)
    )
    return models.Q(assignee_id=person_id) | models.Q(supervisor_id=person_id) | models.Q(pk__in=co_assigned)


def readable_items_q(viewer: Viewer) -> models.Q:
    """Items of resolutions whose text the viewer may read (the resolution's classification, #17.1)."""
    return classified_filter(viewer, prefix="resolution__", org_path="org__path")


class ItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None):
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def mine(self, person_id: int):
        """Items the person carries (in charge or co-assignee) or supervises, each once.

        The co-assigned ids are read first (one indexed query) and given as a list: an OR of three
        indexed conditions, which PostgreSQL answers from the indexes where a subquery or a join on the
        co-assignees made it read the whole items table (docs/performance.md)."""
        return self.filter(mine_q(person_id))

    def issued(self):
        return self.filter(resolution__status__in=(ResolutionStatus.ISSUED, ResolutionStatus.CLOSED))

    def readable_by(self, viewer: Viewer):
        """Items of resolutions the viewer may read, and the viewer's own items (carried or supervised)
        of classified ones: whoever must carry out a task sees it (#17.1)."""
        q = readable_items_q(viewer)
        if viewer.person_id is not None:
            q |= mine_q(viewer.person_id)
        return self.filter(q)


class Item(models.Model):
    """One task of a resolution (R15): content, requirement, measures, deadline, assignee and supervisor."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    content = models.TextField(_("content"))
    requirement = models.TextField(_("requirement"), blank=True)
    measures = models.TextField(_("implementation measures"), blank=True)
    deadline_kind = models.CharField(
        _("deadline"), max_length=12, choices=DeadlineKind.choices, default=DeadlineKind.DATE
    )
    deadline = models.DateField(_("completion date"), null=True, blank=True, db_index=True)
    assignee = models.ForeignKey(
        Person,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_items",
    )
    co_assignees = models.ManyToManyField(
        Person, verbose_name=_("co-assignees"), blank=True, related_name="co_assigned_items"
    )
    supervisor = models.ForeignKey(
        Person,
        verbose_name=_("inspects and urges"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_items",
    )
    related_units = models.CharField(_("related units"), max_length=500, blank=True)
    # Implementation state, changed by progress updates and the supervisor's confirmation.
    status = models.CharField(
        _("status"), max_length=14, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("% done"), default=0, validators=[MaxValueValidator(100)])
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Who carries the item on when a reorganization ended the organization that issued it (R40): the
    # resolution stays the old organization's document, the work passes to its successor.
    carried_by = models.ForeignKey(
        Organization,
        verbose_name=_("carried on by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_items",
    )

    history = HistoricalRecords()
    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution item")
        verbose_name_plural = _("resolution items")
        ordering = ["resolution", "order", "id"]
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["supervisor", "status"]),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def save(self, *args, **kwargs):
        if self.pk:
            stored = Item.objects.filter(pk=self.pk).select_related("resolution").first()
            if stored is not None and not stored.resolution.is_draft:
                changed = [f for f in DEFINING_FIELDS if getattr(stored, f) != getattr(self, f)]
                if changed:
                    raise ImmutableError(self)
        elif (
            self.resolution_id
            and not Resolution.objects.filter(pk=self.resolution_id, status=ResolutionStatus.DRAFT).exists()
        ):
            raise ImmutableError(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not Resolution.objects.filter(pk=self.resolution_id, status=ResolutionStatus.DRAFT).exists():
            raise ImmutableError(self)
        return super().delete(*args, **kwargs)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return (
            self.status in OPEN_STATUSES
            and self.deadline is not None
            and self.deadline < (today or timezone.localdate())
        )


class UpdateKind(models.TextChoices):
    REPORT = "report", _("Progress report")
    SENT_BACK = "sent_back", _("Not accepted")


class ProgressUpdate(models.Model):
    """An entry of an item's progress history (R23, R25, R26): an assignee's report (status, % done, a
    note, evidence files), or the supervisor sending an item reported done back, the note its reason."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("kind"), max_length=9, choices=UpdateKind.choices, default=UpdateKind.REPORT)
    author = models.ForeignKey(
        Person, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=14, choices=ItemStatus.choices)
    percent = models.PositiveSmallIntegerField(_("% done"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("note"), blank=True)
    evidence = models.ManyToManyField(Attachment, verbose_name=_("evidence"), blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["item", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.percent}%"


class DifficultyStatus(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered")


class Difficulty(models.Model):
    """A difficulty an assignee reports on an item, asking the committee for support (R26)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="difficulties")
    reporter = models.ForeignKey(
        Person, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("difficulty"))
    support_needed = models.TextField(_("support needed"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DifficultyStatus.choices, default=DifficultyStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("difficulty")
        verbose_name_plural = _("difficulties")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Deadline approaching")
    OVERDUE = "overdue", _("Overdue")
    ESCALATED = "escalated", _("Overdue, escalated to the secretary")


class Reminder(models.Model):
    """One reminder sent; the unique key makes the reminder run idempotent (R23)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["item", "person", "kind", "deadline"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.person} ({self.kind})"


class PlanKind(models.TextChoices):
    IMPLEMENTATION = "implementation", _("Implementation plan")
    INSPECTION = "inspection", _("Inspection plan")


class Plan(models.Model):
    """The implementation plan (R22) or the inspection plan (R24) of a resolution; generated, then edited."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices)
    objectives = models.TextField(_("objectives and requirements"), blank=True)
    notes = models.TextField(_("points of attention"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [models.UniqueConstraint(fields=["resolution", "kind"], name="plan_unique_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.resolution}"


class PlanRow(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rows")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    content = models.TextField(_("content"))
    method = models.TextField(_("method"), blank=True)
    who = models.CharField(_("who"), max_length=255, blank=True)
    when = models.CharField(_("when"), max_length=120, blank=True)
    coordination = models.CharField(_("coordination"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.content[:80]


class Rating(models.TextChoices):
    GOOD = "good", _("Completed well")
    DONE = "done", _("Completed")
    NOT_DONE = "not_done", _("Not completed")


class ItemEvaluation(models.Model):
    """The next meeting's evaluation of one item (R25, R27)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="item_evaluations")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="evaluations")
    rating = models.CharField(_("evaluation"), max_length=10, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item evaluation")
        verbose_name_plural = _("item evaluations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "item"], name="evaluation_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_rating_display()}"


class Recognition(models.TextChoices):
    COMMEND = "commend", _("Commendation")
    CRITICIZE = "criticize", _("Criticism")


class Commendation(models.Model):
    """A commendation or criticism of a person or a unit, recorded when results are reviewed (R25)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="commendations")
    kind = models.CharField(_("kind"), max_length=10, choices=Recognition.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("reason"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation or criticism")
        verbose_name_plural = _("commendations and criticisms")

    def __str__(self) -> str:
        return self.text[:80]


class ClosingReview(models.Model):
    """The closing review of a resolution with its lessons, shown when the next one is drafted (R27)."""

    resolution = models.OneToOneField(Resolution, on_delete=models.CASCADE, related_name="closing_review")
    results = models.TextField(_("results"))
    lessons = models.TextField(_("lessons learned"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closing review")
        verbose_name_plural = _("closing reviews")

    def __str__(self) -> str:
        return str(self.resolution)


class AnnualReview(models.Model):
    """A committee's yearly review (sơ kết) of its resolutions (R35), compiled from the records."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="annual_reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    figures = models.JSONField(default=dict)
    assessment = models.TextField(_("assessment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="annual_review_once")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}"
