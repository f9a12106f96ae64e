"""Access to the registry (R01, R03): who sees which organizations and people; others get 404."""

import pytest
from django.urls import reverse

from nghiquyet.orgs.access import scope_for, visible_orgs, visible_people


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


@pytest.mark.django_db
class TestScope:
    def test_r01_org_board_sees_whole_bloc(self, world):
        assert codes(visible_orgs(world.btc)) == ["CQDUK", "DUK", "G1", "G1C1", "G1P1", "G1P1C1", "G2"]

    def test_r03_secretary_sees_own_subtree_only(self, world):
        assert codes(visible_orgs(world.secretary)) == ["G1", "G1C1", "G1P1", "G1P1C1"]
        assert scope_for(world.secretary).manages(world.c2)
        assert not scope_for(world.secretary).manages(world.g2)

    def test_r03_committee_member_sees_but_does_not_manage(self, world):
        scope = scope_for(world.committee_member)
        assert scope.sees_org(world.c1)
        assert not scope.manages(world.g1)

    def test_plain_member_sees_own_chain_and_cell_members(self, world):
        assert codes(visible_orgs(world.member)) == ["G1", "G1C1"]
        names = set(visible_people(world.member).values_list("full_name", flat=True))
        assert names == {"Nguyễn Văn Bình", "Đặng Văn Hùng"}
        assert not world.member.has_perm("orgs.see_members", world.g1)
        assert world.member.has_perm("orgs.see_members", world.c1)

    def test_outsider_sees_nothing_of_g1(self, world):
        assert not world.outsider.has_perm("orgs.see_org", world.g1)
        assert not visible_people(world.outsider).filter(home_org__path__startswith=world.g1.path).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,args",
    [
        ("orgs:org", lambda w: [w.g1.code]),
        ("orgs:org", lambda w: [w.c2.code]),
        ("orgs:members", lambda w: [w.g1.code]),
        ("orgs:person", lambda w: [w.people.member.pk]),
        ("orgs:person", lambda w: [w.people.secretary.pk]),
    ],
)
def test_r01_outsider_gets_404_on_registry_pages(world, client_for, name, args):
    response = client_for(world.outsider).get(reverse(name, args=args(world)))
    assert response.status_code == 404


@pytest.mark.django_db
def test_r01_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("orgs:org", args=[world.g1.code]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_plain_member_cannot_list_whole_committee(world, client_for):
    client = client_for(world.member)
    assert client.get(reverse("orgs:members", args=[world.g1.code])).status_code == 404
    assert client.get(reverse("orgs:members", args=[world.c1.code])).status_code == 200
    assert client.get(reverse("orgs:person", args=[world.people.committee_member.pk])).status_code == 404


@pytest.mark.django_db
def test_r03_scope_knows_the_committee_seats(world):
    secretary = scope_for(world.secretary)
    assert secretary.sits_on(world.g1) and secretary.leads(world.g1)
    member = scope_for(world.committee_member)
    assert member.sits_on(world.g1) and not member.leads(world.g1)
    assert not scope_for(world.member).sits_on(world.g1)
