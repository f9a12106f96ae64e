"""Meetings through the API (R04-R14) and written opinions (R11): the same access rules as the pages,
404 for another organization's meetings, 422 naming the field, 409 once the minutes are signed."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nghiquyet.api import services as services_api
from nghiquyet.meetings import services
from nghiquyet.meetings.models import Meeting, MeetingKind, MeetingStatus, Opinion, Phase, Stance

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def _meetings(org, dates):
    return [
        Meeting.objects.create(
            org=org, kind=MeetingKind.THEMATIC, title=f"Hội nghị chuyên đề {d:%m/%Y}", date=d
        )
        for d in dates
    ]


# ---------------------------------------------------------------- lists and detail (R04, R13, R14)


def test_r04_meetings_of_an_org_latest_first_filtered_by_year(world, meeting, api_as):
    _meetings(world.g1, [dt.date(2025, 3, 5), dt.date(2026, 2, 6)])
    api = api_as(world.secretary)
    page = api.get("/api/orgs/G1/meetings/").json()
    assert page["count"] == 3
    assert [m["date"] for m in page["items"]] == ["2026-12-04", "2026-02-06", "2025-03-05"]
    assert page["items"][0] == {
        "id": meeting.pk,
        "org": "G1",
        "kind": "regular",
        "title": "Hội nghị cấp ủy thường kỳ tháng 12/2026",
        "date": "2026-12-04",
        "start_time": "08:00:00",
        "place": "Phòng họp tầng 3, Sở Tư pháp",
        "nominal_date": "2026-12-04",
        "status": "planned",
    }
    in_2025 = api.get("/api/orgs/G1/meetings/", {"year": 2025}).json()
    assert [m["date"] for m in in_2025["items"]] == ["2025-03-05"]
    assert api.get("/api/orgs/G1/meetings/", {"year": "last"}).status_code == 422


def test_r04_another_orgs_meetings_answer_404(world, meeting, api_as):
    assert api_as(world.outsider).get("/api/orgs/G1/meetings/").status_code == 404
    # A plain member sees their cell, not the committee's meetings.
    assert api_as(world.member).get("/api/orgs/G1/meetings/").status_code == 404
    assert api_as(world.outsider).get(f"/api/meetings/{meeting.pk}/").status_code == 404
    assert api_as(world.member).get(f"/api/meetings/{meeting.pk}/").status_code == 404
    assert api_as(world.secretary).get("/api/meetings/999999/").status_code == 404


def test_r13_r14_meeting_detail_with_topics_attendance_vote_and_minutes(
    world, committee, meeting, meeting_day, api_as
):
    services.prepare(meeting, topics=["Cải cách hành chính", "Chuyển đổi số"], drafter=committee.members[1])
    services.record_attendance(
        meeting,
        {p.pk: ("present", "") for p in committee.members[:7]}
        | {committee.members[7].pk: ("absent_excused", "Đi công tác")},
        chair=committee.members[0],
        recorder=committee.members[2],
    )
    services.record_vote(
        meeting, subject="Nghị quyết tháng 12", votes_for=6, votes_against=1, votes_abstain=0
    )
    services.draft_minutes(meeting)

    response = api_as(world.ubkt).get(f"/api/meetings/{meeting.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "held"
    assert [t["title"] for t in data["focus_topics"]] == ["Cải cách hành chính", "Chuyển đổi số"]
    assert data["drafter"]["full_name"] == "Trần Thị Lan"
    assert data["chair"]["id"] == committee.members[0].pk
    assert data["attendance"] == {
        "members": 9,
        "present": 7,
        "needed": 6,
        "quorum_reached": True,
        "by_status": {
            "present": 7,
            "late": 0,
            "absent_excused": 1,
            "absent": 0,
            "elsewhere": 0,  # the reasons that change the count (R41)
            "exempt": 0,
            "suspended": 0,
        },
    }
    assert data["vote"] == {
        "subject": "Nghị quyết tháng 12",
        "votes_for": 6,
        "votes_against": 1,
        "votes_abstain": 0,
        "members_total": 9,
        "adopted": True,
    }
    assert data["minutes"]["status"] == "draft"
    assert data["minutes"]["chair_signed_at"] is None


def test_r14_meeting_not_yet_held_has_no_vote_nor_minutes(world, meeting, api_as):
    data = api_as(world.secretary).get(f"/api/meetings/{meeting.pk}/").json()
    assert data["vote"] is None and data["minutes"] is None
    assert data["focus_topics"] == []
    assert data["attendance"]["present"] == 0 and data["attendance"]["quorum_reached"] is False


# ---------------------------------------------------------------- opinions (R11)


def test_r11_committee_member_posts_a_written_opinion(world, meeting, api_as):
    url = f"/api/meetings/{meeting.pk}/opinions/"
    body = {"stance": "disagree", "text": "  Chưa nêu rõ nguồn lực thực hiện.  ", "section": "Chuyển đổi số"}
    response = api_as(world.committee_member).post(url, body)
    assert response.status_code == 201, response.content
    data = response.json()
    opinion = Opinion.objects.get()
    assert data["id"] == opinion.pk
    assert data["author"] == {"id": world.people.committee_member.pk, "full_name": "Trần Thị Lan"}
    assert (opinion.stance, opinion.phase, opinion.text) == (
        Stance.DISAGREE,
        Phase.BEFORE,
        "Chưa nêu rõ nguồn lực thực hiện.",
    )
    assert opinion.section == "Chuyển đổi số"
    assert opinion.recorded_by == world.committee_member
    # The change history names the token's owner, as it does for the pages.
    assert opinion.history.get().history_user == world.committee_member


def test_r11_posting_needs_no_csrf_token_only_the_api_token(world, meeting):
    # No cookie is involved, so there is no cross-site request to forge.
    api = ApiClient(Client(enforce_csrf_checks=True), services_api.create_token(world.secretary, "app")[1])
    response = api.post(f"/api/meetings/{meeting.pk}/opinions/", {"stance": "agree", "text": "Đồng ý."})
    assert response.status_code == 201


def test_r11_bad_input_answers_422_naming_the_field(world, meeting, api_as):
    api = api_as(world.secretary)
    url = f"/api/meetings/{meeting.pk}/opinions/"
    response = api.post(url, {"stance": "maybe", "text": "Đồng ý."})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "stance"
    response = api.post(url, {"stance": "agree"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "text"
    assert Opinion.objects.count() == 0


def test_r11_service_errors_answer_422_in_the_requests_language(world, meeting, api_as):
    api = api_as(world.secretary)
    url = f"/api/meetings/{meeting.pk}/opinions/"
    # Only blanks: the schema accepts it, the service refuses it.
    response = api.post(url, {"stance": "agree", "text": "   "}, **{"Accept-Language": "vi"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"loc": ["body", "payload", "text"], "msg": "Nhập nội dung ý kiến.", "type": "invalid"}]
    }
    response = api.post(url, {"stance": "agree", "text": "   "}, **{"Accept-Language": "en"})
    assert response.json()["detail"][0]["msg"] == "Write the opinion."


def test_r11_opinion_on_a_signed_meeting_answers_409(world, meeting, api_as):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.SIGNED)
    response = api_as(world.secretary).post(
        f"/api/meetings/{meeting.pk}/opinions/", {"stance": "agree", "text": "Đồng ý."}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "Biên bản cuộc họp này đã được ký: không thể thay đổi nữa."
    assert Opinion.objects.count() == 0


def test_r11_only_committee_members_give_opinions(world, meeting, api_as):
    url = f"/api/meetings/{meeting.pk}/opinions/"
    body = {"stance": "agree", "text": "Đồng ý."}
    # The upper level sees the meeting but does not sit on the committee; others do not see it at all.
    assert api_as(world.btc).get(f"/api/meetings/{meeting.pk}/").status_code == 200
    for user in (world.btc, world.member, world.outsider):
        assert api_as(user).post(url, body).status_code == 404
    assert api_as(None).post(url, body).status_code == 401
    assert Opinion.objects.count() == 0


# ---------------------------------------------------------------- query counts


def _queries(api, url) -> int:
    api.get(url)  # the token's first use is recorded; measure the steady state
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, {"limit": 200})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_r04_meeting_list_query_count_does_not_grow_with_the_rows(world, meeting, api_as):
    api = api_as(world.secretary)
    url = "/api/orgs/G1/meetings/"
    _meetings(world.g1, [dt.date(2024, m, 10) for m in (1, 2)])
    few = _queries(api, url)
    _meetings(world.g1, [dt.date(2020 + m // 12, m % 12 + 1, 10) for m in range(27)])
    assert api.get(url).json()["count"] == 30
    assert _queries(api, url) == few
    # The token, the scope (three), the organization, a count and a page.
    assert few == 7


def test_r13_meeting_detail_query_count_does_not_grow_with_the_record(
    world, committee, meeting, meeting_day, api_as
):
    api = api_as(world.secretary)
    url = f"/api/meetings/{meeting.pk}/"
    services.prepare(meeting, topics=["Một"], drafter=None)
    few = _queries(api, url)
    services.prepare(meeting, topics=[f"Chủ đề {i}" for i in range(9)], drafter=None)
    services.record_attendance(meeting, {p.pk: ("present", "") for p in committee.members})
    assert _queries(api, url) == few
