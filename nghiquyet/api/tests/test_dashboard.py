"""The bloc dashboard through the API (R31, issue #8): every figure of the dashboard page, per grassroots
organization and in total; upper-level staff get the bloc (or a subtree), a grassroots committee member
their own organization; a root out of reach answers 404, a bad period 422 naming the parameter."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.tests.factories import OrganizationFactory
from nghiquyet.oversight import dashboard
from nghiquyet.oversight.tests.test_dashboard_through_time import move_g2_to_a_new_committee
from nghiquyet.resolutions.models import ResolutionKind

from .data import issued_resolution

pytestmark = pytest.mark.django_db

URL = "/api/dashboard/"
SEPTEMBER = {"period": "month", "year": 2026, "number": 9}


@pytest.fixture
def september(world):
    """G1 issued a regular and a thematic resolution in September 2026; one item is overdue."""
    people = world.people
    issued_resolution(
        world.g1,
        1,
        2,
        assignee=people.committee_member,
        supervisor=people.secretary,
        issued_on=dt.date(2026, 9, 8),
        deadline=dt.date(2026, 9, 25),
    )
    issued_resolution(
        world.g1,
        2,
        1,
        assignee=people.committee_member,
        supervisor=people.secretary,
        issued_on=dt.date(2026, 9, 20),
        deadline=dt.date(2026, 12, 20),
        kind=ResolutionKind.THEMATIC,
    )


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["rows"]]


def test_r31_issue8_dashboard_needs_a_token(world, api_as):
    assert api_as(None).get(URL).status_code == 401


def test_r31_upper_level_gets_every_grassroots_org_with_every_figure(world, september, api_as):
    response = api_as(world.btc).get(URL, SEPTEMBER)
    assert _codes(response) == ["CQDUK", "G1", "G2"]  # tree order (paths)
    data = response.json()
    assert data["period"] == {
        "kind": "month",
        "start": "2026-09-01",
        "end": "2026-09-30",
        "as_of": "2026-09-30",
    }
    assert data["root"] is None
    keys = [c.key for c in dashboard.COLUMNS]
    assert [c["key"] for c in data["columns"]] == keys
    expected = dashboard.compute(
        dashboard.grassroots_in(roots=[world.bloc]),
        dashboard.Window.of(dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
        trend=False,
    )
    for row, computed in zip(data["rows"], expected.rows, strict=True):
        assert row == {"code": computed.code, "name": computed.name, "kind": computed.kind} | {
            k: getattr(computed, k) for k in keys
        }
    assert data["totals"] == {k: getattr(expected.totals, k) for k in keys}
    g1 = data["rows"][1]
    assert (g1["regular"], g1["thematic"], g1["overdue"], g1["complete_pct"]) == (1, 1, 2, 100.0)
    assert (data["totals"]["regular"], data["totals"]["thematic"]) == (1, 1)


def test_r31_root_narrows_the_upper_levels_view(world, september, api_as):
    api = api_as(world.ubkt)
    response = api.get(URL, {**SEPTEMBER, "root": "G1"})
    assert _codes(response) == ["G1"]
    assert response.json()["root"] == {
        "code": "G1",
        "name": "Đảng bộ Sở Tư pháp",
        "kind": "grassroots_committee",
    }
    assert _codes(api.get(URL, {**SEPTEMBER, "root": "DUK"})) == ["CQDUK", "G1", "G2"]


def test_r31_grassroots_committee_member_gets_only_their_own_org(world, september, api_as):
    for persona in ("secretary", "committee_member"):
        api = api_as(getattr(world, persona))
        assert _codes(api.get(URL, SEPTEMBER)) == ["G1"]
        assert _codes(api.get(URL, {**SEPTEMBER, "root": "G1"})) == ["G1"]
        for root in ("G2", "DUK", "G1C1", "NOPE"):
            assert api.get(URL, {**SEPTEMBER, "root": root}).status_code == 404, (persona, root)
    assert _codes(api_as(world.outsider).get(URL, SEPTEMBER)) == ["G2"]
    assert api_as(world.outsider).get(URL, {"root": "G1"}).status_code == 404


def test_r31_plain_member_has_no_dashboard(world, api_as):
    assert api_as(world.member).get(URL).status_code == 404
    assert api_as(world.member).get(URL, {"root": "G1"}).status_code == 404


def test_r31_quarter_and_year_periods(world, september, api_as):
    api = api_as(world.btc)
    quarter = api.get(URL, {"period": "quarter", "year": 2026, "number": 3}).json()
    assert (quarter["period"]["start"], quarter["period"]["end"]) == ("2026-07-01", "2026-09-30")
    assert quarter["totals"]["regular"] == 1
    year = api.get(URL, {"period": "year", "year": 2025}).json()
    assert (year["period"]["start"], year["period"]["end"]) == ("2025-01-01", "2025-12-31")
    assert year["totals"]["regular"] == 0
    # A period not begun yet has no figures, but its rows.
    future = api.get(URL, {"period": "year", "year": 2100})
    assert _codes(future) == ["CQDUK", "G1", "G2"]
    this_year = api.get(URL).json()["period"]
    assert this_year["kind"] == "year" and this_year["start"] == f"{timezone.localdate().year}-01-01"


@pytest.mark.parametrize(
    "params,name",
    [
        ({"period": "week"}, "period"),
        ({"period": "quarter", "number": 5}, "number"),
        ({"period": "month", "number": 13}, "number"),
        ({"year": "2026x"}, "year"),
        ({"year": 10_000}, "year"),
        ({"root": "G1/../G2"}, "root"),
        ({"root": "G1P1"}, "root"),  # the upper level looks at a bloc or a grassroots organization
    ],
)
def test_r31_bad_period_answers_422_naming_the_parameter(world, api_as, params, name):
    response = api_as(world.btc).get(URL, params)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", name]


def test_r31_issue8_dashboard_query_count_does_not_grow_with_the_organizations(world, api_as):
    api = api_as(world.btc)

    def grow(n):
        for _ in range(n):
            OrganizationFactory(kind=OrgKind.GRASSROOTS_CELL, issuer_code="CB", parent=world.bloc)

    def queries() -> int:
        api.get(URL, SEPTEMBER)
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(URL, SEPTEMBER)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    grow(3)
    few = queries()
    grow(27)
    assert len(api.get(URL, SEPTEMBER).json()["rows"]) == 33
    assert queries() == few


@pytest.mark.django_db
def test_r39_the_api_groups_a_past_period_by_its_tree(world, api_as):
    move_g2_to_a_new_committee(world)
    api = api_as(world.btc)
    codes = {
        year: {row["code"] for row in api.get(URL, {"year": year, "root": "DUK"}).json()["rows"]}
        for year in (2024, 2026)
    }
    assert "G2" in codes[2024] and "G2" not in codes[2026]
