"""What the API reads and writes. Field names are English; values keep the model's codes (`kind`, `status`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import WithJsonSchema

from nghiquyet.meetings.models import (
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    Phase,
    Stance,
)
from nghiquyet.orgs.models import Education, Gender, OrgKind, Position, StaffRole, Theory
from nghiquyet.resolutions.models import (
    REPORTABLE_STATUSES,
    Correction,
    DeadlineKind,
    DifficultyStatus,
    ItemStatus,
    ResolutionKind,
    ResolutionStatus,
    UpdateKind,
)

from .params import Text

# What a person in charge may report (the supervisor confirms DONE; BLOCKED comes with a difficulty).
ReportableStatus = Literal[tuple(s.value for s in REPORTABLE_STATUSES)]

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
# ... and those of an endpoint that writes: 400 for a body that is not JSON, 409 for a state conflict.
WRITE_ERRORS = {**ERRORS, 400: Message, 409: Message}

# JSON Schema's "time" format demands a UTC offset; meeting times are wall-clock times in Vietnam.
LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{2}:\d{2}:\d{2}(\.\d+)?$",
            "description": "Local time in Vietnam (Asia/Ho_Chi_Minh), HH:MM:SS.",
        }
    ),
]


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
    start_time: LocalTime | None
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
    text: Text = Field(min_length=1, max_length=10_000)
    section: Text = Field("", max_length=120, description="A focus topic or part of the draft; empty: all.")


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


# ---------------------------------------------------------------- resolutions (R15-R27)


class ResolutionRef(Schema):
    id: int
    number: str = Field(alias="number_display", description="e.g. “05-NQ/ĐU”; empty while a draft.")
    title: str
    status: ResolutionStatus


class ResolutionOut(ResolutionRef):
    org: str = Field(alias="org.code")
    org_name: str = Field(alias="org.name")
    kind: ResolutionKind
    issued_on: dt.date | None
    meeting: int | None = Field(alias="meeting_id", description="The meeting that adopted it.")
    items_total: int
    items_done: int = Field(description="Items confirmed done by their supervisor.")
    items_overdue: int = Field(description="Open items past their completion date.")


class ItemSummary(Schema):
    id: int
    order: int
    content: str
    deadline_kind: DeadlineKind
    deadline: dt.date | None
    assignee: PersonRef | None
    supervisor: PersonRef | None
    status: ItemStatus
    percent: int
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()


class ResolutionDetailOut(ResolutionOut):
    theme_reason: str
    assessment: str
    objectives: str
    implementation: str
    drafter: PersonRef | None
    signed_by: PersonRef | None
    corrects: int | None = Field(
        alias="corrects_id", description="The resolution this one amends or replaces."
    )
    correction: Correction | Literal[""]
    quality_score: int | None = Field(description="0-100, stored at issuance.")
    items: list[ItemSummary] = Field(alias="item_list")


class ItemOut(ItemSummary):
    resolution: ResolutionRef
    org: str = Field(alias="resolution.org.code")
    requirement: str
    measures: str
    co_assignees: list[PersonRef]
    completed_on: dt.date | None


class ItemDetailOut(ItemOut):
    related_units: str
    confirmed_by: PersonRef | None
    confirmed_at: dt.datetime | None


class EvidenceOut(Schema):
    id: int
    name: str = Field(alias="original_name")
    content_type: str
    size: int


class ProgressOut(Schema):
    id: int
    item: int = Field(alias="item_id")
    kind: UpdateKind = Field(
        description="“report”: a report of the people carrying the item; “sent_back”: its supervisor did "
        "not accept it as done, the note is the reason."
    )
    author: PersonRef
    status: ItemStatus
    percent: int
    note: str
    evidence: list[EvidenceOut] = Field(description="Files attached on the item's page.")
    created_at: dt.datetime


class ProgressIn(Schema):
    status: ReportableStatus = Field(
        description="Done items are reported done; the supervisor confirms them."
    )
    percent: int = Field(ge=0, le=100, description="Forced to 100 when reported done; 0 when not started.")
    note: Text = Field("", max_length=5000, description="What was done.")


class DifficultyOut(Schema):
    id: int
    item: int = Field(alias="item_id")
    reporter: PersonRef
    text: str
    support_needed: str
    status: DifficultyStatus
    answer: str
    answered_by: PersonRef | None
    answered_at: dt.datetime | None
    created_at: dt.datetime


class DifficultyIn(Schema):
    text: Text = Field(min_length=1, max_length=5000, description="The difficulty.")
    support_needed: Text = Field("", max_length=5000, description="The support asked of the committee.")
