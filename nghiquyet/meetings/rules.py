"""Permission predicates on meetings; all read the user's scope (orgs.access).

- see: committee members of the organization or above it, and upper-level staff over it;
- run (prepare, notify, record, sign): the organization's secretary, deputies and Standing Committee
  members, and the meeting's recorder;
- give an opinion: members of the organization's current committee.
"""

import rules

from nghiquyet.orgs.access import scope_for


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
def sits_on_committee(user, obj) -> bool:
    return obj is not None and scope_for(user).sits_on(_org(obj))


rules.add_perm("meetings.see", sees_meetings)
rules.add_perm("meetings.run", sees_meetings & runs_meetings)
rules.add_perm("meetings.give_opinion", sees_meetings & sits_on_committee)
