"""R39–R40 pages: the bloc's Organization Board officer previews a merge of two cells, applies it, reads
the report of what moved where, and undoes or confirms it; nobody else may, and outsiders get 404."""

import datetime as dt

import pytest
from django.urls import reverse

from nghiquyet.orgs.models import Organization, OrgKind, Person, Reorganization, ReorganizationStatus
from nghiquyet.orgs.tests.factories import OrganizationFactory, PersonFactory, TermFactory


@pytest.fixture
def two_cells(world):
    other = OrganizationFactory(
        code="G1C2", name="Chi bộ Tổng hợp", kind=OrgKind.SUBORDINATE_CELL, issuer_code="CB", parent=world.g1
    )
    PersonFactory(full_name="Phạm Văn Sơn", home_org=other)
    return world.c1, other


def _post(world, c1, other, action):
    return {
        "kind": "merge",
        "decision_number": "15-QĐ/ĐUK",
        "decision_date": "2026-11-20",
        "effective_date": "2026-12-01",
        "sources": [c1.pk, other.pk],
        "target": c1.pk,
        "action": action,
    }


@pytest.mark.django_db
def test_r39_preview_writes_nothing_then_apply_merges(
    world, two_cells, client_for, django_assert_max_num_queries
):
    c1, other = two_cells
    client = client_for(world.btc)
    url = reverse("orgs:reorganize", args=["DUK"])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(world, c1, other, "preview"))
    page = response.content.decode()
    assert 'id="preview"' in page and "Phạm Văn Sơn" in page
    assert not Reorganization.objects.exists()
    assert Organization.objects.get(pk=other.pk).active_to is None

    response = client.post(url, _post(world, c1, other, "apply"))
    reorg = Reorganization.objects.get()
    assert response.status_code == 302 and response.url == reverse("orgs:reorganization", args=[reorg.pk])
    assert Person.objects.get(full_name="Phạm Văn Sơn").home_org_id == c1.pk
    with django_assert_max_num_queries(12):
        report = client.get(response.url).content.decode()
    assert "Phạm Văn Sơn" in report and 'id="undo"' in report

    client.post(reverse("orgs:reorganization_decide", args=[reorg.pk]), {"action": "undo"})
    assert Person.objects.get(full_name="Phạm Văn Sơn").home_org_id == other.pk
    reorg.refresh_from_db()
    assert reorg.status == ReorganizationStatus.UNDONE


@pytest.mark.django_db
def test_r39_a_bad_decision_is_refused_with_the_field_named(world, two_cells, client_for, in_english):
    c1, other = two_cells
    data = _post(world, c1, other, "preview") | {"effective_date": "2026-11-01", "sources": [c1.pk]}
    page = client_for(world.btc).post(reverse("orgs:reorganize", args=["DUK"]), data).content.decode()
    assert "The effective date cannot be before the decision date." in page
    assert "A merge needs at least two organizations." in page
    assert not Reorganization.objects.exists()


@pytest.mark.django_db
def test_r39_only_the_upper_level_reorganizes(world, two_cells, client_for):
    c1, other = two_cells
    url = reverse("orgs:reorganize", args=["DUK"])
    # The secretary of G1 sees the bloc's name but may not decide for it; the outsider neither.
    for user in (world.secretary, world.member, world.outsider):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, _post(world, c1, other, "apply")).status_code == 404
    assert not Reorganization.objects.exists()


@pytest.mark.django_db
def test_r39_a_confirmed_reorganization_has_no_undo(world, two_cells, client_for):
    c1, other = two_cells
    client = client_for(world.btc)
    client.post(reverse("orgs:reorganize", args=["DUK"]), _post(world, c1, other, "apply"))
    reorg = Reorganization.objects.get()
    client.post(reverse("orgs:reorganization_decide", args=[reorg.pk]), {"action": "confirm"})
    client.post(reverse("orgs:reorganization_decide", args=[reorg.pk]), {"action": "undo"})
    reorg.refresh_from_db()
    assert reorg.status == ReorganizationStatus.CONFIRMED
    assert 'id="undo"' not in client.get(reverse("orgs:reorganization", args=[reorg.pk])).content.decode()
    # An outsider cannot read the report.
    assert client_for(world.outsider).get(reverse("orgs:reorganization", args=[reorg.pk])).status_code == 404


@pytest.mark.django_db
def test_r40_the_preview_page_says_the_cell_without_a_term_is_appointed_one(
    world, two_cells, client_for, in_english
):
    """C1, receiving the merge, has no committee term in office: the form's preview says it gets one (the
    label of G1's term, the upper body it lies under) where the seats passed to it sit; a term of C1 under
    that label recorded with other dates is refused next to the target field."""
    c1, other = two_cells
    client = client_for(world.btc)
    url = reverse("orgs:reorganize", args=["DUK"])
    page = client.post(url, _post(world, c1, other, "preview")).content.decode()
    preview = page[page.index('id="preview"') :]
    assert (
        "“Chi bộ Văn phòng” has no committee term in office on 01/12/2026: it gets a committee term "
        "2025–2030 from that day"
    ) in preview
    assert not c1.terms.exists()

    TermFactory(org=c1, label="2025–2030", start_date=dt.date(2025, 6, 1), end_date=dt.date(2026, 6, 30))
    page = client.post(url, _post(world, c1, other, "preview")).content.decode()
    assert 'id="id_target-errors"' in page and "correct that term" in page
    assert 'id="preview"' not in page
