"""R39: the dashboard of a past period names each organization as it was named at the end of that period,
and groups the organizations by the tree of that period: one moved to another upper body in 2025 is a row
of its old upper body for 2024 and of the new one for 2026."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from nghiquyet.orgs.models import BodyKind, OrgKind, ReorganizationKind
from nghiquyet.orgs.services import NewOrg, Spec, reorganize
from nghiquyet.orgs.tests.factories import BodyFactory, BodyStaffFactory, PersonFactory, UserFactory
from nghiquyet.oversight.queries import compile_figures

RENAMED = "Đảng bộ Sở Tư pháp và Nội vụ"


def rename_g1(world):
    """G1 renamed by the bloc from 7 February 2025 (decided on 3 February)."""
    reorganize(
        Spec(
            kind=ReorganizationKind.RENAME,
            decision_number="30-QĐ/ĐUK",
            decision_date=dt.date(2025, 2, 3),
            issuer=world.bloc,
            effective_date=dt.date(2025, 2, 7),
            sources=[world.g1],
            new_name=RENAMED,
        )
    )


@pytest.mark.django_db
def test_r39_a_past_period_shows_the_names_of_that_period(world, client_for):
    rename_g1(world)
    client = client_for(world.btc)
    dashboard = reverse("oversight:dashboard")
    january = client.get(dashboard, {"period": "month", "year": 2025, "number": 1}).content.decode()
    march = client.get(dashboard, {"period": "month", "year": 2025, "number": 3}).content.decode()
    assert "Đảng bộ Sở Tư pháp<" in january and "Đảng bộ Sở Tư pháp và Nội vụ" not in january
    assert "Đảng bộ Sở Tư pháp và Nội vụ" in march


def move_g2_to_a_new_committee(world):
    """As in February 2025: the City Committee founds a committee beside the bloc and moves G2 under it."""
    above = dict(
        decision_number="8152-QĐ/TU",
        decision_date=dt.date(2025, 2, 7),
        issuer=world.bloc,
        effective_date=dt.date(2025, 2, 7),
        decided_above="Thành ủy Hà Nội",
    )
    founded = reorganize(
        Spec(
            kind=ReorganizationKind.CREATE,
            parts=[NewOrg("DCQD", "Đảng bộ các cơ quan Đảng thành phố", OrgKind.BLOC, "ĐU")],
            **above,
        )
    )
    successor = founded.successors.get()
    reorganize(Spec(kind=ReorganizationKind.MOVE, sources=[world.g2], target=successor, **above))
    board = BodyFactory(org=successor, kind=BodyKind.ORGANIZATION_BOARD, name="Ban Tổ chức Đảng ủy")
    officer = PersonFactory(full_name="Ngô Thị Thu", home_org=successor, user=UserFactory(username="btc2"))
    BodyStaffFactory(body=board, person=officer)
    return successor, officer.user


def _codes(response) -> set[str]:
    """The codes of the rows (each row's first cell is its code)."""
    assert response.status_code == 200
    return {row.code for row in response.context["page"]}


def _linked(response) -> set[str]:
    return set(re.findall(r'href="[^"]*/dashboard/([A-Z][A-Z0-9]*)/\?', response.content.decode()))


@pytest.mark.django_db
def test_r39_a_past_period_groups_by_the_tree_of_that_period(
    world, client_for, django_assert_max_num_queries
):
    _successor, officer = move_g2_to_a_new_committee(world)
    dashboard = reverse("oversight:dashboard")
    client = client_for(world.btc)
    # 2024: G2 still sat under the bloc, so the bloc's dashboard has its row, in a bounded page.
    with django_assert_max_num_queries(17):
        bloc_2024 = _codes(client.get(dashboard, {"period": "year", "year": 2024, "root": "DUK"}))
    assert {"G1", "G2", "CQDUK"} <= bloc_2024
    # Linked: the bloc still reads G2's period under it (R40), not a period running past the move.
    linked = _linked(client.get(dashboard, {"period": "year", "year": 2024, "root": "DUK"}))
    assert {"G1", "G2"} <= linked
    assert client.get(reverse("oversight:dashboard_org", args=["G2"]), {"year": 2024}).status_code == 200
    assert client.get(reverse("oversight:dashboard_org", args=["G2"]), {"year": 2025}).status_code == 404
    # 2026: G2 is under the new committee, no longer a row of the bloc.
    bloc_2026 = _codes(client.get(dashboard, {"period": "year", "year": 2026, "root": "DUK"}))
    assert "G2" not in bloc_2026 and "G1" in bloc_2026
    # The new committee's officer: G2 on 2026's dashboard, nothing of 2024 (the committee did not exist).
    client = client_for(officer)
    assert _codes(client.get(dashboard, {"period": "year", "year": 2026})) == {"G2"}
    assert _codes(client.get(dashboard, {"period": "year", "year": 2024})) == set()
    # The report's figures follow the same tree: the bloc counted G2 in 2024.
    assert compile_figures(world.bloc, dt.date(2024, 1, 1), dt.date(2024, 12, 31))["grassroots"] == 3
    assert compile_figures(world.bloc, dt.date(2026, 1, 1), dt.date(2026, 10, 31))["grassroots"] == 2


@pytest.mark.django_db
def test_r39_a_committee_founded_after_the_period_has_an_empty_dashboard_with_the_reuse_on(
    world, client_for, settings
):
    """The figures are kept a few minutes in production (DASHBOARD_CACHE_SECONDS, off in the rest of the
    suite): a period before the committee existed selects nothing, which has no SQL to key the cache on; the
    page and its export still answer, empty (it was a server error)."""
    settings.DASHBOARD_CACHE_SECONDS = 300
    _successor, officer = move_g2_to_a_new_committee(world)
    client = client_for(officer)
    dashboard = reverse("oversight:dashboard")
    before = client.get(dashboard, {"period": "year", "year": 2024})
    assert _codes(before) == set()
    # Said, rather than an empty table: the committee did not exist then.
    html = before.content.decode()
    said = re.search(r'<p id="dashboard-founded-later">(.*?)</p>', html).group(1)
    assert "Đảng bộ các cơ quan Đảng thành phố" in said and "07/02/2025" in said
    assert 'id="dashboard-table"' not in html
    after = client.get(dashboard, {"period": "year", "year": 2026})
    assert _codes(after) == {"G2"}
    assert 'id="dashboard-founded-later"' not in after.content.decode()
    export = client.get(reverse("oversight:dashboard_xlsx"), {"period": "year", "year": 2024})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
