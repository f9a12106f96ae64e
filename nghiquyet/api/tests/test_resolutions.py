"""Resolutions and items through the API (R15, R20, R23, issue #8): the same access rules as the pages —
401 without a token, 404 for another organization's resolution or item — filters that name the bad
parameter, and lists whose query count does not grow with the rows.

G1's resolution is issued with two items: item 1 carried by the committee member persona and supervised
by the secretary, item 2 carried by the deputy secretary (cuv1) and supervised by the committee member.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nghiquyet.resolutions import services
from nghiquyet.resolutions.access import visible_items, visible_resolutions
from nghiquyet.resolutions.models import Item, ItemStatus, Resolution, ResolutionKind, ResolutionStatus

from .data import issued_resolution

pytestmark = pytest.mark.django_db

DEC_5 = dt.date(2026, 12, 5)


@pytest.fixture
def issued(draft, committee):
    return services.issue(draft, signer=committee.members[0], on=DEC_5)


@pytest.fixture
def items(issued):
    return tuple(issued.items.order_by("order"))


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


# ---------------------------------------------------------------- 401 and 404


def test_r15_issue8_every_resolution_endpoint_needs_a_token(world, items, api_as):
    anonymous = api_as(None)
    for url in ("/api/resolutions/", f"/api/resolutions/{items[0].resolution_id}/", "/api/items/"):
        assert anonymous.get(url).status_code == 401
    assert anonymous.get(f"/api/items/{items[0].pk}/").status_code == 401


def test_r15_another_orgs_resolution_and_item_answer_404(world, items, api_as):
    resolution = items[0].resolution
    for persona in ("outsider", "member"):
        api = api_as(getattr(world, persona))
        assert api.get(f"/api/resolutions/{resolution.pk}/").status_code == 404
        assert api.get(f"/api/items/{items[0].pk}/").status_code == 404
        assert _ids(api.get("/api/resolutions/")) == []
        assert _ids(api.get("/api/items/")) == []
    api = api_as(world.secretary)
    assert api.get("/api/resolutions/", {"org": "G2"}).status_code == 404
    assert api.get("/api/items/", {"org": "G2"}).status_code == 404
    assert api.get("/api/resolutions/999999/").status_code == 404
    assert api.get("/api/items/999999/").status_code == 404


def test_r15_odd_ids_and_codes_answer_422_not_500(world, api_as):
    api = api_as(world.secretary)
    assert api.get("/api/resolutions/0/").status_code == 422
    assert api.get(f"/api/items/{2**70}/").status_code == 422
    response = api.get("/api/resolutions/", {"org": "G1\x00"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "org"]
    assert api.get("/api/items/", {"offset": 10**12}).status_code == 422
    assert api.get("/api/items/", {"offset": 10**6}).json() == {"items": [], "count": 0}


# ---------------------------------------------------------------- resolutions


def test_r15_resolution_list_latest_first_with_item_counts(world, items, committee, api_as):
    people = world.people
    past = issued_resolution(
        world.g1,
        7,
        3,
        assignee=people.committee_member,
        supervisor=people.secretary,
        deadline=timezone.localdate() - dt.timedelta(days=3),
        issued_on=dt.date(2026, 9, 4),
    )
    Item.objects.filter(pk=past.items.first().pk).update(status=ItemStatus.DONE)
    issued_resolution(world.g2, 1, 1, assignee=people.outsider, supervisor=people.outsider)
    data = api_as(world.secretary).get("/api/resolutions/").json()
    assert data["count"] == 2
    newest, older = data["items"]
    assert newest == {
        "id": items[0].resolution_id,
        "number": "01-NQ/ĐU",
        "title": "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026",
        "status": "issued",
        "org": "G1",
        "org_name": "Đảng bộ Sở Tư pháp",
        "kind": "regular",
        "issued_on": "2026-12-05",
        "meeting": items[0].resolution.meeting_id,
        "items_total": 2,
        "items_done": 0,
        "items_overdue": 0,
    }
    assert (older["id"], older["items_total"], older["items_done"], older["items_overdue"]) == (
        past.pk,
        3,
        1,
        2,
    )
    # The upper level sees the bloc's; the outsider only G2's.
    assert len(_ids(api_as(world.btc).get("/api/resolutions/"))) == 3
    assert len(_ids(api_as(world.outsider).get("/api/resolutions/"))) == 1


def test_r15_resolution_list_filters(world, items, api_as):
    people = world.people
    thematic = issued_resolution(
        world.g1,
        8,
        1,
        assignee=people.committee_member,
        supervisor=people.secretary,
        issued_on=dt.date(2026, 3, 2),
        kind=ResolutionKind.THEMATIC,
    )
    draft = services.create_draft(world.g1, title="Dự thảo nghị quyết tháng 1 năm 2027")
    api = api_as(world.committee_member)
    issued = items[0].resolution_id
    assert _ids(api.get("/api/resolutions/", {"status": "draft"})) == [draft.pk]
    assert _ids(api.get("/api/resolutions/", {"kind": "thematic"})) == [thematic.pk]
    assert _ids(api.get("/api/resolutions/", {"org": "G1"})) == [draft.pk, issued, thematic.pk]
    window = {"issued_from": "2026-03-01", "issued_to": "2026-11-30"}
    assert _ids(api.get("/api/resolutions/", window)) == [thematic.pk]
    assert _ids(api.get("/api/resolutions/", {"issued_from": "2026-12-01"})) == [issued]
    for name, value in [("issued_from", "31/02/2026"), ("status", "signed"), ("kind", "x"), ("limit", 0)]:
        response = api.get("/api/resolutions/", {name: value})
        assert response.status_code == 422, name
        assert response.json()["detail"][0]["loc"][-1] == name


def test_r15_resolution_detail_with_its_items(world, items, committee, api_as):
    resolution = items[0].resolution
    response = api_as(world.btc).get(f"/api/resolutions/{resolution.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == "01-NQ/ĐU"
    assert data["objectives"] == "Hoàn thành chỉ tiêu năm 2026."
    assert data["signed_by"] == {"id": committee.members[0].pk, "full_name": "Nguyễn Văn Bình"}
    assert data["correction"] == "" and data["corrects"] is None
    assert (data["items_total"], data["items_done"], data["items_overdue"]) == (2, 0, 0)
    first, second = data["items"]
    assert first == {
        "id": items[0].pk,
        "order": items[0].order,
        "content": "Tổng kết công tác chuyên môn năm 2026",
        "deadline_kind": "date",
        "deadline": "2026-12-25",
        "assignee": {"id": committee.members[1].pk, "full_name": "Trần Thị Lan"},
        "supervisor": {"id": committee.members[0].pk, "full_name": "Nguyễn Văn Bình"},
        "status": "not_started",
        "percent": 0,
        "overdue": False,
    }
    # A relative completion time is resolved at issuance (R20): within the month of December.
    assert (second["deadline_kind"], second["deadline"]) == ("month", "2026-12-31")


def test_r15_a_draft_is_seen_by_the_committee(world, draft, api_as):
    assert api_as(world.committee_member).get(f"/api/resolutions/{draft.pk}/").json()["status"] == "draft"
    assert api_as(world.member).get(f"/api/resolutions/{draft.pk}/").status_code == 404


# ---------------------------------------------------------------- items


def test_r23_items_mine_are_those_one_carries_or_supervises(world, items, committee, api_as):
    first, second = items
    api = api_as(world.committee_member)  # carries item 1, supervises item 2
    assert sorted(_ids(api.get("/api/items/", {"mine": "true"}))) == sorted([first.pk, second.pk])
    assert _ids(api_as(world.secretary).get("/api/items/", {"mine": "true"})) == [first.pk]
    cuv2 = committee.extra[1].user
    assert _ids(api_as(cuv2).get("/api/items/", {"mine": "true"})) == []
    # ... but every item of the committee's issued resolutions without the filter.
    assert sorted(_ids(api_as(cuv2).get("/api/items/"))) == sorted([first.pk, second.pk])


def test_r23_co_assignee_sees_their_item_in_mine_once(world, committee, api_as):
    people = world.people
    resolution = issued_resolution(
        world.g1, 3, 2, assignee=people.secretary, supervisor=people.secretary, co_assignees=[people.member]
    )
    # The plain member sees nothing of G1, except the items they help carry.
    ids = sorted(resolution.items.values_list("pk", flat=True))
    assert sorted(_ids(api_as(world.member).get("/api/items/", {"mine": "true"}))) == ids
    assert sorted(_ids(api_as(world.member).get("/api/items/"))) == ids
    assert api_as(world.member).get(f"/api/items/{ids[0]}/").status_code == 200
    assert api_as(world.member).get(f"/api/resolutions/{resolution.pk}/").status_code == 404


def test_r23_items_filters_status_overdue_org(world, items, api_as):
    people = world.people
    late = issued_resolution(
        world.g1,
        4,
        2,
        assignee=people.committee_member,
        supervisor=people.secretary,
        deadline=timezone.localdate() - dt.timedelta(days=1),
    )
    done = issued_resolution(
        world.g1,
        5,
        1,
        assignee=people.committee_member,
        supervisor=people.secretary,
        deadline=timezone.localdate() - dt.timedelta(days=5),
        status=ItemStatus.DONE,
    )
    api = api_as(world.secretary)
    late_ids = sorted(late.items.values_list("pk", flat=True))
    assert sorted(_ids(api.get("/api/items/", {"overdue": "true"}))) == late_ids
    assert _ids(api.get("/api/items/", {"status": "done"})) == [done.items.get().pk]
    every = _ids(api.get("/api/items/", {"org": "G1"}))
    # Open items by deadline, the confirmed ones last.
    assert every[:2] == late_ids and every[-1] == done.items.get().pk
    assert len(every) == 5
    # The draft's items are not work yet: none listed before issuance.
    Resolution.objects.filter(pk=items[0].resolution_id).update(status=ResolutionStatus.DRAFT)
    assert len(_ids(api.get("/api/items/"))) == 3
    response = api.get("/api/items/", {"overdue": "maybe"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "overdue"]


def test_r15_item_detail(world, items, committee, api_as):
    first = items[0]
    first.co_assignees.set([committee.extra[3]])
    data = api_as(world.committee_member).get(f"/api/items/{first.pk}/").json()
    assert data["resolution"] == {
        "id": first.resolution_id,
        "number": "01-NQ/ĐU",
        "title": "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026",
        "status": "issued",
    }
    assert data["org"] == "G1"
    assert data["requirement"] == "Đánh giá đúng kết quả, chỉ rõ tồn tại"
    assert data["measures"] == "Các phòng gửi báo cáo trước ngày 20/12"
    assert data["co_assignees"] == [{"id": committee.extra[3].pk, "full_name": "Ngô Thị Hoa"}]
    assert data["confirmed_by"] is None and data["completed_on"] is None


@pytest.mark.parametrize("persona", ["btc", "ubkt", "secretary", "committee_member", "member", "outsider"])
def test_r15_lists_show_exactly_what_the_access_helpers_allow(world, items, committee, api_as, persona):
    """The list filters and the per-object rule `resolutions.see` agree, persona by persona."""
    people = world.people
    issued_resolution(world.g2, 1, 2, assignee=people.outsider, supervisor=people.outsider)
    issued_resolution(
        world.g1, 2, 1, assignee=people.secretary, supervisor=people.btc, co_assignees=[people.member]
    )
    # Classified for the secretary and the Inspection Committee: its item carried by the member (#17.1).
    issued_resolution(
        world.g1,
        3,
        1,
        assignee=people.member,
        supervisor=people.secretary,
        confidentiality="secret",
        roles=",inspection_committee,secretary,",
    )
    issued_resolution(
        world.g1,
        4,
        1,
        assignee=people.secretary,
        supervisor=people.secretary,
        confidentiality="secret",
        roles=",secretary,",
    )
    user = getattr(world, persona)
    allowed = {r.pk for r in Resolution.objects.select_related("org") if user.has_perm("resolutions.see", r)}
    assert set(visible_resolutions(user).values_list("pk", flat=True)) == allowed
    allowed = {
        i.pk
        for i in Item.objects.select_related("resolution__org").prefetch_related("co_assignees")
        if user.has_perm("resolutions.see", i)
    }
    assert set(visible_items(user).values_list("pk", flat=True)) == allowed
    assert allowed  # every persona sees something here, so the comparison means something


# ---------------------------------------------------------------- query counts


def _queries(api, url: str, params=None) -> int:
    api.get(url)  # the token's first use is recorded; measure the steady state
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, {"limit": 200, **(params or {})})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def _grow(world, committee, n: int, start: int) -> None:
    for number in range(start, start + n):
        issued_resolution(
            world.g1,
            number,
            2,
            assignee=world.people.committee_member,
            supervisor=world.people.secretary,
            co_assignees=[committee.extra[0]],
        )


def test_r15_issue8_list_query_counts_do_not_grow_with_the_rows(world, committee, api_as):
    api = api_as(world.committee_member)
    urls = {
        "resolutions": ("/api/resolutions/", None),
        "resolutions of G1": ("/api/resolutions/", {"org": "G1"}),
        "items": ("/api/items/", None),
        "my items": ("/api/items/", {"mine": "true", "overdue": "false"}),
    }
    _grow(world, committee, 3, 1)
    few = {name: _queries(api, url, params) for name, (url, params) in urls.items()}
    _grow(world, committee, 27, 4)
    assert api.get("/api/resolutions/").json()["count"] == 30
    assert api.get("/api/items/").json()["count"] == 60
    many = {name: _queries(api, url, params) for name, (url, params) in urls.items()}
    assert many == few
    # The token, the scope (three, and two for the organizations since moved out of reach or received with
    # the records of one that ended, whose past stays readable, R40), the viewer's posts (classified
    # resolutions, #17.1), [the organization,] a count and a page; items: the person's co-assigned ids too
    # (read first, so the items are found from indexes).
    assert few["resolutions"] <= 9 and few["items"] <= 11, few


def test_r15_detail_query_count_does_not_grow_with_the_items(world, committee, api_as):
    api = api_as(world.secretary)
    small = issued_resolution(
        world.g1, 1, 3, assignee=world.people.committee_member, supervisor=world.people.secretary
    )
    big = issued_resolution(
        world.g1, 2, 30, assignee=world.people.committee_member, supervisor=world.people.secretary
    )
    api.get("/api/resolutions/")
    counts = []
    for resolution in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(f"/api/resolutions/{resolution.pk}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
