"""The demo's 2025 (R39, R40): on 7 February 2025 the City Party Committee founded the Đảng bộ các cơ quan
Đảng thành phố (decision 8152-QĐ/TU) and the Đảng bộ Ủy ban nhân dân thành phố (decision 8153-QĐ/TU), the
agencies bloc's grassroots organizations passed to them and the bloc ended (docs/reorganization.md has the
sources). The demo records it through the same service the upper level uses, as it happened:

- the organizations of the party agencies, the Fatherland Front, the mass organizations, the People's
  Council's office, the party school and the newspapers move under the first committee; those of the city
  government's departments, agencies and public units stay for the second (the central plan of December
  2024: "Đảng bộ cơ quan Đảng, đoàn thể, tư pháp" and "Đảng bộ khối chính quyền", 24h.com.vn);
- the bloc is dissolved into the second committee, which receives what is left under it (the government's
  organizations and the bloc's office cell) and its records: whoever staffs that committee reads the bloc's
  period, all of it, up to 6 February 2025 (orgs.access);
- the bloc's committee and the posts in its bodies end on 6 February 2025 (the reorganization service), and
  the bloc's staff are posted to the same bodies of the committee that received the demo members'
  organization (the departments': the Đảng bộ Ủy ban nhân dân thành phố) from 7 February, as the real staff
  passed to the new committees: `bantochuc` and `ubkt` walk the 2016 scheme over `bithu`'s committee
  through today, and still read the bloc's 2024.

Each new committee also gets an Organization Board officer with a demo login (`bantochuc2`, `bantochuc3`),
taken from the bloc's office cell. At the city scale the bloc stands for the city's upper committee, whose
2025 is the end of the district level (demo.districts): there only a sample moves (`whole=False`).
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
    """One of the two committees the bloc's organizations passed to, and which of them it took."""

    code: str
    name: str
    decision: str
    words: tuple[str, ...]  # an organization whose name holds one of these words passes there
    board_name: str
    officer_title: str
    username: str
    congress: dt.date  # its first congress, which opened the 2025–2030 term

    def takes(self, org: Organization) -> bool:
        name = f" {org.name} "
        return any(word in name for word in self.words)


# Decision 8152-QĐ/TU of 7 February 2025 founded the Đảng bộ các cơ quan Đảng thành phố; its first congress,
# for 2025–2030, sat on 8 August 2025 (cafef.vn and sggp.org.vn, 8 August 2025, in docs/reorganization.md):
# the demo moves the city's newspapers' organizations under it.
PARTY_AGENCIES = Successor(
    code="DCQD",
    name="Đảng bộ các cơ quan Đảng thành phố Hà Nội",
    decision="8152-QĐ/TU",
    # Party agencies, the People's Council's office, the Front, the mass organizations, the party school, the
    # newspapers (the central plan of December 2024, docs/reorganization.md).
    words=(
        " Báo ",
        " Hội ",
        " Liên hiệp ",
        " Liên đoàn ",
        " Thành đoàn ",
        " MTTQ ",
        " HĐND ",
        " Đoàn Luật sư ",
        " Lê Hồng Phong ",
        " Liên minh Hợp tác xã ",
    ),
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
    # The departments and the rest (the whole transfer gives it all the others; a sample, the departments).
    words=(" Sở ",),
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
# The city scale moves at most this many grassroots organizations to each successor: a sample beside the
# district level's end.
MAX_MOVED = 3
# The bloc's bodies, as named at the committee that receives its staff.
BLOC_WORDS = "Đảng ủy Khối"
GOVERNMENT_WORDS = "Đảng ủy Ủy ban nhân dân thành phố"


def transfer_2025(bloc_code: str = "DUK", stdout=None, whole: bool = True) -> list[Organization]:
    """Found the two successor committees and pass the bloc's organizations to them, all confirmed: with
    `whole`, every one of them by what it is, the bloc dissolved into the second committee and its staff
    posted there; otherwise a sample to each (the city scale). The organizations moved (none when already
    done)."""
    bloc = Organization.objects.filter(code=bloc_code).first()
    if bloc is None or Organization.objects.filter(code__in=[s.code for s in SUCCESSORS]).exists():
        return []
    children = list(Organization.objects.filter(parent=bloc, active_to__isnull=True).order_by("code"))
    officers = _free_office_staff()
    if whole:
        to_agencies = [o for o in children if PARTY_AGENCIES.takes(o)]
        to_government = [o for o in children if o not in to_agencies]
    else:
        to_agencies, to_government = _sample(bloc, children)
    successors = {}
    for spec, officer, moved in (
        (PARTY_AGENCIES, officers[0] if officers else None, to_agencies),
        (CITY_GOVERNMENT, officers[1] if len(officers) > 1 else None, to_government),
    ):
        if stdout is not None:
            stdout.write(
                f"Đang ghi việc sắp xếp tổ chức năm 2025 ({len(moved)} tổ chức đảng chuyển sang {spec.name})…"
            )
        last = whole and spec is CITY_GOVERNMENT
        successor = _found(spec, bloc, [] if last else moved)
        if last:
            _dissolve(bloc, successor, spec)
        _first_congress(successor, spec.congress)
        successors[spec.code] = successor
        board = _board_and_login(successor, spec, officer)
        if last:
            _staff_pass(bloc, successor, board)
    return to_agencies + to_government


def _sample(bloc: Organization, children: list[Organization]) -> tuple[list, list]:
    """A few newspapers' organizations to the first committee, a few departments' to the second (never
    that of the demo's own members, and one department stays beside it)."""
    keep = set(
        Person.objects.filter(user__isnull=False, home_org__path__startswith=bloc.path).values_list(
            "home_org__path", flat=True
        )
    )
    grassroots = [o for o in children if o.is_grassroots and not any(p.startswith(o.path) for p in keep)]
    agencies = [o for o in grassroots if " Báo " in f" {o.name} "][:MAX_MOVED]
    departments = [o for o in grassroots if CITY_GOVERNMENT.takes(o)]
    return agencies, departments[: max(0, min(MAX_MOVED, len(departments) - 1))]


def _decided(spec: Successor, kind: str, issuer: Organization, **what) -> Organization | None:
    """A reorganization the City Committee decided on the founding day under `spec`'s decision, applied and
    confirmed; its first successor."""
    reorg = reorganize(
        Spec(
            kind=kind,
            decision_number=spec.decision,
            decision_date=FOUNDED,
            issuer=issuer,
            effective_date=FOUNDED,
            decided_above=DECIDED_BY,
            **what,
        )
    )
    confirm_reorganization(reorg)
    return reorg.successors.first()


def _found(spec: Successor, bloc: Organization, moved: list[Organization]) -> Organization:
    successor = _decided(spec, "create", bloc, parts=[NewOrg(spec.code, spec.name, OrgKind.BLOC, "ĐU")])
    if moved:
        _decided(spec, "move", bloc, sources=moved, target=successor)
    return successor


def _dissolve(bloc: Organization, successor: Organization, spec: Successor) -> None:
    """The bloc ends on the founding day; `successor` receives what is left under it and its records. The
    decision that ended the bloc's activity was not found in the sources searched: the demo records it
    under the decision that founded the committee which received the bloc's organizations and records.
    The bloc's 2025–2030 term (the registry gives every committee both) never began: it goes first."""
    Term.objects.filter(org=bloc, start_date__gte=FOUNDED).delete()
    _decided(spec, "dissolve", successor, sources=[bloc], target=successor)


def _staff_pass(bloc: Organization, successor: Organization, board: Body | None) -> None:
    """The bloc's staff, whose posts ended with it, take the same posts in the same bodies of `successor`
    from the founding day (its Organization Board is `board`, made with its officer's login)."""
    posts = BodyStaff.objects.filter(body__org=bloc, end_date=FOUNDED - dt.timedelta(days=1)).select_related(
        "body"
    )
    bodies = {board.kind: board} if board is not None else {}
    rows = []
    for post in posts.order_by("body__kind", "pk"):
        body = bodies.get(post.body.kind)
        if body is None:
            body = Body.objects.create(
                org=successor, kind=post.body.kind, name=post.body.name.replace(BLOC_WORDS, GOVERNMENT_WORDS)
            )
            bodies[body.kind] = body
        rows.append(BodyStaff(body=body, person_id=post.person_id, role=post.role, start_date=FOUNDED))
    BodyStaff.objects.bulk_create(rows)


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


def _board_and_login(successor: Organization, spec: Successor, officer: Person | None) -> Body | None:
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
    return board
