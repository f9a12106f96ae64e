"""Permission predicates on meetings; all read the user's scope (orgs.access).

- see: committee members of the organization or above it, and upper-level staff over it; a meeting of an
  organization since moved out of their subtree, if dated up to its last day there (R40, orgs.access);
- run (prepare, notify, record, sign): the organization's secretary, deputies and Standing Committee
  members, and the meeting's recorder;
- give an opinion: those who sit in the meeting: the members of the organization's current committee, or
  of its Standing Committee only at a Standing Committee meeting (queries.body_of counts the same body).
"""

import rules

from nghiquyet.orgs.access import scope_for

from .models import Meeting, MeetingKind


def _org(obj):
    return getattr(obj, "org", obj)


@rules.predicate
def sees_meetings(user, obj) -> bool:
    """A meeting: in today's subtree, or of an organization since moved out of it, dated up to the last
    day it lay there (R40). An organization (its lists, its calendar): today's subtree only."""
    if obj is None:
        return False
    scope = scope_for(user)
    if isinstance(obj, Meeting):
        return scope.everything or scope.reads_records_of(obj.org, lambda: obj.date)
    return scope.reaches(_org(obj))


@rules.predicate
def reaches_meetings(user, obj) -> bool:
    """Today's subtree only: what acts on meetings never reaches a former upper level's past (R40)."""
    return obj is not None and scope_for(user).reaches(_org(obj))


@rules.predicate
def runs_meetings(user, obj) -> bool:
    if obj is None:
        return False
    scope = scope_for(user)
    recorder_id = getattr(obj, "recorder_id", None)
    return scope.leads(_org(obj)) or (recorder_id is not None and recorder_id == scope.person_id)


@rules.predicate
def sits_in_meeting(user, obj) -> bool:
    """A member of the meeting's body; the seat's position is in the scope already, so no query."""
    if obj is None:
        return False
    scope = scope_for(user)
    if isinstance(obj, Meeting) and obj.kind == MeetingKind.STANDING:
        return scope.leads(obj.org)  # the secretary, the deputies and the standing members
    return scope.sits_on(_org(obj))


rules.add_perm("meetings.see", sees_meetings)
rules.add_perm("meetings.run", reaches_meetings & runs_meetings)
rules.add_perm("meetings.give_opinion", reaches_meetings & sits_in_meeting)
