"""The tree through time (R39): an organization's name, kind and place on a date, and the whole tree of a
past day, each in a fixed number of queries whatever the size of the tree.

`Organization` keeps today's values, and its materialized path stays the fast way to ask "the tree
today". `OrganizationVersion` rows hold each span of a name and a place; an organization without any
version (one bulk-inserted by a generator, say) counts as always having been as it is now. Why a
version table rather than simple-history's snapshots: a version is valid from the day the decision
took effect, not from the moment somebody typed it in, and "the tree on 1 January 2025" is then one
indexed range query (docs/reorganization.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from nghiquyet.lib.paths import under_q

from .models import CELL_KINDS, GRASSROOTS_KINDS, Organization, OrganizationVersion, OrgKind


@dataclass(frozen=True)
class OrgAsOf:
    """An organization as it was on one day: the same shape the pages use (`name`, `is_cell`, `is_bloc`)."""

    id: int
    code: str
    name: str
    kind: str
    issuer_code: str
    parent_id: int | None
    path: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def __str__(self) -> str:
        return self.name

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_bloc(self) -> bool:
        return self.kind == OrgKind.BLOC

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def get_kind_display(self) -> str:
        return str(OrgKind(self.kind).label)


def _covering(day: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def _existing(day: dt.date) -> Q:
    return (Q(active_from__isnull=True) | Q(active_from__lte=day)) & (
        Q(active_to__isnull=True) | Q(active_to__gte=day)
    )


def _from_version(version: OrganizationVersion, code: str) -> OrgAsOf:
    return OrgAsOf(
        id=version.org_id,
        code=code,
        name=version.name,
        kind=version.kind,
        issuer_code=version.issuer_code,
        parent_id=version.parent_id,
        path=version.path,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
    )


def _from_org(org: Organization) -> OrgAsOf:
    return OrgAsOf(
        id=org.pk,
        code=org.code,
        name=org.name,
        kind=org.kind,
        issuer_code=org.issuer_code,
        parent_id=org.parent_id,
        path=org.path,
        valid_from=org.active_from,
        valid_to=org.active_to,
    )


def tree_on(day: dt.date, under: Iterable[str] = ()) -> list[OrgAsOf]:
    """Every organization that existed on `day` as it was then, ordered by its path of that day; with
    `under`, only those whose path of that day lies under one of these paths. Two queries."""
    under = list(under)
    versions = (
        OrganizationVersion.objects.filter(_covering(day))
        .select_related("org")
        .only(
            "org__code",
            "org_id",
            "name",
            "kind",
            "issuer_code",
            "parent_id",
            "path",
            "valid_from",
            "valid_to",
        )
    )
    unversioned = Organization.objects.filter(_existing(day)).exclude(
        Exists(OrganizationVersion.objects.filter(org=OuterRef("pk")))
    )
    if under:
        versions = versions.filter(under_q(under))
        unversioned = unversioned.filter(under_q(under))
    rows = [_from_version(v, v.org.code) for v in versions] + [_from_org(o) for o in unversioned]
    return sorted(rows, key=lambda r: r.path)


def paths_on(paths: Iterable[str], day: dt.date) -> list[str]:
    """Where the organizations at these paths today sat on `day` (one query): the path of the version
    covering that day; one with versions but none then (not yet founded, or ended) is left out; one
    without any version has always sat where it sits."""
    paths = list(paths)
    found: dict[str, str | None] = dict.fromkeys(paths)
    versioned: set[str] = set()
    for today_path, then_path, valid_from, valid_to in OrganizationVersion.objects.filter(
        org__path__in=paths
    ).values_list("org__path", "path", "valid_from", "valid_to"):
        versioned.add(today_path)
        if (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to):
            found[today_path] = then_path
    return [found[p] or p for p in paths if found[p] or p not in versioned]


def placed_under_q(paths: Iterable[str], day: dt.date, kinds: Iterable[str] | None = None) -> Q:
    """A condition on Organization: placed on `day` under one of `paths` (paths of that day, see
    `paths_on`), of one of `kinds` then. Subqueries over the versions, so a dashboard's selection stays
    one statement whatever the size of the tree (R39: a past period groups by the tree of that period)."""
    paths = list(paths)
    versions = OrganizationVersion.objects.filter(_covering(day), under_q(paths))
    unversioned = Q(_existing(day), under_q(paths)) & ~Exists(
        OrganizationVersion.objects.filter(org=OuterRef("pk"))
    )
    if kinds is not None:
        kinds = list(kinds)
        versions = versions.filter(kind__in=kinds)
        unversioned &= Q(kind__in=kinds)
    return Q(pk__in=versions.values("org_id")) | unversioned


def as_of(orgs: Iterable[Organization], day: dt.date) -> dict[int, OrgAsOf]:
    """These organizations as they were on `day` (one query); one not yet or no more existing then
    answers with its nearest version, so a record always has a name to show."""
    return orgs_on([(org, day) for org in orgs])


def orgs_on(pairs: Iterable[tuple[Organization, dt.date]]) -> dict[int, OrgAsOf]:
    """For rows each dated (a resolution and its issue day, a meeting and its day): org id → the
    organization as named and placed on that row's day. Several days for one org: keyed by
    (org id, day) too. One query for all the rows."""
    pairs = list(pairs)
    if not pairs:
        return {}
    by_id: dict[int, list[OrganizationVersion]] = {}
    for version in OrganizationVersion.objects.filter(org_id__in={o.pk for o, _ in pairs}).order_by(
        "org_id", "valid_from", "id"
    ):
        by_id.setdefault(version.org_id, []).append(version)
    found: dict = {}
    for org, day in pairs:
        found[(org.pk, day)] = found[org.pk] = _pick(org, by_id.get(org.pk, []), day)
    return found


def names_on(org_ids: Iterable[int], day: dt.date) -> dict[int, str]:
    """Org id → its name on `day`, for those of these organizations whose name then was not today's
    (one query; the others keep the name the caller already has)."""
    names: dict[int, str] = {}
    for version in OrganizationVersion.objects.filter(_covering(day), org_id__in=list(org_ids)).only(
        "org_id", "name"
    ):
        names[version.org_id] = version.name
    return names


def org_on(org: Organization, day: dt.date) -> OrgAsOf:
    """One organization as named and placed on `day` (one query)."""
    return orgs_on([(org, day)])[org.pk]


def with_superior_on(
    org: Organization, day: dt.date, named: dict | None = None
) -> tuple[OrgAsOf, OrgAsOf | None]:
    """The organization and the body it lay under, both as they were named on `day` (R39: what a document
    of that day prints over its issuer). `named`: what `orgs_on` already gave for `org` and today's
    ancestors, read first; a superior of that day not among them costs one or two queries."""
    named = named or {}
    then = named.get(org.pk) or org_on(org, day)
    if then.parent_id is None:
        return then, None
    if then.parent_id in named:
        return then, named[then.parent_id]
    parent = org.parent if then.parent_id == org.parent_id else Organization.objects.get(pk=then.parent_id)
    return then, org_on(parent, day)


def _pick(org: Organization, versions: list[OrganizationVersion], day: dt.date) -> OrgAsOf:
    if not versions:
        return _from_org(org)
    for version in versions:
        if version.covers(day):
            return _from_version(version, org.code)
    # Before the first version or after the last: the nearest one.
    first, last = versions[0], versions[-1]
    nearest = first if first.valid_from and day < first.valid_from else last
    return _from_version(nearest, org.code)


def versions_of(org: Organization) -> list[OrganizationVersion]:
    """The organization's history, oldest first, each with the reorganization that opened it (one query)."""
    return list(
        OrganizationVersion.objects.filter(org=org)
        .select_related("parent", "opened_by__issuer", "closed_by")
        .order_by("valid_from", "id")
    )
