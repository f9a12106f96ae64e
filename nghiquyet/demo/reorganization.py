"""The demo's 2025 (R39, R40): on 7 February 2025 the City Party Committee founded the Đảng bộ các cơ quan
Đảng thành phố (decision 8152-QĐ/TU) and the Đảng bộ Ủy ban nhân dân thành phố, and the agencies bloc's
grassroots organizations passed to them (docs/reorganization.md has the sources). The demo records a sample
of that transfer through the same service the upper level uses: both committees, the bloc's newspapers'
organizations moved under the first and some departments' (sở) under the second from that day, so their
pages show their history and "the tree on 1 January 2025" still shows them under the bloc. The rest stays
under the bloc, whose people walk the 2016 scheme through today: in Hà Nội the bloc itself ended. Each
new committee gets its Organization Board with one officer and a demo login (`bantochuc2`, `bantochuc3`),
taken from the bloc's office cell as the bloc's staff passed to the new committees; the bloc's own officer
keeps reading the bloc's 2024.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from nghiquyet.orgs.models import Body, BodyKind, BodyStaff, Organization, OrgKind, Person, StaffRole, Term
from nghiquyet.orgs.services import NewOrg, Spec, confirm_reorganization, reorganize

from .registry import (
    DEMO_PASSWORD,
    GOVERNMENT_SUCCESSOR_USERNAME,
    OFFICE_CELL_CODE,
    SUCCESSOR_USERNAME,
    TERM_END,
    TERM_LABEL,
)

FOUNDED = dt.date(2025, 2, 7)
DECIDED_BY = "Thành ủy Hà Nội"


@dataclass(frozen=True)
class Successor:
    """One of the two committees the bloc's organizations passed to, and the sample the demo moves there."""

    code: str
    name: str
    decision: str
    moved_word: str  # the grassroots organizations whose name holds this word move there
    board_name: str
    officer_title: str
    username: str
    congress: dt.date  # its first congress, which opened the 2025–2030 term


# Decision 8152-QĐ/TU of 7 February 2025 founded the Đảng bộ các cơ quan Đảng thành phố; its first congress,
# for 2025–2030, sat on 8 August 2025 (cafef.vn and sggp.org.vn, 8 August 2025, in docs/reorganization.md):
# the demo moves the city's newspapers' organizations under it.
PARTY_AGENCIES = Successor(
    code="DCQD",
    name="Đảng bộ các cơ quan Đảng thành phố Hà Nội",
    decision="8152-QĐ/TU",
    moved_word=" Báo ",
    board_name="Ban Tổ chức Đảng ủy các cơ quan Đảng thành phố",
    officer_title="Chuyên viên Ban Tổ chức Đảng ủy các cơ quan Đảng thành phố",
    username=SUCCESSOR_USERNAME,
    congress=dt.date(2025, 8, 8),
)
# The Đảng bộ Ủy ban nhân dân thành phố took the organizations of the city's departments (sở), agencies
# and public units (laodongthudo.vn: 63 grassroots organizations, about 15,600 members by mid-2025). It was
# founded on 7 February 2025 by decision 8153 of the City Committee's Standing Committee, and its first
# congress, for 2025–2030, opened on 16 August 2025 (sggp.org.vn, 16 August 2025).
CITY_GOVERNMENT = Successor(
    code="DUBND",
    name="Đảng bộ Ủy ban nhân dân thành phố Hà Nội",
    decision="8153-QĐ/TU",
    moved_word=" Sở ",
    board_name="Ban Tổ chức Đảng ủy Ủy ban nhân dân thành phố",
    officer_title="Chuyên viên Ban Tổ chức Đảng ủy Ủy ban nhân dân thành phố",
    username=GOVERNMENT_SUCCESSOR_USERNAME,
    congress=dt.date(2025, 8, 16),
)
SUCCESSORS = (PARTY_AGENCIES, CITY_GOVERNMENT)
# Kept for the callers that name the first successor.
SUCCESSOR_CODE = PARTY_AGENCIES.code
SUCCESSOR_NAME = PARTY_AGENCIES.name
DECISION = PARTY_AGENCIES.decision
# At most this many grassroots organizations move to each successor: a sample, so that the bloc the 2016
# scheme describes keeps its organizations and its people for the rest of the demo.
MAX_MOVED = 3


def transfer_2025(bloc_code: str = "DUK", stdout=None) -> list[Organization]:
    """Found the two successor committees and move a sample of the bloc's organizations under each, all
    confirmed; the organizations moved (none when already done)."""
    bloc = Organization.objects.filter(code=bloc_code).first()
    if bloc is None or Organization.objects.filter(code__in=[s.code for s in SUCCESSORS]).exists():
        return []
    # The organization of the demo's own members (bithu, capuy, dangvien) stays: its walkthrough is the
    # bloc's.
    keep = set(
        Person.objects.filter(user__isnull=False, home_org__path__startswith=bloc.path).values_list(
            "home_org__path", flat=True
        )
    )
    grassroots = list(Organization.objects.filter(parent=bloc).grassroots().order_by("code"))
    moved_all: list[Organization] = []
    officers = _free_office_staff()
    for successor_spec, officer in zip(SUCCESSORS, [*officers, None, None], strict=False):
        candidates = [
            o
            for o in grassroots
            if successor_spec.moved_word in f" {o.name} "
            and o not in moved_all
            and not any(path.startswith(o.path) for path in keep)
        ]
        # Departments: one at least stays beside the demo members' own, so the bloc keeps a neighbour
        # of the same kind for them (the access checks compare them).
        spare = 1 if successor_spec is CITY_GOVERNMENT else 0
        moved = candidates[: max(0, min(MAX_MOVED, len(candidates) - spare))]
        if stdout is not None:
            stdout.write(
                f"Đang ghi việc sắp xếp tổ chức năm 2025 ({len(moved)} tổ chức cơ sở đảng chuyển sang "
                f"{successor_spec.name})…"
            )
        successor = _found(successor_spec, bloc, moved)
        _first_congress(successor, successor_spec.congress)
        _board_and_login(successor, successor_spec, officer)
        moved_all += moved
    return moved_all


def _found(spec: Successor, bloc: Organization, moved: list[Organization]) -> Organization:
    founded = reorganize(
        Spec(
            kind="create",
            decision_number=spec.decision,
            decision_date=FOUNDED,
            issuer=bloc,
            effective_date=FOUNDED,
            parts=[NewOrg(spec.code, spec.name, OrgKind.BLOC, "ĐU")],
            decided_above=DECIDED_BY,
        )
    )
    confirm_reorganization(founded)
    successor = founded.successors.get()
    if moved:
        transfer = reorganize(
            Spec(
                kind="move",
                decision_number=spec.decision,
                decision_date=FOUNDED,
                issuer=bloc,
                effective_date=FOUNDED,
                sources=moved,
                target=successor,
                decided_above=DECIDED_BY,
            )
        )
        confirm_reorganization(transfer)
    return successor


def _first_congress(successor: Organization, day: dt.date) -> Term:
    """The committee appointed on founding serves until the first congress, which opens the 2025–2030 term:
    documents numbered after it start a new series (orgs.numbering)."""
    Term.objects.filter(org=successor, end_date__isnull=True).update(end_date=day - dt.timedelta(days=1))
    term = Term(org=successor, label=TERM_LABEL, start_date=day, end_date=TERM_END)
    term.full_clean()
    term.save()
    return term


def _free_office_staff() -> list[Person]:
    """Members of the bloc's office cell who held no post there (the first by id: the same ones on every
    run): the bloc's staff passed to the new committees."""
    return list(
        Person.objects.filter(
            home_org__code=OFFICE_CELL_CODE, body_roles__isnull=True, committee_seats__isnull=True
        ).order_by("pk")[: len(SUCCESSORS)]
    )


def _board_and_login(successor: Organization, spec: Successor, officer: Person | None) -> Person | None:
    """The successor's Organization Board, staffed from the founding day by `officer`, who logs in as the
    successor's demo user."""
    if officer is None:
        return None
    board = Body.objects.create(org=successor, kind=BodyKind.ORGANIZATION_BOARD, name=spec.board_name)
    BodyStaff.objects.create(body=board, person=officer, role=StaffRole.OFFICER, start_date=FOUNDED)
    user, _created = get_user_model().objects.update_or_create(
        username=spec.username,
        defaults={
            "password": make_password(DEMO_PASSWORD),
            "is_superuser": False,
            "is_staff": False,
            "is_active": True,
        },
    )
    Person.objects.filter(pk=officer.pk).update(user=user, job_title=spec.officer_title)
    return officer
