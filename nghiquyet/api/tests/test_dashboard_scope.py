"""The bloc dashboard's scope (R31) is decided once, by `oversight.access.dashboard_scope_for`: the page,
its XLSX export and the API give the same organizations for the same persona and root, and the same
404 for a root out of reach.

Personas: the Organization Board officer (`btc`, also one staffing two blocs), the Inspection
Committee officer (`ubkt`), a superuser, G1's secretary and committee member, G2's secretary
(`outsider`) and a plain member of a cell (no dashboard at all).
"""

import re
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from nghiquyet.orgs.models import BodyKind, OrgKind
from nghiquyet.orgs.tests.factories import BodyFactory, BodyStaffFactory, OrganizationFactory
from nghiquyet.oversight.access import dashboard_scope_for

pytestmark = pytest.mark.django_db

API = "/api/dashboard/"
PAGE = reverse("oversight:dashboard")
XLSX = reverse("oversight:dashboard_xlsx")
BLOC = ["CQDUK", "G1", "G2"]


@pytest.fixture
def other_bloc(world):
    """A second bloc with one grassroots organization, out of everyone's reach but a superuser's."""
    bloc = OrganizationFactory(
        code="DUK2", name="Đảng bộ Khối doanh nghiệp", kind=OrgKind.BLOC, issuer_code="ĐUK"
    )
    OrganizationFactory(code="H1", name="Đảng bộ Công ty Điện lực", parent=bloc)
    return bloc


@pytest.fixture
def two_blocs(world, other_bloc):
    """`btc` also works on the second bloc's Organization Board."""
    board = BodyFactory(org=other_bloc, kind=BodyKind.ORGANIZATION_BOARD, name="Ban Tổ chức Đảng ủy Khối DN")
    BodyStaffFactory(body=board, person=world.people.btc)
    return other_bloc


@pytest.fixture
def admin(world):
    return get_user_model().objects.create_superuser("quantri", password="x-quantri-2026")


@pytest.fixture
def through(api_as):
    """`through(user)`: the organization codes the page, the export and the API give for a root (or
    the status codes when any of them refuses)."""

    def make(user):
        page = Client()
        page.force_login(user)
        api = api_as(user)

        def get(root=None) -> dict:
            params = {"root": root} if root else {}
            html, xlsx, json = page.get(PAGE, params), page.get(XLSX, params), api.get(API, params)
            statuses = (html.status_code, xlsx.status_code, json.status_code)
            if statuses != (200, 200, 200):
                return {"status": statuses}
            sheet = load_workbook(BytesIO(xlsx.content)).active
            return {
                "page": re.findall(r'<tr data-org="([^"]+)"', html.content.decode()),
                "xlsx": [row[0].value for row in sheet.iter_rows(min_row=3)][:-1],  # the totals' row off
                "api": [row["code"] for row in json.json()["rows"]],
            }

        return get

    return make


def same(result: dict) -> list[str]:
    """The one list of codes all three gave (sorted by code on the page, in tree order in the API)."""
    assert "status" not in result, result
    assert sorted(result["page"]) == sorted(result["xlsx"]) == sorted(result["api"]), result
    return sorted(result["api"])


NOT_FOUND = {"status": (404, 404, 404)}


# ---------------------------------------------------------------- the same organizations everywhere


@pytest.mark.parametrize("persona", ["btc", "ubkt"])
def test_r31_upper_level_officers_get_the_same_rows_on_the_page_and_through_the_api(
    world, other_bloc, through, persona
):
    get = through(getattr(world, persona))
    assert same(get()) == BLOC
    assert same(get("DUK")) == BLOC
    assert same(get("G1")) == ["G1"]
    assert same(get("G2")) == ["G2"]
    for root in ("DUK2", "H1", "NOPE"):
        assert get(root) == NOT_FOUND, root


def test_r31_the_default_covers_every_bloc_an_officer_supervises(world, two_blocs, through):
    get = through(world.btc)
    assert same(get()) == [*BLOC, "H1"]
    assert same(get("DUK2")) == ["H1"]
    assert same(get("DUK")) == BLOC


def test_r31_the_page_offers_every_supervised_bloc_as_the_default(world, two_blocs, client_for, settings):
    client = client_for(world.btc)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(PAGE).content.decode()
    select = body.split('name="root"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "DUK", "DUK2"]
    assert '<option value="" selected>All organizations you supervise</option>' in select
    assert "Đảng bộ Khối các cơ quan, Đảng bộ Khối doanh nghiệp" in body  # the scope line names both
    export = client.get(XLSX)
    assert export["Content-Disposition"].startswith('attachment; filename="bang-theo-doi-DUK-DUK2-')
    # An officer with one bloc has nothing else to pick.
    body = client_for(world.ubkt).get(PAGE).content.decode()
    assert re.findall(r'<option value="([^"]*)"', body.split('name="root"', 1)[1].split("</select>")[0]) == [
        "DUK"
    ]


def test_r31_a_superuser_gets_every_grassroots_organization(world, other_bloc, admin, through):
    get = through(admin)
    assert same(get()) == [*BLOC, "H1"]
    assert same(get("DUK2")) == ["H1"]
    assert get("NOPE") == NOT_FOUND


@pytest.mark.parametrize("persona", ["secretary", "committee_member"])
def test_r31_a_grassroots_committee_member_may_name_their_own_organization(
    world, other_bloc, through, persona
):
    get = through(getattr(world, persona))
    assert same(get()) == ["G1"]
    assert same(get("G1")) == ["G1"]  # the page answered 404 here before
    for root in ("G2", "DUK", "G1C1", "G1P1", "DUK2", "NOPE"):
        assert get(root) == NOT_FOUND, root


def test_r31_the_secretary_of_another_organization_gets_only_theirs(world, through):
    get = through(world.outsider)
    assert same(get()) == ["G2"]
    assert same(get("G2")) == ["G2"]
    assert get("G1") == NOT_FOUND


def test_r31_a_plain_member_has_no_dashboard_anywhere(world, through):
    get = through(world.member)
    assert get() == NOT_FOUND
    assert get("G1") == NOT_FOUND
    assert get("G1C1") == NOT_FOUND  # their own cell


def test_r31_a_root_below_grassroots_is_refused_naming_the_field_in_both(world, client_for, api_as, settings):
    client = client_for(world.btc)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(PAGE, {"root": "G1P1"})
    assert page.status_code == 400
    assert "Choose a bloc or a grassroots organization." in page.content.decode()
    api = api_as(world.btc).get(API, {"root": "G1P1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["query", "root"]
    assert api.json()["detail"][0]["msg"] == "Choose a bloc or a grassroots organization."


# ---------------------------------------------------------------- the helper itself


def queries(user, code: str = "", choices: bool = False) -> int:
    """The queries of the helper and of counting its rows, for `user` without the roles cached on it."""
    user = get_user_model().objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as ctx:
        dashboard_scope_for(user, code, choices=choices).orgs.count()
    return len(ctx.captured_queries)


def test_r31_the_scopes_queries_do_not_grow_with_the_organizations(world, other_bloc):
    """The roles (four queries for an officer: the person, their bodies, their seats, the roles'
    bodies; five for a committee member: their seats' organizations too), then one for the roots to
    pick (`choices`), one for a root not among them, one for a committee member's own; and one to count
    the rows."""

    def counts() -> dict:
        return {
            "officer": queries(world.btc),
            "officer page": queries(world.btc, choices=True),
            "officer root": queries(world.btc, "G1"),
            "officer page root": queries(world.btc, "G1", choices=True),
            "officer page bloc": queries(world.btc, "DUK", choices=True),
            "member": queries(world.secretary),
            "member page root": queries(world.secretary, "G1", choices=True),
        }

    few = counts()
    for n in range(20):
        OrganizationFactory(
            code=f"B{n:02d}", kind=OrgKind.GRASSROOTS_CELL, issuer_code="CB", parent=world.bloc
        )
    assert (
        counts()
        == few
        == {
            "officer": 4 + 1,
            # A page's roots also hold the upper bodies that ended into the officer's committee: the
            # scope's past, two (R40; none here, so no look-up of them).
            "officer page": 4 + 1 + 1 + 2,
            "officer root": 4 + 1 + 1,
            "officer page root": 4 + 2 + 1 + 2,  # G1 is not a root to pick: looked up
            "officer page bloc": 4 + 1 + 1 + 2,  # DUK is: no look-up
            "member": 5 + 1 + 1,
            "member page root": 5 + 1 + 1,  # the named organization instead of the list of one's own
        }
    )
