"""Archived documents and search entries keep their organization's path (`org_path`) so that a scope finds
them with one indexed prefix query, like the organizations themselves. When a reorganization moves an
organization, that path follows it (`follow_tree`, called by orgs' reorganization service and its undo):
its new upper level finds its whole archive under its subtree, and a former upper level finds the records
of its period through `confidentiality.past_filter` (R40), never through a path left behind.
"""

from __future__ import annotations

from collections.abc import Mapping

from .models import ArchivedDocument, SearchEntry


def follow_tree(paths: Mapping[int, str]) -> None:
    """Set the stored path of each organization's archived documents and search entries to its path
    today (`paths`: organization id -> path); two UPDATEs per organization moved (none for an unchanged
    one matches a row)."""
    for org_id, path in paths.items():
        ArchivedDocument.objects.follow_tree(org_id, path)
        SearchEntry.objects.filter(org_id=org_id).exclude(org_path=path).update(org_path=path)
