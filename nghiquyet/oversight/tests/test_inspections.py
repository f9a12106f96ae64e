"""Inspection and supervision (R25, R33): the Inspection Committee's plans and records with the three
findings of R25; recommendations tracked as follow-up tasks that the inspected organization carries out;
the periodic inspection report compiled from the records.

Personas: ubkt (Inspection Committee) writes; btc (Organization Board) reads; G1's secretary and
committee member see G1's concluded records; the outsider (G2) and the plain member get 404.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.notify.models import Notification
from nghiquyet.orgs.models import Body, BodyKind
from nghiquyet.oversight import queries, services
from nghiquyet.oversight.models import (
    InspectionPlan,
    InspectionRecord,
    Recommendation,
    RecommendationStatus,
    RecordStatus,
)
from nghiquyet.oversight.periods import PeriodKind
from nghiquyet.testing.clock import TODAY

from .conftest import status_of

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"oversight:{name}", args=args)


def _body(world) -> Body:
    return Body.objects.get(org=world.bloc, kind=BodyKind.INSPECTION_COMMITTEE)


def _plan(
    world,
    title="Kiểm tra việc ban hành nghị quyết năm 2026",
    start=dt.date(2026, 10, 1),
    end=dt.date(2026, 12, 31),
):
    return services.create_plan(
        _body(world),
        title=title,
        content="Kiểm tra chất lượng ban hành và thực hiện nghị quyết của cấp ủy cơ sở.",
        period_kind=PeriodKind.QUARTER,
        period_start=start,
        period_end=end,
        targets=[world.g1, world.g2],
        team=[world.people.ubkt],
    )


def _record(world, plan=None, *, conclude=False, org=None, date=dt.date(2026, 11, 10), recommendations=()):
    plan = plan or _plan(world)
    record = services.open_record(plan, org=org or world.g1, date=date)
    services.update_record(
        record,
        findings_spirit="Cấp ủy nghiêm túc, chủ động.",
        findings_targets="Chỉ tiêu chuyển đổi số chưa sát thực tế.",
        findings_results="Chi bộ Văn phòng làm tốt; đồng chí A còn chậm.",
        conclusions="Cơ bản thực hiện tốt.",
    )
    for text, assignee, deadline in recommendations:
        services.add_recommendation(record, text=text, assignee=assignee, deadline=deadline)
    return services.conclude_record(record) if conclude else record


# ---------------------------------------------------------------- plans and records


def test_r33_inspection_committee_makes_a_plan_and_a_record(world, client_for):
    client = client_for(world.ubkt)
    response = client.post(
        _url("plan_create"),
        {
            "body": _body(world).pk,
            "title": "Kiểm tra quý IV",
            "period_kind": "quarter",
            "year": 2026,
            "number": 4,
            "content": "Nội dung kiểm tra",
            "targets": [world.g1.pk],
            "team": [world.people.ubkt.pk],
        },
    )
    plan = InspectionPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.period_start, plan.period_end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    response = client.post(_url("record_open", plan.pk), {"org": world.g1.pk, "date": "2026-11-10"})
    record = InspectionRecord.objects.get()
    assert response["Location"] == record.get_absolute_url()
    client.post(
        _url("record_edit", record.pk),
        {
            "date": "2026-11-10",
            "findings_spirit": "(1) Tinh thần, năng lực",
            "findings_targets": "(2) Chỉ tiêu chưa sát",
            "findings_results": "(3) Kết quả từng đơn vị, cá nhân",
            "conclusions": "Kết luận",
        },
    )
    record.refresh_from_db()
    # R25: the three findings are recorded separately.
    assert record.findings_spirit.startswith("(1)")
    assert record.findings_targets.startswith("(2)")
    assert record.findings_results.startswith("(3)")


def test_r25_recommendation_assignee_must_belong_to_the_inspected_org(world, client_for):
    record = _record(world)
    client = client_for(world.ubkt)
    client.post(
        _url("recommendation_add", record.pk),
        {"text": "Sửa chỉ tiêu", "assignee": world.people.outsider.pk, "deadline": "2026-12-31"},
    )
    assert not Recommendation.objects.exists()
    client.post(
        _url("recommendation_add", record.pk),
        {"text": "Sửa chỉ tiêu", "assignee": world.people.committee_member.pk, "deadline": "2026-12-31"},
    )
    assert Recommendation.objects.get().assignee == world.people.committee_member


def test_r33_concluding_fixes_the_record_and_notifies_the_org(world, client_for):
    record = _record(
        world, recommendations=[("Rà soát chỉ tiêu", world.people.committee_member, dt.date(2026, 12, 31))]
    )
    # Before the conclusion the inspected committee does not see the record.
    assert client_for(world.secretary).get(record.get_absolute_url()).status_code == 404
    client_for(world.ubkt).post(_url("record_conclude", record.pk))
    record.refresh_from_db()
    assert record.status == RecordStatus.CONCLUDED
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"bithu", "capuy"}
    assert client_for(world.secretary).get(record.get_absolute_url()).status_code == 200
    assert client_for(world.committee_member).get(record.get_absolute_url()).status_code == 200
    # A concluded record is fixed.
    client_for(world.ubkt).post(_url("record_edit", record.pk), {"date": "2026-11-10", "conclusions": "Khác"})
    record.refresh_from_db()
    assert record.conclusions == "Cơ bản thực hiện tốt."


def test_r33_recommendations_are_tracked_until_done(world, client_for):
    record = _record(
        world,
        conclude=True,
        recommendations=[
            ("Rà soát chỉ tiêu", world.people.committee_member, TODAY - dt.timedelta(days=3)),
            ("Bổ sung biện pháp", world.people.secretary, TODAY + dt.timedelta(days=10)),
            ("Kiểm điểm", world.people.secretary, TODAY + dt.timedelta(days=20)),
        ],
    )
    late, soon, later = record.recommendations.order_by("deadline")
    # The assignee marks their own done; a leader marks any of the organization's.
    response = client_for(world.committee_member).post(
        _url("recommendation_done", late.pk), {"done_note": "Đã rà soát"}
    )
    assert response.status_code == 302
    assert (
        client_for(world.committee_member)
        .post(_url("recommendation_done", soon.pk), {"done_note": "x"})
        .status_code
        == 404
    )
    client_for(world.secretary).post(_url("recommendation_done", soon.pk), {"done_note": "Đã bổ sung"})
    late.refresh_from_db()
    soon.refresh_from_db()
    assert late.status == soon.status == RecommendationStatus.DONE
    assert late.done_by == world.people.committee_member and late.done_note == "Đã rà soát"
    response = client_for(world.secretary).get(_url("recommendation_list"), {"state": "open"})
    assert response.context["counts"] == {"open": 1, "overdue": 0, "done": 2}
    assert [r.pk for r in response.context["page"]] == [later.pk]


def test_r33_overdue_recommendations_are_counted(world, client_for):
    _record(
        world,
        conclude=True,
        recommendations=[("Quá hạn", world.people.committee_member, TODAY - dt.timedelta(days=1))],
    )
    response = client_for(world.btc).get(_url("recommendation_list"), {"state": "overdue"})
    assert response.context["counts"]["overdue"] == 1 and len(response.context["page"]) == 1
    home = client_for(world.btc).get(_url("home"))
    assert home.context["pending"]["overdue"] == 1


def test_r33_only_the_inspection_committee_writes(world, client_for):
    record = _record(world, recommendations=[("x", world.people.secretary, dt.date(2026, 12, 31))])
    plan = record.plan
    recommendation = record.recommendations.get()
    client = client_for(world.btc)
    # The Organization Board reads the plan and the record…
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(record.get_absolute_url()).status_code == 200
    # …but writes nothing.
    for method, url, data in [
        ("get", _url("plan_create"), {}),
        ("get", _url("plan_edit", plan.pk), {}),
        ("post", _url("record_open", plan.pk), {"org": world.g2.pk, "date": "2026-11-11"}),
        ("post", _url("record_edit", record.pk), {"date": "2026-11-10"}),
        ("post", _url("record_conclude", record.pk), {}),
        ("post", _url("recommendation_add", record.pk), {"text": "x"}),
        ("post", _url("recommendation_remove", recommendation.pk), {}),
    ]:
        assert status_of(client, method, url, data) == 404, (method, url)
    assert InspectionRecord.objects.count() == 1 and Recommendation.objects.count() == 1


def test_r33_a_plain_member_assigned_a_recommendation_opens_the_record_and_carries_it(world, client_for):
    """A party member outside the committee, assigned a recommendation: notified at the conclusion with a
    link to the record, they open it, find the recommendation in their list and report it done; they see
    no other record and no one else's recommendation."""
    record = _record(world, recommendations=[("Nộp bản kiểm điểm", world.people.member, TODAY)])
    other = services.add_recommendation(
        record, text="Rà soát chỉ tiêu", assignee=world.people.secretary, deadline=TODAY
    )
    client = client_for(world.member)
    assert client.get(record.get_absolute_url()).status_code == 404  # not before the conclusion
    services.conclude_record(record)
    note = Notification.objects.get(recipient=world.member)
    assert note.url == record.get_absolute_url()
    response = client.get(note.url)
    assert response.status_code == 200
    mine = record.recommendations.get(assignee=world.people.member)
    assert [r.pk for r in response.context["recommendations"] if r.can_carry] == [mine.pk]
    listed = client.get(_url("recommendation_list"))
    assert [r.pk for r in listed.context["page"]] == [mine.pk]
    assert [r.pk for r in client.get(_url("record_list")).context["page"]] == [record.pk]
    assert client.post(_url("recommendation_done", other.pk), {"done_note": "x"}).status_code == 404
    client.post(_url("recommendation_done", mine.pk), {"done_note": "Đã nộp"})
    mine.refresh_from_db()
    assert mine.status == RecommendationStatus.DONE and mine.done_by == world.people.member
    # Another concluded record of the organization, with nothing assigned to them: 404.
    second = _record(world, plan=_plan(world, title="Kiểm tra lần hai"), conclude=True)
    assert client.get(second.get_absolute_url()).status_code == 404
    assert [r.pk for r in client.get(_url("record_list")).context["page"]] == [record.pk]


def test_r33_my_work_lists_the_recommendations_assigned_to_me(world, client_for):
    """ "Việc của tôi" lists one's open recommendations of concluded inspections with their deadline, in
    one query whatever their number; not those of a record still being written, nor done ones."""
    plan = _plan(world)
    record = _record(
        world,
        plan,
        recommendations=[
            ("Nộp bản kiểm điểm cá nhân", world.people.member, TODAY - dt.timedelta(days=2)),
            ("Rà soát chỉ tiêu", world.people.secretary, TODAY),
        ],
    )
    _record(  # still being written
        world,
        _plan(world, title="Kiểm tra đang viết"),
        recommendations=[("Chưa kết luận", world.people.member, TODAY)],
    )
    client = client_for(world.member)
    client.get(reverse("web:home"))

    def mine() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("resolutions:mine"))
        assert response.status_code == 200
        return response.content.decode(), len(ctx.captured_queries)

    body, before = mine()
    assert 'id="other-tasks"' not in body  # nothing concluded yet
    services.conclude_record(record)
    body, one = mine()
    section = body[body.index('id="other-tasks"') :]
    assert "Nộp bản kiểm điểm cá nhân" in section and plan.title in section
    assert "overdue by 2 days" in section and record.get_absolute_url() in section
    assert "Rà soát chỉ tiêu" not in section and "Chưa kết luận" not in section
    second = _record(
        world,
        _plan(world, title="Kiểm tra lần hai"),
        conclude=True,
        recommendations=[(f"Kiến nghị {n}", world.people.member, TODAY) for n in range(5)],
    )
    body, many = mine()
    assert body.count("Kiến nghị ") == 5 and many == one == before
    Recommendation.objects.filter(record=second).update(status=RecommendationStatus.DONE)
    assert "Kiến nghị 0" not in mine()[0]


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_r33_outsider_and_plain_member_get_404(world, client_for, persona):
    record = _record(
        world, conclude=True, recommendations=[("x", world.people.secretary, dt.date(2026, 12, 31))]
    )
    recommendation = record.recommendations.get()
    client = client_for(getattr(world, persona))
    for method, url, data in [
        ("get", _url("plan_list"), {}),
        ("get", record.plan.get_absolute_url(), {}),
        ("get", _url("plan_create"), {}),
        ("get", record.get_absolute_url(), {}),
        ("post", _url("recommendation_done", recommendation.pk), {"done_note": "x"}),
        ("get", _url("inspection_report"), {}),
    ]:
        assert status_of(client, method, url, data) == 404, (method, url)
    if persona == "member":
        assert client.get(_url("record_list")).status_code == 404
        assert client.get(_url("recommendation_list")).status_code == 404
    else:
        # The outsider's own committee has no record; G1's are not listed.
        assert list(client.get(_url("record_list")).context["page"]) == []
        assert list(client.get(_url("recommendation_list")).context["page"]) == []


def test_r33_grassroots_do_not_see_plans(world, client_for):
    record = _record(world, conclude=True)
    assert client_for(world.secretary).get(record.plan.get_absolute_url()).status_code == 404
    assert client_for(world.secretary).get(_url("plan_list")).status_code == 404


# ---------------------------------------------------------------- the periodic report


def test_r33_periodic_report_counts_from_the_records(world, client_for):
    plan = _plan(world)
    _plan(world, title="Năm sau", start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 31))
    _record(
        world,
        plan,
        conclude=True,
        recommendations=[
            ("a", world.people.committee_member, dt.date(2026, 11, 1)),  # overdue
            ("b", world.people.secretary, dt.date(2027, 1, 31)),  # done below
            ("c", world.people.secretary, dt.date(2027, 2, 28)),  # open
        ],
    )
    _record(world, plan, org=world.g2, date=dt.date(2026, 12, 5))
    _record(world, plan, org=world.g2, date=dt.date(2026, 9, 30))  # before the period
    done = Recommendation.objects.get(text="b")
    services.mark_done(done, person=world.people.secretary, note="Xong")
    report = queries.inspection_report(
        None, dt.date(2026, 10, 1), dt.date(2026, 12, 31), today=dt.date(2026, 12, 15)
    )
    assert [p.title for p in report.plans] == ["Kiểm tra việc ban hành nghị quyết năm 2026"]
    assert report.plans[0].target_count == 2 and report.plans[0].record_count == 2
    assert report.totals == {"records": 2, "concluded": 1, "orgs": 2}
    assert report.recommendations == {"total": 3, "open": 2, "done": 1, "overdue": 1}
    rows = {r["org__code"]: r for r in report.rows}
    g1, g2 = rows["G1"], rows["G2"]
    assert (g1["record_count"], g1["total"], g1["done"], g1["open"], g1["overdue"]) == (1, 3, 1, 2, 1)
    assert (g2["record_count"], g2["total"]) == (1, 0)

    response = client_for(world.btc).get(
        _url("inspection_report"), {"period_kind": "quarter", "year": 2026, "number": 4}
    )
    assert response.status_code == 200
    assert response.context["report"].totals["records"] == 2


# ---------------------------------------------------------------- query counts


def _many(world, n):
    plan = _plan(world, title=f"KH {n}")
    for i in range(n):
        _record(
            world,
            plan,
            conclude=True,
            date=dt.date(2026, 11, 1) + dt.timedelta(days=i % 28),
            recommendations=[(f"KN {i}", world.people.secretary, TODAY + dt.timedelta(days=i - 5))],
        )
    return plan


@pytest.mark.parametrize(
    ("name", "user", "params"),
    [
        ("plan_list", "ubkt", {}),
        ("record_list", "btc", {}),
        ("record_list", "secretary", {}),
        ("recommendation_list", "secretary", {"state": "all"}),
        ("inspection_report", "btc", {"period_kind": "quarter", "year": 2026, "number": 4}),
    ],
)
def test_r33_list_queries_do_not_grow(world, client_for, name, user, params):
    counts = []
    for n in (3, 30):
        InspectionPlan.objects.all().delete()
        for _ in range(n if name == "plan_list" else 1):
            _many(world, 1 if name == "plan_list" else n)
        client = client_for(getattr(world, user))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url(name), params)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_r33_record_page_queries_do_not_grow(world, client_for):
    counts = []
    for n in (3, 30):
        record = _record(
            world, recommendations=[(f"KN {i}", world.people.secretary, TODAY) for i in range(n)]
        )
        client = client_for(world.ubkt)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(record.get_absolute_url())
        assert len(response.context["recommendations"]) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_r33_plan_page_queries_do_not_grow(world, client_for):
    from .test_guidance import _more_orgs

    counts = []
    for n in (3, 30):
        done = 0 if not counts else 3
        _more_orgs(world, n - done, start=done)
        orgs = list(world.bloc.children.filter(code__startswith="GX"))
        plan = services.create_plan(
            _body(world),
            title=f"KH {n}",
            content="ND",
            period_kind=PeriodKind.YEAR,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
            targets=orgs,
            team=[world.people.ubkt],
        )
        for org in orgs:
            services.open_record(plan, org=org, date=dt.date(2026, 6, 1))
        client = client_for(world.btc)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(plan.get_absolute_url())
        assert len(response.context["records"]) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
