"""Direction and supervision by the upper level (R25, R28-R30, R32-R34, R36, R37).

The upper level (the bloc's Standing Committee, its Organization Board and Inspection Committee) orients
the grassroots committees' meetings, asks each of them for its own program, inspects them, answers
their difficulties, trains and recognizes their secretaries; committees share good resolutions and
propose improvements. Everything addressed "to all grassroots organizations or to chosen ones" shares
the `Addressed` shape, so "who was it sent to" is one query whatever the choice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nghiquyet.documents.models import Attachment
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.orgs.models import Body, Organization, Person
from nghiquyet.resolutions.models import Resolution

from .periods import PeriodKind, describe

# ---------------------------------------------------------------- addressing


class AddressedQuerySet(models.QuerySet):
    def addressed_q(self, paths) -> Q:
        """Rows addressed to the organizations with these paths, or to an organization above them.

        "All grassroots organizations" reaches everything strictly under the issuer; chosen targets reach
        themselves and what lies under them (a cell follows the orientation given to its committee).
        """
        through = self.model.targets.through
        source = self.model._meta.model_name
        q = Q(pk__in=[])
        for path in paths:
            codes = [c for c in path.split("/") if c]
            chosen = through.objects.filter(**{source: OuterRef("pk")}, organization__code__in=codes)
            q |= Q(target_all=True, issuer__code__in=codes[:-1]) | (Q(target_all=False) & Exists(chosen))
        return q

    def addressed_to(self, org: Organization):
        return self.filter(self.addressed_q([org.path]))


class Addressed(models.Model):
    """Sent by an upper-level organization to all its grassroots organizations or to chosen ones."""

    issuer = models.ForeignKey(
        Organization, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    target_all = models.BooleanField(_("all grassroots organizations"), default=True)
    targets = models.ManyToManyField(
        Organization, verbose_name=_("chosen organizations"), blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def addressees(self):
        """The grassroots organizations it is addressed to (a queryset: one query when evaluated)."""
        if self.target_all:
            return (
                Organization.objects.grassroots()
                .active()
                .filter(path__startswith=self.issuer.path)
                .order_by("path")
            )
        return self.targets.order_by("path")

    def addresses(self, org: Organization) -> bool:
        return self.reaches(org.path)

    def reaches(self, path: str, target_paths: list[str] | None = None) -> bool:
        """Whether the organization at `path` is addressed, itself or through an organization above it
        (no query when the chosen targets' paths are given)."""
        if self.target_all:
            return path.startswith(self.issuer.path) and path != self.issuer.path
        if target_paths is None:
            target_paths = list(self.targets.values_list("path", flat=True))
        return any(path.startswith(p) for p in target_paths)


class Period(models.Model):
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))

    class Meta:
        abstract = True

    @property
    def period_label(self) -> str:
        return describe(self.period_kind, self.period_start, self.period_end)


# ---------------------------------------------------------------- orientation (R28)


class GuidanceQuerySet(AddressedQuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def in_force(self, day: dt.date):
        return self.published().filter(period_start__lte=day, period_end__gte=day)


class Guidance(Addressed, Period):
    """The upper level's orientation of the content and form of grassroots meetings for a period."""

    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content and form of the meetings"))
    topics = models.TextField(_("suggested topics"), blank=True, help_text=_("One topic per line."))
    documents = models.ManyToManyField(Attachment, verbose_name=_("documents"), blank=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = GuidanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("guidance")
        verbose_name_plural = _("guidance")
        ordering = ["-period_start", "-id"]
        indexes = [models.Index(fields=["period_start", "period_end"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oversight:guidance", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.splitlines() if t.strip()]


class GuidanceReceipt(models.Model):
    """The first opening of a guidance by a leader of an organization it is addressed to."""

    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="receipts")
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"))
    read_by = models.ForeignKey(Person, verbose_name=_("read by"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [models.UniqueConstraint(fields=["guidance", "org"], name="receipt_once_per_org")]

    def __str__(self) -> str:
        return f"{self.guidance} – {self.org}"


# ---------------------------------------------------------------- concretization (R32)


class ProgramRequest(Addressed):
    """The upper level asks each grassroots committee for its own program or plan implementing a
    scheme or directive, by a deadline."""

    title = models.CharField(_("title"), max_length=300)
    directive = models.CharField(
        _("scheme or directive implemented"), max_length=300, help_text=_("For example Đề án số 01-ĐA/ĐUK.")
    )
    description = models.TextField(_("what to submit"))
    deadline = models.DateField(_("deadline"))
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AddressedQuerySet.as_manager()

    class Meta:
        verbose_name = _("program request")
        verbose_name_plural = _("program requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oversight:request", args=[self.pk])


class ProgramSubmission(models.Model):
    """A grassroots committee's program or plan, as a file, a text or both; resubmitting replaces it."""

    request = models.ForeignKey(ProgramRequest, on_delete=models.CASCADE, related_name="submissions")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("program or plan"), blank=True)
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("file"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        Person, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("program submission")
        verbose_name_plural = _("program submissions")
        constraints = [models.UniqueConstraint(fields=["request", "org"], name="submission_once_per_org")]

    def __str__(self) -> str:
        return f"{self.request} – {self.org}"


# ---------------------------------------------------------------- inspection and supervision (R25, R33)


class InspectionPlan(Period):
    """A plan of the Inspection Committee: the organizations inspected, the content, the period, the team."""

    body = models.ForeignKey(
        Body, verbose_name=_("inspection body"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content of the inspection"))
    targets = models.ManyToManyField(
        Organization, verbose_name=_("organizations inspected"), related_name="+"
    )
    team = models.ManyToManyField(Person, verbose_name=_("inspection team"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oversight:plan", args=[self.pk])


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Being written")
    CONCLUDED = "concluded", _("Concluded")


class InspectionRecord(models.Model):
    """The inspection of one organization: the three findings R25 names, and the conclusions."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="records")
    org = models.ForeignKey(
        Organization, verbose_name=_("organization inspected"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date of the inspection"))
    findings_spirit = models.TextField(_("spirit and capacity of carrying out the resolutions"), blank=True)
    findings_targets = models.TextField(
        _("targets or measures found unrealistic, to amend, and new issues"), blank=True
    )
    findings_results = models.TextField(
        _("results of each unit and person, with commendation and criticism"), blank=True
    )
    conclusions = models.TextField(_("conclusions"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection record")
        verbose_name_plural = _("inspection records")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} – {self.org}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oversight:record", args=[self.pk])

    @property
    def is_concluded(self) -> bool:
        return self.status == RecordStatus.CONCLUDED


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=RecommendationStatus.OPEN)

    def overdue(self, today: dt.date | None = None):
        return self.open().filter(deadline__lt=today or timezone.localdate())


class Recommendation(models.Model):
    """A recommendation of an inspection: a follow-up task with an assignee of the inspected
    organization and a deadline (R25, R33)."""

    record = models.ForeignKey(InspectionRecord, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    assignee = models.ForeignKey(
        Person, verbose_name=_("person in charge"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=6, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    done_note = models.TextField(_("what was done"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Who carries the recommendation on when a reorganization ended the inspected organization (R40): the
    # record stays that organization's history, the follow-up passes to its successor (oversight.carriers).
    carried_by = models.ForeignKey(
        Organization,
        verbose_name=_("carried on by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == RecommendationStatus.OPEN and self.deadline < (today or timezone.localdate())

    @property
    def holder_id(self) -> int:
        """The organization answering for it: the inspected one, or its successor (R40)."""
        return self.carried_by_id or self.record.org_id


# ---------------------------------------------------------------- difficulties to the upper level (R34)


class UpperDifficultyStatus(models.TextChoices):
    OPEN = "open", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# A difficulty still waiting for its answer.
OPEN_DIFFICULTY_STATUSES = (UpperDifficultyStatus.OPEN, UpperDifficultyStatus.ASSIGNED)


class UpperDifficulty(models.Model):
    """A difficulty a grassroots organization reports to the Standing Committee through the Organization
    Board, which assigns it, sets a deadline and answers (R34)."""

    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        Person, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("difficulty"))
    status = models.CharField(
        _("status"), max_length=10, choices=UpperDifficultyStatus.choices, default=UpperDifficultyStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        Person,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_deadline = models.DateField(_("answer due by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        Person,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("difficulty reported to the upper level")
        verbose_name_plural = _("difficulties reported to the upper level")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oversight:difficulty", args=[self.pk])

    def is_late(self, today: dt.date | None = None) -> bool:
        return (
            self.status in (UpperDifficultyStatus.OPEN, UpperDifficultyStatus.ASSIGNED)
            and self.answer_deadline is not None
            and self.answer_deadline < (today or timezone.localdate())
        )


# ---------------------------------------------------------------- training (R36)


class Audience(models.TextChoices):
    SECRETARIES = "secretaries", _("Secretaries and deputy secretaries")
    COMMITTEE = "committee", _("Committee members")


class Course(models.Model):
    """A training course for grassroots secretaries and committee members, organized by the upper level."""

    org = models.ForeignKey(
        Organization, verbose_name=_("for the organizations of"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    organizer = models.CharField(_("organizer"), max_length=300)
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices, default=Audience.COMMITTEE)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oversight:course", args=[self.pk])


class CourseAttendance(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="+")
    completed = models.BooleanField(_("completed"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("course attendance")
        verbose_name_plural = _("course attendance")
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="attendance_once_per_course")
        ]
        indexes = [models.Index(fields=["person", "completed"])]

    def __str__(self) -> str:
        return f"{self.course} – {self.person}"


# ---------------------------------------------------------------- recognition (R37)


class Decision(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Recognized")
    DECLINED = "declined", _("Not recognized")


class Nomination(models.Model):
    """A grassroots secretary proposed for recognition in a year, and the upper level's decision (R37)."""

    person = models.ForeignKey(
        Person, verbose_name=_("secretary"), on_delete=models.PROTECT, related_name="+"
    )
    # The organization the person is secretary of, fixed at nomination: its indicators are shown.
    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.TextField(_("achievements"))
    nominated_by = models.ForeignKey(
        Organization, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination for recognition")
        verbose_name_plural = _("nominations for recognition")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="nomination_once_per_year")]

    def __str__(self) -> str:
        return f"{self.person} ({self.year})"


# ---------------------------------------------------------------- sharing and proposals (R29, R30)


class Topic(models.Model):
    """A topic tag of shared resolutions; `key` is the name without diacritics, so tags do not split."""

    name = models.CharField(_("topic"), max_length=80)
    key = models.CharField(max_length=80, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class Example(models.Model):
    """An issued resolution a committee shares as a good example with the whole bloc (R29)."""

    resolution = models.OneToOneField(Resolution, on_delete=models.CASCADE, related_name="+")
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="examples")
    note = models.TextField(_("why it is a good example"), blank=True)
    shared_by = models.ForeignKey(
        Person, verbose_name=_("shared by"), on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shared resolution")
        verbose_name_plural = _("shared resolutions")
        ordering = ["-shared_at", "-id"]

    def __str__(self) -> str:
        return str(self.resolution)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oversight:example", args=[self.pk])


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered")


class Proposal(models.Model):
    """A committee member's proposal to improve the quality of resolutions, answered by the
    Organization Board (R30)."""

    org = models.ForeignKey(
        Organization, verbose_name=_("committee of"), on_delete=models.PROTECT, related_name="+"
    )
    proposer = models.ForeignKey(
        Person, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("proposal"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        Person,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oversight:proposal", args=[self.pk])


# ---------------------------------------------------------------- periodic reports of the scheme (R31, R35)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


# The narrative sections of a periodic report, in the document's order.
NARRATIVE_FIELDS = ("results", "shortcomings", "causes", "lessons", "next_tasks")
# Sections that must be written before the report is issued.
REQUIRED_SECTIONS = ("results", "next_tasks")
SECTION_LABELS = {
    "results": _("Results achieved"),
    "shortcomings": _("Shortcomings and limitations"),
    "causes": _("Causes"),
    "lessons": _("Lessons learned"),
    "next_tasks": _("Tasks for the next period"),
}


class PeriodicReport(models.Model):
    """The upper level's monthly, quarterly or annual report on the scheme: figures compiled from the
    records (a snapshot, refreshed while a draft) and the narrative the Organization Board writes; numbered
    from the issuer's BC series when issued, then immutable and archived."""

    issuer = models.ForeignKey(
        Organization, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    title = models.CharField(_("subject"), max_length=300)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    figures_at = models.DateTimeField(_("figures compiled at"), null=True, blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and limitations"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    next_tasks = models.TextField(_("tasks for the next period"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    term = models.ForeignKey(
        "orgs.Term", verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    number_display = models.CharField(_("number"), max_length=40, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        Person, verbose_name=_("signed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["issuer", "start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "term", "number"],
                condition=Q(number__isnull=False),
                name="report_number_once_per_series",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number_display} {self.title}".strip()

    def save(self, *args, **kwargs):
        # Issuing saves the row while it is still stored as a draft; after that nothing changes it.
        if self.pk and _stored_report_status(self.pk) not in (None, ReportStatus.DRAFT):
            raise ImmutableError(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("oversight:report", args=[self.pk])

    def delete(self, *args, **kwargs):
        if _stored_report_status(self.pk) not in (None, ReportStatus.DRAFT):
            raise ImmutableError(self)
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def period_label(self) -> str:
        return describe(self.kind, self.start, self.end)


def _stored_report_status(pk) -> str | None:
    return PeriodicReport.objects.filter(pk=pk).values_list("status", flat=True).first()
