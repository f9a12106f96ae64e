"""R39, R40 in the city demo: the district level ends on 1 July 2025 (Quy định 294-QĐ/TW; Hà Nội's 30
district committees ended, the ward and commune committees founded, docs/reorganization.md). The tree of
30 June 2025 still shows the districts, today's does not, nothing is orphaned, and a past period's
dashboard groups by the tree of that period."""

import datetime as dt

import pytest
from django.urls import reverse

from nghiquyet.demo import districts
from nghiquyet.demo import registry as demo
from nghiquyet.orgs import history
from nghiquyet.orgs.continuity import orphans
from nghiquyet.orgs.models import (
    Organization,
    OrgKind,
    Person,
    Reorganization,
    ReorganizationKind,
    ReorganizationStatus,
)
from nghiquyet.orgs.tests.factories import UserFactory

JUNE_30 = dt.date(2025, 6, 30)


def _city_like_tiny() -> Organization:
    """The tiny demo, plus grassroots organizations named after districts as the city scale names them,
    inserted in bulk as the generator does (no versions: always where they are)."""
    demo.generate(demo.TINY)
    bloc = Organization.objects.get(code=demo.BLOC_CODE)
    grassroots = [
        Organization(code="CS901", name="Đảng bộ Ủy ban nhân dân quận Ba Đình", parent=bloc),
        Organization(code="CS902", name="Đảng bộ Công an quận Ba Đình", parent=bloc),
        Organization(code="CS903", name="Đảng bộ Trung tâm Y tế quận Ba Đình", parent=bloc),
        Organization(code="CS904", name="Đảng bộ Công an quận Hoàn Kiếm", parent=bloc),
        Organization(code="CS905", name="Đảng bộ Công an huyện Ba Vì", parent=bloc),  # no district here
    ]
    for org in grassroots:
        org.kind, org.issuer_code = OrgKind.GRASSROOTS_COMMITTEE, "ĐU"
        org.prepare()
    Organization.objects.bulk_create(grassroots)
    cell = Organization(
        code="CS901.C01", name="Chi bộ Văn phòng", kind=OrgKind.SUBORDINATE_CELL, issuer_code="CB"
    )
    cell.parent = grassroots[0]
    cell.prepare()
    Organization.objects.bulk_create([cell])
    Person.objects.bulk_create([Person(full_name="Lê Thị Hoa", home_org=cell)])
    return bloc


@pytest.mark.django_db
def test_r39_the_city_district_level_ends_on_1_july_2025():
    bloc = _city_like_tiny()
    assert districts.district_level_2025("bloc") == []  # another scale: no districts

    done = districts.district_level_2025("city")

    # Before: the districts held the organizations named after them, from before the records.
    june = {o.code: o for o in history.tree_on(JUNE_30)}
    assert june["QBD"].path == "QBD/" and june["QHK"].path == "QHK/"
    assert {c for c, o in june.items() if o.path.startswith("QBD/")} == {
        "QBD",
        "CS901",
        "CS901.C01",
        "CS902",
        "CS903",
    }
    assert june["CS905"].path == "DUK/CS905/" and "PBADINH" not in june
    # Today: no district; the Ba Đình organizations in turn under its three wards, the cell with its
    # organization; the Hoàn Kiếm one under the first of its two.
    assert not Organization.objects.filter(code__in=["QBD", "QHK"], active_to__isnull=True).exists()
    assert Organization.objects.get(code="QBD").active_to == JUNE_30
    paths = dict(Organization.objects.filter(code__startswith="CS9").values_list("code", "path"))
    assert paths == {
        "CS901": "PBADINH/CS901/",
        "CS901.C01": "PBADINH/CS901/CS901.C01/",
        "CS902": "PNGOCHA/CS902/",
        "CS903": "PGIANGVO/CS903/",
        "CS904": "PHOANKIEM/CS904/",
        "CS905": "DUK/CS905/",
    }
    today = {o.code for o in history.tree_on(dt.date(2026, 11, 27))}
    assert "QBD" not in today and {"PBADINH", "PCUANAM", "CS901.C01"} <= today
    # The member stays in her cell; nothing is held by an organization that ended.
    assert Person.objects.get(full_name="Lê Thị Hoa").home_org.code == "CS901.C01"
    assert orphans() == []
    # Districts without organizations of the tiny data (Đống Đa, Cầu Giấy) are none of its.
    assert not Organization.objects.filter(code__in=["QDD", "QCG"]).exists()
    # The decisions: wards founded, organizations moved, districts dissolved; each confirmed, dated.
    kinds = [r.kind for r in done]
    assert kinds.count(ReorganizationKind.DISSOLVE) == 2
    assert kinds.count(ReorganizationKind.CREATE) == 5  # three wards of Ba Đình, two of Hoàn Kiếm
    assert kinds.count(ReorganizationKind.MOVE) == 4
    assert set(
        Reorganization.objects.values_list("decision_number", "decision_date", "effective_date", "status")
    ) == {(districts.DECISION, dt.date(2025, 6, 30), dt.date(2025, 7, 1), ReorganizationStatus.CONFIRMED)}
    dissolved = Reorganization.objects.get(kind=ReorganizationKind.DISSOLVE, sources__code="QBD")
    assert [o.code for o in dissolved.successors.all()] == ["PBADINH"]
    # Idempotent: the seed may run it again.
    assert districts.district_level_2025("city") == []
    assert bloc.path == "DUK/"


@pytest.mark.django_db
def test_r39_a_past_period_of_the_city_groups_by_the_districts(client_for, django_assert_max_num_queries):
    _city_like_tiny()
    districts.district_level_2025("city")
    client = client_for(UserFactory(username="thanhuy", is_superuser=True, is_staff=True))
    dashboard = reverse("oversight:dashboard")

    def codes(**query) -> set[str]:
        response = client.get(dashboard, query)
        assert response.status_code == 200
        return {row.code for row in response.context["page"]}

    second_quarter = {"period": "quarter", "year": 2025, "number": 2}
    # The quarter ending on 30 June 2025: the district's organizations are its rows, in a bounded page;
    # the wards, not yet founded, have none.
    with django_assert_max_num_queries(16):
        assert codes(root="QBD", **second_quarter) == {"CS901", "CS902", "CS903"}
    assert codes(root="PBADINH", **second_quarter) == set()
    assert "CS901" not in codes(root="DUK", **second_quarter)
    # The year 2025 ends under the wards: each ward has its share, the dissolved district nothing.
    with django_assert_max_num_queries(16):
        assert codes(root="PBADINH", period="year", year=2025) == {"CS901"}
    assert codes(root="QBD", period="year", year=2025) == set()
    assert codes(root="PHOANKIEM", period="year", year=2025) == {"CS904"}
