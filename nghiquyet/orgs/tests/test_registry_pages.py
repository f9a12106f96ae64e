"""Registry pages (R01, R03): the org tree, an organization's page, member search and a person's page."""

import pytest
from django.urls import reverse
from django.utils import translation

from nghiquyet.orgs.models import Person
from nghiquyet.orgs.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_r01_tree_shows_subtree_counts(world, client_for):
    response = client_for(world.btc).get(reverse("orgs:tree"))
    assert response.status_code == 200
    tree = {o.code: o for o in _walk(response.context["roots"])}
    # G1 holds C1 (secretary, member) and, through P1, C2 (committee member).
    assert tree["G1"].counts == {"members": 3, "cells": 2, "committee": 2}
    assert tree["G1P1"].counts["members"] == 1
    assert tree["DUK"].counts["members"] == Person.objects.count()
    assert tree["DUK"].counts["cells"] == 4


def test_r01_tree_of_a_secretary_is_their_subtree(world, client_for):
    response = client_for(world.secretary).get(reverse("orgs:tree"))
    assert [o.code for o in response.context["roots"]] == ["G1"]
    assert "Chi bộ Ban Dân tộc" not in response.content.decode()


def test_r03_org_page_shows_committee_with_positions(world, client_for):
    with translation.override("vi"):
        response = client_for(world.member).get(reverse("orgs:org", args=["G1"]))
    assert response.status_code == 200
    seats = [(s.person.full_name, s.position) for s in response.context["committee"]]
    assert seats == [("Nguyễn Văn Bình", "secretary"), ("Trần Thị Lan", "member")]
    # A plain member sees the committee but not the member list of the whole đảng bộ.
    assert not response.context["sees_members"]
    assert "page" not in response.context


def test_r03_org_page_lists_bloc_bodies_and_staff(world, client_for):
    response = client_for(world.ubkt).get(reverse("orgs:org", args=["DUK"]))
    body_names = [b.name for b in response.context["bodies"]]
    assert body_names == ["Ban Tổ chức Đảng ủy Khối", "Ủy ban Kiểm tra Đảng ủy Khối"]
    assert "Hoàng Minh Tuấn" in response.content.decode()


@pytest.mark.parametrize("query", ["nguyen van", "NGUYEN", "Nguyễn Văn", "binh"])
def test_r01_member_search_ignores_diacritics_and_case(world, client_for, query):
    response = client_for(world.secretary).get(reverse("orgs:members", args=["G1"]), {"q": query})
    assert [p.full_name for p in response.context["page"]] == ["Nguyễn Văn Bình"]


def test_r01_search_dang_finds_dang_with_stroke(world, client_for):
    PersonFactory(full_name="Đặng Thị Thu", home_org=world.c2)
    response = client_for(world.secretary).get(reverse("orgs:members", args=["G1"]), {"q": "dang"})
    assert sorted(p.full_name for p in response.context["page"]) == ["Đặng Thị Thu", "Đặng Văn Hùng"]


def test_r01_member_list_sorted_by_given_name_the_vietnamese_way(world, client_for):
    for name in ["Lê Văn Đức", "Phạm Văn Dũng", "Nguyễn Thị Ánh", "Bùi Văn Ân"]:
        PersonFactory(full_name=name, home_org=world.c1)
    response = client_for(world.secretary).get(reverse("orgs:members", args=["G1C1"]))
    names = [p.full_name for p in response.context["page"]]
    # Given names: Ánh < Ân < Bình < Dũng < Đức < Hùng (a, â, b, d, đ, h).
    assert names == [
        "Nguyễn Thị Ánh",
        "Bùi Văn Ân",
        "Nguyễn Văn Bình",
        "Phạm Văn Dũng",
        "Lê Văn Đức",
        "Đặng Văn Hùng",
    ]


def test_htmx_member_search_returns_fragment(world, client_for):
    response = client_for(world.secretary).get(
        reverse("orgs:members", args=["G1"]), {"q": "lan"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Trần Thị Lan" in body
    assert "<html" not in body


def test_r01_person_page(world, client_for):
    response = client_for(world.secretary).get(
        reverse("orgs:person", args=[world.people.committee_member.pk])
    )
    assert response.status_code == 200
    assert [s.term.org.code for s in response.context["seats"]] == ["G1"]


def test_person_sees_own_page_and_cellmates(world, client_for):
    client = client_for(world.member)
    assert client.get(reverse("orgs:person", args=[world.people.member.pk])).status_code == 200
    assert client.get(reverse("orgs:person", args=[world.people.secretary.pk])).status_code == 200


def test_user_without_person_sees_empty_tree(db, client_for):
    from nghiquyet.orgs.tests.factories import UserFactory

    response = client_for(UserFactory(username="lonely")).get(reverse("orgs:tree"))
    assert response.status_code == 200
    assert response.context["roots"] == []


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.kids)
