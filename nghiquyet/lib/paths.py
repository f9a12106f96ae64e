"""Materialized paths ("DUK/G1/C1/"): the organization tree's fast way to ask "under these"."""

from collections.abc import Iterable

from django.db.models import Q


def under_q(paths: Iterable[str], field: str = "path") -> Q:
    """Rows whose `field` (a materialized path, or a relation's: "org__path", "org_path") lies under one
    of `paths`: one indexed prefix match each; no paths, no rows."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def compact(paths: Iterable[str]) -> tuple[str, ...]:
    """The paths without those already under a shorter one, so filters stay small."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(sorted(kept))
