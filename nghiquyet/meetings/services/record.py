"""The meeting record (R09-R13): attendance, the agenda's sections, the vote."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    AgendaEntry,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Section,
    Vote,
)
from ..queries import Quorum, body_of, is_standing, quorum
from ._guard import ensure_day_has_come, ensure_open


@transaction.atomic
def record_attendance(
    meeting: Meeting, rows: dict[int, tuple[str, str]], *, chair=None, recorder=None
) -> Quorum:
    """Record the attendance of each member of the meeting's body (R13): present, late, or absent with or
    without reason."""
    ensure_open(meeting)
    ensure_day_has_come(meeting)
    committee = {p.pk: p for p in body_of(meeting)}
    errors = {}
    for person_id, (status, reason) in rows.items():
        if person_id not in committee:
            errors["attendance"] = (
                _("Only Standing Committee members are recorded in attendance.")
                if is_standing(meeting)
                else _("Only committee members are recorded in attendance.")
            )
        elif status not in AttendanceStatus.values:
            errors[f"status_{person_id}"] = _("Unknown attendance status.")
        elif status == AttendanceStatus.ABSENT_EXCUSED and not reason.strip():
            errors[f"reason_{person_id}"] = _("%(name)s: give the reason for the absence.") % {
                "name": committee[person_id].full_name
            }
    chair_id = chair.pk if chair is not None else meeting.chair_id
    recorder_id = recorder.pk if recorder is not None else meeting.recorder_id
    if (
        chair_id is not None
        and chair_id == recorder_id
        and not (meeting.regulation is not None and meeting.regulation.chair_may_record)
    ):
        errors["recorder"] = _(
            "The chair cannot also record the minutes: the meeting regulation asks for another recorder."
        )
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
    """What was said under a standing section; an empty text removes the section.

    Only the review of last month's resolution (the report prepared for the meeting, R09) is written
    before the meeting's day; what is said under the other sections, the conclusion included, is
    recorded from that day (R45)."""
    ensure_open(meeting)
    if section not in Section.values:
        raise ValidationError({"section": _("Unknown section.")})
    if section != Section.REVIEW:
        ensure_day_has_come(meeting)
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
    body in office (the Standing Committee at its own meetings), counted by the adoption rule in force on
    the meeting's date, whose key the vote keeps (R41)."""
    ensure_open(meeting)
    ensure_day_has_come(meeting)
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
            "rule_key": q.rule.key if q.rule else "",
            "members_excluded": q.excluded,
        },
    )
    if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.NOTIFIED):
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    return vote
