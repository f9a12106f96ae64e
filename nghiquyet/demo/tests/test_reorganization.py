"""R39 in the demo: the 2025 transfer to the Đảng bộ các cơ quan Đảng thành phố (decision 8152-QĐ/TU,
7 February 2025) is recorded through the reorganization service; the tree of January 2025 still shows the
moved organizations under the bloc, today's under the new committee, and nothing is orphaned."""

import datetime as dt

import pytest

from nghiquyet.demo import registry as demo
from nghiquyet.demo import reorganization as reorganization_demo
from nghiquyet.orgs import history
from nghiquyet.orgs.continuity import orphans
from nghiquyet.orgs.models import Organization, OrgKind, Person, Reorganization, ReorganizationStatus
from nghiquyet.orgs.tests.factories import OrganizationFactory, PersonFactory


@pytest.mark.django_db
def test_r39_the_demo_records_the_2025_transfer():
    demo.generate(demo.TINY)
    bloc = Organization.objects.get(code=demo.BLOC_CODE)
    newspaper = OrganizationFactory(
        code="BAOHNM", name="Chi bộ Báo Hànộimới", kind=OrgKind.GRASSROOTS_CELL, issuer_code="CB", parent=bloc
    )
    PersonFactory(full_name="Ngô Thị Hoa", home_org=newspaper)

    moved = reorganization_demo.transfer_2025(demo.BLOC_CODE)

    assert moved == [newspaper]
    successor = Organization.objects.get(code=reorganization_demo.SUCCESSOR_CODE)
    assert successor.active_from == reorganization_demo.FOUNDED
    newspaper.refresh_from_db()
    assert newspaper.path == "DCQD/BAOHNM/"
    assert Person.objects.in_subtree(successor).count() == 1
    january = {o.code: o for o in history.tree_on(dt.date(2025, 1, 1))}
    assert january["BAOHNM"].path == "DUK/BAOHNM/" and "DCQD" not in january
    assert {o.code for o in history.tree_on(dt.date(2025, 3, 1), under=["DCQD/"])} == {"DCQD", "BAOHNM"}
    assert set(Reorganization.objects.values_list("decision_number", "status")) == {
        ("8152-QĐ/TU", ReorganizationStatus.CONFIRMED)
    }
    assert orphans() == []
    # Idempotent: the seed may run it again over the same data without a second transfer.
    assert reorganization_demo.transfer_2025(demo.BLOC_CODE) == []
