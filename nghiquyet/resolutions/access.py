"""One access helper per object type of resolutions; anything out of reach answers 404."""

from django.http import Http404

from nghiquyet.documents.models import Attachment

from .models import Difficulty, Item, ProgressUpdate, Resolution


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
