"""Who receives what: the targets of an addressed record, grassroots secretaries, the board's staff."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.orgs.access import MANAGING_BODIES
from nghiquyet.orgs.models import BodyKind, BodyStaff, CommitteeMembership, Organization, Person, Position


def check_targets(issuer: Organization, target_all: bool, targets) -> list[Organization]:
    """The chosen organizations, refused unless they are grassroots organizations under the issuer."""
    targets = list(targets or [])
    if target_all:
        return []
    if not targets:
        raise ValidationError({"targets": _("Choose the organizations, or address all of them.")})
    for org in targets:
        if not org.is_grassroots or not org.path.startswith(issuer.path):
            message = _("%(org)s is not a grassroots organization of %(issuer)s.")
            raise ValidationError(
                {"targets": ValidationError(message, params={"org": org.name, "issuer": issuer.name})}
            )
    return targets


def secretaries(orgs, day: dt.date | None = None) -> list[Person]:
    """The current secretaries of these organizations (a queryset or a list of ids; one query)."""
    seats = (
        CommitteeMembership.objects.current(day or timezone.localdate())
        .filter(term__org__in=orgs, position=Position.SECRETARY)
        .select_related("person__user")
    )
    return [s.person for s in seats]


def users(people) -> list:
    """The accounts of these people (those without one are skipped by `notify`)."""
    return [p.user for p in people if p is not None]


def directing_staff(org: Organization, kinds=MANAGING_BODIES, day: dt.date | None = None) -> list[Person]:
    """Current staff of the upper-level bodies of these kinds above `org` (one query)."""
    codes = org.ancestor_codes()[:-1]
    rows = (
        BodyStaff.objects.current(day or timezone.localdate())
        .filter(body__org__code__in=codes, body__kind__in=kinds)
        .select_related("person__user")
        .order_by("person__sort_key", "person_id")
    )
    seen, people = set(), []
    for row in rows:
        if row.person_id not in seen:
            seen.add(row.person_id)
            people.append(row.person)
    return people


def board_staff(org: Organization) -> list[Person]:
    """The Organization Board's staff above `org`: they receive what grassroots organizations send up."""
    return directing_staff(org, kinds=(BodyKind.ORGANIZATION_BOARD,))
