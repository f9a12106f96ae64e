"""One access helper per object type of resolutions; anything out of reach answers 404."""

from django.http import Http404

from .models import Item, Resolution


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
    return item
