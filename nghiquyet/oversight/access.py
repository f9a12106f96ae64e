"""Who does what in the upper level's work, and one access helper per object type (anything else: 404).

`roles_for(user)` adds to the user's scope (orgs.access) what this room needs: which kinds of
upper-level body the person staffs over which subtree, and the paths of the organizations on whose
committee they sit. It is read once per request (two queries at most) and cached on the user.

- direct: staff of the Standing Committee or the Organization Board over the subtree;
- inspect: staff of the Inspection Committee over the subtree;
- supervise: staff of any upper-level body over the subtree (they read what the upper level does);
- lead / sit: a leader / a member of the organization's own current committee (Scope.leads / sits_on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.documents.models import Confidentiality
from nghiquyet.lib.paths import under_q
from nghiquyet.orgs import history as org_history
from nghiquyet.orgs.access import MANAGING_BODIES, scope_for
from nghiquyet.orgs.models import GRASSROOTS_KINDS, BodyKind, BodyStaff, Organization, OrgKind
from nghiquyet.resolutions.models import ResolutionStatus

from .models import (
    Course,
    Example,
    Guidance,
    InspectionPlan,
    InspectionRecord,
    Nomination,
    PeriodicReport,
    ProgramRequest,
    ProgramSubmission,
    Proposal,
    Recommendation,
    UpperDifficulty,
)


@dataclass(frozen=True)
class Roles:
    everything: bool = False
    direct_paths: tuple[str, ...] = ()
    inspect_paths: tuple[str, ...] = ()
    upper_paths: tuple[str, ...] = ()
    # Organization id -> path, for the committees the person sits on (current term).
    seat_paths: dict[int, str] = field(default_factory=dict)
    person_id: int | None = None

    @staticmethod
    def _under(path: str, roots: tuple[str, ...]) -> bool:
        return any(path.startswith(root) for root in roots)

    def directs(self, org: Organization) -> bool:
        return self.everything or self._under(org.path, self.direct_paths)

    def inspects(self, org: Organization) -> bool:
        return self.everything or self._under(org.path, self.inspect_paths)

    def supervises(self, org: Organization) -> bool:
        return self.everything or self._under(org.path, self.upper_paths)

    @property
    def is_upper(self) -> bool:
        return self.everything or bool(self.upper_paths)

    @property
    def is_director(self) -> bool:
        return self.everything or bool(self.direct_paths)

    @property
    def is_inspector(self) -> bool:
        return self.everything or bool(self.inspect_paths)

    @property
    def bloc_codes(self) -> frozenset[str]:
        """The blocs (root codes) the person works in, as upper-level staff or as a committee member."""
        paths = [*self.upper_paths, *self.seat_paths.values()]
        return frozenset(p.split("/", 1)[0] for p in paths)

    def in_bloc(self, org: Organization) -> bool:
        return self.everything or org.path.split("/", 1)[0] in self.bloc_codes

    def under_q(self, roots: tuple[str, ...], prefix: str) -> Q:
        """A Q on an organization relation (`prefix` like "issuer__") under one of `roots`."""
        if self.everything:
            return Q()
        return under_q(roots, f"{prefix}path")


EMPTY_ROLES = Roles()


def roles_for(user) -> Roles:
    """The user's upper-level roles and committee seats, computed once and cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return EMPTY_ROLES
    cached = getattr(user, "_nq_oversight_roles", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        roles = Roles(everything=True)
    else:
        scope = scope_for(user)
        if scope.person_id is None:
            roles = EMPTY_ROLES
        else:
            direct, inspect, upper = set(), set(), set()
            for kind, path in (
                BodyStaff.objects.current()
                .filter(person_id=scope.person_id)
                .values_list("body__kind", "body__org__path")
            ):
                upper.add(path)
                if kind in MANAGING_BODIES:
                    direct.add(path)
                if kind == BodyKind.INSPECTION_COMMITTEE:
                    inspect.add(path)
            seats = (
                dict(Organization.objects.filter(pk__in=list(scope.seats)).values_list("pk", "path"))
                if scope.seats
                else {}
            )
            roles = Roles(
                direct_paths=tuple(sorted(direct)),
                inspect_paths=tuple(sorted(inspect)),
                upper_paths=tuple(sorted(upper)),
                seat_paths=seats,
                person_id=scope.person_id,
            )
    user._nq_oversight_roles = roles
    return roles


def _check_verb(perm: str, *allowed: str) -> None:
    """Fail loud on a verb the helper does not know: a typo must not fall through to read access."""
    if perm not in allowed:
        raise ValueError(f"unknown access verb {perm!r}: one of {', '.join(allowed)}")


# ---------------------------------------------------------------- the bloc dashboard (R31)

# What the upper level may look at on the dashboard: a bloc, or one grassroots organization.
DASHBOARD_ROOT_KINDS = (OrgKind.BLOC, *GRASSROOTS_KINDS)
_ROOT_FIELDS = ("pk", "code", "name", "kind", "path", "depth", "active_from", "active_to")


@dataclass(frozen=True)
class DashboardScope:
    """Whose rows a user gets on the bloc dashboard: the page, its export and the API alike.

    `orgs`: the grassroots organizations in scope (a queryset, before the period and the filters);
    `root`: the organization asked for, None for everything in reach; `roots`: the organizations an
    upper-level officer may pick (loaded only when asked for); `own`: by default, the organizations
    of a committee member who is not an upper-level officer; `paths`: today's paths of the subtrees
    `orgs` spans (None when it is a list of organizations, or everything).
    """

    orgs: QuerySet
    root: Organization | None = None
    roots: tuple[Organization, ...] = ()
    own: tuple[Organization, ...] = ()
    paths: tuple[str, ...] | None = None
    # The last day of a root that ended and passed its records to the user's committee (R40): its rows are
    # read for the periods up to that day only.
    until: dt.date | None = None

    def orgs_on(self, day: dt.date, today: dt.date | None = None) -> QuerySet:
        """The grassroots organizations in scope as the tree stood on `day` (R39): a past period groups
        by the tree of that period, so an organization moved to another upper body in 2025 is counted
        under its old upper body for 2024. Today's tree (the materialized paths) from today on; one
        query for where the subtrees then lay, the selection itself stays one subquery."""
        if self.paths is None or day >= (today or timezone.localdate()):
            return self.orgs
        then = org_history.paths_on(self.paths, day)
        return Organization.objects.filter(org_history.placed_under_q(then, day, GRASSROOTS_KINDS))

    def period_error(self, end: dt.date) -> str | None:
        """The message for a period running past the last day of a root that ended (R40): its records
        passed to the user's committee up to that day, and it did not exist after."""
        if self.until is None or end <= self.until:
            return None
        return _("“{name}” ended on {day}: its dashboard covers periods up to that day.").format(
            name=self.root.name, day=self.until.strftime("%d/%m/%Y")
        )

    @property
    def root_error(self) -> str | None:
        """The message for a root in reach that is neither a bloc nor a grassroots organization."""
        if self.root is not None and self.root.kind not in DASHBOARD_ROOT_KINDS:
            return _("Choose a bloc or a grassroots organization.")
        return None


def dashboard_scope_for(user, code: str = "", *, choices: bool = False) -> DashboardScope:
    """The dashboard's scope for `user` and the root named by `code` (empty: everything in reach).

    Upper-level staff get every grassroots organization under the bodies they staff, or under a root
    they supervise; a grassroots committee member gets their own organization(s), or the one named;
    anyone else, and a root out of reach, 404. `choices` also loads the roots an officer may pick (the
    page's select). Queries, besides `roles_for`: one for those roots, one for a root not among them,
    one for a committee member's own organizations.
    """
    roles = roles_for(user)
    grassroots = Organization.objects.filter(kind__in=GRASSROOTS_KINDS)
    roots: tuple[Organization, ...] = ()
    if choices and roles.is_upper:
        bodies = (
            Organization.objects.filter(kind=OrgKind.BLOC)
            if roles.everything
            else Organization.objects.filter(path__in=roles.upper_paths, kind__in=DASHBOARD_ROOT_KINDS)
        )
        roots = tuple(sorted(bodies.only(*_ROOT_FIELDS), key=lambda o: (o.depth, o.path)))
        roots += _received_roots(user, roles)
    if code:
        root = next((o for o in roots if o.code == code), None)
        if root is None:
            root = Organization.objects.filter(code=code).first()
            if root is None:
                raise Http404
            if roots and root.kind in DASHBOARD_ROOT_KINDS:
                roots = (*roots, root)  # a subtree further down: shown as picked
        if roles.supervises(root):
            return DashboardScope(
                grassroots.filter(path__startswith=root.path), root, roots, paths=(root.path,)
            )
        if root.kind in GRASSROOTS_KINDS and root.pk in roles.seat_paths:
            return DashboardScope(grassroots.filter(pk=root.pk), root, roots)
        if roles.is_upper and not roles.everything and root.kind == OrgKind.BLOC:
            place = scope_for(user).past_places.get(root.pk)
            if place is not None and place.received:
                return DashboardScope(
                    grassroots.filter(path__startswith=root.path),
                    root,
                    roots,
                    paths=(root.path,),
                    until=place.until,
                )
        raise Http404
    if roles.is_upper:
        return DashboardScope(
            grassroots.filter(roles.under_q(roles.upper_paths, "")),
            roots=roots,
            paths=None if roles.everything else tuple(roles.upper_paths),
        )
    own = ()
    if roles.seat_paths:
        own = tuple(grassroots.filter(pk__in=list(roles.seat_paths)).only(*_ROOT_FIELDS))
    if not own:
        raise Http404
    return DashboardScope(grassroots.filter(pk__in=[o.pk for o in own]), own=own)


def _received_roots(user, roles: Roles) -> tuple[Organization, ...]:
    """The upper bodies that ended and passed their records to a committee the user staffs (R40: the
    agencies bloc into the Đảng bộ Ủy ban nhân dân thành phố): pickable on the dashboard for the periods
    up to their last day. The scope's past (two queries, kept) and one query when there is any."""
    if roles.everything:
        return ()
    received = [pk for pk, place in scope_for(user).past_places.items() if place.received]
    if not received:
        return ()
    blocs = Organization.objects.filter(pk__in=received, kind=OrgKind.BLOC).order_by("path")
    return tuple(blocs.only(*_ROOT_FIELDS))


def dashboard_past_until(user, org) -> dt.date | None:
    """For upper-level staff, the last day a grassroots organization since moved out of their reach lay
    under them (R40, orgs.access); None otherwise. Its rows of a period ending by that day link to its
    drill-down, which shows that period only. `org`: an organization or a dashboard row (`org_id`)."""
    roles = roles_for(user)
    if not roles.is_upper or roles.supervises(org):
        return None
    return scope_for(user).past.get(org.org_id if hasattr(org, "org_id") else org.pk)


def get_dashboard_org_for_user(user, code: str, end: dt.date | None) -> Organization:
    """A grassroots organization's drill-down for a period ending on `end`: to the upper level over it
    and its own committee; to a former upper level of one since moved out of its reach when the period
    ends by the last day it lay under it (R40; None: no valid period, then not). 404 otherwise."""
    org = Organization.objects.filter(code=code).first()
    if org is None or not org.is_grassroots:
        raise Http404
    if user.has_perm("oversight.supervise", org) or user.has_perm("oversight.sit", org):
        return org
    until = dashboard_past_until(user, org)
    if until is None or end is None or end > until:
        raise Http404
    return org


# ---------------------------------------------------------------- orientation (R28)


def get_guidance_for_user(user, pk: int, perm: Literal["see", "direct"] = "see") -> Guidance:
    """A guidance: the upper level over its issuer sees it (drafts included) and those who direct edit
    it; committee members of an organization it addresses see it once published. 404 otherwise."""
    _check_verb(perm, "see", "direct")
    guidance = Guidance.objects.select_related("issuer").filter(pk=pk).first()
    if guidance is None:
        raise Http404
    if perm == "direct":
        allowed = user.has_perm("oversight.direct", guidance.issuer)
    else:
        allowed = user.has_perm("oversight.supervise", guidance.issuer) or (
            guidance.is_published and bool(addressed_seats(user, guidance))
        )
    if not allowed:
        raise Http404
    return guidance


def addressed_seats(user, addressed, target_paths: list[str] | None = None) -> list[int]:
    """Ids of the organizations on whose committee the user sits that `addressed` reaches."""
    roles = roles_for(user)
    if not roles.seat_paths:
        return []
    if target_paths is None and not addressed.target_all:
        target_paths = list(addressed.targets.values_list("path", flat=True))
    return [org_id for org_id, path in roles.seat_paths.items() if addressed.reaches(path, target_paths)]


# ---------------------------------------------------------------- concretization (R32)


def get_request_for_user(user, pk: int, perm: Literal["see", "direct"] = "see") -> ProgramRequest:
    """A program request: the upper level over its issuer sees it and those who direct remind; committee
    members of an addressed organization see it. 404 otherwise."""
    _check_verb(perm, "see", "direct")
    request = ProgramRequest.objects.select_related("issuer").filter(pk=pk).first()
    if request is None:
        raise Http404
    if perm == "direct":
        allowed = user.has_perm("oversight.direct", request.issuer)
    else:
        allowed = user.has_perm("oversight.supervise", request.issuer) or bool(addressed_seats(user, request))
    if not allowed:
        raise Http404
    return request


def get_submitting_org_for_user(user, request: ProgramRequest, code: str) -> Organization:
    """The grassroots organization submitting: addressed by the request and led by the user; 404 otherwise."""
    org = Organization.objects.filter(code=code).first()
    if (
        org is None
        or not org.is_grassroots
        or not request.addresses(org)
        or not user.has_perm("oversight.lead", org)
    ):
        raise Http404
    return org


def get_submission_for_user(user, pk: int) -> ProgramSubmission:
    """A submission: to the upper level over the request's issuer and to the submitting committee."""
    submission = (
        ProgramSubmission.objects.select_related("request__issuer", "org", "attachment").filter(pk=pk).first()
    )
    if submission is None or not (
        user.has_perm("oversight.supervise", submission.request.issuer)
        or user.has_perm("oversight.sit", submission.org)
    ):
        raise Http404
    return submission


# ---------------------------------------------------------------- inspection (R25, R33)


def get_plan_for_user(user, pk: int, perm: Literal["see", "inspect"] = "see") -> InspectionPlan:
    """An inspection plan: seen by the upper level over its body's organization, changed by its
    Inspection Committee; grassroots organizations see only their records. 404 otherwise."""
    _check_verb(perm, "see", "inspect")
    plan = InspectionPlan.objects.select_related("body__org").filter(pk=pk).first()
    needed = "oversight.inspect" if perm == "inspect" else "oversight.supervise"
    if plan is None or not user.has_perm(needed, plan.body.org):
        raise Http404
    return plan


def get_record_for_user(user, pk: int, perm: Literal["see", "inspect"] = "see") -> InspectionRecord:
    """An inspection record: the upper level sees it and the Inspection Committee writes it; once
    concluded, the inspected organization's committee sees it, and so does whoever is assigned one of its
    recommendations (notified with a link to it). 404 otherwise."""
    _check_verb(perm, "see", "inspect")
    record = (
        InspectionRecord.objects.select_related("plan__body__org", "org", "org__parent").filter(pk=pk).first()
    )
    if record is None:
        raise Http404
    upper_org = record.plan.body.org
    if perm == "inspect":
        allowed = user.has_perm("oversight.inspect", upper_org)
    else:
        allowed = user.has_perm("oversight.supervise", upper_org) or (
            record.is_concluded
            and (
                user.has_perm("oversight.sit", record.org)
                or _assigned(user, record.recommendations)
                or _carries(user, record.recommendations)
            )
        )
    if not allowed:
        raise Http404
    return record


def _carries(user, recommendations) -> bool:
    """Whether `user` sits on the committee of a successor carrying one of `recommendations` (R40; one
    query, none for a user without a seat)."""
    seats = roles_for(user).seat_paths
    return bool(seats) and recommendations.filter(carried_by_id__in=list(seats)).exists()


def _assigned(user, recommendations) -> bool:
    """Whether `user` is the assignee of one of `recommendations` (one query)."""
    person_id = roles_for(user).person_id
    return person_id is not None and recommendations.filter(assignee_id=person_id).exists()


def get_recommendation_for_user(user, pk: int, perm: Literal["see", "carry"] = "see") -> Recommendation:
    """A recommendation: seen with its record; marked done by the inspected organization's leaders or
    its assignee (`perm="carry"`). 404 otherwise."""
    _check_verb(perm, "see", "carry")
    recommendation = (
        Recommendation.objects.select_related(
            "record__plan__body__org", "record__org", "assignee", "carried_by"
        )
        .filter(pk=pk)
        .first()
    )
    if recommendation is None:
        raise Http404
    record = recommendation.record
    # The organization answering for it: the inspected one, or its successor (R40).
    holder = recommendation.carried_by or record.org
    if perm == "carry":
        allowed = record.is_concluded and (
            user.has_perm("oversight.lead", holder) or recommendation.assignee_id == roles_for(user).person_id
        )
    else:
        allowed = user.has_perm("oversight.supervise", record.plan.body.org) or (
            record.is_concluded
            and (
                user.has_perm("oversight.sit", holder)
                or user.has_perm("oversight.sit", record.org)
                or recommendation.assignee_id == roles_for(user).person_id
            )
        )
    if not allowed:
        raise Http404
    return recommendation


# ---------------------------------------------------------------- difficulties (R34)


def get_difficulty_for_user(
    user, pk: int, perm: Literal["see", "close", "direct"] = "see"
) -> UpperDifficulty:
    """A difficulty reported up: seen by the filing organization's committee, the filer and those who
    direct over it; assigned and answered by those who direct (`perm="direct"`). 404 otherwise."""
    _check_verb(perm, "see", "close", "direct")
    difficulty = (
        UpperDifficulty.objects.select_related("org", "filed_by", "assigned_to", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if difficulty is None:
        raise Http404
    directs = user.has_perm("oversight.direct", difficulty.org)
    if perm == "direct":
        allowed = directs
    elif perm == "close":
        allowed = directs or user.has_perm("oversight.lead", difficulty.org)
    else:
        allowed = (
            directs
            or user.has_perm("oversight.sit", difficulty.org)
            or difficulty.filed_by_id == roles_for(user).person_id
        )
    if not allowed:
        raise Http404
    return difficulty


# ---------------------------------------------------------------- training (R36)


def get_course_for_user(user, pk: int, perm: Literal["see", "direct"] = "see") -> Course:
    """A course: seen by the upper level over its organization, managed by those who direct; 404 otherwise."""
    _check_verb(perm, "see", "direct")
    course = Course.objects.select_related("org").filter(pk=pk).first()
    needed = "oversight.direct" if perm == "direct" else "oversight.supervise"
    if course is None or not user.has_perm(needed, course.org):
        raise Http404
    return course


def get_coverage_org_for_user(user, code: str) -> Organization:
    """The subtree whose training coverage is asked: the upper level over it, or its own leaders."""
    org = Organization.objects.filter(code=code).first()
    if org is None or not (user.has_perm("oversight.supervise", org) or user.has_perm("oversight.lead", org)):
        raise Http404
    return org


# ---------------------------------------------------------------- recognition (R37)


def get_nomination_for_user(user, pk: int, perm: Literal["see", "direct"] = "see") -> Nomination:
    """A nomination: seen by the upper level over the nominee's organization and by its leaders; decided
    by those who direct (`perm="direct"`). 404 otherwise."""
    _check_verb(perm, "see", "direct")
    nomination = (
        Nomination.objects.select_related("person", "org", "nominated_by", "decided_by").filter(pk=pk).first()
    )
    if nomination is None:
        raise Http404
    if perm == "direct":
        allowed = user.has_perm("oversight.direct", nomination.org)
    else:
        allowed = user.has_perm("oversight.supervise", nomination.org) or user.has_perm(
            "oversight.lead", nomination.org
        )
    if not allowed:
        raise Http404
    return nomination


# ---------------------------------------------------------------- sharing and proposals (R29, R30)

SHARED_STATUSES = (ResolutionStatus.ISSUED, ResolutionStatus.CLOSED)
# What may be shown bloc-wide as an example (R29): issued, and never classified (#17.2) — not even one
# shared before it was marked.
SHOWN_EXAMPLES = Q(resolution__status__in=SHARED_STATUSES, resolution__confidentiality=Confidentiality.NONE)


def get_example_for_user(user, pk: int, perm: Literal["see", "lead"] = "see") -> Example:
    """A shared resolution: visible bloc-wide — to every committee member and upper-level officer of the
    bloc — but never while a draft; withdrawn by the sharing organization's leaders (`perm="lead"`).

    This is the one exception to resolutions.access, and it lives here: the resolution is shown
    read-only through this helper, never through the resolutions' own pages.
    """
    _check_verb(perm, "see", "lead")
    example = (
        Example.objects.select_related("resolution__org", "resolution__signed_by", "shared_by")
        .filter(SHOWN_EXAMPLES, pk=pk)
        .first()
    )
    if example is None:
        raise Http404
    org = example.resolution.org
    needed = "oversight.lead" if perm == "lead" else "oversight.see_bloc"
    if not user.has_perm(needed, org):
        raise Http404
    return example


def get_proposal_for_user(user, pk: int, perm: Literal["see", "direct"] = "see") -> Proposal:
    """A proposal: seen by its proposer and by those who direct over its organization, who answer it
    (`perm="direct"`). 404 otherwise."""
    _check_verb(perm, "see", "direct")
    proposal = Proposal.objects.select_related("org", "proposer", "answered_by").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    directs = user.has_perm("oversight.direct", proposal.org)
    allowed = directs if perm == "direct" else directs or proposal.proposer_id == roles_for(user).person_id
    if not allowed:
        raise Http404
    return proposal


# ---------------------------------------------------------------- periodic reports (R31, R35)


def get_report_for_user(user, pk: int, perm: Literal["see", "direct"] = "see") -> PeriodicReport:
    """A periodic report: read by the upper level over its issuer, written and issued by those who direct
    (`perm="direct"`); nobody below sees it here. 404 otherwise."""
    _check_verb(perm, "see", "direct")
    report = PeriodicReport.objects.select_related("issuer", "signed_by").filter(pk=pk).first()
    needed = "oversight.direct" if perm == "direct" else "oversight.supervise"
    if report is None or not user.has_perm(needed, report.issuer):
        raise Http404
    return report
