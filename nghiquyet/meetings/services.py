"""Use cases of the meeting cycle (R04-R14). One function per thing a person does, each atomic.

Views, commands and the API call these; nothing else writes meeting rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.documents.uploads import check_upload, store
from nghiquyet.lib.dates import long_vn
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.notify.services import notify
from nghiquyet.orgs.models import STANDING_POSITIONS, CommitteeMembership, Organization, Person

from .calendar import next_working_day
from .models import (
    PRESENT_STATUSES,
    AgendaEntry,
    Attendance,
    AttendanceStatus,
    DocumentKind,
    FocusTopic,
    Indicators,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingRegulation,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Notice,
    Opinion,
    Phase,
    Section,
    Stance,
    Vote,
)
from .signals import indicators_computed

# ---------------------------------------------------------------- reading helpers


def committee_on(org: Organization, day: dt.date, *, standing: bool = False) -> list[Person]:
    """The members of `org`'s committee in office on `day`, or of its Standing Committee only (one query)."""
    seats = CommitteeMembership.objects.current(day).filter(term__org=org)
    if standing:
        seats = seats.filter(position__in=STANDING_POSITIONS)
    seats = seats.select_related("person__user").order_by("person__sort_key", "person_id")
    return [s.person for s in seats]


def _is_standing(meeting: Meeting) -> bool:
    return meeting.kind == MeetingKind.STANDING


def body_of(meeting: Meeting) -> list[Person]:
    """Who sits in `meeting`: the Standing Committee at its own meetings, else the whole committee (one query).

    Notices, attendance, quorum, the vote's total and who may give an opinion all count this body.
    """
    return committee_on(meeting.org, meeting.date, standing=_is_standing(meeting))


def regulation_on(org: Organization, day: dt.date) -> MeetingRegulation | None:
    """The regulation in force on `day`: the latest one that took effect on or before it."""
    return org.meeting_regulations.filter(effective_from__lte=day).order_by("-effective_from").first()


def _ensure_open(meeting: Meeting) -> None:
    """Refuse changes once the minutes are signed, or once a first signature has fixed their text."""
    if (
        meeting.is_locked
        or Minutes.objects.filter(
            Q(status=MinutesStatus.SIGNED)
            | Q(chair_signed_at__isnull=False)
            | Q(recorder_signed_at__isnull=False),
            meeting=meeting,
        ).exists()
    ):
        raise ImmutableError(meeting)


# ---------------------------------------------------------------- regulation and calendar (R04)


@transaction.atomic
def set_regulation(org: Organization, effective_from: dt.date, **fields) -> MeetingRegulation:
    """Adopt a meeting regulation from a date. A regulation some meeting already applied is never changed."""
    existing = org.meeting_regulations.filter(effective_from=effective_from).first()
    if existing is not None and not Meeting.objects.filter(regulation=existing).exists():
        regulation = existing
        for name, value in fields.items():
            setattr(regulation, name, value)
    else:
        if existing is not None:
            raise ValidationError(
                {"effective_from": _("A regulation already in use starts on this date; choose a later date.")}
            )
        regulation = MeetingRegulation(org=org, effective_from=effective_from, **fields)
    regulation.full_clean()
    regulation.save()
    return regulation


def regular_title(day: dt.date) -> str:
    return f"Hội nghị cấp ủy thường kỳ tháng {day.month}/{day.year}"


@transaction.atomic
def generate_year(org: Organization, year: int) -> list[Meeting]:
    """Create the year's regular meetings from the regulations in force; months already planned are kept.

    Each meeting stores the regulation that applied and its nominal day, so moving it off a weekend or a
    holiday stays visible.
    """
    planned_months = set(
        Meeting.objects.filter(org=org, kind=MeetingKind.REGULAR, nominal_date__year=year).values_list(
            "nominal_date__month", flat=True
        )
    )
    regulations = list(org.meeting_regulations.order_by("effective_from"))
    created = []
    for month in range(1, 13):
        if month in planned_months:
            continue
        first = dt.date(year, month, 1)
        applicable = [r for r in regulations if r.effective_from <= first] or [
            r for r in regulations if r.effective_from.year == year and r.effective_from.month == month
        ]
        if not applicable:
            continue
        regulation = applicable[-1] if applicable[-1].effective_from <= first else applicable[0]
        nominal = regulation.nominal_date(year, month)
        created.append(
            Meeting(
                org=org,
                kind=MeetingKind.REGULAR,
                title=regular_title(nominal),
                date=next_working_day(nominal),
                nominal_date=nominal,
                regulation=regulation,
            )
        )
    for meeting in created:
        meeting.save()
    return created


@transaction.atomic
def add_meeting(org: Organization, kind: str, date: dt.date, title: str, **fields) -> Meeting:
    """An extraordinary, thematic or Standing Committee meeting added by hand."""
    meeting = Meeting(
        org=org, kind=kind, date=date, title=title, regulation=regulation_on(org, date), **fields
    )
    meeting.full_clean()
    meeting.save()
    return meeting


# ---------------------------------------------------------------- preparation (R06, R08)


@dataclass
class Preparation:
    meeting: Meeting
    warnings: list[str]


@transaction.atomic
def prepare(
    meeting: Meeting,
    *,
    topics: list[str],
    drafter: Person | None,
    preparation_notes: str = "",
    prepared_in: Meeting | None = None,
) -> Preparation:
    """Record what the Standing Committee agreed: the focus topics and the drafter (R06).

    More topics than the regulation allows is accepted with a warning (R08).
    """
    _ensure_open(meeting)
    topics = [t.strip() for t in topics if t and t.strip()]
    if not topics:
        raise ValidationError({"topics": _("Name at least one focus topic.")})
    if drafter is not None and drafter.pk not in {p.pk for p in body_of(meeting)}:
        raise ValidationError(
            {
                "drafter": _("The drafter must be a member of the Standing Committee.")
                if _is_standing(meeting)
                else _("The drafter must be a member of the committee.")
            }
        )
    if prepared_in is not None and (
        prepared_in.org_id != meeting.org_id or prepared_in.kind != MeetingKind.STANDING
    ):
        raise ValidationError(
            {"prepared_in": _("Choose a Standing Committee meeting of the same organization.")}
        )
    meeting.drafter = drafter
    meeting.preparation_notes = preparation_notes
    meeting.prepared_in = prepared_in
    meeting.save(update_fields=["drafter", "preparation_notes", "prepared_in"])
    meeting.focus_topics.all().delete()
    FocusTopic.objects.bulk_create(
        FocusTopic(meeting=meeting, order=i, title=title) for i, title in enumerate(topics, start=1)
    )
    warnings = []
    limit = meeting.regulation.max_focus_topics if meeting.regulation else 3
    if len(topics) > limit:
        warnings.append(
            _("%(n)s focus topics: more than %(limit)s makes a meeting with too many topics and no focus.")
            % {"n": len(topics), "limit": limit}
        )
    return Preparation(meeting, warnings)


@transaction.atomic
def attach_document(
    meeting: Meeting, *, kind: str, title: str, uploaded, by, number: str = ""
) -> MeetingDocument:
    """Attach the draft, a working paper or an upper-level document; the file is checked before storing."""
    _ensure_open(meeting)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown document kind.")})
    attachment = store(check_upload(uploaded), by)
    document = MeetingDocument.objects.create(
        meeting=meeting,
        kind=kind,
        title=title.strip() or attachment.original_name,
        number=number,
        attachment=attachment,
    )
    from .documents_context import reindex_documents

    reindex_documents(meeting)
    return document


@transaction.atomic
def remove_document(meeting: Meeting, document: MeetingDocument, *, by=None) -> None:
    """Take back a file attached by mistake while the record is open (R07); its search entry goes with it.

    Members already notified simply no longer see it. Nothing is lost: the document's history records the
    removal (and who made it, through the request), and the stored file stays for that history.
    """
    _ensure_open(meeting)
    if document.meeting_id != meeting.pk:
        raise ValidationError({"document": _("This document is not attached to this meeting.")})
    if by is not None:
        document._history_user = by  # outside a request (where the history middleware tells who)
    document.delete()
    from .documents_context import reindex_documents

    reindex_documents(meeting)


# ---------------------------------------------------------------- notice (R07)


def agenda_text(meeting: Meeting, topics: list[str] | None = None, documents: list[str] | None = None) -> str:
    """The notice's agenda; `topics` and `documents` (titles) may be given by a caller that holds them."""
    lines = [f"{meeting.title} — {long_vn(meeting.date)}"]
    if meeting.start_time:
        lines[0] += f", {meeting.start_time:%H:%M}"
    if meeting.place:
        lines.append(f"Địa điểm: {meeting.place}")
    if topics is None:
        topics = list(meeting.focus_topics.values_list("title", flat=True))
    if topics:
        lines.append("Nội dung trọng tâm:")
        lines += [f"{i}. {t}" for i, t in enumerate(topics, start=1)]
    if documents is None:
        documents = list(meeting.documents.values_list("title", flat=True))
    if documents:
        lines.append("Tài liệu gửi kèm:")
        lines += [f"- {d}" for d in documents]
    return "\n".join(lines)


@transaction.atomic
def send_notice(meeting: Meeting, *, now: dt.datetime | None = None) -> list[Notice]:
    """Notify every member of the meeting's body not yet notified, in the app and by e-mail (R07).

    A notice sent fewer days ahead than the regulation's lead time is marked late.
    """
    _ensure_open(meeting)
    now = now or timezone.now()
    lead = (meeting.date - timezone.localdate(now)).days
    required = meeting.regulation.notice_days if meeting.regulation else 3
    already = set(meeting.notices.values_list("recipient_id", flat=True))
    recipients = [p for p in body_of(meeting) if p.pk not in already]
    agenda = agenda_text(meeting)
    notices = Notice.objects.bulk_create(
        Notice(meeting=meeting, recipient=p, sent_at=now, lead_days=lead, late=lead < required, agenda=agenda)
        for p in recipients
    )
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.NOTIFIED
        meeting.save(update_fields=["status"])
    notify(
        [p.user for p in recipients],
        _("Meeting notice: %(title)s") % {"title": meeting.title},
        agenda,
        reverse("meetings:meeting", args=[meeting.pk]),
    )
    return notices


def mark_notice_opened(meeting: Meeting, person: Person | None) -> None:
    """Record the first time a member opened the meeting after being notified."""
    if person is None:
        return
    Notice.objects.filter(meeting=meeting, recipient=person, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


# ---------------------------------------------------------------- opinions (R11)


@transaction.atomic
def add_opinion(
    meeting: Meeting,
    *,
    author: Person,
    stance: str,
    text: str,
    phase: str = Phase.BEFORE,
    section: str = "",
    by=None,
) -> Opinion:
    """Record a member's opinion, written before the meeting or spoken in it, dissent included.

    Only members of the meeting's body give opinions: the Standing Committee at its own meetings.
    """
    _ensure_open(meeting)
    if not text.strip():
        raise ValidationError({"text": _("Write the opinion.")})
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Choose a stance.")})
    if author.pk not in {p.pk for p in body_of(meeting)}:
        raise ValidationError(
            {
                "author": _("Only Standing Committee members give opinions at this meeting.")
                if _is_standing(meeting)
                else _("Only committee members give opinions at this meeting.")
            }
        )
    order = (meeting.opinions.filter(phase=phase).aggregate(m=Max("order"))["m"] or 0) + 1
    return Opinion.objects.create(
        meeting=meeting,
        author=author,
        stance=stance,
        text=text.strip(),
        phase=phase,
        section=section,
        order=order,
        recorded_by=by,
    )


# ---------------------------------------------------------------- the meeting record (R09-R14)


@dataclass
class Quorum:
    members: int
    present: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.present >= self.needed


def quorum(meeting: Meeting) -> Quorum:
    """Members of the meeting's body in office, those present, and how many must be (two queries)."""
    members = len(body_of(meeting))
    present = meeting.attendance.filter(status__in=PRESENT_STATUSES).count()
    needed = meeting.regulation.quorum_needed(members) if meeting.regulation else -(-members * 2 // 3)
    return Quorum(members, present, needed)


@transaction.atomic
def record_attendance(
    meeting: Meeting, rows: dict[int, tuple[str, str]], *, chair=None, recorder=None
) -> Quorum:
    """Record the attendance of each member of the meeting's body (R13): present, late, or absent with or
    without reason."""
    _ensure_open(meeting)
    committee = {p.pk: p for p in body_of(meeting)}
    errors = {}
    for person_id, (status, reason) in rows.items():
        if person_id not in committee:
            errors["attendance"] = (
                _("Only Standing Committee members are recorded in attendance.")
                if _is_standing(meeting)
                else _("Only committee members are recorded in attendance.")
            )
        elif status not in AttendanceStatus.values:
            errors[f"status_{person_id}"] = _("Unknown attendance status.")
        elif status == AttendanceStatus.ABSENT_EXCUSED and not reason.strip():
            errors[f"reason_{person_id}"] = _("%(name)s: give the reason for the absence.") % {
                "name": committee[person_id].full_name
            }
    if errors:
        raise ValidationError(errors)
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person_id=pid, status=status, reason=reason.strip())
        for pid, (status, reason) in rows.items()
    )
    fields = []
    for name, person in (("chair", chair), ("recorder", recorder)):
        if person is not None:
            setattr(meeting, name, person)
            fields.append(name)
    if fields:
        meeting.save(update_fields=fields)
    return quorum(meeting)


@transaction.atomic
def record_section(meeting: Meeting, section: str, text: str) -> AgendaEntry | None:
    """What was said under a standing section; an empty text removes the section."""
    _ensure_open(meeting)
    if section not in Section.values:
        raise ValidationError({"section": _("Unknown section.")})
    if not text.strip():
        meeting.agenda.filter(section=section).delete()
        return None
    entry, _created = AgendaEntry.objects.update_or_create(
        meeting=meeting, section=section, defaults={"text": text.strip()}
    )
    return entry


@transaction.atomic
def record_vote(
    meeting: Meeting, *, subject: str, votes_for: int, votes_against: int, votes_abstain: int
) -> Vote:
    """The show of hands (R14). Adoption is computed: more than half of all the members of the meeting's
    body in office (the Standing Committee at its own meetings)."""
    _ensure_open(meeting)
    q = quorum(meeting)
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise ValidationError({"votes_for": _("Vote counts cannot be negative.")})
    if votes_for + votes_against + votes_abstain > q.present:
        raise ValidationError(
            {
                "votes_for": _("%(n)s votes counted but only %(present)s members present.")
                % {"n": votes_for + votes_against + votes_abstain, "present": q.present}
            }
        )
    vote, _created = Vote.objects.update_or_create(
        meeting=meeting,
        defaults={
            "subject": subject.strip() or meeting.title,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "votes_abstain": votes_abstain,
            "members_total": q.members,
        },
    )
    if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.NOTIFIED):
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    return vote


# ---------------------------------------------------------------- minutes (R14, R21)


def minutes_text(meeting: Meeting) -> str:
    """The minutes assembled from the record, in the order DOMAIN.md lists (Vietnamese: it is the document)."""
    from .minutes import render_minutes

    return render_minutes(meeting)


@transaction.atomic
def draft_minutes(meeting: Meeting) -> Minutes:
    """(Re)assemble the draft minutes from the record."""
    _ensure_open(meeting)
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting, defaults={"text": ""})
    minutes.text = minutes_text(meeting)
    minutes.save()
    return minutes


@transaction.atomic
def sign_minutes(meeting: Meeting, signer: Person, *, read_back: bool = True) -> Minutes:
    """Sign as chair or recorder; when both have signed, the minutes and the meeting are locked."""
    if meeting.is_locked:
        raise ImmutableError(meeting)
    if signer.pk not in (meeting.chair_id, meeting.recorder_id):
        raise ValidationError({"signer": _("Only the chair and the recorder sign the minutes.")})
    if not hasattr(meeting, "vote"):
        raise ValidationError({"vote": _("Record the vote before signing the minutes.")})
    if not read_back:
        raise ValidationError(
            {"read_back": _("The minutes must be read back to the meeting before signing.")}
        )
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or not (minutes.chair_signed_at or minutes.recorder_signed_at):
        # The first signature fixes the text; the record is closed to edits from then on.
        minutes = draft_minutes(meeting)
    now = timezone.now()
    if signer.pk == meeting.chair_id:
        minutes.chair_signed_at = minutes.chair_signed_at or now
    if signer.pk == meeting.recorder_id:
        minutes.recorder_signed_at = minutes.recorder_signed_at or now
    minutes.read_back = True
    if minutes.chair_signed_at and minutes.recorder_signed_at:
        compute_indicators(meeting)
        minutes.sha256 = hashlib.sha256(minutes.text.encode()).hexdigest()
        minutes.status = MinutesStatus.SIGNED
        minutes.save()
        meeting.status = MeetingStatus.SIGNED
        meeting.ended_at = meeting.ended_at or now
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.SIGNED, ended_at=meeting.ended_at)
        # Signed minutes go to the archive (R21) and the search index in the same transaction.
        from .documents_context import archive_minutes, reindex_minutes

        archive_minutes(meeting)
        reindex_minutes(meeting)
    else:
        minutes.save()
    return minutes


# ---------------------------------------------------------------- indicators


def compute_indicators(meeting: Meeting) -> Indicators:
    """Compute and store the meeting's quality indicators from its record (a fixed number of queries)."""
    values = indicator_values(
        meeting,
        quorum(meeting),
        notices=list(meeting.notices.values_list("lead_days", "sent_at")),
        documents=list(meeting.documents.values_list("added_at", flat=True)),
        opinions=list(meeting.opinions.values_list("phase", "author_id", "stance")),
        last_month_reviewed=meeting.agenda.filter(section=Section.REVIEW).exists(),
        focus_topics=meeting.focus_topics.count(),
    )
    indicators, _created = Indicators.objects.update_or_create(meeting=meeting, defaults=values)
    indicators_computed.send(sender=Meeting, meeting=meeting, indicators=indicators)
    return indicators


def indicator_values(
    meeting: Meeting, q: Quorum, *, notices, documents, opinions, last_month_reviewed: bool, focus_topics: int
) -> dict:
    """The indicators' fields from a record already read: (lead_days, sent_at) of each notice, the
    documents' added_at, (phase, author_id, stance) of each opinion. No query (the demo's bulk writer)."""
    first_notice = min((n[1] for n in notices), default=None)
    lead = min((n[0] for n in notices), default=None)
    speakers = {a for phase, a, _s in opinions if phase == Phase.DURING}
    return {
        "on_regulation_day": (meeting.date == meeting.nominal_date) if meeting.nominal_date else None,
        "notice_lead_days": lead,
        "documents_in_advance": bool(documents)
        and first_notice is not None
        and max(documents) <= first_notice,
        "members_total": q.members,
        "attendance_pct": (Decimal(100 * q.present) / q.members).quantize(Decimal("0.1"))
        if q.members
        else None,
        "speakers_per_attendee": (Decimal(len(speakers)) / q.present).quantize(Decimal("0.01"))
        if q.present
        else None,
        "dissent_recorded": any(s == Stance.DISAGREE for _p, _a, s in opinions),
        "opinions_before": sum(1 for p, _a, _s in opinions if p == Phase.BEFORE),
        "last_month_reviewed": last_month_reviewed,
        "focus_topics": focus_topics,
    }
