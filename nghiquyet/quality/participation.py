"""Participation in meetings (R11, R13), on plain data.

The callers build `MeetingData` from their models (see nghiquyet/resolutions/quality_data.py). A
"speaker" is a member with at least one recorded opinion at the meeting — written on the draft before it
or spoken in it: both are the opinion R11 asks to record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

SILENT_MEETINGS = 3  # consecutive attended meetings without an opinion
ABSENCES = 3  # absences ...
ABSENCE_WINDOW = 12  # ... in the member's last twelve meetings: a year of monthly meetings
ATTENDANCE_MARK = 85  # DOMAIN.md: attendance above 85% with no absence without reason
MIN_SPEAKER_SHARE = 0.5  # at least half of those present give an opinion


@dataclass(frozen=True)
class MeetingData:
    id: int
    date: dt.date
    attendees: frozenset[int] = frozenset()  # present, late included
    absent_with_reason: frozenset[int] = frozenset()
    absent_without_reason: frozenset[int] = frozenset()
    speakers: frozenset[int] = frozenset()  # members with at least one recorded opinion
    vote_recorded: bool = False
    adopted: bool | None = None  # None when no vote was recorded
    opinions_count: int = 0
    members_total: int | None = None  # the committee in office; None: count the recorded rows
    dissent_recorded: bool = False
    focus_topics_count: int | None = None
    max_focus_topics: int = 3
    last_month_reviewed: bool | None = None  # R09; None when unknown

    @property
    def expected(self) -> frozenset[int]:
        return self.attendees | self.absent_with_reason | self.absent_without_reason

    @property
    def absent(self) -> frozenset[int]:
        return self.absent_with_reason | self.absent_without_reason


@dataclass(frozen=True)
class SilentMember:
    person_id: int
    meetings: tuple[int, ...]  # the attended meetings without an opinion, oldest first
    since: dt.date


@dataclass(frozen=True)
class RepeatedAbsence:
    person_id: int
    absences: int
    without_reason: int
    window: int  # the number of the member's meetings looked at
    meetings: tuple[int, ...]


@dataclass(frozen=True)
class ParticipationFinding:
    code: str
    message: str
    person_id: int | None = None


def adopted_without_discussion(meeting: MeetingData) -> bool:
    """A vote adopted the resolution while no opinion at all was recorded (R11)."""
    return meeting.vote_recorded and meeting.adopted is not False and meeting.opinions_count == 0


def _chronological(meetings: Iterable[MeetingData]) -> list[MeetingData]:
    return sorted(meetings, key=lambda m: (m.date, m.id))


def silent_members(meetings: Iterable[MeetingData], n: int = SILENT_MEETINGS) -> list[SilentMember]:
    """Members who gave no opinion at each of the last `n` or more meetings they attended (R11).

    Only the current run counts: a member who spoke at their latest meeting is not silent, whatever came
    before. Meetings a member missed neither break nor extend the run.
    """
    runs: dict[int, list[MeetingData]] = {}
    for meeting in _chronological(meetings):
        for person in meeting.attendees:
            if person in meeting.speakers:
                runs[person] = []
            else:
                runs.setdefault(person, []).append(meeting)
    return sorted(
        (
            SilentMember(person, tuple(m.id for m in run), run[0].date)
            for person, run in runs.items()
            if len(run) >= n
        ),
        key=lambda s: (-len(s.meetings), s.person_id),
    )


def repeated_absences(
    meetings: Iterable[MeetingData], n: int = ABSENCES, m: int = ABSENCE_WINDOW
) -> list[RepeatedAbsence]:
    """Members absent from at least `n` of the last `m` meetings they were expected at (R13)."""
    history: dict[int, list[MeetingData]] = {}
    for meeting in _chronological(meetings):
        for person in meeting.expected:
            history.setdefault(person, []).append(meeting)
    found = []
    for person, expected in history.items():
        window = expected[-m:]
        missed = [x for x in window if person in x.absent]
        if len(missed) >= n:
            found.append(
                RepeatedAbsence(
                    person,
                    absences=len(missed),
                    without_reason=sum(1 for x in missed if person in x.absent_without_reason),
                    window=len(window),
                    meetings=tuple(x.id for x in missed),
                )
            )
    return sorted(found, key=lambda a: (-a.absences, -a.without_reason, a.person_id))


def attendance_pct(meeting: MeetingData) -> float | None:
    total = meeting.members_total if meeting.members_total is not None else len(meeting.expected)
    return 100 * len(meeting.attendees) / total if total else None


def speaker_share(meeting: MeetingData) -> float | None:
    present = len(meeting.attendees)
    return len(meeting.speakers & meeting.attendees) / present if present else None


def check_meeting(
    meeting: MeetingData, history: Sequence[MeetingData] = (), names: Mapping[int, str] | None = None
) -> list[ParticipationFinding]:
    """The participation findings of one meeting; `history` (earlier meetings) finds silent members.

    `names` (person id -> full name) puts the members' names in the messages.
    """
    names = names or {}
    findings = []
    if adopted_without_discussion(meeting):
        findings.append(
            ParticipationFinding(
                "adopted_without_discussion",
                _("The resolution was adopted with no opinion recorded: no discussion took place."),
            )
        )
    share = speaker_share(meeting)
    if share is not None and meeting.opinions_count and share < MIN_SPEAKER_SHARE:
        findings.append(
            ParticipationFinding(
                "few_speakers",
                _("Only %(speakers)s of the %(present)s members present gave an opinion.")
                % {"speakers": len(meeting.speakers & meeting.attendees), "present": len(meeting.attendees)},
            )
        )
    pct = attendance_pct(meeting)
    if pct is not None and pct <= ATTENDANCE_MARK:
        findings.append(
            ParticipationFinding(
                "low_attendance",
                _("Attendance was %(pct)s%%, not above %(mark)s%%.")
                % {"pct": round(pct), "mark": ATTENDANCE_MARK},
            )
        )
    for person in sorted(meeting.absent_without_reason):
        message = (
            _("%(name)s was absent without a reason.") % {"name": names[person]}
            if person in names
            else _("A member was absent without a reason.")
        )
        findings.append(ParticipationFinding("absent_without_reason", message, person_id=person))
    meetings = [m for m in history if m.id != meeting.id and m.date <= meeting.date] + [meeting]
    for silent in silent_members(meetings):
        if silent.meetings[-1] != meeting.id:
            continue
        n = len(silent.meetings)
        message = (
            _("%(name)s has given no opinion at %(n)s meetings in a row.")
            % {"name": names[silent.person_id], "n": n}
            if silent.person_id in names
            else _("A member has given no opinion at %(n)s meetings in a row.") % {"n": n}
        )
        findings.append(ParticipationFinding("silent_member", message, person_id=silent.person_id))
    return findings
