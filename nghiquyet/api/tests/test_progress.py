"""Progress reports and difficulties through the API (R23, R26, issue #8): through the same services as
the item's page; 404 for whoever may not report, 422 naming the field, 409 when the resolution is not
issued, is closed or the item is confirmed done; a report really changes the item.

Item 1 of G1's issued resolution is carried by the committee member persona and supervised by the
secretary; item 2 is carried by the deputy secretary (cuv1) and supervised by the committee member.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nghiquyet.notify.models import Notification
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import (
    Difficulty,
    Item,
    ItemStatus,
    ProgressUpdate,
    Resolution,
    ResolutionStatus,
)

pytestmark = pytest.mark.django_db

DEC_5 = dt.date(2026, 12, 5)
EN = {"Accept-Language": "en"}


@pytest.fixture
def items(draft, committee):
    issued = services.issue(draft, signer=committee.members[0], on=DEC_5)
    return tuple(issued.items.order_by("order"))


def _url(item, what="progress") -> str:
    return f"/api/items/{item.pk}/{what}/"


# ---------------------------------------------------------------- progress (R23)


def test_r23_issue8_progress_report_changes_the_item_and_is_listed(world, items, api_as):
    first = items[0]
    api = api_as(world.committee_member)
    body = {"status": "in_progress", "percent": 40, "note": "  Đã họp các phòng chuyên môn.  "}
    response = api.post(_url(first), body)
    assert response.status_code == 201, response.content
    data = response.json()
    update = ProgressUpdate.objects.get()
    assert data["id"] == update.pk
    assert data["item"] == first.pk
    assert data["author"] == {"id": world.people.committee_member.pk, "full_name": "Trần Thị Lan"}
    assert (data["status"], data["percent"], data["note"]) == (
        "in_progress",
        40,
        "Đã họp các phòng chuyên môn.",
    )
    assert data["evidence"] == []

    first.refresh_from_db()
    assert (first.status, first.percent) == (ItemStatus.IN_PROGRESS, 40)
    assert first.history.latest().history_user == world.committee_member
    item = api.get(f"/api/items/{first.pk}/").json()
    assert (item["status"], item["percent"]) == ("in_progress", 40)
    # The supervisor reads it too.
    listed = api_as(world.secretary).get(_url(first)).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == update.pk


def test_r23_reported_done_waits_for_the_supervisor(world, items, api_as):
    first = items[0]
    response = api_as(world.committee_member).post(_url(first), {"status": "reported_done", "percent": 70})
    assert response.status_code == 201
    assert response.json()["percent"] == 100
    first.refresh_from_db()
    assert (first.status, first.percent) == (ItemStatus.REPORTED_DONE, 100)
    # The supervisor (the secretary) is asked to confirm, as from the page.
    assert Notification.objects.filter(recipient=world.secretary).count() == 1
    # Sent back by the supervisor on the item's page: the list tells the reason from the reports.
    services.send_back(first, world.people.secretary, "Chưa đủ số liệu")
    listed = api_as(world.committee_member).get(_url(first)).json()["items"]
    assert [(u["kind"], u["status"], u["percent"], u["note"]) for u in listed] == [
        ("sent_back", "in_progress", 99, "Chưa đủ số liệu"),
        ("report", "reported_done", 100, ""),
    ]


def test_r23_latest_report_first(world, items, api_as):
    api = api_as(world.committee_member)
    for percent in (10, 20, 30):
        api.post(_url(items[0]), {"status": "in_progress", "percent": percent})
    assert [u["percent"] for u in api.get(_url(items[0])).json()["items"]] == [30, 20, 10]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"status": "in_progress", "percent": 150}, "percent"),
        ({"status": "in_progress", "percent": -1}, "percent"),
        ({"status": "in_progress", "percent": "half"}, "percent"),
        ({"status": "done", "percent": 100}, "status"),  # only the supervisor confirms
        ({"status": "blocked", "percent": 10}, "status"),  # a difficulty blocks it
        ({"percent": 10}, "status"),
        ({"status": "in_progress"}, "percent"),
        ({"status": "in_progress", "percent": 10, "note": "x" * 5001}, "note"),
        ({"status": "in_progress", "percent": 10, "note": "a\x00b"}, "note"),
    ],
)
def test_r23_bad_progress_answers_422_naming_the_field(world, items, api_as, body, field):
    response = api_as(world.committee_member).post(_url(items[0]), body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][-1] == field
    assert ProgressUpdate.objects.count() == 0
    items[0].refresh_from_db()
    assert items[0].status == ItemStatus.NOT_STARTED


def test_r23_service_refusal_names_the_field_in_the_requests_language(world, items, api_as):
    response = api_as(world.committee_member).post(
        _url(items[0]), {"status": "not_started", "percent": 10}, **EN
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "payload", "percent"],
                "msg": "An item not started has 0% done.",
                "type": "invalid",
            }
        ]
    }
    assert ProgressUpdate.objects.count() == 0


def test_r23_progress_on_a_draft_answers_409(world, draft, api_as):
    item = draft.items.order_by("order").first()
    response = api_as(world.committee_member).post(_url(item), {"status": "in_progress", "percent": 10}, **EN)
    assert response.status_code == 409
    assert response.json() == {"detail": "Progress is reported only on the items of an issued resolution."}
    assert ProgressUpdate.objects.count() == 0


def test_r23_progress_on_a_closed_resolution_or_a_confirmed_item_answers_409(world, items, api_as):
    first, second = items
    api_as(world.committee_member).post(_url(first), {"status": "reported_done", "percent": 100})
    services.confirm(first, world.people.secretary)
    response = api_as(world.committee_member).post(
        _url(first), {"status": "in_progress", "percent": 50}, **EN
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "The supervisor has confirmed this item as done."
    Resolution.objects.filter(pk=first.resolution_id).update(status=ResolutionStatus.CLOSED)
    cuv1 = second.assignee.user
    assert api_as(cuv1).post(_url(second), {"status": "in_progress", "percent": 50}).status_code == 409
    assert api_as(cuv1).post(_url(second, "difficulties"), {"text": "Thiếu người"}).status_code == 409
    assert ProgressUpdate.objects.count() == 1 and Difficulty.objects.count() == 0


def test_r23_only_those_carrying_the_item_report(world, items, api_as):
    first = items[0]
    body = {"status": "in_progress", "percent": 10}
    # The supervisor and the upper level see the item but do not carry it; others do not see it at all.
    for persona in ("secretary", "btc", "member", "outsider"):
        api = api_as(getattr(world, persona))
        assert api.post(_url(first), body).status_code == 404, persona
        assert api.post(_url(first, "difficulties"), {"text": "Khó khăn"}).status_code == 404, persona
    for persona in ("member", "outsider"):
        assert api_as(getattr(world, persona)).get(_url(first)).status_code == 404
        assert api_as(getattr(world, persona)).get(_url(first, "difficulties")).status_code == 404
    assert api_as(None).post(_url(first), body).status_code == 401
    assert api_as(None).get(_url(first)).status_code == 401
    assert api_as(world.committee_member).post("/api/items/999999/progress/", body).status_code == 404
    assert ProgressUpdate.objects.count() == 0


def test_r23_co_assignee_reports_too(world, items, api_as):
    first = items[0]
    first.co_assignees.set([world.people.member])
    response = api_as(world.member).post(_url(first), {"status": "in_progress", "percent": 25})
    assert response.status_code == 201
    assert Item.objects.get(pk=first.pk).percent == 25


# ---------------------------------------------------------------- difficulties (R26)


def test_r26_issue8_difficulty_blocks_the_item_and_is_listed(world, items, api_as):
    first = items[0]
    api = api_as(world.committee_member)
    body = {"text": " Thiếu kinh phí tổ chức hội nghị ", "support_needed": "Bố trí 20 triệu đồng"}
    response = api.post(_url(first, "difficulties"), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["text"], data["support_needed"], data["status"]) == (
        "Thiếu kinh phí tổ chức hội nghị",
        "Bố trí 20 triệu đồng",
        "open",
    )
    assert data["answer"] == "" and data["answered_by"] is None
    first.refresh_from_db()
    assert first.status == ItemStatus.BLOCKED
    assert api.get(f"/api/items/{first.pk}/").json()["status"] == "blocked"
    listed = api_as(world.btc).get(_url(first, "difficulties")).json()
    assert [d["id"] for d in listed["items"]] == [data["id"]]


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x", "support_needed": 5}, "support_needed"),
    ],
)
def test_r26_bad_difficulty_answers_422_naming_the_field(world, items, api_as, body, field):
    response = api_as(world.committee_member).post(_url(items[0], "difficulties"), body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][-1] == field
    assert Difficulty.objects.count() == 0
    items[0].refresh_from_db()
    assert items[0].status == ItemStatus.NOT_STARTED


def test_r26_difficulty_on_a_draft_answers_409(world, draft, api_as):
    item = draft.items.order_by("order").first()
    response = api_as(world.committee_member).post(_url(item, "difficulties"), {"text": "Thiếu người"})
    assert response.status_code == 409
    assert Difficulty.objects.count() == 0


# ---------------------------------------------------------------- query counts


def _queries(api, url) -> int:
    api.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, {"limit": 200})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(item, person, n: int) -> None:
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(item=item, author=person, status=ItemStatus.IN_PROGRESS, percent=i) for i in range(n)
    )
    Difficulty.objects.bulk_create(
        Difficulty(item=item, reporter=person, text=f"Khó khăn {i}") for i in range(n)
    )


def test_r23_r26_list_query_counts_do_not_grow_with_the_rows(world, items, api_as):
    api = api_as(world.secretary)
    person = world.people.committee_member
    _grow(items[0], person, 3)
    few = (_queries(api, _url(items[0])), _queries(api, _url(items[0], "difficulties")))
    _grow(items[0], person, 27)
    assert api.get(_url(items[0])).json()["count"] == 30
    many = (_queries(api, _url(items[0])), _queries(api, _url(items[0], "difficulties")))
    assert many == few
    # The token, the scope (three), the item, its co-assignees, a count, a page [and the evidence].
    assert few[0] <= 9 and few[1] <= 8, few
