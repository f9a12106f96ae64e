"""The dashboard's figures reused for a few minutes (settings.DASHBOARD_CACHE_SECONDS): sorting, paging,
the export and another look at the same selection do not compute them again; "Recompute now" does; the
cached figures of one selection never serve another (other scope, root, filter or period).

The rest of the suite runs with the reuse off (conftest.py), so that a test sees what it just wrote.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.resolutions.models import ResolutionKind

from .test_dashboard import Q1, build, page_rows, resolution, shown

pytestmark = pytest.mark.django_db

URL = reverse("oversight:dashboard")


@pytest.fixture(autouse=True)
def reuse(settings):
    settings.DASHBOARD_CACHE_SECONDS = 300


def _get(client, params) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_sorting_and_paging_reuse_the_figures(world, client_for):
    build(world)
    client = client_for(world.btc)
    client.get(reverse("web:home"))
    body, first = _get(client, Q1)
    assert 'id="dashboard-computed"' in body and 'id="dashboard-recompute"' in body
    for params in ({**Q1, "sort": "overdue"}, {**Q1, "sort": "held_pct", "dir": "asc"}, {**Q1, "page": "1"}):
        body, again = _get(client, params)
        # The statements of the figures and the trend (5) are not run again.
        assert again <= first - 5
    assert page_rows(client.get(URL, {**Q1, "sort": "overdue"})) == ["G1", "CQDUK", "G2"]


def test_cached_figures_lag_until_recomputed(world, client_for):
    build(world)
    client = client_for(world.btc)
    body, _ = _get(client, Q1)
    before = shown(body, '<tr data-org="G1">')["thematic"]
    # One more thematic resolution of G1 in the quarter: the cached page does not show it yet…
    resolution(world.g1, ResolutionKind.THEMATIC, dt.date(2025, 2, 20))
    body, _ = _get(client, Q1)
    assert shown(body, '<tr data-org="G1">')["thematic"] == before
    # …"Recompute now" does, and the recomputed figures are what the next view reuses.
    body, _ = _get(client, {**Q1, "fresh": "1"})
    assert shown(body, '<tr data-org="G1">')["thematic"] == str(int(before) + 1)
    assert "fresh=1" not in body.split('id="dashboard-recompute"', 1)[1]  # the other links do not recompute
    body, _ = _get(client, Q1)
    assert shown(body, '<tr data-org="G1">')["thematic"] == str(int(before) + 1)


def test_one_selections_figures_never_serve_another(world, client_for):
    build(world)
    officer = client_for(world.btc)
    assert page_rows(officer.get(URL, Q1)) == ["CQDUK", "G1", "G2"]
    # Another root, filter or period of the same officer.
    assert page_rows(officer.get(URL, {**Q1, "root": "G2"})) == ["G2"]
    assert page_rows(officer.get(URL, {**Q1, "overdue": "on"})) == ["G1"]
    body = officer.get(URL, {**Q1, "number": 2}).content.decode()
    assert "Quarter II/2025" in body
    # The same parameters, another scope (client_for logs the test client in as another person): the
    # secretary of G1 gets G1's row only, G2's secretary G2's.
    assert page_rows(client_for(world.secretary).get(URL, Q1)) == ["G1"]
    assert page_rows(client_for(world.outsider).get(URL, Q1)) == ["G2"]


def test_the_export_reuses_the_pages_figures(world, client_for):
    build(world)
    client = client_for(world.btc)
    client.get(URL, Q1)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("oversight:dashboard_xlsx"), Q1)
    assert response.status_code == 200
    statements = [q["sql"] for q in ctx.captured_queries]
    assert not any("resolutions_item" in sql and "GROUP BY" in sql for sql in statements)


def test_a_closed_period_keeps_its_figures_longer(world, client_for, settings, monkeypatch):
    """A period that has ended is kept DASHBOARD_CLOSED_CACHE_SECONDS, the running one the usual time; with
    the reuse off (0), neither is kept."""
    from nghiquyet.oversight import dashboard

    settings.DASHBOARD_CLOSED_CACHE_SECONDS = 3600
    kept: list[int] = []
    real_set = dashboard.cache.set
    monkeypatch.setattr(
        dashboard.cache,
        "set",
        lambda key, value, timeout: kept.append(timeout) or real_set(key, value, timeout),
    )
    build(world)
    client = client_for(world.btc)
    _get(client, Q1)  # the first quarter of 2025: ended
    _get(client, {"period": "year", "year": 2026})  # running on the suite's day (27/11/2026)
    assert kept == [3600, 300]
    settings.DASHBOARD_CACHE_SECONDS = 0
    _get(client, {**Q1, "number": 3})
    assert kept == [3600, 300]
