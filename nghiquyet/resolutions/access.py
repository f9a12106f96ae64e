"""One access helper per object type of resolutions; anything out of reach answers 404."""

from django.db.models import Q
from django.http import Http404

from nghiquyet.documents.models import Attachment
from nghiquyet.lib.paths import under_q
from nghiquyet.orgs.access import scope_for, viewer_for

from .models import Difficulty, Item, ProgressUpdate, Resolution, mine_q, readable_items_q
from .rules import carries_item, reads_text, supervises_item


def _under_seen_orgs(user, prefix: str) -> Q:
    """Rows whose organization (reached through `prefix`) lies where the user sees meetings."""
    scope = scope_for(user)
    if scope.everything:
        return Q()
    return under_q(scope.subtree_paths, f"{prefix}path")


def visible_resolutions(user):
    """What `resolutions.see` grants resolution by resolution, as one filter for lists: resolutions of the
    organizations whose meetings one sees, classified ones only for the roles named on them (#17.1)."""
    return Resolution.objects.filter(_under_seen_orgs(user, "org__")).readable_by(viewer_for(user))


def visible_items(user):
    """Items of the visible resolutions, plus those one carries or supervises wherever they are."""
    q = _under_seen_orgs(user, "resolution__org__") & readable_items_q(viewer_for(user))
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
        Item.objects.select_related("resolution__org", "assignee", "supervisor")
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
