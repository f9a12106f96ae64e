"""What the API reads and writes. Field names are English; values keep the model's codes (`kind`, `status`)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from nghiquyet.meetings.models import (
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    Phase,
    Stance,
)
from nghiquyet.orgs.models import Education, Gender, OrgKind, Position, StaffRole, Theory

# ---------------------------------------------------------------- errors


class Message(Schema):
    detail: str


class ErrorItem(Schema):
    loc: list[str | int] = Field(description="Where the error is: the last element names the field.")
    msg: str
    type: str = ""


class ValidationErrors(Schema):
    detail: list[ErrorItem]


# The error answers every endpoint may give (documented, so that clients and fuzzers know them).
ERRORS = {401: Message, 404: Message, 422: ValidationErrors}


# ---------------------------------------------------------------- organizations and people (R01-R03)


class OrgRef(Schema):
    code: str
    name: str
    kind: OrgKind


class OrgOut(OrgRef):
    issuer_code: str
    parent: str | None = Field(description="Code of the organization above; none for the bloc.")
    depth: int
    active_from: dt.date | None
    active_to: dt.date | None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        # Read off the materialized path: no query per row.
        codes = obj.ancestor_codes()
        return codes[-2] if len(codes) > 1 else None


class UnitOut(OrgRef):
    member_count: int = Field(description="Party members registered anywhere in the unit.")


class PersonRef(Schema):
    id: int
    full_name: str


class SeatOut(Schema):
    person: PersonRef
    position: Position


class TermOut(Schema):
    label: str
    start_date: dt.date
    end_date: dt.date | None
    committee: list[SeatOut] = Field(alias="seat_list")


class OrgDetailOut(OrgOut):
    # The router reads these into attributes of the organization under names the model does not use.
    ancestors: list[OrgRef] = Field(alias="ancestor_list", description="The organizations above, root first.")
    units: list[UnitOut] = Field(alias="unit_list", description="The directly subordinate units.")
    current_term: TermOut | None = Field(alias="current_term_row")


class PersonOut(PersonRef):
    gender: Gender
    birth_date: dt.date | None
    home_org: str = Field(alias="home_org.code", description="Code of the party cell.")
    home_org_name: str = Field(alias="home_org.name")
    job_title: str


class CommitteeSeatOut(Schema):
    org: str = Field(alias="term.org.code")
    org_name: str = Field(alias="term.org.name")
    term: str = Field(alias="term.label")
    position: Position
    start_date: dt.date
    end_date: dt.date | None


class BodyRoleOut(Schema):
    org: str = Field(alias="body.org.code")
    body: str = Field(alias="body.name")
    role: StaffRole
    start_date: dt.date
    end_date: dt.date | None


class PersonDetailOut(PersonOut):
    party_entry_date: dt.date | None
    full_membership_date: dt.date | None
    workplace: str
    education: Education
    theory: Theory
    committee_seats: list[CommitteeSeatOut] = Field(alias="seat_list")
    body_roles: list[BodyRoleOut] = Field(alias="role_list")


# ---------------------------------------------------------------- meetings (R04-R14)


class MeetingOut(Schema):
    id: int
    org: str = Field(alias="org.code")
    kind: MeetingKind
    title: str
    date: dt.date
    start_time: dt.time | None
    place: str
    nominal_date: dt.date | None = Field(description="The regulation day, before moving off holidays.")
    status: MeetingStatus


class FocusTopicOut(Schema):
    order: int
    title: str
    description: str


class AttendanceSummary(Schema):
    members: int = Field(description="Committee members in office on the meeting day.")
    present: int = Field(description="Present, late arrivals included.")
    needed: int = Field(description="Members needed for the quorum.")
    quorum_reached: bool
    by_status: dict[AttendanceStatus, int]


class VoteOut(Schema):
    subject: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    members_total: int
    adopted: bool


class MinutesOut(Schema):
    status: MinutesStatus
    read_back: bool
    chair_signed_at: dt.datetime | None
    recorder_signed_at: dt.datetime | None
    sha256: str


class MeetingDetailOut(MeetingOut):
    chair: PersonRef | None
    recorder: PersonRef | None
    drafter: PersonRef | None
    focus_topics: list[FocusTopicOut] = Field(alias="topic_list")
    attendance: AttendanceSummary = Field(alias="attendance_summary")
    vote: VoteOut | None = Field(alias="vote_row")
    minutes: MinutesOut | None = Field(alias="minutes_row")


class OpinionIn(Schema):
    stance: Stance
    text: str = Field(min_length=1, max_length=10_000)
    section: str = Field("", max_length=120, description="A focus topic or part of the draft; empty: all.")


class OpinionOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    author: PersonRef
    phase: Phase
    stance: Stance
    section: str
    text: str
    order: int
    created_at: dt.datetime
