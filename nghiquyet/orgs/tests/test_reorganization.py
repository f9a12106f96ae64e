"""R39–R40: the tree through time, and reorganizations that carry the work.

The shared `world` (conftest.py) is the bloc DUK with G1 (partial committee P1, cells C1 and P1C1), the
grassroots cell G2 and the bloc's office cell. Tests reorganize it on decisions of the bloc and check the
tree of before and after, what moved, that nothing is orphaned, and that undoing restores everything.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from nghiquyet.orgs import history
from nghiquyet.orgs.continuity import orphans
from nghiquyet.orgs.models import (
    CommitteeMembership,
    Organization,
    OrganizationVersion,
    OrgKind,
    Person,
    Reorganization,
    ReorganizationKind,
    ReorganizationStatus,
)
from nghiquyet.orgs.services import (
    NewOrg,
    Spec,
    confirm_reorganization,
    preview,
    reorganize,
    undo_reorganization,
)
from nghiquyet.orgs.tests.factories import OrganizationFactory, PersonFactory

DECIDED = dt.date(2026, 2, 3)
EFFECTIVE = dt.date(2026, 2, 7)
BEFORE = dt.date(2026, 1, 15)
AFTER = dt.date(2026, 3, 1)

Kind = ReorganizationKind


def _spec(world, kind, **kw) -> Spec:
    return Spec(
        kind=kind,
        decision_number="8152-QĐ/ĐUK",
        decision_date=DECIDED,
        issuer=world.bloc,
        effective_date=EFFECTIVE,
        **kw,
    )


def _fresh(org):
    return Organization.objects.get(pk=org.pk)


@pytest.mark.django_db
def test_r39_every_organization_starts_with_one_version(world):
    assert OrganizationVersion.objects.count() == Organization.objects.count()
    c1 = history.org_on(world.c1, BEFORE)
    assert (c1.name, c1.path) == ("Chi bộ Văn phòng", "DUK/G1/G1C1/")


@pytest.mark.django_db
def test_r39_a_rename_keeps_the_old_name_for_the_past(world, django_assert_max_num_queries):
    reorganize(_spec(world, Kind.RENAME, sources=[world.g1], new_name="Đảng bộ Sở Tư pháp và Nội vụ"))
    assert _fresh(world.g1).name == "Đảng bộ Sở Tư pháp và Nội vụ"
    with django_assert_max_num_queries(1):
        names = history.orgs_on([(world.g1, BEFORE), (world.g1, AFTER)])
    assert names[(world.g1.pk, BEFORE)].name == "Đảng bộ Sở Tư pháp"
    assert names[(world.g1.pk, AFTER)].name == "Đảng bộ Sở Tư pháp và Nội vụ"
    # The day before the effective date is still the old name.
    assert history.org_on(world.g1, EFFECTIVE - dt.timedelta(days=1)).name == "Đảng bộ Sở Tư pháp"


@pytest.mark.django_db
def test_r39_a_move_is_checked_against_the_kinds(world):
    with pytest.raises(ValidationError) as refused:
        preview(_spec(world, Kind.MOVE, sources=[world.g2], target=world.g1))
    assert "target" in refused.value.message_dict


@pytest.mark.django_db
def test_r39_moving_a_unit_moves_its_subtree_and_the_past_tree_stays(world, django_assert_max_num_queries):
    g3 = OrganizationFactory(code="G3", name="Đảng bộ Sở Nội vụ", parent=world.bloc)
    reorganize(_spec(world, Kind.MOVE, sources=[world.p1], target=g3))
    assert _fresh(world.c2).path == "DUK/G3/G1P1/G1P1C1/"
    assert set(Organization.objects.subtree(g3).values_list("code", flat=True)) == {"G3", "G1P1", "G1P1C1"}
    with django_assert_max_num_queries(2):  # the versions of that day, the organizations without any
        past = history.tree_on(BEFORE, under=["DUK/G1/"])
    today = history.tree_on(AFTER, under=["DUK/G1/"])
    assert [o.code for o in past] == ["G1", "G1C1", "G1P1", "G1P1C1"]
    assert [o.code for o in today] == ["G1", "G1C1"]


@pytest.mark.django_db
def test_r40_merge_moves_every_member_seat_and_unit_and_undo_restores_them(world, in_english):
    g1 = world.g1
    g3 = OrganizationFactory(code="G3", name="Đảng bộ Sở Nội vụ", parent=world.bloc)
    members_before = Person.objects.in_subtree(g1).count()
    seats_before = CommitteeMembership.objects.current(EFFECTIVE).filter(term__org=g1).count()
    plan = preview(_spec(world, Kind.MERGE, sources=[g1, g3], target=g3))
    counts = {(row["what"], row["to"]): row["count"] for row in plan.summary()}
    assert counts[("Subordinate units", "Đảng bộ Sở Nội vụ")] == 2
    assert sum(n for (what, _to), n in counts.items() if what != "Subordinate units") == seats_before
    assert Organization.objects.filter(code="G1", active_to__isnull=True).exists()  # a preview writes nothing

    reorg = reorganize(_spec(world, Kind.MERGE, sources=[g1, g3], target=g3))
    assert _fresh(g1).active_to == EFFECTIVE - dt.timedelta(days=1)
    assert Person.objects.in_subtree(_fresh(g3)).count() == members_before
    assert CommitteeMembership.objects.current(AFTER).filter(term__org=g1).count() == 0
    assert reorg.moves.filter(carrier="units").count() == 2
    assert reorg.moves.filter(carrier="seats").count() == seats_before
    assert orphans(AFTER) == []
    call_command("check_orphans")  # exits 0
    # The past keeps G1 with its units; today G1 is gone from the tree.
    assert "G1" in [o.code for o in history.tree_on(BEFORE)]
    assert "G1" not in [o.code for o in history.tree_on(AFTER)]

    undo_reorganization(reorg)
    g1 = _fresh(g1)
    assert g1.active_to is None
    assert _fresh(world.c1).path == "DUK/G1/G1C1/"
    assert CommitteeMembership.objects.current(AFTER).filter(term__org=g1).count() == seats_before
    assert not OrganizationVersion.objects.filter(valid_to__isnull=False).exists()
    assert _fresh_reorg_status(reorg) == ReorganizationStatus.UNDONE


def _fresh_reorg_status(reorg):
    reorg.refresh_from_db()
    return reorg.status


@pytest.mark.django_db
def test_r40_split_assigns_each_member_and_leaves_nobody_behind(world):
    c1 = world.c1
    members = list(Person.objects.filter(home_org=c1).order_by("pk"))
    assert len(members) >= 2
    spec = _spec(
        world,
        Kind.SPLIT,
        sources=[c1],
        parts=[NewOrg("G1C1A", "Chi bộ Văn phòng 1"), NewOrg("G1C1B", "Chi bộ Văn phòng 2")],
        assignment={"members": {members[-1].pk: 1}},
    )
    reorganize(spec)
    first, second = Organization.objects.get(code="G1C1A"), Organization.objects.get(code="G1C1B")
    assert (first.kind, first.parent_id, second.issuer_code) == (OrgKind.SUBORDINATE_CELL, world.g1.pk, "CB")
    assert set(Person.objects.filter(home_org=second)) == {members[-1]}
    assert set(Person.objects.filter(home_org=first)) == set(members[:-1])
    assert not Person.objects.filter(home_org=c1).exists()
    assert orphans(AFTER) == []


@pytest.mark.django_db
def test_r40_an_assignment_to_no_part_is_refused(world):
    member = Person.objects.filter(home_org=world.c1).first()
    spec = _spec(
        world,
        Kind.SPLIT,
        sources=[world.c1],
        parts=[NewOrg("G1C1A", "Chi bộ Văn phòng 1"), NewOrg("G1C1B", "Chi bộ Văn phòng 2")],
        assignment={"members": {member.pk: 5}},
    )
    with pytest.raises(ValidationError) as refused:
        preview(spec)
    assert "assignment" in refused.value.message_dict


@pytest.mark.django_db
def test_r40_dissolving_with_open_records_needs_a_successor(world, in_english):
    with pytest.raises(ValidationError) as refused:
        reorganize(_spec(world, Kind.DISSOLVE, sources=[world.c1]))
    assert "successor" in " ".join(refused.value.message_dict["assignment"])
    assert _fresh(world.c1).active_to is None


@pytest.mark.django_db
def test_r40_the_orphan_check_finds_a_member_left_in_a_dissolved_cell(world):
    Organization.objects.filter(pk=world.c1.pk).update(active_to=BEFORE)
    found = orphans(AFTER)
    assert {o.what for o in found} == {"members"}
    with pytest.raises(CommandError):
        call_command("check_orphans")


@pytest.mark.django_db
def test_r39_a_confirmed_reorganization_cannot_be_undone(world):
    reorg = reorganize(
        _spec(world, Kind.RENAME, sources=[world.g2], new_name="Chi bộ Ban Dân tộc và Tôn giáo")
    )
    confirm_reorganization(reorg)
    with pytest.raises(ValidationError):
        undo_reorganization(reorg)
    assert _fresh(world.g2).name == "Chi bộ Ban Dân tộc và Tôn giáo"


@pytest.mark.django_db
def test_r39_the_decision_must_come_from_above(world):
    with pytest.raises(ValidationError) as refused:
        preview(
            Spec(
                kind=Kind.RENAME,
                decision_number="1-QĐ/ĐU",
                decision_date=DECIDED,
                issuer=world.g1,
                effective_date=EFFECTIVE,
                sources=[world.g2],
                new_name="X",
            )
        )
    assert "sources" in refused.value.message_dict


@pytest.mark.django_db
def test_r40_create_then_merge_cells_into_a_new_one(world):
    cell = reorganize(
        _spec(
            world,
            Kind.CREATE,
            target=world.g1,
            parts=[NewOrg("G1C9", "Chi bộ Tổng hợp", OrgKind.SUBORDINATE_CELL, "CB")],
        )
    ).successors.get()
    PersonFactory(full_name="Phạm Văn Sơn", home_org=cell)
    merge = _spec(
        world, Kind.MERGE, sources=[world.c1, cell], parts=[NewOrg("G1C10", "Chi bộ Văn phòng – Tổng hợp")]
    )
    merge.effective_date = dt.date(2026, 2, 20)
    merged = reorganize(merge)
    successor = merged.successors.get()
    assert successor.code == "G1C10"
    assert Person.objects.filter(home_org=successor).count() == 3
    assert orphans(AFTER) == []


@pytest.mark.django_db
def test_r39_the_org_page_shows_its_history(world, client_for, django_assert_max_num_queries):
    reorganize(_spec(world, Kind.RENAME, sources=[world.g1], new_name="Đảng bộ Sở Tư pháp và Nội vụ"))
    client = client_for(world.btc)
    response = client.get(f"/orgs/{world.g1.code}/")
    page = response.content.decode()
    assert 'id="history"' in page
    assert "Đảng bộ Sở Tư pháp</td>" in page and "8152-QĐ/ĐUK" in page
    reorg = Reorganization.objects.get()
    assert f'href="/orgs/reorganizations/{reorg.pk}/"' in page
    assert client.get(f"/orgs/reorganizations/{reorg.pk}/").status_code == 200
    assert client_for(world.outsider).get(f"/orgs/{world.g1.code}/").status_code == 404


def test_r39_a_created_organization_names_its_kind(world):
    """Creating an organization without its kind is refused naming the field, not a crash (the access
    matrix found it: the service assumed a model organization to copy the kind from)."""
    with pytest.raises(ValidationError) as refused:
        reorganize(_spec(world, Kind.CREATE, target=world.bloc, parts=[NewOrg(code="X1", name="Chi bộ X")]))
    assert "parts" in refused.value.message_dict
