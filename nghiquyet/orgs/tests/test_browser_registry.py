"""The registry in a real browser (R01): the demo secretary finds a member by typing without diacritics."""

import pytest
from django.contrib.auth import get_user_model

from nghiquyet.demo import registry as demo
from nghiquyet.lib.vietnamese import fold
from nghiquyet.orgs.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r01_secretary_finds_member_without_diacritics(page, login):
    demo.generate(demo.BLOC)
    secretary = get_user_model().objects.get(username="bithu").person
    org = secretary.committee_seats.current().get().term.org
    # A member with diacritics in the name, whose folded name matches nobody else in the đảng bộ.
    candidates = Person.objects.in_subtree(org).exclude(name_search=fold("")).order_by("sort_key")
    target = next(
        p
        for p in candidates
        if p.full_name != fold(p.full_name) and candidates.search(p.full_name).count() == 1
    )

    login("bithu", demo.DEMO_PASSWORD)
    page.goto(f"/orgs/{org.code}/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Cấp ủy").is_visible()
    assert page.get_by_role("heading", name="Đảng viên", exact=True).is_visible()

    page.get_by_placeholder("Tìm đảng viên theo tên").fill(fold(target.full_name))
    rows = page.locator("#member-list table.members tbody tr")
    rows.first.wait_for()
    page.wait_for_function(
        "n => document.querySelectorAll('#member-list table.members tbody tr').length === n", arg=1
    )
    assert rows.first.inner_text().startswith(target.full_name)
    assert "1 đảng viên" in page.locator("#member-list .member-count").inner_text()
