"""The implementation plan (R22) and the inspection plan (R24): generated from the items, then edited by
the leaders, also after issuance; seen by whoever sees the resolution."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import Item, Plan, PlanKind, PlanRow

pytestmark = pytest.mark.django_db
DEC_5 = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _url(resolution, kind="implementation"):
    return reverse("resolutions:plan", args=[resolution.pk, kind])


# ---------------------------------------------------------------- services


def test_r22_implementation_plan_is_drawn_up_from_the_items(draft, committee):
    first = draft.items.order_by("order").first()
    first.co_assignees.set([committee.members[4], committee.members[5]])
    Item.objects.filter(pk=first.pk).update(related_units="Văn phòng, các phòng chuyên môn")
    issued = services.issue(draft, signer=committee.members[0], on=DEC_5)

    plan = services.generate_plan(issued, PlanKind.IMPLEMENTATION)
    assert plan.objectives == "Hoàn thành chỉ tiêu năm 2026."
    assert plan.notes == "Các đồng chí cấp ủy viên theo nhiệm vụ được phân công tổ chức thực hiện."
    rows = list(plan.rows.order_by("order"))
    assert [(r.order, r.item_id) for r in rows] == [
        (1, first.pk),
        (2, issued.items.order_by("order").last().pk),
    ]
    assert (
        rows[0].content
        == "Tổng kết công tác chuyên môn năm 2026\nYêu cầu: Đánh giá đúng kết quả, chỉ rõ tồn tại"
    )
    assert rows[0].method == "Các phòng gửi báo cáo trước ngày 20/12"
    assert rows[0].who == "Trần Thị Lan; phối hợp: Ngô Thị Hoa, Đỗ Văn Thắng"
    assert rows[0].when == "25/12/2026"
    assert rows[0].coordination == "Văn phòng, các phòng chuyên môn"
    assert rows[1].when == "Trong tháng (31/12/2026)"
    assert rows[1].who == "Phạm Quang Huy"


def test_r24_inspection_plan_assigns_the_supervisors_before_the_deadlines(draft, committee):
    issued = services.issue(draft, signer=committee.members[0], on=DEC_5)
    plan = services.generate_plan(issued, PlanKind.INSPECTION)
    assert plan.objectives.startswith("Kiểm tra, đôn đốc việc thực hiện Nghị quyết số 01-NQ/ĐU:")
    # R25: spirit and capacity; unrealistic targets and new issues; results with commendation and criticism.
    assert "tinh thần, năng lực" in plan.objectives and "biểu dương, phê bình" in plan.objectives
    first, second = plan.rows.order_by("order")
    assert first.content.startswith("Kiểm tra việc thực hiện: Tổng kết công tác chuyên môn năm 2026")
    assert "Đối chiếu yêu cầu: Đánh giá đúng kết quả, chỉ rõ tồn tại" in first.content
    assert first.method == "Nghe báo cáo, kiểm tra hồ sơ, khảo sát thực tế"
    assert first.who == "Nguyễn Văn Bình"  # the supervisor
    assert first.when == "Trước ngày 25/12/2026"
    assert first.coordination == "Trần Thị Lan"  # the assignee
    assert second.who == "Trần Thị Lan" and second.when == "Trước ngày 31/12/2026"


def test_r22_generating_twice_keeps_the_edited_plan_and_replace_redraws_the_rows(draft):
    plan = services.generate_plan(draft, PlanKind.IMPLEMENTATION)
    row = plan.rows.order_by("order").first()
    services.save_plan_row(plan, row, content="Nội dung đã sửa", when="Trước 20/12")
    services.update_plan(plan, objectives="Mục tiêu riêng", notes="Lưu ý")
    again = services.generate_plan(draft, PlanKind.IMPLEMENTATION)
    assert again.pk == plan.pk and again.rows.count() == 2
    assert again.rows.filter(content="Nội dung đã sửa").exists()

    redrawn = services.generate_plan(draft, PlanKind.IMPLEMENTATION, replace=True)
    assert redrawn.pk == plan.pk
    assert not redrawn.rows.filter(content="Nội dung đã sửa").exists() and redrawn.rows.count() == 2
    redrawn.refresh_from_db()
    assert (redrawn.objectives, redrawn.notes) == ("Mục tiêu riêng", "Lưu ý")
    assert Plan.objects.count() == 1


def test_r22_plans_stay_editable_after_issuance(draft, committee):
    issued = services.issue(draft, signer=committee.members[0], on=DEC_5)
    plan = services.generate_plan(issued, PlanKind.IMPLEMENTATION)
    added = services.save_plan_row(plan, content="Sơ kết giữa kỳ", who="Văn phòng", when="15/12/2026")
    assert added.order == 3
    services.update_plan(plan, objectives="Mục tiêu đã sửa", notes="")
    services.delete_plan_row(plan.rows.order_by("order").first())
    assert list(plan.rows.order_by("order").values_list("order", flat=True)) == [2, 3]
    assert PlanRow.history.filter(content="Sơ kết giữa kỳ").exists()


def test_r22_a_row_of_another_plan_is_refused(draft, in_english):
    implementation = services.generate_plan(draft, PlanKind.IMPLEMENTATION)
    inspection = services.generate_plan(draft, PlanKind.INSPECTION)
    row = inspection.rows.first()
    with pytest.raises(Exception, match="another plan"):
        services.save_plan_row(implementation, row, content="x")


# ---------------------------------------------------------------- the plan page


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_r22_outsider_and_plain_member_get_404(world, draft, client_for, persona):
    services.generate_plan(draft, PlanKind.IMPLEMENTATION)
    client = client_for(getattr(world, persona))
    assert client.get(_url(draft)).status_code == 404
    assert client.get(_url(draft, "inspection")).status_code == 404
    assert client.post(_url(draft), {"action": "plan", "objectives": "x"}).status_code == 404
    assert Plan.objects.get().objectives == "Hoàn thành chỉ tiêu năm 2026."


def test_r24_committee_member_sees_the_plan_but_does_not_edit_it(world, draft, client_for):
    client = client_for(world.committee_member)
    body = client.get(_url(draft, "inspection")).content.decode()
    assert 'id="no-plan"' in body and 'id="generate-form"' not in body
    assert client.post(_url(draft, "inspection"), {"action": "generate"}).status_code == 404
    assert not Plan.objects.exists()
    services.generate_plan(draft, PlanKind.INSPECTION)
    body = client.get(_url(draft, "inspection")).content.decode()
    assert "Nghe báo cáo, kiểm tra hồ sơ, khảo sát thực tế" in body
    assert 'id="plan-form"' not in body and 'id="add-row"' not in body
    row = Plan.objects.get().rows.first()
    assert client.post(_url(draft, "inspection"), {"action": "delete_row", "row": row.pk}).status_code == 404
    assert client.get(_url(draft, "inspection"), {"edit": row.pk}).status_code == 200  # read-only view


def test_r22_unknown_plan_kind_is_404(world, draft, client_for):
    assert client_for(world.secretary).get(_url(draft, "budget")).status_code == 404


def test_r22_secretary_generates_and_edits_the_plan_after_issuance(world, draft, committee, client_for):
    issued = services.issue(draft, signer=committee.members[0], on=DEC_5)
    client = client_for(world.secretary)
    body = client.get(_url(issued)).content.decode()
    assert 'id="generate-form"' in body
    response = client.post(_url(issued), {"action": "generate"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The plan is drawn up from the resolution's items."
    ]
    plan = Plan.objects.get(resolution=issued, kind=PlanKind.IMPLEMENTATION)
    assert plan.rows.count() == 2

    response = client.post(_url(issued), {"action": "plan", "objectives": "Mục tiêu mới", "notes": "Lưu ý"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.objectives, plan.notes) == ("Mục tiêu mới", "Lưu ý")

    row = plan.rows.order_by("order").first()
    response = client.post(
        _url(issued),
        {
            "action": "row",
            "row": row.pk,
            "content": "Nội dung sửa",
            "method": "Họp",
            "who": "Văn phòng",
            "when": "Tuần 2",
            "coordination": "Phòng Tổ chức",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.content, row.who, row.when) == ("Nội dung sửa", "Văn phòng", "Tuần 2")

    response = client.post(_url(issued), {"action": "row", "content": "Dòng mới"})
    assert response.status_code == 302 and plan.rows.count() == 3
    response = client.post(_url(issued), {"action": "row", "content": ""})
    assert response.status_code == 200 and "content" in response.context["row_form"].errors
    response = client.post(_url(issued), {"action": "delete_row", "row": row.pk})
    assert response.status_code == 302 and plan.rows.count() == 2
    assert client.post(_url(issued), {"action": "delete_row", "row": 999999}).status_code == 404

    body = client.get(issued.get_absolute_url()).content.decode()
    assert _url(issued) in body and _url(issued, "inspection") in body


def test_r22_rows_are_edited_in_place_with_htmx(world, draft, client_for):
    plan = services.generate_plan(draft, PlanKind.IMPLEMENTATION)
    row = plan.rows.order_by("order").first()
    client = client_for(world.secretary)
    response = client.get(_url(draft), {"edit": row.pk}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.startswith('<section id="plan-rows">') and 'id="plan-row-form"' in body
    assert "Tổng kết công tác chuyên môn năm 2026" in body
    response = client.post(
        _url(draft), {"action": "row", "row": row.pk, "content": "Sửa tại chỗ"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<section id="plan-rows">')
    assert "Sửa tại chỗ" in body and 'id="plan-row-form"' not in body
    response = client.post(
        _url(draft), {"action": "row", "row": row.pk, "content": ""}, HTTP_HX_REQUEST="true"
    )
    assert 'id="plan-row-form"' in response.content.decode()
    response = client.post(_url(draft), {"action": "generate"}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == _url(draft)


def test_r22_plan_page_queries_do_not_grow_with_the_rows(world, draft, committee, client_for):
    plan = services.generate_plan(draft, PlanKind.IMPLEMENTATION)
    client = client_for(world.secretary)
    client.get(reverse("web:home"))
    counts = []
    for n in (3, 30):
        while plan.rows.count() < n:
            services.save_plan_row(plan, content=f"Dòng {plan.rows.count()}")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url(draft))
        assert response.status_code == 200 and len(response.context["rows"]) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
