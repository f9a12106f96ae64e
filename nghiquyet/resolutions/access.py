"""One access helper per object type of resolutions; anything out of reach answers 404."""

from django.db.models import Q
from django.http import Http404

from nghiquyet.documents.confidentiality import classified_filter, past_filter
from nghiquyet.documents.models import Attachment
from nghiquyet.lib.paths import under_q
from nghiquyet.orgs.access import past_reach_for, scope_for, viewer_for

from .models import Difficulty, Item, ProgressUpdate, Resolution, mine_q
from .rules import carries_item, reads_text, supervises_item


def dated_until(day, prefix: str = "") -> Q:
    """Resolutions (through `prefix`, like "resolution__") belonging to a day up to `day`, as
    `Resolution.record_day` dates them: their meeting's day, else their issue day."""
    return Q(**{f"{prefix}meeting__date__lte": day}) | Q(
        **{f"{prefix}meeting__isnull": True, f"{prefix}issued_on__lte": day}
    )


def _read_resolutions_q(user, prefix: str = "") -> Q:
    """Resolutions (through `prefix`) whose text the user reads: in today's subtree, classified ones for
    the roles named on them (#17.1); of an organization since moved out of it, those dated up to its last
    day there, classified ones for the body roles the user held over it then (R40). What `reads_text`
    and `sees_resolution_or_item` grant one by one, as one condition."""
    scope = scope_for(user)
    viewer = viewer_for(user)
    readable = classified_filter(viewer, prefix=prefix, org_path="org__path")
    if scope.everything:
        return readable
    today = under_q(scope.subtree_paths, f"{prefix}org__path") & readable
    past = past_reach_for(user)
    if not past:
        return today
    return today | past_filter(
        past, lambda day: dated_until(day, prefix), prefix=prefix, org_id="org_id", org_path=None
    )


def visible_resolutions(user):
    """What `resolutions.see` grants resolution by resolution, as one filter for lists: resolutions of the
    organizations whose meetings one sees (and of a former upper level's period, R40), classified ones
    only for the roles named on them (#17.1)."""
    return Resolution.objects.filter(_read_resolutions_q(user))


def readable_of_q(user, org, prefix: str = "") -> Q:
    """Of `org`'s resolutions (through `prefix`, like "resolution__"), those whose text `user` reads: all
    of them, classified ones for the roles named on them (#17.1); of an organization since moved out of
    their subtree, those of its period there, classified ones for the body roles held then (R40)."""
    reach = past_reach_for(user).get(org.pk) if scope_for(user).past_until(org) is not None else None
    if reach is None:
        return classified_filter(viewer_for(user), prefix=prefix, org_path="org__path")
    return past_filter({org.pk: reach}, lambda day: dated_until(day, prefix), prefix=prefix, org_path=None)


def resolutions_of(user, org):
    """The organization's resolutions `user` reads: all of them (classified ones for the roles named on
    them), or, of an organization since moved out of their subtree, those of its period there (R40)."""
    return Resolution.objects.filter(readable_of_q(user, org), org=org)


def visible_items(user):
    """Items of the visible resolutions, plus those one carries or supervises wherever they are."""
    q = _read_resolutions_q(user, "resolution__")
    person_id = scope_for(user).person_id
    if person_id is not None:
        q |= mine_q(person_id)
    return Item.objects.filter(q)


def mark_unreadable(user, resolutions) -> None:
    """Set `hidden_from_viewer` on each classified resolution the user may not read (they carry one of
    its items): pages then name it by number, without its title or a link (#17.1). The resolutions come
    with their organization; one query at most (the viewer's posts)."""
    for resolution in resolutions:
        if resolution.is_classified:
            resolution.hidden_from_viewer = not reads_text(user, resolution)


def readers_among(resolution: Resolution, people):
    """Those of `people` who may read the resolution's text: all of them unless it is classified, then the
    roles named on it (#17.1) — notifications quoting it go to them alone (a query or two per person of a
    classified one: the leaders of one committee)."""
    people = [p for p in people if p is not None]
    if not resolution.is_classified:
        return people
    return [p for p in people if p.user_id and reads_text(p.user, resolution)]


def get_resolution_for_user(user, pk: int, perm: str = "resolutions.see") -> Resolution:
    """The resolution if `user` holds `perm` on it; 404 otherwise."""
    resolution = (
        Resolution.objects.select_related("org", "meeting", "drafter", "signed_by", "corrects", "term")
        .filter(pk=pk)
        .first()
    )
    if (
        resolution is None
        or not user.has_perm("resolutions.see", resolution)
        or not user.has_perm(perm, resolution)
        # Superusers hold every permission, but not a classified text's roles (#17.1).
        or not reads_text(user, resolution)
    ):
        raise Http404
    return resolution


def get_item_for_user(user, pk: int, perm: str = "resolutions.see") -> Item:
    """The resolution item if `user` holds `perm` on it; 404 otherwise (drafts are seen by the committee only)."""
    item = (
        Item.objects.select_related("resolution__org", "resolution__meeting", "assignee", "supervisor")
        .prefetch_related("co_assignees")
        .filter(pk=pk)
        .first()
    )
    if item is None or not user.has_perm("resolutions.see", item) or not user.has_perm(perm, item):
        raise Http404
    if not (reads_text(user, item) or carries_item(user, item) or supervises_item(user, item)):
        raise Http404  # superusers too (#17.1)
    return item


def get_difficulty_for_user(user, pk: int, perm: str = "resolutions.lead") -> Difficulty:
    """A difficulty, if `user` holds `perm` on its item; 404 otherwise."""
    difficulty = Difficulty.objects.select_related("reporter").filter(pk=pk).first()
    if difficulty is None:
        raise Http404
    difficulty.item = get_item_for_user(user, difficulty.item_id, perm)
    return difficulty


def get_evidence_for_user(user, item_pk: int, file_pk: int) -> Attachment:
    """An evidence file of one of the item's updates, to those who see the item; 404 otherwise."""
    item = get_item_for_user(user, item_pk)
    link = (
        ProgressUpdate.evidence.through.objects.select_related("attachment")
        .filter(progressupdate__item=item, attachment_id=file_pk)
        .first()
    )
    if link is None:
        raise Http404
    return link.attachment
