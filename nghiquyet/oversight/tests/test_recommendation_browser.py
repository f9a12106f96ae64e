"""An inspection recommendation carried out by its assignee in a real browser (R33), in Vietnamese.

The bloc's Inspection Committee concluded an inspection of G1 with a recommendation for Hùng, a party
member outside G1's committee. Hùng finds it on "Việc của tôi" (overdue, in red), opens the record from
there, reports what he did, and the recommendation is done; "Việc của tôi" no longer lists it.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nghiquyet.oversight.models import Recommendation, RecommendationStatus

from .test_inspections import _record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r33_the_assignee_finds_the_recommendation_on_my_work_and_reports_it_done(world, page, login):
    late = timezone.localdate() - dt.timedelta(days=2)
    record = _record(
        world, conclude=True, recommendations=[("Nộp bản kiểm điểm cá nhân", world.people.member, late)]
    )
    recommendation = Recommendation.objects.get(record=record)
    login("dangvien")

    page.goto("/resolutions/mine/")
    tasks = page.locator("#other-tasks")
    expect(tasks.locator("h2")).to_contain_text("Việc khác được giao")
    row = tasks.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_have_class(re.compile("overdue"))
    expect(row).to_contain_text("quá hạn 2 ngày")
    row.locator("a").click()

    expect(page).to_have_url(re.compile(rf"/oversight/inspections/records/{record.pk}/$"))
    mine = page.locator(f"#rec-{recommendation.pk}")
    mine.locator("textarea[name=done_note]").fill("Đã nộp bản kiểm điểm cho Ủy ban Kiểm tra")
    mine.locator("button[type=submit]").click()
    expect(page.locator(f"#rec-{recommendation.pk}")).to_contain_text("Đã nộp bản kiểm điểm")
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.DONE
    assert recommendation.done_by == world.people.member

    page.goto("/resolutions/mine/")
    expect(page.locator("h1")).to_have_text("Việc của tôi")
    expect(page.locator("#other-tasks")).to_have_count(0)
