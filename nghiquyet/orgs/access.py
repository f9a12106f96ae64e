"""Who sees which part of the org tree: one scope per user, and one access helper per object type.

A user's scope is read once per request (a few queries, whatever the data size) and cached on the user:
- superusers see everything;
- staff of an upper-level body see the subtree of the organization the body belongs to;
- committee members (current term) see the subtree of their organization;
- every member sees their own cell and the organizations above it that they belong to (not the bloc),
  and the members of their own cell;
- an organization that lay in one's subtree and has since moved out of it (R40: a reorganization moved
  it, or an organization above it, under another upper level) stays readable for the records of the
  period it lay there (`Scope.past`: org id -> the last day it lay under the subtree), nothing after that
  day, and no writes. Why: a violation found after a move, committed at the former place, is handled by
  the upper levels of the former and the current place together (Quy định 294-QĐ/TW of 26/5/2025, see
  https://m.mattran.org.vn/chuong-trinh-phoi-hop/quy-dinh-so-294qdtw-nguyen-tac-thi-hanh-ky-luat-trong-dang-63984.html,
  and Quy định 296-QĐ/TW of 30/5/2025; docs/reorganization.md, "Read access of the former upper level"),
  so the former upper level must still be able to inspect its period. The organization's page then
  shows its name and history (never today's committee nor members); its meetings and resolutions dated
  up to that day open through the usual helpers (`reads_records_of`), and its lists, the archive and
  search keep to that period (`past_reach_for`); the org-wide pages that act or plan (calendar, task
  board, reviews) stay today's upper level's.
- the successor of an organization that ended (a dissolution, a merge, a split: `Reorganization.successors`)
  received its records, so whoever's subtree holds the successor reads, the same way, the period of the
  organization that ended and of everything that lay under it then, up to its last day (R40): in Hà Nội
  the agencies bloc ended on 7/2/2025 and its staff passed to the new committees, so the bloc's officer
  still reads its 2024 — including the organizations that went to the other committee. Why: the records of
  an organization that is dissolved or merged pass to the organization that takes over its tasks, which
  keeps them (docs/reorganization.md, "The successor of an organization that ended").
Anything outside the scope answers 404, never 403, so its existence is not disclosed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import CharField, F, Q, Value
from django.http import Http404
from django.utils import timezone

from nghiquyet.documents.access import Reader
from nghiquyet.documents.confidentiality import BODY_ROLES, NOBODY, PastReach, Viewer
from nghiquyet.lib.paths import compact, under_q

from .models import (
    STANDING_POSITIONS,
    BodyKind,
    BodyStaff,
    CommitteeMembership,
    Organization,
    OrganizationVersion,
    Person,
    Reorganization,
    ReorganizationKind,
)

MANAGING_BODIES = (BodyKind.ORGANIZATION_BOARD, BodyKind.STANDING_COMMITTEE)
MANAGING_POSITIONS = STANDING_POSITIONS  # the Standing Committee runs the organization's business


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    subtree_paths: tuple[str, ...] = ()
    manage_paths: tuple[str, ...] = ()
    chain_codes: frozenset[str] = field(default_factory=frozenset)
    home_org_id: int | None = None
    person_id: int | None = None
    # Organization id -> position held on its current committee.
    seats: dict[int, str] = field(default_factory=dict)
    # Organization id -> the last day it lay under `subtree_paths` (or under an organization that ended and
    # whose successor lies there), its path then, its path today and the path the user's body posts must be
    # over to hold their roles over it then: read on first use (two queries, then kept with the scope), as
    # most pages never ask.
    _past_places: dict[int, PastPlace] | None = field(default=None, repr=False, compare=False)
    _past: dict[int, dt.date] | None = field(default=None, repr=False, compare=False)

    def _under(self, path: str, roots: tuple[str, ...]) -> bool:
        return self.everything or any(path.startswith(root) for root in roots)

    @property
    def past(self) -> dict[int, dt.date]:
        """Organization id -> the last day it lay under the subtree, for those since moved out, and those
        that lay under an organization that ended and passed its records into the subtree (R40)."""
        if self._past is None:
            days = {pk: place.until for pk, place in self.past_places.items()}
            object.__setattr__(self, "_past", days)
        return self._past

    @property
    def past_places(self) -> dict[int, PastPlace]:
        """Organization id -> where and until when it lay under the subtree or under an organization whose
        records the subtree received, for those not in today's subtree (R40)."""
        if self._past_places is None:
            places = {} if self.everything else _past_places(self.subtree_paths)
            object.__setattr__(self, "_past_places", places)
        return self._past_places

    def sees_org(self, org: Organization) -> bool:
        """Its page: today's subtree and one's own chain, and an organization since moved out of the
        subtree (its name and history, R40); an organization above the subtree never lay in it, so the
        breadcrumbs of every page ask no more."""
        if self._under(org.path, self.subtree_paths) or org.code in self.chain_codes:
            return True
        if any(root.startswith(org.path) for root in self.subtree_paths):
            return False
        return org.pk in self.past

    def reaches(self, org: Organization) -> bool:
        """In today's subtree: everything of it is readable (and writable, as the roles say)."""
        return self._under(org.path, self.subtree_paths)

    def past_until(self, org: Organization) -> dt.date | None:
        """The last day `org` lay under the subtree, if it has since moved out of it (R40); None when it
        is in today's subtree or never lay under it."""
        if self.reaches(org):
            return None
        return self.past.get(org.pk)

    def reads_records_of(self, org: Organization, day: Callable[[], dt.date | None]) -> bool:
        """A record of `org` dated `day()`: any in today's subtree; of an organization since moved out,
        one dated up to its last day under the subtree (R40). `day` is asked only then (it may cost a
        query)."""
        if self.reaches(org):
            return True
        until = self.past.get(org.pk)
        if until is None:
            return False
        on = day()
        return on is not None and on <= until

    def of_period(self, org: Organization, rows: list, moment: Callable) -> list:
        """Of `rows` shown with a record of `org` (its progress updates, difficulties…), those the user
        reads: all of them, or for a former upper level those made up to its last day (R40; `moment(row)`
        is the row's aware datetime)."""
        until = self.past_until(org)
        if until is None:
            return rows
        return [row for row in rows if timezone.localdate(moment(row)) <= until]

    def sees_members_of(self, org: Organization) -> bool:
        """Member lists, statistics and exports: the supervised subtree, or one's own cell."""
        return self._under(org.path, self.subtree_paths) or org.pk == self.home_org_id

    def manages(self, org: Organization) -> bool:
        """Editing the registry (member import): leaders and the Organization Board over the subtree."""
        return self._under(org.path, self.manage_paths)

    def sits_on(self, org: Organization) -> bool:
        """A member of the organization's own current committee."""
        return org.pk in self.seats

    def leads(self, org: Organization) -> bool:
        """Secretary, deputy or Standing Committee member of the organization's own committee."""
        return self.seats.get(org.pk) in MANAGING_POSITIONS

    def sees_person(self, person: Person) -> bool:
        return (
            person.pk == self.person_id
            or person.home_org_id == self.home_org_id
            or self._under(person.home_org.path, self.subtree_paths)
        )

    def org_filter(self, prefix: str = "") -> Q:
        """A Q on Organization (or on a relation to it, with `prefix` like "home_org__") matching the scope."""
        if self.everything:
            return Q()
        q = Q(**{f"{prefix}code__in": list(self.chain_codes)}) if self.chain_codes else Q(pk__in=[])
        return q | under_q(self.subtree_paths, f"{prefix}path")

    def person_filter(self) -> Q:
        if self.everything:
            return Q()
        q = Q(pk=self.person_id) | Q(home_org_id=self.home_org_id) if self.person_id else Q(pk__in=[])
        return q | under_q(self.subtree_paths, "home_org__path")


EMPTY_SCOPE = Scope()


@dataclass(frozen=True)
class PastPlace:
    """Where an organization lay in a user's former reach (R40): until `until`, at path `then`; `now` its
    path today; `over` the path a body of the user must be over to hold its roles over it then (`then`
    for an organization moved out of the subtree, the successor's path for one received with the records
    of an organization that ended)."""

    until: dt.date
    then: str
    now: str
    over: str
    received: bool = False  # an organization that ended and whose records passed into the subtree


ENDING_KINDS = (ReorganizationKind.MERGE, ReorganizationKind.SPLIT, ReorganizationKind.DISSOLVE)


def _past_places(paths: tuple[str, ...]) -> dict[int, PastPlace]:
    """Organizations once under `paths`, or under an organization that ended and whose successor lies under
    `paths` today, that are not under `paths` today (R40). Two queries: the organizations that ended into
    the subtree (a handful), then one row per version of what lay under either (an organization has a
    few)."""
    if not paths:
        return {}
    ended = {
        then: (until, over, org_id)
        for org_id, then, until, over in OrganizationVersion.objects.filter(
            under_q(paths, "closed_by__successors__path"),
            closed_by__kind__in=ENDING_KINDS,
            org__active_to=F("valid_to"),
        ).values_list("org_id", "path", "valid_to", "closed_by__successors__path")
        if not any(then.startswith(root) for root in paths)
    }
    rows = (
        OrganizationVersion.objects.filter(under_q((*paths, *ended)))
        .exclude(under_q(paths, "org__path"))
        .order_by("valid_to", "id")
        .values_list("org_id", "valid_from", "valid_to", "path", "org__path")
    )
    places: dict[int, PastPlace] = {}
    # The latest day wins, whichever of the organization's versions gives it.
    for org_id, start, until, then, now in rows:
        if any(then.startswith(root) for root in paths):
            if until is None:  # its open version: it lies there today (excluded above)
                continue
            place = PastPlace(until, then, now, then)
        else:
            root = next(root for root in ended if then.startswith(root))
            end, over, ended_id = ended[root]
            if start is not None and start > end:
                continue
            last = end if until is None or until > end else until
            place = PastPlace(last, then, now, over, received=org_id == ended_id)
        current = places.get(org_id)
        if current is None or current.until < place.until:
            places[org_id] = place
    return places


def scope_for(user) -> Scope:
    """The user's scope, computed once and cached on the user object (at most three queries, and one
    more for `Scope.past` when a page asks)."""
    if not getattr(user, "is_authenticated", False):
        return EMPTY_SCOPE
    cached = getattr(user, "_nq_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True)
    else:
        person = Person.objects.select_related("home_org").filter(user=user).first()
        if person is None:
            scope = EMPTY_SCOPE
        else:
            subtree, manage, seats = set(), set(), {}
            for path, kind in (
                BodyStaff.objects.current().filter(person=person).values_list("body__org__path", "body__kind")
            ):
                subtree.add(path)
                if kind in MANAGING_BODIES:
                    manage.add(path)
            for org_id, path, position in (
                CommitteeMembership.objects.current()
                .filter(person=person)
                .values_list("term__org_id", "term__org__path", "position")
            ):
                subtree.add(path)
                seats[org_id] = position
                if position in MANAGING_POSITIONS:
                    manage.add(path)
            # The organizations one belongs to: the home cell and those above it, the bloc excepted.
            chain = frozenset(person.home_org.ancestor_codes()[1:])
            scope = Scope(
                subtree_paths=compact(subtree),
                manage_paths=compact(manage),
                chain_codes=chain,
                home_org_id=person.home_org_id,
                person_id=person.pk,
                seats=seats,
            )
    user._nq_scope = scope
    return scope


SEAT = "seat"  # marks the committee seats among the body posts of `viewer_for`'s one query


def visible_paths_for(user) -> tuple[str, ...] | None:
    """The subtrees whose records the user sees (None: everything): committee members and upper-level
    staff see their organization's subtree, like meetings and resolutions."""
    scope = scope_for(user)
    return None if scope.everything else scope.subtree_paths


def viewer_for(user) -> Viewer:
    """The user as a viewer of classified documents and of what is addressed to their committees: body
    posts and the paths of the committees they sit on (one query beyond the cached scope)."""
    cached = getattr(user, "_nq_viewer", None)
    if cached is not None:
        return cached
    scope = scope_for(user)
    if scope.person_id is None:
        viewer = NOBODY
    else:
        posts = (
            BodyStaff.objects.current()
            .filter(person_id=scope.person_id)
            .values_list("body__kind", "body__org__path")
        )
        sits = (
            CommitteeMembership.objects.current()
            .filter(person_id=scope.person_id)
            .annotate(seat=Value(SEAT, output_field=CharField()))
            .values_list("seat", "term__org__path")
        )
        rows = set(posts.union(sits, all=True))
        viewer = Viewer(
            person_id=scope.person_id,
            seats=dict(scope.seats),
            bodies=frozenset(r for r in rows if r[0] != SEAT),
            seat_paths=frozenset(path for kind, path in rows if kind == SEAT),
        )
    user._nq_viewer = viewer
    return viewer


def past_reach_for(user) -> dict[int, PastReach]:
    """What a former upper level still reads of each organization since moved out of its subtree (R40):
    the last day it lay there, its path today, and the body roles the user held over it that day (the
    classified records of the period naming one of them). Cached on the user; the scope's one query and
    the viewer's."""
    cached = getattr(user, "_nq_past_reach", None)
    if cached is not None:
        return cached
    places = scope_for(user).past_places
    bodies = viewer_for(user).bodies if places else frozenset()
    reach = {
        pk: PastReach(
            until=place.until,
            path=place.now,
            roles=frozenset(
                kind for kind, path in bodies if kind in BODY_ROLES and place.over.startswith(path)
            ),
        )
        for pk, place in places.items()
    }
    user._nq_past_reach = reach
    return reach


def reader_for(user) -> Reader:
    """What documents' pages need to know of the user (documents imports nothing of orgs)."""
    return Reader(
        paths=visible_paths_for(user), viewer=viewer_for(user), past_of=lambda: past_reach_for(user)
    )


def visible_orgs(user):
    return Organization.objects.filter(scope_for(user).org_filter())


def visible_people(user):
    return Person.objects.filter(scope_for(user).person_filter())


def get_org_for_user(user, code: str, perm: str = "orgs.see_org") -> Organization:
    """The organization with this code if `user` holds `perm` on it; 404 otherwise."""
    org = Organization.objects.select_related("parent").filter(code=code).first()
    if org is None or not user.has_perm(perm, org):
        raise Http404
    return org


def get_person_for_user(user, pk: int) -> Person:
    """The party member with this id if `user` may see them; 404 otherwise."""
    person = Person.objects.select_related("home_org", "home_org__parent").filter(pk=pk).first()
    if person is None or not user.has_perm("orgs.see_person", person):
        raise Http404
    return person


def get_reorganization_for_user(user, pk: int, perm: str = "orgs.see_org") -> Reorganization:
    """The reorganization if `user` holds `perm` on the upper level that decided it; its report (`see_org`)
    also for whoever's subtree holds today one of the organizations it acted on or created, so the
    committee that received them reads what moved to it (R40). 404 otherwise (one query more at most)."""
    reorg = Reorganization.objects.select_related("issuer").filter(pk=pk).first()
    if reorg is None:
        raise Http404
    if user.has_perm(perm, reorg.issuer):
        return reorg
    if perm == "orgs.see_org":
        scope = scope_for(user)
        involved = Organization.objects.filter(
            Q(reorganized_by=reorg) | Q(succeeded_by=reorg) | Q(versions__opened_by=reorg)
        )
        if any(scope.reaches(org) for org in involved.distinct()):
            return reorg
    raise Http404
