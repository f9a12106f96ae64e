"""R39 in the demo: the 2025 transfer to the Đảng bộ các cơ quan Đảng thành phố (decision 8152-QĐ/TU,
7 February 2025) is recorded through the reorganization service; the tree of January 2025 still shows the
moved organizations under the bloc, today's under the new committee, and nothing is orphaned."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from nghiquyet.demo import registry as demo
from nghiquyet.demo import reorganization as reorganization_demo
from nghiquyet.orgs import history
from nghiquyet.orgs.continuity import orphans
from nghiquyet.orgs.models import (
    BodyKind,
    BodyStaff,
    Organization,
    OrgKind,
    Person,
    Reorganization,
    ReorganizationStatus,
    Term,
)
from nghiquyet.orgs.tests.factories import OrganizationFactory, PersonFactory
from nghiquyet.oversight.access import dashboard_scope_for


def _tiny_bloc_with_a_newspaper() -> Organization:
    """The tiny demo bloc and one newspaper's cell, which the transfer moves."""
    demo.generate(demo.TINY)
    bloc = Organization.objects.get(code=demo.BLOC_CODE)
    return OrganizationFactory(
        code="BAOHNM", name="Chi bộ Báo Hànộimới", kind=OrgKind.GRASSROOTS_CELL, issuer_code="CB", parent=bloc
    )


@pytest.mark.django_db
def test_r39_the_demo_records_the_2025_transfer():
    newspaper = _tiny_bloc_with_a_newspaper()
    PersonFactory(full_name="Ngô Thị Hoa", home_org=newspaper)
    bloc = Organization.objects.get(code=demo.BLOC_CODE)
    departments = [
        o for o in Organization.objects.filter(parent=bloc).grassroots() if " Sở " in f" {o.name} "
    ]
    personas_org = Person.objects.get(user__username="bithu").home_org
    members_before = Person.objects.in_subtree(bloc).count()

    moved = reorganization_demo.transfer_2025(demo.BLOC_CODE)

    # The newspaper to the Party agencies' committee; the departments (but the demo members' own) to the
    # city government's, each with its decision.
    agencies = Organization.objects.get(code=reorganization_demo.PARTY_AGENCIES.code)
    government = Organization.objects.get(code=reorganization_demo.CITY_GOVERNMENT.code)
    assert agencies.active_from == government.active_from == reorganization_demo.FOUNDED
    # All the departments but the demo members' own and one neighbour (kept for them).
    candidates = sorted(
        (o for o in departments if not personas_org.path.startswith(o.path)), key=lambda o: o.code
    )
    moved_departments = candidates[:-1]
    assert moved_departments
    assert set(moved) == {newspaper, *moved_departments}
    newspaper.refresh_from_db()
    assert newspaper.path == "DCQD/BAOHNM/"
    assert {o.parent_id for o in Organization.objects.filter(pk__in=[o.pk for o in moved_departments])} == {
        government.pk
    }
    assert Person.objects.in_subtree(agencies).count() == 1
    # Nobody lost on the way: the people of the moved organizations are under the successors now.
    assert (
        Person.objects.in_subtree(bloc).count()
        + Person.objects.in_subtree(agencies).count()
        + Person.objects.in_subtree(government).count()
        == members_before
    )
    january = {o.code: o for o in history.tree_on(dt.date(2025, 1, 1))}
    assert january["BAOHNM"].path == "DUK/BAOHNM/" and "DCQD" not in january and "DUBND" not in january
    assert all(january[o.code].path.startswith("DUK/") for o in moved_departments)
    assert {o.code for o in history.tree_on(dt.date(2025, 3, 1), under=["DCQD/"])} == {"DCQD", "BAOHNM"}
    assert set(Reorganization.objects.values_list("decision_number", "status")) == {
        ("8152-QĐ/TU", ReorganizationStatus.CONFIRMED),
        (reorganization_demo.CITY_GOVERNMENT.decision, ReorganizationStatus.CONFIRMED),
    }
    assert orphans() == []
    # Idempotent: the seed may run it again over the same data without a second transfer.
    assert reorganization_demo.transfer_2025(demo.BLOC_CODE) == []


@pytest.mark.django_db
def test_r40_each_new_committee_serves_its_appointed_term_until_its_first_congress():
    """Founded on 7 February 2025 (8152-QĐ/TU, 8153-QĐ/TU), each committee is appointed for the rest of
    2020–2025 and elects its 2025–2030 committee at its first congress (8 and 16 August 2025): the day a
    document's series changes (orgs.numbering)."""
    _tiny_bloc_with_a_newspaper()
    reorganization_demo.transfer_2025(demo.BLOC_CODE)

    for spec in reorganization_demo.SUCCESSORS:
        terms = Term.objects.filter(org__code=spec.code).order_by("start_date")
        assert list(terms.values_list("label", "start_date", "end_date")) == [
            ("2020–2025", reorganization_demo.FOUNDED, spec.congress - dt.timedelta(days=1)),
            ("2025–2030", spec.congress, demo.TERM_END),
        ]
        assert Term.objects.current(spec.congress - dt.timedelta(days=1)).get(org__code=spec.code).label == (
            "2020–2025"
        )
        assert Term.objects.current(spec.congress).get(org__code=spec.code).label == "2025–2030"
    assert [s.decision for s in reorganization_demo.SUCCESSORS] == ["8152-QĐ/TU", "8153-QĐ/TU"]


@pytest.mark.django_db
def test_r39_the_new_committee_has_its_organization_board_login_and_the_bloc_keeps_2024():
    newspaper = _tiny_bloc_with_a_newspaper()
    reorganization_demo.transfer_2025(demo.BLOC_CODE)

    logins = {x.username: x for x in demo.demo_logins()}
    assert list(logins) == list(demo.DEMO_USERNAMES)
    new = logins[demo.SUCCESSOR_USERNAME]
    assert new.who.startswith("Cán bộ Ban Tổ chức Đảng ủy các cơ quan Đảng thành phố: ")
    assert new.org_code == reorganization_demo.SUCCESSOR_CODE
    officer = get_user_model().objects.get(username=demo.SUCCESSOR_USERNAME)
    assert officer.check_password(demo.DEMO_PASSWORD) and officer.is_active
    staff = BodyStaff.objects.get(person__user=officer)
    assert (staff.body.kind, staff.start_date) == (BodyKind.ORGANIZATION_BOARD, reorganization_demo.FOUNDED)

    # The dashboard's rows: the newspaper is the new committee's from 2025, the bloc's in 2024.
    def rows(username, day):
        user = get_user_model().objects.get(username=username)
        return set(dashboard_scope_for(user).orgs_on(day).values_list("code", flat=True))

    assert newspaper.code in rows(demo.SUCCESSOR_USERNAME, dt.date(2026, 6, 30))
    assert newspaper.code not in rows(demo.SUCCESSOR_USERNAME, dt.date(2024, 12, 31))
    assert newspaper.code in rows("bantochuc", dt.date(2024, 12, 31))
    assert newspaper.code not in rows("bantochuc", dt.date(2026, 6, 30))

    # The second committee's officer: the departments moved to it, from 2025 only.
    government = logins[demo.GOVERNMENT_SUCCESSOR_USERNAME]
    assert government.who.startswith("Cán bộ Ban Tổ chức Đảng ủy Ủy ban nhân dân thành phố: ")
    assert government.org_code == reorganization_demo.CITY_GOVERNMENT.code != new.org_code
    departments = set(
        Organization.objects.filter(parent__code=reorganization_demo.CITY_GOVERNMENT.code).values_list(
            "code", flat=True
        )
    )
    assert departments and departments <= rows(demo.GOVERNMENT_SUCCESSOR_USERNAME, dt.date(2026, 6, 30))
    assert not departments & rows(demo.GOVERNMENT_SUCCESSOR_USERNAME, dt.date(2024, 12, 31))
    assert departments <= rows("bantochuc", dt.date(2024, 12, 31))
    assert newspaper.code not in rows(demo.GOVERNMENT_SUCCESSOR_USERNAME, dt.date(2026, 6, 30))


@pytest.mark.django_db
def test_r40_the_receiving_committee_reads_the_report_of_what_moved_to_it(client):
    _tiny_bloc_with_a_newspaper()
    reorganization_demo.transfer_2025(demo.BLOC_CODE)
    government = Organization.objects.get(code=reorganization_demo.CITY_GOVERNMENT.code)
    to_government = Reorganization.objects.filter(kind="move", sources__parent=government).distinct().get()
    moved = to_government.sources.first()
    url = reverse("orgs:reorganization", args=[to_government.pk])

    def status(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client.get(url).status_code

    # The bloc decided it, the city government's committee received the organizations: both read it; the
    # other new committee and the bloc's grassroots people do not.
    assert status("bantochuc") == 200
    assert status(demo.GOVERNMENT_SUCCESSOR_USERNAME) == 200
    assert status(demo.SUCCESSOR_USERNAME) == 404
    assert status("dangvien") == 404
    # The moved organization's history links its decision to the report for the committee that received it.
    client.force_login(get_user_model().objects.get(username=demo.GOVERNMENT_SUCCESSOR_USERNAME))
    page = client.get(reverse("orgs:org", args=[moved.code])).content.decode()
    assert f'href="{url}"' in page
