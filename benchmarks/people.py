"""Bench accounts for real people of the seeded data, and their removal.

Each simulated user is a real person: a grassroots committee member in charge of items still in
progress (one per organization, organizations spread over the whole city), or an officer of the
bloc's Organization Board or Standing Committee (the upper level: they also open the dashboard). They
get an account named `bench-NNN` with the password `PASSWORD`, linked to their person record without a
history row. `remove()` takes it all back: the progress reports the bench posted (their note starts with
`NOTE_MARKER`; the item is left as it was, since the bench reports its status and % unchanged), the
history rows those reports left on the items, the login records, the accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count

from nghiquyet.meetings.models import Meeting, MeetingKind, MeetingStatus
from nghiquyet.orgs.access import MANAGING_BODIES
from nghiquyet.orgs.models import BodyStaff, Organization, OrgKind, Person
from nghiquyet.resolutions.models import Item, ItemStatus, ProgressUpdate, Resolution, ResolutionStatus

PREFIX = "bench-"
PASSWORD = "nghiquyet-bench"
NOTE_MARKER = "[bench]"
PAGES_PER_USER = 5  # meetings, resolutions and items each user picks from


@dataclass
class BenchUser:
    username: str
    person_id: int
    org_code: str
    upper: bool
    meetings: list[int] = field(default_factory=list)
    resolutions: list[int] = field(default_factory=list)
    items: list[tuple[int, int]] = field(default_factory=list)  # (item id, its % done)


def _spread(values: list, n: int) -> list:
    """`n` of `values` evenly spaced over the list (all of them when there are fewer)."""
    if len(values) <= n:
        return list(values)
    step = len(values) / n
    return [values[int(i * step)] for i in range(n)]


def _assignees(n: int) -> list[tuple[int, int, str]]:
    """(person id, org id, org code) of `n` people in charge of items in progress, one per organization,
    the organizations spread over the city; people who already have an account are left alone."""
    rows = (
        Item.objects.filter(
            resolution__status=ResolutionStatus.ISSUED,
            status=ItemStatus.IN_PROGRESS,
            assignee__user__isnull=True,
        )
        .values_list("assignee_id", "resolution__org_id", "resolution__org__code")
        .annotate(n=Count("pk"))
        .order_by("resolution__org__code", "-n", "assignee_id")
    )
    best: dict[int, tuple[int, int, str]] = {}
    for person_id, org_id, code, _n in rows:
        best.setdefault(org_id, (person_id, org_id, code))
    return _spread(sorted(best.values(), key=lambda r: r[2]), n)


def _officers(n: int) -> list[int]:
    """Up to `n` people on the bloc's managing bodies (they supervise every grassroots organization)."""
    return list(
        BodyStaff.objects.current()
        .filter(body__org__kind=OrgKind.BLOC, body__kind__in=MANAGING_BODIES, person__user__isnull=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()[:n]
    )


def _pages(org_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The latest held meetings and issued resolutions of each organization (two queries)."""
    meetings: dict[int, list[int]] = {}
    for org_id, pk in (
        Meeting.objects.filter(
            org_id__in=org_ids,
            status__in=(MeetingStatus.HELD, MeetingStatus.SIGNED),
        )
        .exclude(kind=MeetingKind.STANDING)
        .order_by("org_id", "-date", "-id")
        .values_list("org_id", "pk")
    ):
        if len(meetings.setdefault(org_id, [])) < PAGES_PER_USER:
            meetings[org_id].append(pk)
    resolutions: dict[int, list[int]] = {}
    for org_id, pk in (
        Resolution.objects.filter(org_id__in=org_ids, status=ResolutionStatus.ISSUED)
        .order_by("org_id", "-issued_on", "-id")
        .values_list("org_id", "pk")
    ):
        if len(resolutions.setdefault(org_id, [])) < PAGES_PER_USER:
            resolutions[org_id].append(pk)
    return meetings, resolutions


@transaction.atomic
def create(n: int, upper: int) -> list[BenchUser]:
    """`n` bench users, `upper` of them upper-level officers (fewer if the data has fewer people to
    offer). Earlier bench accounts are removed first, so that a run always starts from the same state."""
    remove()
    assignees = _assignees(max(0, n - upper))
    officers = _officers(n - len(assignees))
    org_ids = [org_id for _p, org_id, _c in assignees]
    meetings, resolutions = _pages(org_ids)
    items: dict[int, list[tuple[int, int]]] = {}
    for person_id, pk, percent in (
        Item.objects.filter(
            assignee_id__in=[p for p, _o, _c in assignees],
            resolution__status=ResolutionStatus.ISSUED,
            status=ItemStatus.IN_PROGRESS,
        )
        .order_by("assignee_id", "deadline", "id")
        .values_list("assignee_id", "pk", "percent")
    ):
        if len(items.setdefault(person_id, [])) < PAGES_PER_USER:
            items[person_id].append((pk, percent))
    users = [
        BenchUser(
            username="",
            person_id=person_id,
            org_code=code,
            upper=False,
            meetings=meetings.get(org_id, []),
            resolutions=resolutions.get(org_id, []),
            items=items.get(person_id, []),
        )
        for person_id, org_id, code in assignees
    ]
    bloc = (
        Organization.objects.filter(kind=OrgKind.BLOC).order_by("code").values_list("code", flat=True).first()
    )
    for i, person_id in enumerate(officers):
        # An officer opens the pages of the organizations the others belong to, in turn.
        other = users[i % len(users)] if users else None
        users.append(
            BenchUser(
                username="",
                person_id=person_id,
                org_code=bloc or "",
                upper=True,
                meetings=other.meetings if other else [],
                resolutions=other.resolutions if other else [],
            )
        )
    password = make_password(PASSWORD)  # hashed once: the same hash serves every bench account
    User = get_user_model()
    for i, user in enumerate(users, start=1):
        user.username = f"{PREFIX}{i:03d}"
    accounts = User.objects.bulk_create(
        User(username=u.username, password=password, first_name="bench", last_name=u.org_code) for u in users
    )
    for user, account in zip(users, accounts, strict=True):
        Person.objects.filter(pk=user.person_id).update(user=account)
    return users


def accounts():
    return get_user_model().objects.filter(username__startswith=PREFIX)


@transaction.atomic
def remove() -> int:
    """Delete the bench accounts and what the bench wrote; returns the number of accounts removed."""
    users = list(accounts().values_list("pk", flat=True))
    ProgressUpdate.objects.filter(note__startswith=NOTE_MARKER).delete()
    if not users:
        return 0
    for model in apps.get_models():
        # django-simple-history's tables: the rows the bench's requests left (items' status saves).
        names = {f.name for f in model._meta.get_fields()}
        if "history_user" in names and "history_id" in names:
            model.objects.filter(history_user_id__in=users).delete()
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessLog

        AccessLog.objects.filter(username__startswith=PREFIX).delete()
        AccessAttempt.objects.filter(username__startswith=PREFIX).delete()
    Person.objects.filter(user_id__in=users).update(user=None)
    return accounts().delete()[1].get(get_user_model()._meta.label, 0)
