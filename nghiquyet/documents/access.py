"""The access helper for archived documents. The caller gives what the user may see (documents imports
nothing of orgs): the paths of the visible subtrees (None: everything) and the viewer's roles — on a
request, `request.reader`, which orgs' middleware (orgs/middleware.py) sets from the user's scope.

Besides its own subtree, a viewer sees the documents sent to them ("Nơi nhận", R38): to them by name, or
to an organization on whose committee they sit — an upper level's conclusion or report reaches the
committee it is addressed to. Classified documents still need one of the roles named on them.

A former upper level (R40) also sees the documents of an organization since moved out of its subtree
issued up to its last day there (`Reader.past`, confidentiality.past_filter), nothing issued after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from .confidentiality import (
    PastReach,
    Viewer,
    can_see_archived,
    can_see_past,
    classified_filter,
    past_filter,
    visible_filter,
)
from .models import ArchivedDocument, DisseminationRecord


@dataclass(frozen=True)
class Reader:
    """Who reads: the subtrees whose records they see (None: everything) and their roles as a viewer."""

    paths: tuple[str, ...] | None
    viewer: Viewer
    # The organizations since moved out of those subtrees (R40), read on first use (a query at most).
    past_of: Callable[[], Mapping[int, PastReach]] = field(default=dict, repr=False, compare=False)

    @property
    def past(self) -> Mapping[int, PastReach]:
        """Organization id -> what a former upper level still reads of it (R40)."""
        return self.past_of()


def under(path: str, visible_paths: Sequence[str] | None) -> bool:
    return visible_paths is None or any(path.startswith(p) for p in visible_paths)


def _sent_to(viewer: Viewer) -> Q:
    """Dissemination rows naming the viewer or an organization whose committee they sit on."""
    if viewer.person_id is None:
        return Q(pk__in=[])
    return Q(person_id=viewer.person_id) | Q(org_id__in=list(viewer.seats))


def _issued_until(day) -> Q:
    return Q(issued_on__lte=day)


def archive_filter(
    visible_paths: Sequence[str] | None, viewer: Viewer, past: Mapping[int, PastReach] | None = None
) -> Q:
    """A Q on ArchivedDocument: what the viewer may list, as `get_archived` lets them open it."""
    q = visible_filter(visible_paths, viewer)
    if visible_paths is None:
        return q
    if past:
        q |= past_filter(past, _issued_until)
    if viewer.person_id is None:
        return q
    sent = DisseminationRecord.objects.filter(_sent_to(viewer), document=OuterRef("pk"))
    return q | (classified_filter(viewer) & Q(Exists(sent)))


def get_archived(
    pk: int,
    visible_paths: Sequence[str] | None,
    viewer: Viewer,
    past: Mapping[int, PastReach] | None = None,
) -> ArchivedDocument:
    """The archived document if its organization is visible or it was sent to the viewer and, when
    classified, the viewer holds one of the roles named on it; or, to a former upper level, if issued
    by the last day the organization lay under it (R40); 404 otherwise (its existence is not disclosed)."""
    doc = ArchivedDocument.objects.select_related("docx", "pdf").filter(pk=pk).first()
    if doc is None:
        raise Http404
    if past and visible_paths is not None and not under(doc.org_path, visible_paths):
        reach = past.get(doc.org_id)
        if can_see_past(reach, day=doc.issued_on, confidentiality=doc.confidentiality, roles=doc.roles):
            return doc
    if not can_see_archived(viewer, doc):
        raise Http404
    if not under(doc.org_path, visible_paths) and not (
        viewer.person_id is not None
        and DisseminationRecord.objects.filter(_sent_to(viewer), document=doc).exists()
    ):
        raise Http404
    return doc
