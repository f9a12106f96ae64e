"""One access helper per object type of the meeting cycle; anything out of reach answers 404."""

from django.http import Http404

from nghiquyet.orgs.access import get_org_for_user, scope_for

from .models import Meeting, MeetingDocument


def get_meeting_for_user(user, pk: int, perm: str = "meetings.see") -> Meeting:
    """The meeting if `user` holds `perm` on it; 404 otherwise (also for other organizations' meetings)."""
    meeting = (
        Meeting.objects.select_related(
            "org", "regulation", "drafter", "chair", "recorder", "prepared_in", "vote"
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None or not user.has_perm("meetings.see", meeting):
        raise Http404
    if perm != "meetings.see" and not user.has_perm(perm, meeting):
        raise Http404
    return meeting


def get_meeting_org_for_user(user, code: str, perm: str = "meetings.see", *, past: bool = False):
    """The organization whose meetings are asked for, if `user` holds `perm` on them; 404 otherwise.
    With `past` (a list that reads, through `meetings_of` or `resolutions_of`), also an organization
    since moved out of the user's subtree, whose records up to its last day there they still read (R40)."""
    org = get_org_for_user(user, code, "orgs.see_org")
    if user.has_perm(perm, org):
        return org
    if past and perm == "meetings.see" and scope_for(user).past_until(org) is not None:
        return org
    raise Http404


def meetings_of(user, org):
    """The organization's meetings `user` reads: all of them, or, of an organization since moved out of
    their subtree, those dated up to its last day there (R40)."""
    meetings = Meeting.objects.for_org(org)
    until = scope_for(user).past_until(org)
    return meetings if until is None else meetings.filter(date__lte=until)


def get_document_for_user(user, meeting_pk: int, document_pk: int) -> MeetingDocument:
    """A file given with a meeting, to those who may see the meeting; 404 otherwise."""
    meeting = get_meeting_for_user(user, meeting_pk)
    document = (
        MeetingDocument.objects.select_related("attachment").filter(pk=document_pk, meeting=meeting).first()
    )
    if document is None:
        raise Http404
    return document
