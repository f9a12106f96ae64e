"""The access helper for archived documents. The caller gives what the user may see (documents imports
nothing of orgs): the paths of the visible subtrees (None: everything) and the viewer's roles."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import Http404

from .confidentiality import Viewer, can_see_archived
from .models import ArchivedDocument


def under(path: str, visible_paths: Sequence[str] | None) -> bool:
    return visible_paths is None or any(path.startswith(p) for p in visible_paths)


def get_archived(pk: int, visible_paths: Sequence[str] | None, viewer: Viewer) -> ArchivedDocument:
    """The archived document if its organization is visible and, when classified, the viewer holds one of
    the roles named on it; 404 otherwise (its existence is not disclosed)."""
    doc = ArchivedDocument.objects.select_related("docx", "pdf").filter(pk=pk).first()
    if doc is None or not under(doc.org_path, visible_paths) or not can_see_archived(viewer, doc):
        raise Http404
    return doc
