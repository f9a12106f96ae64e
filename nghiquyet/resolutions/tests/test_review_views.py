"""The review pages through HTTP (R09, R25, R27, R35).

Personas: the secretary of G1 runs the meeting and leads the committee; a committee member sees the pages
but changes nothing; a plain member and the outsider (G2's secretary) get 404 everywhere.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.meetings.models import AgendaEntry, MeetingKind, Section
from nghiquyet.resolutions import queries as resolution_queries
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions import texts as resolution_texts
from nghiquyet.resolutions.models import (
    AnnualReview,
    ClosingReview,
    Commendation,
    ItemEvaluation,
    ItemStatus,
    ResolutionStatus,
)

from .test_review import (  # noqa: F401  (last_month and year_records are fixtures)
    NOV_4,
    held_meeting,
    issued_resolution,
    last_month,
    lock,
    set_state,
    year_records,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    # English is the source language: assertions do not depend on the Vietnamese catalogue.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _last_message(response) -> str:
    # Redirects are not followed, so messages of earlier posts are still queued in the cookie.
    return _messages(response)[-1]


def _urls(meeting, resolution, world):
    review_url = reverse("resolutions:meeting_review", args=[meeting.pk])
    close_url = reverse("resolutions:close", args=[resolution.pk])
    annual_url = reverse("resolutions:annual", args=[world.g1.code, 2026])
    item = resolution.items.first()
    return [
        ("get", review_url, {}),
        ("post", review_url, {"action": "prefill"}),
        ("post", review_url, {"action": "evaluate", f"rating_{item.pk}": "good"}),
        ("post", review_url, {"action": "commend", "kind": "commend", "unit": world.c1.pk, "text": "Tốt"}),
        ("get", close_url, {}),
        ("post", close_url, {"results": "KQ", "lessons": "Bài học"}),
        ("get", annual_url, {}),
        ("post", annual_url, {"action": "compile"}),
        ("post", annual_url, {"action": "assessment", "assessment": "Tốt"}),
    ]


def _nothing_written(meeting, resolution):
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.ISSUED
    assert not AgendaEntry.objects.filter(meeting=meeting).exists()
    assert not ItemEvaluation.objects.exists() and not Commendation.objects.exists()
    assert not ClosingReview.objects.exists() and not AnnualReview.objects.exists()


# ---------------------------------------------------------------- access


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_r09_outsider_and_plain_member_get_404_on_every_view(world, meeting, last_month, client_for, persona):  # noqa: F811
    client = client_for(getattr(world, persona))
    for method, url, data in _urls(meeting, last_month.resolution, world):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    _nothing_written(meeting, last_month.resolution)


def test_r25_committee_member_sees_but_changes_nothing(world, meeting, last_month, client_for):  # noqa: F811
    client = client_for(world.committee_member)
    pk = meeting.pk
    for method, url, data in _urls(meeting, last_month.resolution, world):
        expected = 200 if method == "get" and "/close/" not in url else 404
        assert getattr(client, method)(url, data).status_code == expected, (method, url)
    _nothing_written(meeting, last_month.resolution)
    body = client.get(reverse("resolutions:meeting_review", args=[pk])).content.decode()
    assert "Hoàn thiện hồ sơ đề nghị khen thưởng năm 2026" in body
    for form in ('id="prefill-form"', 'id="evaluation-form"', 'id="commendation-form"'):
        assert form not in body
    body = client.get(reverse("resolutions:annual", args=["G1", 2026])).content.decode()
    assert 'id="compile-form"' not in body and 'id="assessment-form"' not in body


def test_r35_upper_level_officer_sees_the_yearly_review(world, client_for):
    client = client_for(world.btc)
    assert client.get(reverse("resolutions:annual", args=["G1", 2026])).status_code == 200
    assert (
        client.post(reverse("resolutions:annual", args=["G1", 2026]), {"action": "compile"}).status_code
        == 404
    )


def test_r35_unknown_org_or_absurd_year_is_404(world, client_for):
    client = client_for(world.secretary)
    assert client.get(reverse("resolutions:annual", args=["NOPE", 2026])).status_code == 404
    assert client.get(reverse("resolutions:annual", args=["G1", 1800])).status_code == 404


# ---------------------------------------------------------------- last month's review (R09, R25)


@pytest.mark.usefixtures("meeting_day")  # the evaluation forms are offered on the meeting's day (R45)
def test_r09_review_page_shows_each_item_with_its_state_and_cause(world, meeting, last_month, client_for):  # noqa: F811
    response = client_for(world.secretary).get(reverse("resolutions:meeting_review", args=[meeting.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Resolution No. 01-NQ/ĐU" in body
    states = {i.item.pk: i.state for r in response.context["summary"].resolutions for i in r.items}
    for item, state in (
        (last_month.on_time, "on_time"),
        (last_month.late, "late"),
        (last_month.blocked, "not_done"),
        (last_month.running, "in_progress"),
        (last_month.idle, "not_started"),
        (last_month.unconfirmed, "not_done"),
    ):
        assert states[item.pk] == state
        assert f'id="rev-item-{item.pk}" data-state="{state}"' in body
    assert "Thiếu kinh phí sửa chữa" in body and "Chờ ý kiến của Sở" in body
    assert "3 days late" in body and "4 days overdue" in body and "No cause reported" in body
    assert 'data-state="not_done">Not done: <strong>2</strong>' in body
    assert 'id="prefill-form"' in body and 'id="evaluation-form"' in body and 'id="commendation-form"' in body


def test_r09_fill_in_button_writes_the_review_section(world, meeting, last_month, client_for):  # noqa: F811
    client = client_for(world.secretary)
    url = reverse("resolutions:meeting_review", args=[meeting.pk])
    response = client.post(url, {"action": "prefill"})
    assert response.status_code == 302 and response["Location"] == url + "#rev-text"
    assert _messages(response) == ["The review of last month is filled in the meeting record."]
    entry = AgendaEntry.objects.get(meeting=meeting, section=Section.REVIEW)
    assert entry.text == resolution_texts.review_text(resolution_queries.review_summary(meeting))
    assert "có 6 nhiệm vụ: 1 hoàn thành đúng hạn, 1 hoàn thành chậm, 2 chưa hoàn thành" in entry.text
    assert "chưa hoàn thành (quá hạn 4 ngày). Nguyên nhân: Thiếu kinh phí sửa chữa." in entry.text
    body = client.get(url).content.decode()
    assert 'id="rev-entry"' in body and "Nguyên nhân: Thiếu kinh phí sửa chữa." in body


def test_r09_without_last_months_resolution_the_page_says_so(world, meeting, client_for):
    client = client_for(world.secretary)
    url = reverse("resolutions:meeting_review", args=[meeting.pk])
    body = client.get(url).content.decode()
    assert 'id="rev-none"' in body and 'id="prefill-form"' not in body
    response = client.post(url, {"action": "prefill"})
    assert _messages(response) == ["There is no issued regular resolution of last month to review."]
    assert not AgendaEntry.objects.exists()


@pytest.mark.usefixtures("meeting_day")  # evaluated at the December meeting, on its day (R45)
def test_r25_evaluations_are_saved_from_the_page(world, meeting, last_month, client_for):  # noqa: F811
    client = client_for(world.secretary)
    url = reverse("resolutions:meeting_review", args=[meeting.pk])
    response = client.post(
        url,
        {
            "action": "evaluate",
            f"rating_{last_month.on_time.pk}": "good",
            f"comment_{last_month.on_time.pk}": "Chủ động",
            f"rating_{last_month.blocked.pk}": "not_done",
            f"rating_{last_month.late.pk}": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == url + "#rev-items"
    assert _messages(response) == ["2 item evaluations saved."]
    assert dict(ItemEvaluation.objects.values_list("item_id", "rating")) == {
        last_month.on_time.pk: "good",
        last_month.blocked.pk: "not_done",
    }
    form = client.get(url).context["evaluation_form"]
    assert form[f"rating_{last_month.on_time.pk}"].initial == "good"
    assert form[f"comment_{last_month.on_time.pk}"].initial == "Chủ động"


@pytest.mark.usefixtures("meeting_day")  # evaluated at the December meeting, on its day (R45)
def test_r25_a_comment_without_a_rating_is_refused(world, meeting, last_month, client_for):  # noqa: F811
    response = client_for(world.secretary).post(
        reverse("resolutions:meeting_review", args=[meeting.pk]),
        {"action": "evaluate", f"comment_{last_month.late.pk}": "Cần cố gắng"},
    )
    assert response.status_code == 200
    assert "Choose an evaluation for this comment." in response.content.decode()
    assert not ItemEvaluation.objects.exists()


@pytest.mark.usefixtures("meeting_day")  # evaluated at the December meeting, on its day (R45)
def test_r25_commendation_and_criticism_from_the_page(world, meeting, last_month, client_for):  # noqa: F811
    client = client_for(world.secretary)
    url = reverse("resolutions:meeting_review", args=[meeting.pk])
    response = client.post(
        url, {"action": "commend", "kind": "commend", "person": world.people.member.pk, "text": "Gương mẫu"}
    )
    assert response.status_code == 302 and _messages(response) == ["The commendation is recorded."]
    response = client.post(
        url, {"action": "commend", "kind": "criticize", "unit": world.c2.pk, "text": "Chậm"}
    )
    assert _last_message(response) == "The criticism is recorded."
    # Both a person and a unit, or a person of another organization: refused with the form shown again.
    response = client.post(
        url,
        {
            "action": "commend",
            "kind": "commend",
            "person": world.people.member.pk,
            "unit": world.c1.pk,
            "text": "x",
        },
    )
    assert (
        response.status_code == 200 and "Choose either a party member or a unit." in response.content.decode()
    )
    response = client.post(
        url, {"action": "commend", "kind": "commend", "person": world.people.outsider.pk, "text": "x"}
    )
    assert response.status_code == 200
    body = client.get(url).content.decode()
    assert "Gương mẫu" in body and "Chi bộ Thanh tra 1" in body
    assert Commendation.objects.count() == 2


@pytest.mark.usefixtures("meeting_day")  # evaluated at the December meeting, on its day (R45)
def test_r25_locked_meeting_is_read_only(world, meeting, last_month, client_for):  # noqa: F811
    resolution_services.evaluate_items(meeting, {last_month.on_time.pk: ("good", "Chủ động")})
    lock(meeting)
    client = client_for(world.secretary)
    url = reverse("resolutions:meeting_review", args=[meeting.pk])
    body = client.get(url).content.decode()
    assert 'id="rev-locked"' in body and "Completed well" in body
    for form in ('id="prefill-form"', 'id="evaluation-form"', 'id="commendation-form"'):
        assert form not in body
    for data in (
        {"action": "prefill"},
        {"action": "evaluate", f"rating_{last_month.late.pk}": "done"},
        {"action": "commend", "kind": "commend", "unit": world.c1.pk, "text": "x"},
    ):
        response = client.post(url, data)
        assert response.status_code == 302
        assert (
            _last_message(response) == "The minutes of this meeting are signed: it can no longer be changed."
        )
    assert ItemEvaluation.objects.count() == 1 and not Commendation.objects.exists()
    assert not AgendaEntry.objects.filter(meeting=meeting).exists()


def test_r09_unknown_action_is_404(world, meeting, client_for):
    url = reverse("resolutions:meeting_review", args=[meeting.pk])
    assert client_for(world.secretary).post(url, {"action": "delete"}).status_code == 404


def _resolution_with_items(world, committee, november, n: int, day: int):
    items = [(f"Nhiệm vụ {i}", dt.date(2026, 11, 20 + i % 10)) for i in range(n)]
    resolution = issued_resolution(
        world, committee, november, items, on=dt.date(2026, 11, day), title=f"Nghị quyết {n} nhiệm vụ"
    )
    for i, item in enumerate(resolution.items.all()):
        if i % 3 == 0:
            set_state(item, ItemStatus.DONE, completed_on=dt.date(2026, 11, 22))
        elif i % 3 == 1:
            set_state(item, ItemStatus.BLOCKED, percent=20)
    return resolution


def test_r09_review_page_query_count_does_not_grow_with_the_items(world, committee, meeting, client_for):
    november = held_meeting(world, committee, NOV_4)
    client = client_for(world.secretary)
    url = reverse("resolutions:meeting_review", args=[meeting.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _resolution_with_items(world, committee, november, 3, 5)
    few = count()
    _resolution_with_items(world, committee, november, 27, 6)
    assert len(resolution_queries.review_summary(meeting).items) == 30
    # session, user, meeting, scope (3), minutes, previous meeting, resolutions, items (latest difficulty
    # and note as subqueries), evaluations, members, committee, units, review section, ancestors,
    # commendations, the menu's person: 18, none per item.
    assert count() == few


# ---------------------------------------------------------------- closing review (R27)


def test_r27_close_page_prefills_results_and_requires_lessons(world, last_month, client_for):  # noqa: F811
    client = client_for(world.secretary)
    resolution = last_month.resolution
    url = reverse("resolutions:close", args=[resolution.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert (
        response.context["form"]
        .initial["results"]
        .startswith("Nghị quyết có 6 nhiệm vụ: 1 hoàn thành đúng hạn")
    )
    response = client.post(url, {"results": "Kết quả tốt", "lessons": "   "})
    assert response.status_code == 200 and 'id="close-form"' in response.content.decode()
    assert response.context["form"].errors["lessons"]
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.ISSUED

    response = client.post(url, {"results": "Kết quả tốt", "lessons": "Giao việc kèm nguồn lực."})
    assert response.status_code == 302 and response["Location"] == resolution.get_absolute_url()
    assert _messages(response) == ["The resolution is closed with its review."]
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.CLOSED
    assert resolution.closing_review.lessons == "Giao việc kèm nguồn lực."
    assert [c.lessons for c in resolution_queries.latest_lessons(world.g1)] == ["Giao việc kèm nguồn lực."]

    body = client.get(url).content.decode()
    assert 'id="rev-lessons"' in body and "Giao việc kèm nguồn lực." in body and 'id="close-form"' not in body
    response = client.post(url, {"results": "", "lessons": "Lần nữa"})
    assert _last_message(response) == "This resolution is already closed."
    assert ClosingReview.objects.count() == 1


def test_r27_a_draft_cannot_be_closed_from_the_page(world, draft, client_for):
    client = client_for(world.secretary)
    response = client.post(reverse("resolutions:close", args=[draft.pk]), {"lessons": "Bài học"})
    assert response.status_code == 302 and _messages(response) == ["Only an issued resolution is closed."]
    draft.refresh_from_db()
    assert draft.status == ResolutionStatus.DRAFT and not ClosingReview.objects.exists()


# ---------------------------------------------------------------- the yearly review (R35)


def _figure(body: str, name: str) -> str:
    start = body.index(f'data-figure="{name}">') + len(f'data-figure="{name}">')
    return body[start : body.index("<", start)]


def test_r35_yearly_review_is_compiled_shown_and_assessed(world, last_month, year_records, client_for):  # noqa: F811
    client = client_for(world.secretary)
    url = reverse("resolutions:annual", args=["G1", 2026])
    body = client.get(url).content.decode()
    assert 'id="rev-not-compiled"' in body and not AnnualReview.objects.exists()

    response = client.post(url, {"action": "compile"})
    assert response.status_code == 302 and _messages(response) == [
        "The yearly review is compiled from the records."
    ]
    stored = AnnualReview.objects.get(org=world.g1, year=2026)
    assert stored.figures == resolution_queries.annual_figures(world.g1, 2026)

    response = client.get(url)
    body = response.content.decode()
    items = stored.figures["items"]
    assert _figure(body, "resolutions-total") == "2"
    assert _figure(body, "closed-with-lessons") == "1"
    assert _figure(body, "items-total") == str(items["total"]) == "8"
    assert _figure(body, "done-on-time") == "2" and _figure(body, "done-late") == "1"
    assert _figure(body, "not-done") == "5" and _figure(body, "overdue-open") == str(items["overdue_open"])
    assert _figure(body, "on-time-pct") == "25.0" and _figure(body, "evaluations-total") == "3"
    assert (
        'id="annual-chart"' in body
        and "resolutions/annual.js" in body
        and "vendor/chartjs/chart.umd.min.js" in body
    )
    data = response.context["data"]
    on_time = next(s for s in data["series"] if s["key"] == "done_on_time")
    assert on_time["data"][5] == 1 and on_time["data"][10] == 1 and sum(on_time["data"]) == 2
    assert '<script id="annual-data" type="application/json">' in body
    assert (
        json.loads(body.split('<script id="annual-data" type="application/json">')[1].split("</script>")[0])
        == data
    )

    response = client.post(url, {"action": "assessment", "assessment": "Năm 2026 hoàn thành tốt nhiệm vụ."})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.assessment == "Năm 2026 hoàn thành tốt nhiệm vụ."
    body = client_for(world.committee_member).get(url).content.decode()
    assert 'id="rev-assessment-text"' in body and "Năm 2026 hoàn thành tốt nhiệm vụ." in body


def test_r35_assessment_before_compiling_is_refused(world, client_for):
    client = client_for(world.secretary)
    url = reverse("resolutions:annual", args=["G1", 2026])
    response = client.post(url, {"action": "assessment", "assessment": "Sớm quá"})
    assert _messages(response) == ["Compile the yearly review before writing the assessment."]
    assert not AnnualReview.objects.exists()


def test_r35_yearly_review_query_count_does_not_grow_with_the_records(world, committee, client_for):
    client = client_for(world.secretary)
    url = reverse("resolutions:annual", args=["G1", 2026])
    november = held_meeting(world, committee, NOV_4)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _resolution_with_items(world, committee, november, 3, 5)
    few = count()
    for day in (6, 7, 8, 9):
        _resolution_with_items(world, committee, november, 7, day)
    held_meeting(world, committee, dt.date(2026, 10, 4), MeetingKind.REGULAR)
    assert resolution_queries.annual_figures(world.g1, 2026)["items"]["total"] == 31
    # session, user, org, scope (3), stored review, resolutions by kind, items by month, evaluations,
    # meetings by kind, ancestors, the menu's person: 13; once compiled the four aggregates are read
    # from the stored figures.
    assert count() == few
    client.post(url, {"action": "compile"})
    compiled = count()
    _resolution_with_items(world, committee, november, 5, 10)
    client.post(url, {"action": "compile"})
    assert count() == compiled


def test_r35_page_links_to_the_neighbouring_years(world, client_for):
    body = client_for(world.secretary).get(reverse("resolutions:annual", args=["G1", 2026])).content.decode()
    assert reverse("resolutions:annual", args=["G1", 2025]) in body
    assert reverse("resolutions:annual", args=["G1", 2027]) in body
