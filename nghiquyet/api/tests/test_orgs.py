"""Organizations and people through the API (R01-R03): the visible tree, an organization, its members,
a person; another organization's records answer 404; lists are paged and run a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


# ---------------------------------------------------------------- the org list


def test_r01_orgs_list_is_the_tree_the_user_sees(world, api_as):
    response = api_as(world.secretary).get("/api/orgs/")
    assert codes(response) == ["G1", "G1C1", "G1P1", "G1P1C1"]
    first = response.json()["items"][0]
    assert first == {
        "code": "G1",
        "name": "Đảng bộ Sở Tư pháp",
        "kind": "grassroots_committee",
        "issuer_code": "ĐU",
        "parent": "DUK",
        "depth": 1,
        "active_from": None,
        "active_to": None,
    }
    assert codes(api_as(world.outsider).get("/api/orgs/")) == ["G2"]
    assert len(codes(api_as(world.btc).get("/api/orgs/"))) == 7


def test_r01_orgs_list_filters_by_kind_and_subtree(world, api_as):
    api = api_as(world.btc)
    assert codes(api.get("/api/orgs/", {"kind": OrgKind.GRASSROOTS_CELL})) == ["CQDUK", "G2"]
    assert codes(api.get("/api/orgs/", {"under": "G1P1"})) == ["G1P1", "G1P1C1"]
    assert codes(api.get("/api/orgs/", {"under": "G1", "kind": "subordinate_cell"})) == ["G1C1", "G1P1C1"]


def test_r01_orgs_list_under_another_org_answers_404(world, api_as):
    assert api_as(world.secretary).get("/api/orgs/", {"under": "G2"}).status_code == 404
    assert api_as(world.secretary).get("/api/orgs/", {"under": "NOPE"}).status_code == 404


def test_r01_orgs_list_rejects_an_unknown_kind_naming_the_parameter(world, api_as):
    response = api_as(world.btc).get("/api/orgs/", {"kind": "club"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "kind"]


def test_r01_orgs_list_is_paged(world, api_as):
    api = api_as(world.btc)
    page = api.get("/api/orgs/", {"limit": 2, "offset": 2}).json()
    assert page["count"] == 7
    assert [o["code"] for o in page["items"]] == ["G1", "G1C1"]  # after DUK, CQDUK in path order
    assert api.get("/api/orgs/", {"limit": 1000}).status_code == 422


# ---------------------------------------------------------------- one organization


def test_r01_r03_org_detail_with_ancestors_units_and_committee(world, api_as):
    response = api_as(world.committee_member).get("/api/orgs/G1/")
    assert response.status_code == 200
    org = response.json()
    assert org["code"] == "G1"
    assert [a["code"] for a in org["ancestors"]] == ["DUK"]
    assert {u["code"]: u["member_count"] for u in org["units"]} == {"G1C1": 2, "G1P1": 1}
    committee = org["current_term"]["committee"]
    assert [(s["person"]["full_name"], s["position"]) for s in committee] == [
        ("Nguyễn Văn Bình", "secretary"),
        ("Trần Thị Lan", "member"),
    ]


def test_r01_another_orgs_detail_answers_404(world, api_as):
    assert api_as(world.outsider).get("/api/orgs/G1/").status_code == 404
    assert api_as(world.secretary).get("/api/orgs/G2/").status_code == 404
    response = api_as(world.secretary).get("/api/orgs/NOPE/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy"}


# ---------------------------------------------------------------- members and people


def test_r01_members_of_the_subtree_in_name_order(world, api_as):
    response = api_as(world.secretary).get("/api/orgs/G1/members/")
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 3
    assert [p["full_name"] for p in page["items"]] == ["Nguyễn Văn Bình", "Đặng Văn Hùng", "Trần Thị Lan"]
    assert page["items"][0]["home_org"] == "G1C1"
    assert page["items"][0]["home_org_name"] == "Chi bộ Văn phòng"


def test_r01_member_search_ignores_diacritics(world, api_as):
    api = api_as(world.secretary)
    found = api.get("/api/orgs/G1/members/", {"q": "dang van"}).json()["items"]
    assert [p["full_name"] for p in found] == ["Đặng Văn Hùng"]
    found = api.get("/api/orgs/G1/members/", {"q": "TRAN THI"}).json()["items"]
    assert [p["full_name"] for p in found] == ["Trần Thị Lan"]


def test_r01_members_need_the_right_to_see_them(world, api_as):
    # A plain member sees their own cell's members, not the whole grassroots organization's.
    assert api_as(world.member).get("/api/orgs/G1C1/members/").status_code == 200
    assert api_as(world.member).get("/api/orgs/G1/members/").status_code == 404
    assert api_as(world.outsider).get("/api/orgs/G1/members/").status_code == 404


def test_r03_person_detail_with_committee_seats(world, api_as):
    person = world.people.secretary
    response = api_as(world.btc).get(f"/api/people/{person.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["full_name"] == "Nguyễn Văn Bình"
    assert data["education"] == "master"
    assert data["committee_seats"] == [
        {
            "org": "G1",
            "org_name": "Đảng bộ Sở Tư pháp",
            "term": "2025–2030",
            "position": "secretary",
            "start_date": "2025-06-01",
            "end_date": None,
        }
    ]
    roles = api_as(world.btc).get(f"/api/people/{world.people.btc.pk}/").json()["body_roles"]
    assert [r["body"] for r in roles] == ["Ban Tổ chức Đảng ủy Khối"]


def test_r01_another_orgs_person_answers_404(world, api_as):
    assert api_as(world.outsider).get(f"/api/people/{world.people.member.pk}/").status_code == 404
    assert api_as(world.member).get(f"/api/people/{world.people.outsider.pk}/").status_code == 404
    assert api_as(world.member).get("/api/people/999999/").status_code == 404


# ---------------------------------------------------------------- query counts


def _grow(world, n: int) -> None:
    """n more cells directly under G1, each with one member."""
    for _ in range(n):
        cell = OrganizationFactory(kind=OrgKind.SUBORDINATE_CELL, issuer_code="CB", parent=world.g1)
        PersonFactory(home_org=cell)


def _queries(api, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, {"limit": 200} if not url.endswith("/G1/") else None)
    assert response.status_code == 200, (url, response.content)
    return len(ctx.captured_queries)


def _counts(world, api_as) -> dict[str, int]:
    secretary, btc = api_as(world.secretary), api_as(world.btc)
    urls = {
        "orgs (secretary)": (secretary, "/api/orgs/"),
        "orgs (upper level)": (btc, "/api/orgs/"),
        "org detail": (secretary, "/api/orgs/G1/"),
        "members": (secretary, "/api/orgs/G1/members/"),
    }
    return {name: _queries(api, url) for name, (api, url) in urls.items()}


def test_r01_list_query_counts_do_not_grow_with_the_rows(world, api_as):
    _grow(world, 3)
    few = _counts(world, api_as)
    _grow(world, 27)
    many = _counts(world, api_as)
    assert many == few
    # A list: the token, its last use (once a minute), the scope (three), the organization, a count and
    # a page. The detail reads ancestors, units, their members, the term and its committee instead.
    assert few["orgs (secretary)"] <= 8 and few["members"] <= 8, few
    assert few["org detail"] <= 11, few
