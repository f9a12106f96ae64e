"""Permission predicates on meetings; all read the user's scope (orgs.access).

- see: committee members of the organization or above it, and upper-level staff over it;
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
    if obj is None:
        return False
    scope = scope_for(user)
    return scope.everything or any(_org(obj).path.startswith(p) for p in scope.subtree_paths)


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
rules.add_perm("meetings.run", sees_meetings & runs_meetings)
rules.add_perm("meetings.give_opinion", sees_meetings & sits_in_meeting)
