"""The committee meeting cycle (R04-R14): programs, regulation, meetings, preparation, notices,
attendance, opinions, the vote and the minutes.

Once a meeting's minutes are signed, the meeting and everything recorded in it are locked: every model
here refuses to save or delete such rows (`ImmutableError`), and views refuse before reaching the model.
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nghiquyet.documents.models import Attachment
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.orgs.models import Organization, Person

# ---------------------------------------------------------------- programs (R05)


class ProgramKind(models.TextChoices):
    TERM = "term", _("Term program")
    YEAR = "year", _("Annual program")
    MONTH = "month", _("Monthly program")


class Program(models.Model):
    """An activity program of a committee for its term, a year or a month."""

    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="programs"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ProgramKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    title = models.CharField(_("title"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity program")
        verbose_name_plural = _("activity programs")
        ordering = ["org", "-year", "-month", "kind"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.kind in (ProgramKind.YEAR, ProgramKind.MONTH) and not self.year:
            raise ValidationError({"year": _("An annual or monthly program needs its year.")})
        if self.kind == ProgramKind.MONTH and not self.month:
            raise ValidationError({"month": _("A monthly program needs its month.")})


class ProgramItem(models.Model):
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("content"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    planned_month = models.PositiveSmallIntegerField(
        _("planned month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("program item")
        verbose_name_plural = _("program items")
        ordering = ["program", "order", "id"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- regulation (R04)


class DayRule(models.TextChoices):
    DAY_OF_MONTH = "day_of_month", _("A fixed day of the month")
    NTH_WEEKDAY = "nth_weekday", _("A weekday of the month")


WEEKDAY_NAMES_VI = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
ORDINALS_VI = {1: "đầu tiên", 2: "thứ hai", 3: "thứ ba", 4: "thứ tư", -1: "cuối cùng"}


class MeetingRegulation(models.Model):
    """A committee's meeting regulation (quy định chế độ họp), in force from a date until the next one.

    Rows are never edited once a meeting has used them: a change is a new row with a later date, so each
    meeting keeps the rule that applied to it.
    """

    org = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="meeting_regulations",
    )
    effective_from = models.DateField(_("effective from"))
    day_rule = models.CharField(_("meeting day rule"), max_length=16, choices=DayRule.choices)
    day = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(6)]
    )
    week = models.SmallIntegerField(
        _("week of the month"), null=True, blank=True, help_text=_("1 to 4, or -1 for the last one.")
    )
    notice_days = models.PositiveSmallIntegerField(_("notice lead time (days)"), default=3)
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum denominator"), default=3)
    max_focus_topics = models.PositiveSmallIntegerField(_("focus topics before a warning"), default=3)
    # The minutes are a record kept by someone other than the one who leads the meeting: one person is both
    # chair and recorder only where the committee's regulation says so (R14).
    chair_may_record = models.BooleanField(_("the chair may also record the minutes"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting regulation")
        verbose_name_plural = _("meeting regulations")
        ordering = ["org", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["org", "effective_from"], name="regulation_unique_date_per_org")
        ]

    def __str__(self) -> str:
        return self.describe()

    def clean(self) -> None:
        if self.day_rule == DayRule.DAY_OF_MONTH and not self.day:
            raise ValidationError({"day": _("Choose the day of the month.")})
        if self.day_rule == DayRule.NTH_WEEKDAY:
            if self.weekday is None:
                raise ValidationError({"weekday": _("Choose the weekday.")})
            if self.week not in ORDINALS_VI:
                raise ValidationError({"week": _("The week must be 1 to 4, or -1 for the last one.")})
        if not self.quorum_denominator or self.quorum_numerator > self.quorum_denominator:
            raise ValidationError({"quorum_numerator": _("The quorum must be a fraction no larger than 1.")})

    def describe(self) -> str:
        """The rule as a Vietnamese phrase: "ngày 5 hằng tháng", "thứ Hai đầu tiên của tháng"."""
        if self.day_rule == DayRule.DAY_OF_MONTH:
            return f"ngày {self.day} hằng tháng"
        return f"{WEEKDAY_NAMES_VI[self.weekday]} {ORDINALS_VI.get(self.week, '')} của tháng"

    def nominal_date(self, year: int, month: int) -> dt.date:
        """The regulation day of a month before moving off weekends and holidays."""
        last = calendar.monthrange(year, month)[1]
        if self.day_rule == DayRule.DAY_OF_MONTH:
            return dt.date(year, month, min(self.day, last))
        if self.week == -1:
            d = dt.date(year, month, last)
            return d - dt.timedelta(days=(d.weekday() - self.weekday) % 7)
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.week - 1))

    def quorum_needed(self, members: int) -> int:
        """Members who must be present to open the meeting (rounded up)."""
        return -(-members * self.quorum_numerator // self.quorum_denominator)


# ---------------------------------------------------------------- meetings (R04, R06, R08)


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular monthly meeting")
    THEMATIC = "thematic", _("Thematic meeting")
    EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")
    STANDING = "standing", _("Standing Committee meeting")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NOTIFIED = "notified", _("Notice sent")
    HELD = "held", _("Held")
    SIGNED = "signed", _("Minutes signed")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingForm(models.TextChoices):
    """How the members meet (R41, online_rules.py): online only as the guidance in force allows."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person, with members joining online")


ONLINE_FORMS = (MeetingForm.ONLINE, MeetingForm.HYBRID)


class MeetingQuerySet(models.QuerySet):
    def for_org(self, org: Organization):
        return self.filter(org=org)


class Meeting(models.Model):
    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.REGULAR
    )
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    # The form of the meeting (R41): online or hybrid only when more than half of the members counted cannot
    # meet in person at one place, for the special nature of their work or special circumstances.
    meeting_form = models.CharField(
        _("meeting form"), max_length=10, choices=MeetingForm.choices, default=MeetingForm.IN_PERSON
    )
    remote_members = models.PositiveIntegerField(_("members unable to meet in person"), null=True, blank=True)
    form_reason = models.CharField(_("special nature or circumstances"), max_length=255, blank=True)
    # The regulation day this regular meeting was due on, before moving off weekends and holidays.
    nominal_date = models.DateField(_("regulation day"), null=True, blank=True)
    regulation = models.ForeignKey(
        MeetingRegulation,
        verbose_name=_("regulation applied"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # Preparation (R06): the Standing Committee meeting that agreed the content, its study notes, the drafter.
    prepared_in = models.ForeignKey(
        "self",
        verbose_name=_("prepared in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prepares",
    )
    preparation_notes = models.TextField(
        _("study of upper-level directions and the unit's situation"), blank=True
    )
    drafter = models.ForeignKey(
        Person,
        verbose_name=_("drafter of the resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    theme_reason = models.TextField(_("why this topic"), blank=True)
    chair = models.ForeignKey(
        Person, verbose_name=_("chair"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorder = models.ForeignKey(
        Person, verbose_name=_("recorder"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.pk and self.is_locked_in_db():
            raise ImmutableError(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("meetings:meeting", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.is_locked_in_db():
            raise ImmutableError(self)
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status == MeetingStatus.SIGNED

    @property
    def is_ahead(self) -> bool:
        """The meeting's day has not come yet (Hà Nội's date): nothing of its outcome is recorded (R45)."""
        return self.date > timezone.localdate()

    @property
    def is_online(self) -> bool:
        return self.meeting_form in ONLINE_FORMS

    def is_locked_in_db(self) -> bool:
        # Read the stored status: an in-memory object may have been altered to look unlocked.
        return Meeting.objects.filter(pk=self.pk, status=MeetingStatus.SIGNED).exists()


class LockedByMeeting(models.Model):
    """Rows recorded in a meeting: refused once its minutes are signed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _refuse_if_locked(self.meeting_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_locked(self.meeting_id)
        return super().delete(*args, **kwargs)


def _refuse_if_locked(meeting_id) -> None:
    if meeting_id and Meeting.objects.filter(pk=meeting_id, status=MeetingStatus.SIGNED).exists():
        raise ImmutableError(meeting_id)


class FocusTopic(LockedByMeeting):
    """One of the few explicit focus topics of a meeting (R06, R08)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="focus_topics")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("focus topic"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    program_item = models.ForeignKey(
        ProgramItem,
        verbose_name=_("program item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus topic")
        verbose_name_plural = _("focus topics")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    DRAFT = "draft", _("Draft resolution")
    DOCUMENT = "document", _("Meeting document")
    UPPER = "upper", _("Upper-level document implemented")


class MeetingDocument(LockedByMeeting):
    """A file given to members before the meeting: the draft, a working paper, an upper-level text (R06, R07)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=255)
    number = models.CharField(_("number"), max_length=60, blank=True, help_text=_("For example 15-NQ/ĐUK."))
    attachment = models.ForeignKey(Attachment, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # A document taken back before the meeting (services.remove_document) stays in its history, file kept.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "kind", "id"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- notice (R07)


class Notice(LockedByMeeting):
    """The notice of a meeting to one member. Immutable once sent, except for the first opening."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meeting_notices")
    sent_at = models.DateTimeField(_("sent at"))
    lead_days = models.SmallIntegerField(_("days before the meeting"))
    late = models.BooleanField(_("late"), default=False)
    agenda = models.TextField(_("agenda"))
    emailed = models.BooleanField(_("e-mailed"), default=False)
    opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting notice")
        verbose_name_plural = _("meeting notices")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "recipient"], name="notice_unique_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.recipient}"

    def save(self, *args, **kwargs):
        if self.pk and kwargs.get("update_fields") != ["opened_at"]:
            raise ImmutableError(self)
        super().save(*args, **kwargs)


# ---------------------------------------------------------------- the meeting record (R09-R14)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT_EXCUSED = "absent_excused", _("Absent with reason")
    ABSENT = "absent", _("Absent without reason")
    # Reasons that may take a member out of "all the members" counted for the quorum and adoption, as the
    # rule in force on the meeting's date says (charter.py, R41).
    WORKING_ELSEWHERE = "elsewhere", _("Absent: temporarily working elsewhere")
    EXEMPT = "exempt", _("Absent: exempt from activity")
    SUSPENDED = "suspended", _("Absent: suspended or in custody")


PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
# Absences for a known reason: never counted as absences without reason (the quality checks, R11).
EXCUSED_STATUSES = (
    AttendanceStatus.ABSENT_EXCUSED,
    AttendanceStatus.WORKING_ELSEWHERE,
    AttendanceStatus.EXEMPT,
    AttendanceStatus.SUSPENDED,
)


class Attendance(LockedByMeeting):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"

    def clean(self) -> None:
        if self.status == AttendanceStatus.ABSENT_EXCUSED and not self.reason.strip():
            raise ValidationError({"reason": _("Give the reason for the absence.")})


class Section(models.TextChoices):
    REVIEW = "review", _("Review of last month's resolution")
    IDEOLOGY = "ideology", _("Ideological situation of cadres and members")
    ACTIVITY = "activity", _("Members' activity")
    FEEDBACK = "feedback", _("Members' feedback on the committee and each committee member")
    SUPPORT = "support", _("Help for members in difficulty")
    LEADERSHIP = "leadership", _("Analysis of leadership and responsibility")
    FOCUS = "focus", _("Discussion of the focus topics")
    CRITICISM = "criticism", _("Criticism and self-criticism")
    CONCLUSION = "conclusion", _("The secretary's conclusion")


class AgendaEntry(LockedByMeeting):
    """What was said under one standing section of the meeting (R09, R10, R12)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    text = models.TextField(_("content"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda section")
        verbose_name_plural = _("agenda sections")
        constraints = [models.UniqueConstraint(fields=["meeting", "section"], name="agenda_unique_section")]

    def __str__(self) -> str:
        return self.get_section_display()


class Stance(models.TextChoices):
    AGREE = "agree", _("Agrees")
    DISAGREE = "disagree", _("Disagrees")
    SUGGESTION = "suggestion", _("Suggests a change")


class Phase(models.TextChoices):
    BEFORE = "before", _("Written before the meeting")
    DURING = "during", _("Spoken in the meeting")


class Opinion(LockedByMeeting):
    """A member's opinion: written on the draft before the meeting, or spoken in it, dissent included (R11)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    author = models.ForeignKey(
        Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="opinions"
    )
    phase = models.CharField(_("when"), max_length=8, choices=Phase.choices)
    section = models.CharField(
        _("on"), max_length=120, blank=True, help_text=_("Empty for the draft as a whole.")
    )
    stance = models.CharField(_("stance"), max_length=12, choices=Stance.choices)
    text = models.TextField(_("opinion"))
    order = models.PositiveIntegerField(_("order"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["meeting", "phase", "order", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.get_stance_display()}"


class Vote(LockedByMeeting):
    """The show-of-hands vote on the resolution (R14). Adoption is computed, never entered.

    Party Charter art. 9: adopted when more than half of ALL the committee's members approve — members
    in office on the meeting day, not those present.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="vote")
    subject = models.CharField(_("subject"), max_length=255)
    votes_for = models.PositiveSmallIntegerField(_("for"))
    votes_against = models.PositiveSmallIntegerField(_("against"))
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"))
    members_total = models.PositiveSmallIntegerField(_("committee members in office"))
    # The version of the adoption rule applied (charter.py): `members_total` is the count it gave.
    rule_key = models.CharField(_("rule applied"), max_length=32, blank=True)
    members_excluded = models.PositiveSmallIntegerField(_("members not counted"), default=0)
    adopted = models.BooleanField(_("adopted"), editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return self.subject

    def save(self, *args, **kwargs):
        self.adopted = is_adopted(self.votes_for, self.members_total)
        super().save(*args, **kwargs)


def is_adopted(votes_for: int, members_total: int) -> bool:
    """More than half of the body's total members approve (Party Charter, art. 9)."""
    return members_total > 0 and 2 * votes_for > members_total


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class Minutes(models.Model):
    """The minutes (biên bản), assembled from the record; signed by chair and recorder, then locked (R14, R21)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"))
    status = models.CharField(
        _("status"), max_length=8, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    read_back = models.BooleanField(_("read back to the meeting before closing"), default=False)
    chair_signed_at = models.DateTimeField(_("signed by the chair"), null=True, blank=True)
    recorder_signed_at = models.DateTimeField(_("signed by the recorder"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)

    def save(self, *args, **kwargs):
        if self.pk and Minutes.objects.filter(pk=self.pk, status=MinutesStatus.SIGNED).exists():
            raise ImmutableError(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if (
            self.status == MinutesStatus.SIGNED
            or Minutes.objects.filter(pk=self.pk, status=MinutesStatus.SIGNED).exists()
        ):
            raise ImmutableError(self)
        return super().delete(*args, **kwargs)


class Indicators(models.Model):
    """Quality indicators of one meeting, computed from its record and stored for the dashboards."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="indicators")
    on_regulation_day = models.BooleanField(null=True)
    notice_lead_days = models.SmallIntegerField(null=True)
    documents_in_advance = models.BooleanField(default=False)
    members_total = models.PositiveSmallIntegerField(default=0)
    attendance_pct = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    speakers_per_attendee = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    dissent_recorded = models.BooleanField(default=False)
    opinions_before = models.PositiveSmallIntegerField(default=0)
    last_month_reviewed = models.BooleanField(default=False)
    focus_topics = models.PositiveSmallIntegerField(default=0)
    # The meeting's quality score (0-100), stored when its record is closed (see resolutions.quality_data).
    quality_score = models.PositiveSmallIntegerField(null=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting indicators")
        verbose_name_plural = _("meeting indicators")

    def __str__(self) -> str:
        return str(self.meeting)


class CalendarToken(models.Model):
    """A secret per person for their iCal feed: calendar programs cannot log in."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.person)
