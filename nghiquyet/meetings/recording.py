"""Reading the meeting record for the recording pages (R09-R14), in a fixed number of queries.

Nothing here writes: every change goes through `services`.
"""

from __future__ import annotations

from dataclasses import dataclass

from nghiquyet.orgs.models import Person

from . import services
from .models import AgendaEntry, Attendance, Meeting, Minutes, MinutesStatus, Opinion, Phase, Vote


@dataclass(frozen=True)
class Signing:
    """How far the signing of the minutes has gone; it decides whether the record may still change."""

    meeting: Meeting
    minutes: Minutes | None

    @property
    def locked(self) -> bool:
        """Both signatures are in: the meeting and its record are locked for good."""
        return self.meeting.is_locked or (
            self.minutes is not None and self.minutes.status == MinutesStatus.SIGNED
        )

    @property
    def closed(self) -> bool:
        """No more changes to the record: locked, or a first signature has fixed the minutes' text."""
        return self.locked or (
            self.minutes is not None
            and (self.minutes.chair_signed_at is not None or self.minutes.recorder_signed_at is not None)
        )


def signing_state(meeting: Meeting) -> Signing:
    """The meeting's minutes and how far they are signed (one query)."""
    return Signing(meeting, Minutes.objects.filter(meeting=meeting).first())


@dataclass
class Record:
    """Everything the recording page shows about one meeting."""

    meeting: Meeting
    committee: list[Person]  # the meeting's body: the Standing Committee at its own meetings
    attendance: dict[int, Attendance]
    entries: dict[str, AgendaEntry]
    spoken: list[Opinion]
    vote: Vote | None
    quorum: services.Quorum
    signing: Signing

    def attendance_rows(self) -> list[tuple[Person, Attendance | None]]:
        """Each committee member with their attendance row, None where none was recorded."""
        return [(p, self.attendance.get(p.pk)) for p in self.committee]

    @property
    def no_discussion(self) -> bool:
        """A vote with no spoken opinion: the defect R11 asks to surface."""
        return self.vote is not None and not self.spoken


def read_record(meeting: Meeting) -> Record:
    """The committee, attendance, sections, spoken opinions, vote and minutes of a meeting.

    Eight queries whatever the number of rows.
    """
    return Record(
        meeting=meeting,
        committee=services.body_of(meeting),
        attendance={a.person_id: a for a in meeting.attendance.all()},
        entries={e.section: e for e in meeting.agenda.all()},
        spoken=list(
            meeting.opinions.filter(phase=Phase.DURING).select_related("author").order_by("order", "id")
        ),
        vote=Vote.objects.filter(meeting=meeting).first(),
        quorum=services.quorum(meeting),
        signing=signing_state(meeting),
    )


def majority_needed(members_total: int) -> int:
    """Votes for that make "more than half" of the members in office (Party Charter art. 9)."""
    return members_total // 2 + 1
