"""The demo's 2025 (R39, R40): on 7 February 2025 the City Party Committee founded the Đảng bộ các cơ quan
Đảng thành phố (decision 8152-QĐ/TU) and the agencies bloc's grassroots organizations passed to the new
committees (docs/reorganization.md has the sources). The demo records a sample of that transfer through the
same service the upper level uses: the new committee, and the bloc's newspapers' organizations moved under
it from that day, so their pages show their history and "the tree on 1 January 2025" still shows them
under the bloc. The real division between the two successor committees is not reproduced. The new
committee gets its Organization Board with one officer, a demo login (`SUCCESSOR_USERNAME`), taken from
the bloc's office cell as the bloc's staff passed to the new committees; the bloc's own officer keeps
reading the bloc's 2024.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from nghiquyet.orgs.models import Body, BodyKind, BodyStaff, Organization, OrgKind, Person, StaffRole
from nghiquyet.orgs.services import NewOrg, Spec, confirm_reorganization, reorganize

from .registry import DEMO_PASSWORD, OFFICE_CELL_CODE, SUCCESSOR_USERNAME

FOUNDED = dt.date(2025, 2, 7)
DECISION = "8152-QĐ/TU"
DECIDED_BY = "Thành ủy Hà Nội"
SUCCESSOR_CODE = "DCQD"
SUCCESSOR_NAME = "Đảng bộ các cơ quan Đảng thành phố Hà Nội"
# The grassroots organizations the demo moves: those of the city's newspapers (names start "Đảng bộ Báo…",
# "Chi bộ Báo…"), at most this many.
MOVED_NAME_WORD = " Báo "
MAX_MOVED = 3
BOARD_NAME = "Ban Tổ chức Đảng ủy các cơ quan Đảng thành phố"
OFFICER_TITLE = "Chuyên viên Ban Tổ chức Đảng ủy các cơ quan Đảng thành phố"


def transfer_2025(bloc_code: str = "DUK", stdout=None) -> list[Organization]:
    """Found the successor committee and move the sample under it, both confirmed; the organizations moved."""
    bloc = Organization.objects.filter(code=bloc_code).first()
    if bloc is None or Organization.objects.filter(code=SUCCESSOR_CODE).exists():
        return []
    moved = [
        o
        for o in Organization.objects.filter(parent=bloc).grassroots().order_by("code")
        if MOVED_NAME_WORD in f" {o.name} "
    ][:MAX_MOVED]
    if stdout is not None:
        stdout.write(
            f"Đang ghi việc sắp xếp tổ chức năm 2025 ({len(moved)} tổ chức cơ sở đảng chuyển sang {SUCCESSOR_NAME})…"
        )
    founded = reorganize(
        Spec(
            kind="create",
            decision_number=DECISION,
            decision_date=FOUNDED,
            issuer=bloc,
            effective_date=FOUNDED,
            parts=[NewOrg(SUCCESSOR_CODE, SUCCESSOR_NAME, OrgKind.BLOC, "ĐU")],
            decided_above=DECIDED_BY,
        )
    )
    confirm_reorganization(founded)
    successor = founded.successors.get()
    if moved:
        transfer = reorganize(
            Spec(
                kind="move",
                decision_number=DECISION,
                decision_date=FOUNDED,
                issuer=bloc,
                effective_date=FOUNDED,
                sources=moved,
                target=successor,
                decided_above=DECIDED_BY,
            )
        )
        confirm_reorganization(transfer)
    _board_and_login(successor)
    return moved


def _board_and_login(successor: Organization) -> Person | None:
    """The successor's Organization Board, staffed from the founding day by a member of the bloc's office
    cell who held no post there (the first by id: the same one on every run), who logs in as
    `SUCCESSOR_USERNAME`."""
    officer = (
        Person.objects.filter(
            home_org__code=OFFICE_CELL_CODE, body_roles__isnull=True, committee_seats__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if officer is None:
        return None
    board = Body.objects.create(org=successor, kind=BodyKind.ORGANIZATION_BOARD, name=BOARD_NAME)
    BodyStaff.objects.create(body=board, person=officer, role=StaffRole.OFFICER, start_date=FOUNDED)
    user, _created = get_user_model().objects.update_or_create(
        username=SUCCESSOR_USERNAME,
        defaults={
            "password": make_password(DEMO_PASSWORD),
            "is_superuser": False,
            "is_staff": False,
            "is_active": True,
        },
    )
    Person.objects.filter(pk=officer.pk).update(user=user, job_title=OFFICER_TITLE)
    return officer
