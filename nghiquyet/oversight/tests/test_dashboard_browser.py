"""The bloc dashboard in a real browser (R31), in Vietnamese, as the Organization Board officer (`btc`).

From the upper level's home page he opens the dashboard, chooses the first quarter of 2025, sorts by
overdue items (G1 comes first), drills into G1, opens one of its overdue items, comes back and exports
the table, which opens in openpyxl with the same order.
"""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .test_dashboard import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r31_the_board_sorts_drills_down_opens_an_item_and_exports(world, page, login, tmp_path):
    data = build(world)
    login("btc")

    page.goto("/oversight/")
    page.click("#dashboard-section a")
    expect(page).to_have_url(re.compile(r"/oversight/dashboard/$"))
    expect(page.locator("#dashboard-table tbody tr[data-org]")).to_have_count(3)

    page.select_option("#id_period", "quarter")
    page.fill("#id_year", "2025")
    page.fill("#id_number", "1")
    page.click("#dashboard-filter button[type=submit]")
    expect(page.locator("#dashboard-scope")).to_contain_text("2025")
    # The trend charts are drawn.
    page.wait_for_function(
        "() => window.Chart && !!Chart.getChart(document.querySelector('canvas[data-trend=held]'))"
    )

    page.click("#dashboard-table thead th[data-col=overdue] a")
    expect(page.locator("#dashboard-table thead th[data-col=overdue]")).to_have_attribute(
        "aria-sort", "descending"
    )
    first = page.locator("#dashboard-table tbody tr[data-org]").first
    expect(first).to_have_attribute("data-org", "G1")
    expect(first.locator("td[data-col=overdue]")).to_have_text("3")
    expect(first.locator("td[data-col=overdue]")).to_have_class(re.compile("dash-bad"))

    first.locator("td a").first.click()
    expect(page.locator("h1")).to_have_text("Đảng bộ Sở Tư pháp")
    overdue = page.locator("#org-overdue tbody tr[data-item]")
    expect(overdue).to_have_count(3)
    item = overdue.first
    item_pk = item.get_attribute("data-item")
    assert item_pk == str(data.i8.pk)  # the oldest deadline first
    item.locator("td:nth-child(2) a").click()
    expect(page).to_have_url(re.compile(rf"/resolutions/items/{item_pk}/$"))
    expect(page.locator("main")).to_contain_text(data.i8.content)

    page.go_back()
    page.go_back()
    expect(page.locator("#dashboard-table thead th[data-col=overdue]")).to_have_attribute(
        "aria-sort", "descending"
    )
    with page.expect_download() as info:
        page.click("#dashboard-export")
    download = info.value
    assert download.suggested_filename == "bang-theo-doi-DUK-2025-q1.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    ws = load_workbook(path).active
    codes = [row[0].value for row in ws.iter_rows(min_row=3)]
    assert codes[:3] == ["G1", "CQDUK", "G2"] and len(codes) == 4  # the rows as sorted, then the totals
    assert ws.cell(3, 3 + 12).value == 3  # G1's overdue items
