"""R39–R40 in a real browser: the bloc's Organization Board officer merges G1 into G3 with a preview,
applies and confirms it; the committee member who carries G1's open item then finds it on the task board
of G3, the successor."""

import datetime as dt

import pytest
from django.urls import reverse

from nghiquyet.orgs.models import Organization, OrgKind, Reorganization, ReorganizationStatus
from nghiquyet.orgs.tests.factories import OrganizationFactory, TermFactory
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import Item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r39_r40_officer_merges_with_a_preview_and_the_member_finds_the_item_under_the_successor(
    page, login, world, draft, committee
):
    issued = services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 5))
    item = issued.items.order_by("order").first()
    assert item.assignee == world.people.committee_member
    g3 = OrganizationFactory(
        code="G3", name="Đảng bộ Sở Nội vụ", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.bloc
    )
    TermFactory(org=g3)

    login("btc")
    page.goto(reverse("orgs:reorganize", args=["DUK"]))
    page.select_option("#id_kind", "merge")
    page.fill("#id_decision_number", "20-QĐ/ĐUK")
    page.fill("#id_decision_date", "2026-12-05")
    page.fill("#id_effective_date", "2026-12-05")
    page.select_option("#id_sources", [str(world.g1.pk), str(g3.pk)])
    page.select_option("#id_target", str(g3.pk))
    page.click("button[value=preview]")
    preview = page.locator("#preview")
    preview.wait_for()
    assert "Đảng bộ Sở Nội vụ" in preview.inner_text()
    assert item.content[:40] in preview.inner_text()
    assert not Reorganization.objects.exists()  # a preview writes nothing

    page.click("#apply")
    page.locator("#moves").wait_for()
    assert item.content in page.locator("#moves").inner_text()
    page.click("#confirm")
    page.wait_for_load_state()
    assert Reorganization.objects.get().status == ReorganizationStatus.CONFIRMED
    assert Organization.objects.get(code="G1").active_to == dt.date(2026, 12, 4)
    assert set(Item.objects.filter(carried_by=g3).values_list("pk", flat=True)) == set(
        issued.items.values_list("pk", flat=True)
    )

    page.context.clear_cookies()
    login("capuy")
    page.goto(reverse("resolutions:board", args=["G3"]))
    assert item.content in page.locator("main").inner_text()
