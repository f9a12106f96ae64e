"""R40 "access before and after the move", when the upper level itself ends: in Hà Nội the agencies bloc
ended on 7 February 2025, its organizations passed to the Đảng bộ các cơ quan Đảng thành phố (DCQD) and
the Đảng bộ Ủy ban nhân dân thành phố (DUBND), and its staff to the new committees. The successor of an
organization that ended received its records: whoever's subtree holds the successor reads the period of
the organization that ended and of all that lay under it then, up to its last day, and no more
(orgs.access, `_past_places`).

The tree (`world`): the bloc DUK holds G1 (with its cells), G2 and the bloc's office cell; its
Organization Board officer `btc`. On 7/2/2025 the City Committee founds DCQD and moves G1 under it,
founds DUBND and dissolves the bloc into it (G2 and the office cell pass under DUBND); `btc` is posted to
DUBND's Organization Board from that day. The bloc DUC (officer `btc3`) is unrelated.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from nghiquyet.api import services as api_services
from nghiquyet.orgs.access import scope_for
from nghiquyet.orgs.models import BodyKind, BodyStaff, OrgKind, ReorganizationKind
from nghiquyet.orgs.services import NewOrg, Spec, reorganize, undo_reorganization
from nghiquyet.orgs.tests.factories import BodyFactory, BodyStaffFactory, OrganizationFactory

from .test_r40_past_access import (
    AFTER,
    ALL_READ,
    BEFORE,
    LAST_DAY_UNDER_A,
    MOVED,
    NONE_READ,
    _fresh,
    _linked,
    _move_under_a_new_committee,
    _officer,
    _reads,
    _records,
    _writes,
)


def _dissolve_the_bloc(world):
    """The bloc ends on MOVED; DUBND, founded that day, receives what is left under it and its records."""
    above = dict(
        decision_number="8153-QĐ/TU",
        decision_date=MOVED,
        effective_date=MOVED,
        decided_above="Thành ủy Hà Nội",
    )
    founded = reorganize(
        Spec(
            kind=ReorganizationKind.CREATE,
            issuer=world.bloc,
            parts=[NewOrg("DUBND", "Đảng bộ Ủy ban nhân dân thành phố", OrgKind.BLOC, "ĐU")],
            **above,
        )
    )
    successor = founded.successors.get()
    dissolution = reorganize(
        Spec(
            kind=ReorganizationKind.DISSOLVE,
            issuer=successor,
            sources=[world.bloc],
            target=successor,
            **above,
        )
    )
    return successor, dissolution


@pytest.fixture
def ended(world):
    records = SimpleNamespace(
        g1_before=_records(world.g1, BEFORE, "G1 tháng 6/2024"),
        g1_after=_records(world.g1, AFTER, "G1 tháng 6/2026"),
        g2_before=_records(world.g2, BEFORE, "G2 tháng 6/2024"),
    )
    party_agencies = _move_under_a_new_committee(world, [world.g1])
    successor, dissolution = _dissolve_the_bloc(world)
    # The bloc's officer passes to the successor's Organization Board from the day the bloc ended.
    board = BodyFactory(org=successor, kind=BodyKind.ORGANIZATION_BOARD, name="Ban Tổ chức Đảng ủy UBND")
    BodyStaffFactory(body=board, person=world.people.btc, start_date=MOVED)
    other = OrganizationFactory(code="DUC", name="Đảng bộ Khối doanh nghiệp", kind=OrgKind.BLOC)
    return SimpleNamespace(
        **vars(records),
        successor=successor,
        dissolution=dissolution,
        a=_fresh(world.btc),
        b=_officer(party_agencies, "Ngô Thị Thu", "btc2"),
        c=_officer(other, "Phan Văn Lộc", "btc3"),
    )


@pytest.mark.django_db
def test_r40_the_bloc_that_ended_has_no_committee_nor_posts_after_its_last_day(world, ended):
    for org in (world.g2, world.office):
        org.refresh_from_db()
        assert org.parent_id == ended.successor.pk
    world.bloc.refresh_from_db()
    assert world.bloc.active_to == LAST_DAY_UNDER_A
    posts = BodyStaff.objects.filter(body__org=world.bloc)
    assert posts.exists()
    assert set(posts.values_list("end_date", flat=True)) == {LAST_DAY_UNDER_A}
    assert not BodyStaff.objects.current(MOVED).filter(body__org=world.bloc).exists()
    # Undone, the posts are in office again.
    undo_reorganization(ended.dissolution)
    assert set(BodyStaff.objects.filter(body__org=world.bloc).values_list("end_date", flat=True)) == {None}


@pytest.mark.django_db
def test_r40_the_successor_of_the_bloc_reads_its_period_and_no_more(world, ended, client_for):
    scope = scope_for(ended.a)
    # G1 went to the other committee: read up to the bloc's last day, like the bloc itself.
    assert scope.past[world.g1.pk] == LAST_DAY_UNDER_A
    assert scope.past[world.bloc.pk] == LAST_DAY_UNDER_A
    assert scope.past_places[world.bloc.pk].received
    assert not scope.past_places[world.g1.pk].received
    # G2 passed under the successor: in today's reach, all of it.
    world.g2.refresh_from_db()
    assert scope.reaches(world.g2) and world.g2.pk not in scope.past
    client = client_for(ended.a)
    assert _reads(client, ended.g1_before) == ALL_READ
    assert _reads(client, ended.g1_after) == NONE_READ
    assert _reads(client, ended.g2_before) == ALL_READ
    page = client.get(reverse("orgs:org", args=["DUK"]))
    assert page.status_code == 200
    # The bloc's page: it ended, with its decision and successor, and its dashboard of its last whole year.
    html = page.content.decode()
    end_row = html[html.index('id="history-end"') :].split("</tr>")[0]
    assert "8153-QĐ/TU" in end_row and ended.successor.name in end_row
    assert reverse("orgs:reorganization", args=[ended.dissolution.pk]) in end_row
    assert "year=2024&amp;root=DUK" in html
    assert client.get(reverse("orgs:reorganization", args=[ended.dissolution.pk])).status_code == 200
    moved_page = client.get(reverse("orgs:org", args=["G1"]))
    assert moved_page.status_code == 200
    assert 'id="history-end"' not in moved_page.content.decode()
    assert 'id="past-dashboard"' not in moved_page.content.decode()
    # No writes on the period read.
    assert set(_writes(client, ended.g1_before).values()) <= {403, 404}


@pytest.mark.django_db
def test_r40_only_the_successor_reads_what_the_bloc_held(world, ended, client_for):
    # The other committee reads G1 (today's reach) but not G2's 2024 nor the bloc.
    client = client_for(ended.b)
    assert _reads(client, ended.g1_before) == ALL_READ
    assert _reads(client, ended.g2_before) == NONE_READ
    assert client.get(reverse("orgs:org", args=["DUK"])).status_code == 404
    # An unrelated bloc's officer: nothing.
    client = client_for(ended.c)
    for records in (ended.g1_before, ended.g2_before):
        assert _reads(client, records) == NONE_READ
    assert client.get(reverse("orgs:org", args=["DUK"])).status_code == 404
    dashboard = client.get(reverse("oversight:dashboard"), {"period": "year", "year": 2024, "root": "DUK"})
    assert dashboard.status_code == 404


@pytest.mark.django_db
def test_r40_the_dashboard_of_the_bloc_that_ended_for_its_period(world, ended, client_for):
    client = client_for(ended.a)
    url = reverse("oversight:dashboard")
    # The successor's own 2024 is empty (founded in 2025) and points to the bloc's.
    own = client.get(url, {"period": "year", "year": 2024})
    assert own.status_code == 200
    assert [o.code for o in own.context["received_earlier"]] == ["DUK"]
    assert 'data-root="DUK"' in own.content.decode()
    # The bloc's 2024: every organization that lay under it then, wherever it lies today.
    bloc = client.get(url, {"period": "year", "year": 2024, "root": "DUK"})
    assert bloc.status_code == 200
    codes = {row.code for row in bloc.context["page"]}
    assert {"G1", "G2", "CQDUK"} <= codes
    assert {"G1", "G2"} <= _linked(bloc)
    labels = dict(bloc.context["form"].fields["root"].widget.choices)
    assert labels["DUK"].startswith(world.bloc.name) and "06/02/2025" in labels["DUK"]
    # Not one of the subtrees supervised today: the successor's own page names only itself.
    assert own.context["selection"].scope_name == ended.successor.name
    # January 2025 still lies in its time; a period past its last day does not.
    january = client.get(url, {"period": "month", "year": 2025, "number": 1, "root": "DUK"})
    assert january.status_code == 200
    year = client.get(url, {"period": "year", "year": 2025, "root": "DUK"})
    assert year.status_code == 400
    assert "06/02/2025" in " ".join(year.context["errors"])
    # The drill-down of an organization that went elsewhere: its period under the bloc only.
    drill = reverse("oversight:dashboard_org", args=["G1"])
    assert client.get(drill, {"period": "year", "year": 2024}).status_code == 200
    assert client.get(drill, {"period": "year", "year": 2026}).status_code == 404


@pytest.mark.django_db
def test_r40_the_api_dashboard_of_the_bloc_that_ended(world, ended, client):
    def get(user, **params):
        key = api_services.create_token(user, "Kiểm tra")[1]
        return client.get("/api/dashboard/", params, HTTP_AUTHORIZATION=f"Bearer {key}")

    answer = get(ended.a, period="year", year=2024, root="DUK")
    assert answer.status_code == 200
    assert {"G1", "G2"} <= {row["code"] for row in answer.json()["rows"]}
    refused = get(ended.a, period="year", year=2025, root="DUK")
    assert refused.status_code == 422 and "06/02/2025" in refused.content.decode()
    assert get(ended.b, period="year", year=2024, root="DUK").status_code == 404
