"""Meetings (R04-R14): an organization's meetings, one meeting's record, and a written opinion (R11)."""

from django.core.exceptions import ValidationError
from django.db.models import Count, F
from ninja import Query, Router, Status
from ninja.pagination import paginate

from nghiquyet.meetings import queries, services
from nghiquyet.meetings.access import get_meeting_for_user, get_meeting_org_for_user, meetings_of
from nghiquyet.meetings.models import AttendanceStatus, Minutes, Phase, Vote
from nghiquyet.orgs.models import Person

from .errors import invalid_input
from .pagination import Pagination
from .params import ObjectId, OrgCode
from .schemas import (
    ERRORS,
    WRITE_ERRORS,
    AttendanceSummary,
    MeetingDetailOut,
    MeetingOut,
    OpinionIn,
    OpinionOut,
)

router = Router(tags=["meetings"])


@router.get(
    "/orgs/{code}/meetings/",
    response={200: list[MeetingOut], **ERRORS},
    summary="Meetings of an organization",
)
@paginate(Pagination)
def list_meetings(request, code: OrgCode, year: int | None = Query(None, ge=1900, le=2200)):
    """The organization's meetings, the latest first; `year` keeps one calendar year. A former upper level
    gets those of its period (R40: dated up to the organization's last day under it)."""
    org = get_meeting_org_for_user(request.user, code, past=True)
    meetings = meetings_of(request.user, org).select_related("org")
    if year is not None:
        meetings = meetings.filter(date__year=year)
    # NULL times sort the same way on SQLite and PostgreSQL, so pages are the same on both.
    return meetings.order_by("-date", F("start_time").desc(nulls_last=True), "-id")


@router.get("/meetings/{meeting_id}/", response={200: MeetingDetailOut, **ERRORS}, summary="A meeting")
def get_meeting(request, meeting_id: ObjectId):
    """The meeting with its focus topics, attendance and quorum, the vote and the state of its minutes."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    quorum = queries.quorum(meeting)
    counts = dict(meeting.attendance.values_list("status").annotate(n=Count("id")).order_by())
    meeting.attendance_summary = AttendanceSummary(
        members=quorum.members,
        present=quorum.present,
        needed=quorum.needed,
        quorum_reached=quorum.reached,
        by_status={status: counts.get(status, 0) for status in AttendanceStatus.values},
    )
    meeting.topic_list = list(meeting.focus_topics.all())
    meeting.vote_row = Vote.objects.filter(meeting=meeting).first()
    meeting.minutes_row = Minutes.objects.filter(meeting=meeting).first()
    return meeting


@router.post(
    "/meetings/{meeting_id}/opinions/",
    response={201: OpinionOut, **WRITE_ERRORS},
    summary="Give a written opinion on the draft (R11)",
)
def add_opinion(request, meeting_id: ObjectId, payload: OpinionIn):
    """A committee member's written opinion before the meeting, dissent included.

    409 once the minutes are signed; 422 names the field of bad input.
    """
    meeting = get_meeting_for_user(request.user, meeting_id, "meetings.give_opinion")
    author = Person.objects.get(user=request.user)
    try:
        opinion = services.add_opinion(
            meeting,
            author=author,
            stance=payload.stance,
            text=payload.text,
            section=payload.section.strip(),
            phase=Phase.BEFORE,
            by=request.user,
        )
    except ValidationError as error:
        raise invalid_input(error, "body", "payload") from error
    return Status(201, opinion)
