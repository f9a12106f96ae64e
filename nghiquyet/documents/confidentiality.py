"""Who may see a classified (MẬT, TỐI MẬT) document: only the roles named on it.

documents imports nothing of orgs, so the caller describes the viewer (`Viewer`): their seats on
committees (organization id → position) and their posts in upper-level bodies (body kind, path of the
body's organization). The same rules answer for one document (`can_see_archived`) and as a filter on
archive and search rows (`classified_filter`), so a list never shows what a page would refuse.

- A seat role is held on the document's own organization's committee; the ranks include those above:
  the secretary holds every seat role, a deputy holds "deputy_secretary", "standing_member" and "member",
  a Standing Committee member "standing_member" and "member".
- A body role is held by the staff of a body of that kind belonging to the document's organization or to
  one above it (e.g. the bloc's Inspection Committee for a grassroots committee's document).
Superusers get no exception: the roles named on a classified document are the whole list.

A former upper level (R40: the organization has since moved out of its subtree) reads the organization's
records dated up to its last day there (`PastReach`); of the classified ones, those naming a body role it
held over the organization on that day, as it did then: never a seat role (it sits on no committee of the
organization), never anything dated after (`past_filter`, `can_see_past`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from nghiquyet.lib.paths import compact, under_q

from .models import Confidentiality, Role

SEAT_RANK = {
    Role.SECRETARY: 0,
    Role.DEPUTY_SECRETARY: 1,
    Role.STANDING_MEMBER: 2,
    Role.COMMITTEE_MEMBER: 3,
}
BODY_ROLES = (Role.INSPECTION_COMMITTEE, Role.ORGANIZATION_BOARD, Role.STANDING_COMMITTEE, Role.OFFICE)


@dataclass(frozen=True)
class Viewer:
    person_id: int | None = None
    # Organization id -> position on its current committee ("secretary", "deputy_secretary", ...).
    seats: Mapping[int, str] = field(default_factory=dict)
    # (body kind, path of the body's organization) for each current post in an upper-level body.
    bodies: frozenset[tuple[str, str]] = frozenset()
    # Paths of the organizations on whose current committee the viewer sits (what guidance reaches).
    seat_paths: frozenset[str] = frozenset()

    def seat_roles(self, org_id: int) -> set[str]:
        """The seat roles this viewer holds on one organization's committee."""
        position = self.seats.get(org_id)
        if position not in SEAT_RANK:
            return set()
        rank = SEAT_RANK[position]
        return {role for role, r in SEAT_RANK.items() if r >= rank}


NOBODY = Viewer()


def _roles(value) -> set[str]:
    if isinstance(value, str):
        return {r for r in value.split(",") if r}
    return {str(r) for r in value}


def can_see_classified(viewer: Viewer, *, confidentiality: str, roles, org_id: int, org_path: str) -> bool:
    if confidentiality == Confidentiality.NONE:
        return True
    named = _roles(roles)
    if named & viewer.seat_roles(org_id):
        return True
    return any(kind in named and org_path.startswith(path) for kind, path in viewer.bodies)


def can_see_archived(viewer: Viewer, doc) -> bool:
    """Whether the viewer may see this archived document (unclassified ones: yes; the caller still checks
    that the organization is in the viewer's scope)."""
    return can_see_classified(
        viewer,
        confidentiality=doc.confidentiality,
        roles=doc.roles,
        org_id=doc.org_id,
        org_path=doc.org_path,
    )


def classified_filter(viewer: Viewer, *, prefix: str = "", org_path: str = "org_path") -> Q:
    """A Q keeping the unclassified rows and the classified ones this viewer may see, on a model with
    confidentiality, roles, org_id and a path (ArchivedDocument, SearchEntry; a resolution with
    `org_path="org__path"`; its items with `prefix="resolution__"` as well)."""
    q = Q(**{f"{prefix}confidentiality": Confidentiality.NONE})
    for org_id in viewer.seats:
        held = viewer.seat_roles(org_id)
        if held:
            named = Q(pk__in=[])
            for role in held:
                named |= Q(**{f"{prefix}roles__contains": f",{role},"})
            q |= Q(**{f"{prefix}org_id": org_id}) & named
    for kind, path in viewer.bodies:
        if kind in BODY_ROLES:
            q |= Q(**{f"{prefix}{org_path}__startswith": path, f"{prefix}roles__contains": f",{kind},"})
    return q


@dataclass(frozen=True)
class PastReach:
    """An organization since moved out of the viewer's subtree (R40): its records dated up to `until` are
    read; `path` is where it lies today (the path its archive and search entries are stored under);
    `roles` the body roles the viewer held over it on `until` (classified records naming one of them)."""

    until: dt.date
    path: str
    roles: frozenset[str] = frozenset()


def can_see_past(reach: PastReach | None, *, day: dt.date | None, confidentiality: str, roles) -> bool:
    """Whether a former upper level reads a record of the organization dated `day` (None: never of a past
    period), classified ones only when they name a body role it held over the organization then."""
    if reach is None or day is None or day > reach.until:
        return False
    return confidentiality == Confidentiality.NONE or bool(_roles(roles) & reach.roles)


def past_filter(
    past: Mapping[int, PastReach],
    dated_until: Callable[[dt.date], Q],
    *,
    prefix: str = "",
    org_id: str = "org_id",
    org_path: str | None = "org_path",
) -> Q:
    """A Q on rows with confidentiality, roles and an organization (`org_id`: "org_id", "org"…): those of
    the organizations in `past` dated up to their last day (`dated_until(day)`), classified ones as
    `can_see_past` says. One condition per distinct (last day, roles): few whatever the number of
    organizations (one per reorganization); each also bounded by the organizations' paths of today
    (`org_path`, None: not), so that the database finds the rows through its path index."""
    groups: dict[tuple[dt.date, frozenset[str]], list[int]] = {}
    for pk, reach in past.items():
        groups.setdefault((reach.until, reach.roles), []).append(pk)
    q = Q(pk__in=[])
    for (until, roles), ids in sorted(groups.items(), key=lambda g: (g[0][0], sorted(g[0][1]))):
        readable = Q(**{f"{prefix}confidentiality": Confidentiality.NONE})
        for role in sorted(roles):
            readable |= Q(**{f"{prefix}roles__contains": f",{role},"})
        group = Q(**{f"{prefix}{org_id}__in": sorted(ids)}) & dated_until(until) & readable
        if org_path is not None:
            group &= under_q(compact(past[pk].path for pk in ids), f"{prefix}{org_path}")
        q |= group
    return q


def visible_filter(visible_paths: Sequence[str] | None, viewer: Viewer | None) -> Q:
    """Rows under the visible subtrees (None: everywhere), the classified ones only for their roles."""
    q = classified_filter(viewer or NOBODY)
    if visible_paths is not None:
        q &= under_q(visible_paths, "org_path")
    return q
