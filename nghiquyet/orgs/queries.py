"""Read-side queries of the registry, each a fixed number of SQL statements whatever the data size."""

import datetime as dt
from collections import Counter

from django.db.models import Count, Q

from nghiquyet.lib.paths import under_q

from .models import (
    CELL_KINDS,
    POSITION_ORDER,
    Body,
    BodyKind,
    CommitteeMembership,
    Organization,
    Person,
    Position,
    Term,
)


def ancestors(org: Organization) -> list[Organization]:
    """The organizations above `org`, root first (one query, read off the path)."""
    codes = org.ancestor_codes()[:-1]
    by_code = {
        o.code: o for o in Organization.objects.filter(code__in=codes).only("code", "name", "kind", "path")
    }
    return [by_code[c] for c in codes if c in by_code]


def _subtree_filter(orgs: list[Organization], prefix: str) -> Q:
    """Q matching everything under the top-most of `orgs` (the others are inside them)."""
    tops = sorted({o.path for o in orgs}, key=len)
    kept: list[str] = []
    for path in tops:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return under_q(kept, f"{prefix}path")


def tree_counts(orgs: list[Organization]) -> dict[str, dict[str, int]]:
    """Per organization code: members and cells in its subtree, and its current committee size.

    Two grouped queries; the subtree sums are added up along each path in memory.
    """
    counts = {o.code: {"members": 0, "cells": 0, "committee": 0} for o in orgs}
    if not orgs:
        return counts
    per_home = (
        Person.objects.filter(_subtree_filter(orgs, "home_org__"))
        .values_list("home_org__path")
        .annotate(n=Count("id"))
    )
    for path, n in per_home:
        for code in path.split("/"):
            if code in counts:
                counts[code]["members"] += n
    for org in orgs:
        if org.kind in CELL_KINDS:
            for code in org.ancestor_codes():
                if code in counts:
                    counts[code]["cells"] += 1
    per_committee = (
        CommitteeMembership.objects.current()
        .filter(_subtree_filter(orgs, "term__org__"))
        .values_list("term__org__code")
        .annotate(n=Count("id"))
    )
    for code, n in per_committee:
        if code in counts:
            counts[code]["committee"] = n
    return counts


def committee(term: Term) -> list[CommitteeMembership]:
    """A term's committee, secretary first, then by position and name."""
    seats = list(term.memberships.select_related("person__home_org").order_by("person__sort_key"))
    seats.sort(key=lambda s: POSITION_ORDER.index(s.position))
    return seats


def bodies(org: Organization) -> list[Body]:
    """The bodies of `org` in their customary order (Standing Committee, Organization Board, ...)."""
    order = list(BodyKind.values)
    found = list(org.bodies.prefetch_related("staff__person__home_org"))
    return sorted(found, key=lambda b: order.index(b.kind))


def units_with_counts(org: Organization) -> list[Organization]:
    """Direct subordinate units with their member counts (two queries)."""
    units = list(org.children.all().order_by("path"))
    if units:
        per_unit: Counter[str] = Counter()
        per_home = (
            Person.objects.filter(_subtree_filter(units, "home_org__"))
            .values_list("home_org__path")
            .annotate(n=Count("id"))
        )
        for path, n in per_home:
            # The unit is the path segment one level below `org`.
            per_unit[path.split("/")[org.depth + 1]] += n
        for unit in units:
            unit.member_count = per_unit[unit.code]
    return units


def members(org: Organization, q: str = ""):
    """Members registered anywhere under `org`, in Vietnamese name order, optionally filtered by name."""
    return Person.objects.in_subtree(org).search(q).select_related("home_org").order_by("sort_key", "id")


def position_on(org: Organization, person_id: int | None, day: dt.date) -> str | None:
    """The person's position on the organization's committee on that day (None: not a member)."""
    if person_id is None:
        return None
    return (
        CommitteeMembership.objects.current(day)
        .filter(term__org=org, person_id=person_id)
        .values_list("position", flat=True)
        .first()
    )


def secretary_on(org: Organization, day: dt.date) -> Person | None:
    """The secretary of the organization's committee on that day."""
    seat = (
        CommitteeMembership.objects.current(day)
        .filter(term__org=org, position=Position.SECRETARY)
        .select_related("person")
        .first()
    )
    return seat.person if seat else None
