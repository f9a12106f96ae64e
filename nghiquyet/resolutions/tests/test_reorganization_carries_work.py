"""R40: a merge on a populated fixture passes every open item and difficulty of the organization that ends
to its successor (counted before and after, nothing orphaned), the members still find their items, and
undoing the merge gives them back. G1 issues its December 2026 resolution, then the bloc merges G1 into
G3 from 1 January 2027."""

import datetime as dt

import pytest
from django.urls import reverse

from nghiquyet.orgs.continuity import orphans
from nghiquyet.orgs.models import OrgKind, ReorganizationKind
from nghiquyet.orgs.services import Spec, reorganize, undo_reorganization
from nghiquyet.orgs.tests.factories import OrganizationFactory
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import Item

DEC_5 = dt.date(2026, 12, 5)
MERGED = dt.date(2027, 1, 1)
RENAMED = "Đảng bộ Sở Tư pháp và Nội vụ"


def _by_the_bloc(world, kind, **kw):
    """A reorganization the bloc decided on 20 December 2026, in force from 1 January 2027."""
    return reorganize(
        Spec(
            kind=kind,
            decision_number="12-QĐ/ĐUK",
            decision_date=dt.date(2026, 12, 20),
            issuer=world.bloc,
            effective_date=MERGED,
            **kw,
        )
    )


def _g3(world):
    return OrganizationFactory(
        code="G3", name="Đảng bộ Sở Nội vụ", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.bloc
    )


@pytest.fixture
def issued(draft, committee):
    resolution = services.issue(draft, signer=committee.members[0], on=DEC_5)
    item = resolution.items.order_by("order").first()
    services.report_difficulty(item, item.assignee, "Thiếu kinh phí tổ chức hội nghị")
    return resolution


@pytest.mark.django_db
def test_r40_merge_passes_open_items_and_difficulties_to_the_successor(world, issued, committee):
    g3 = _g3(world)
    open_items = set(
        Item.objects.issued().open().filter(resolution__org=world.g1).values_list("pk", flat=True)
    )
    assert len(open_items) == 2
    assignee = issued.items.order_by("order").first().assignee

    reorg = _by_the_bloc(world, ReorganizationKind.MERGE, sources=[world.g1, g3], target=g3)
    carried = set(Item.objects.filter(carried_by=g3).values_list("pk", flat=True))
    assert carried == open_items
    assert set(reorg.moves.filter(carrier="items").values_list("object_id", flat=True)) == open_items
    assert reorg.moves.filter(carrier="difficulties").count() == 1
    # The resolution stays G1's document; its assignee still finds the item among their own.
    issued.refresh_from_db()
    assert issued.org_id == world.g1.pk
    assert Item.objects.mine(assignee.pk).filter(carried_by=g3).exists()
    assert orphans(dt.date(2027, 1, 2)) == []

    undo_reorganization(reorg)
    assert not Item.objects.filter(carried_by__isnull=False).exists()


@pytest.mark.django_db
def test_r40_the_orphan_check_sees_items_of_an_ended_organization(world, issued):
    world.g1.active_to = dt.date(2026, 12, 31)
    world.g1.save(update_fields=["active_to"])
    found = orphans(dt.date(2027, 1, 2))
    assert {o.what for o in found} >= {"items", "difficulties", "units"}


@pytest.mark.django_db
def test_r39_the_resolution_names_its_issuer_as_it_was_named_on_its_day(world, issued, client_for):
    _by_the_bloc(world, ReorganizationKind.RENAME, sources=[world.g1], new_name=RENAMED)
    page = client_for(world.secretary).get(f"/resolutions/{issued.pk}/").content.decode()
    # As its file prints it (documents.party.issuer_name): the committee of the organization then named so.
    assert '<div class="issuer">Đảng ủy Sở Tư pháp</div>' in page


@pytest.mark.django_db
def test_r39_the_meeting_page_names_the_organization_as_on_the_meeting_day(
    world, adopted_meeting, client_for
):
    _by_the_bloc(world, ReorganizationKind.RENAME, sources=[world.g1], new_name=RENAMED)
    page = (
        client_for(world.secretary)
        .get(reverse("meetings:meeting", args=[adopted_meeting.pk]))
        .content.decode()
    )
    assert 'id="meeting-org">Đảng bộ Sở Tư pháp</a>' in page


@pytest.mark.django_db
def test_r40_the_successor_task_board_lists_the_items_passed_to_it(world, issued, client_for):
    g3 = _g3(world)
    _by_the_bloc(world, ReorganizationKind.MERGE, sources=[world.g1, g3], target=g3)
    client = client_for(world.btc)
    successor = client.get(reverse("resolutions:board", args=["G3"])).content.decode()
    former = client.get(reverse("resolutions:board", args=["G1"])).content.decode()
    for item in issued.items.all():
        assert item.content in successor
        assert item.content not in former
