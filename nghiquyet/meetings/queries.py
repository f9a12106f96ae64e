"""Reads of the meeting cycle used by several views, services and documents: who sits in a meeting, the
regulation in force, the quorum, the record as the recording pages show it (R04, R09-R14). Nothing here
writes: every change goes through `services`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from nghiquyet.documents.confidentiality import Viewer
from nghiquyet.orgs.models import STANDING_POSITIONS, CommitteeMembership, Organization, Person, Term

from .cell_rules import CellRule, cell_rule_on
from .charter import AdoptionRule, adoption_rule, adoption_rule_on
from .models import (
    ONLINE_FORMS,
    PRESENT_STATUSES,
    AgendaEntry,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingRegulation,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Opinion,
    Phase,
    Vote,
)
from .online_rules import OnlineRule, online_rule_on


def committee_on(org: Organization, day: dt.date, *, standing: bool = False) -> list[Person]:
    """The members of `org`'s committee in office on `day`, or of its Standing Committee only (one query)."""
    seats = CommitteeMembership.objects.current(day).filter(term__org=org)
    if standing:
        seats = seats.filter(position__in=STANDING_POSITIONS)
    seats = seats.select_related("person__user").order_by("person__sort_key", "person_id")
    return [s.person for s in seats]


def has_committee_on(org: Organization, day: dt.date) -> bool:
    """Whether a committee term of `org` is in office on `day`: a meeting needs one (R45)."""
    return Term.objects.current(day).filter(org=org).exists()


def is_standing(meeting: Meeting) -> bool:
    return meeting.kind == MeetingKind.STANDING


def body_of(meeting: Meeting) -> list[Person]:
    """Who sits in `meeting`: the Standing Committee at its own meetings, else the whole committee (one query).

    Notices, attendance, quorum, the vote's total and who may give an opinion all count this body.
    """
    return committee_on(meeting.org, meeting.date, standing=is_standing(meeting))


@dataclass(frozen=True)
class LinkedResolution:
    """A resolution drafted in the app for a meeting, as the meeting's pages and notice show it (R07).

    `meetings` may not import `resolutions`: the resolutions app describes its rows this way through the
    reader it sets with `set_resolutions_reader` when it loads.
    """

    pk: int
    title: str
    number_display: str
    is_draft: bool
    url: str  # the resolution's page
    docx_url: str  # its DOCX: the current rendering of a draft, the archived copy once issued


def _no_resolutions(meeting: Meeting, viewer: Viewer | None) -> list[LinkedResolution]:
    return []


_reader: dict[str, Callable[[Meeting, Viewer | None], list[LinkedResolution]]] = {
    "resolutions": _no_resolutions
}


def set_resolutions_reader(reader: Callable[[Meeting, Viewer | None], list[LinkedResolution]]) -> None:
    """Set by the resolutions app when it loads: how to read the resolutions of a meeting (one query)."""
    _reader["resolutions"] = reader


def resolutions_of(meeting: Meeting, viewer: Viewer | None = None) -> list[LinkedResolution]:
    """The resolutions drafted for `meeting`, oldest first (one query); given a `viewer` (a page), those
    they may read (classified ones: the roles named on them, #17.1); without (the notice, the services),
    all of them."""
    return _reader["resolutions"](meeting, viewer)


def draft_among(resolutions: list[LinkedResolution]) -> LinkedResolution | None:
    """The meeting's draft resolution, if it has one still in draft: there is at most one (R07)."""
    return next((r for r in resolutions if r.is_draft), None)


def regulation_on(org: Organization, day: dt.date) -> MeetingRegulation | None:
    """The regulation in force on `day`: the latest one that took effect on or before it."""
    return org.meeting_regulations.filter(effective_from__lte=day).order_by("-effective_from").first()


@dataclass
class Quorum:
    members: int  # "all the members" as the rule counts them: those in office less those it leaves out
    present: int
    needed: int
    excluded: int = 0  # members in office not counted (working elsewhere, exempt and absent, suspended)
    rule: AdoptionRule | None = field(default=None, compare=False)  # the version of the meeting's date (R41)

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.present >= self.needed


def quorum(meeting: Meeting) -> Quorum:
    """Members of the meeting's body counted by the adoption rule in force on the meeting's date, those
    present, and how many must be (two queries).

    The rule (charter.py) leaves out members recorded as working elsewhere, exempt and absent, or
    suspended, as its version says; both the quorum and the majority are taken of that count (R41)."""
    rule = adoption_rule_on(meeting.date)
    statuses = list(meeting.attendance.values_list("status", flat=True))
    members, excluded = rule.counted(len(body_of(meeting)), statuses)
    present = sum(1 for s in statuses if s in PRESENT_STATUSES)
    needed = meeting.regulation.quorum_needed(members) if meeting.regulation else -(-members * 2 // 3)
    return Quorum(members, present, needed, excluded, rule)


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
    quorum: Quorum
    signing: Signing

    def attendance_rows(self) -> list[tuple[Person, Attendance | None]]:
        """Each committee member with their attendance row, None where none was recorded."""
        return [(p, self.attendance.get(p.pk)) for p in self.committee]

    @property
    def rule(self) -> AdoptionRule | None:
        """The adoption rule the vote was judged by (its recorded key), else the one in force on the
        meeting's date (R41)."""
        return applied_rule(self.vote, self.meeting)

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
        committee=body_of(meeting),
        attendance={a.person_id: a for a in meeting.attendance.all()},
        entries={e.section: e for e in meeting.agenda.all()},
        spoken=list(
            meeting.opinions.filter(phase=Phase.DURING).select_related("author").order_by("order", "id")
        ),
        vote=Vote.objects.filter(meeting=meeting).first(),
        quorum=quorum(meeting),
        signing=signing_state(meeting),
    )


def applied_rule(vote: Vote | None, meeting: Meeting) -> AdoptionRule:
    """The version a recorded vote was judged by, else the one in force on the meeting's date (no query)."""
    recorded = adoption_rule(vote.rule_key) if vote is not None and vote.rule_key else None
    return recorded or adoption_rule_on(meeting.date)


@dataclass(frozen=True)
class OnlineJudgement:
    """An online or hybrid meeting as the online rule of its date judges it (R41, online_rules.py)."""

    rule: OnlineRule | None  # None: no version in force on the meeting's date, online not provided for
    members: int  # the meeting's body, as notices and attendance count it
    counted: int  # less the members the version leaves out (exempt and absent, suspended)
    remote: int | None  # members unable to meet in person at one place

    @property
    def excluded(self) -> int:
        return self.members - self.counted

    @property
    def least_remote(self) -> int | None:
        return self.rule.least_remote(self.counted) if self.rule else None

    @property
    def allowed(self) -> bool:
        return (
            self.rule is not None and self.remote is not None and self.rule.allows(self.remote, self.counted)
        )


def online_judgement(
    meeting: Meeting, meeting_form: str | None = None, remote: int | None = None
) -> OnlineJudgement | None:
    """How the online rule in force on the meeting's date judges its form (or `meeting_form` with `remote`
    members unable to meet in person, before they are saved); None for an in-person meeting (two queries)."""
    if meeting_form is None:
        meeting_form, remote = meeting.meeting_form, meeting.remote_members
    if meeting_form not in ONLINE_FORMS:
        return None
    rule = online_rule_on(meeting.date)
    members = len(body_of(meeting))
    statuses = list(meeting.attendance.values_list("status", flat=True)) if meeting.pk else []
    counted = rule.counted(members, statuses) if rule else members
    return OnlineJudgement(rule=rule, members=members, counted=counted, remote=remote)


# Days ahead a notice goes out when the organization recorded no regulation (DOMAIN.md: committees).
DEFAULT_NOTICE_DAYS = 3


def notice_days_required(meeting: Meeting) -> int:
    """Days ahead the notice and documents of `meeting` must go out (R07): its regulation's lead, else the
    default; for a cell, raised to (or, with no regulation, set by) the cell rule of its date (R41). No query."""
    regulation_days = meeting.regulation.notice_days if meeting.regulation else None
    rule = cell_rule_on(meeting.date) if meeting.org.is_cell else None
    if rule is None:
        return DEFAULT_NOTICE_DAYS if regulation_days is None else regulation_days
    return rule.notice_days(regulation_days, DEFAULT_NOTICE_DAYS)


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar quarter holding `day`."""
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    after = dt.date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


@dataclass(frozen=True)
class CellJudgement:
    """A cell meeting as the cell rule of its date judges it (R41): which version, and its checks."""

    rule: CellRule
    notice_days: int  # days ahead the notice and documents go out (the version's floor applied)
    minutes: int | None  # how long the meeting lasted, when its opening and closing were recorded
    quarter: int
    quarter_first: dt.date
    quarter_last: dt.date
    thematic_held: int  # thematic meetings of the cell in the meeting's quarter, not cancelled
    quarter_over: bool

    @property
    def too_short(self) -> bool:
        return (
            self.rule.min_minutes is not None
            and self.minutes is not None
            and self.minutes < self.rule.min_minutes
        )

    @property
    def thematic_missing(self) -> bool:
        """The quarter is over with fewer thematic meetings than the version asks."""
        return self.quarter_over and self.thematic_held < self.rule.thematic_per_quarter


def cell_judgement(meeting: Meeting, today: dt.date) -> CellJudgement | None:
    """How the cell rule in force on the meeting's date judges it; None for a committee's meeting or a date
    before the first version (one query: the cell's thematic meetings of the quarter)."""
    rule = cell_rule_on(meeting.date) if meeting.org.is_cell else None
    if rule is None:
        return None
    first, last = quarter_of(meeting.date)
    held = (
        Meeting.objects.filter(org_id=meeting.org_id, kind=MeetingKind.THEMATIC, date__range=(first, last))
        .exclude(status=MeetingStatus.CANCELLED)
        .count()
    )
    minutes = None
    if meeting.started_at and meeting.ended_at and meeting.ended_at > meeting.started_at:
        minutes = int((meeting.ended_at - meeting.started_at).total_seconds() // 60)
    return CellJudgement(
        rule=rule,
        notice_days=notice_days_required(meeting),
        minutes=minutes,
        quarter=(first.month - 1) // 3 + 1,
        quarter_first=first,
        quarter_last=last,
        thematic_held=held,
        quarter_over=last < today,
    )


@dataclass(frozen=True)
class QuarterCheck:
    """One quarter of a cell's year: its thematic meetings against the cell rule in force at its end (R41)."""

    quarter: int
    rule: CellRule
    held: int
    over: bool

    @property
    def missing(self) -> bool:
        return self.over and self.held < self.rule.thematic_per_quarter


def thematic_by_quarter(
    org: Organization, year: int, meetings: list[Meeting], today: dt.date
) -> list[QuarterCheck]:
    """For a cell, each quarter of `year` (from the first cell rule on) with the thematic meetings among
    `meetings` (the cell's meetings of that year, already read: no query); [] for a committee."""
    if not org.is_cell:
        return []
    checks = []
    for quarter in range(1, 5):
        first, last = quarter_of(dt.date(year, 3 * quarter, 1))
        # The obligation falls due at the quarter's end: the version in force then judges it.
        rule = cell_rule_on(last)
        if rule is None:
            continue
        held = sum(
            1
            for m in meetings
            if m.kind == MeetingKind.THEMATIC
            and m.status != MeetingStatus.CANCELLED
            and first <= m.date <= last
        )
        checks.append(QuarterCheck(quarter=quarter, rule=rule, held=held, over=last < today))
    return checks


def majority_needed(members_total: int) -> int:
    """Votes for that make "more than half" of the members in office (Party Charter art. 9)."""
    return members_total // 2 + 1


def committee_meetings(person: Person, since: dt.date) -> QuerySet[Meeting]:
    """Meetings from `since` on of every organization on whose current committee `person` sits (one query)."""
    orgs = CommitteeMembership.objects.current().filter(person=person).values("term__org")
    return (
        Meeting.objects.filter(org__in=orgs, date__gte=since)
        .select_related("org")
        .order_by("date", "start_time", "id")
    )


def ahead_message(meeting: Meeting) -> str:
    """Why nothing of a meeting's outcome is recorded yet, for the pages: its day has not come (R45)."""
    return _("Available from %(date)s, the meeting's day: nothing of the meeting is recorded before it.") % {
        "date": f"{meeting.date:%d/%m/%Y}"
    }
