"""A Standing Committee meeting is the Standing Committee's, not the whole committee's (R07, R11, R13, R14).

G1's committee of nine (`committee` fixture) has three Standing Committee members here: the secretary
(`bithu`), the deputy secretary (`cuv1`) and a standing member (`cuv2`, promoted below). The committee member
persona (`capuy`) sits on the committee but not on its Standing Committee: she is expected at the regular
meeting and not at the Standing Committee's.
"""

import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from nghiquyet.api import services as api_services
from nghiquyet.meetings import documents_context, queries, services, texts
from nghiquyet.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    Notice,
    Opinion,
    Phase,
    Stance,
    Vote,
)
from nghiquyet.notify.models import Notification
from nghiquyet.orgs.models import CommitteeMembership, Position
from nghiquyet.quality import participation
from nghiquyet.resolutions.quality_data import meetings_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def standing_members(world, committee):
    """The secretary, the deputy secretary and one standing member: three of the nine."""
    CommitteeMembership.objects.filter(term=world.term1, person=committee.extra[1]).update(
        position=Position.STANDING_MEMBER
    )
    return [world.people.secretary, committee.extra[0], committee.extra[1]]


@pytest.fixture
def standing(world, committee, standing_members) -> Meeting:
    return services.add_meeting(
        world.g1,
        MeetingKind.STANDING,
        timezone.localdate(),  # held today: its record is kept (R45)
        "Hội nghị Ban Thường vụ chuẩn bị hội nghị Ban Chấp hành",
    )


@pytest.fixture
def regular(world, committee, standing_members) -> Meeting:
    return services.add_meeting(world.g1, MeetingKind.REGULAR, timezone.localdate(), "Hội nghị thường kỳ")


def _rows(people, absent=()):
    return {
        p.pk: (AttendanceStatus.ABSENT_EXCUSED, "Đi công tác")
        if p in absent
        else (AttendanceStatus.PRESENT, "")
        for p in people
    }


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# ---------------------------------------------------------------- the body


def test_body_of_a_standing_meeting_is_the_standing_committee_in_committee_order(
    world, committee, standing, regular, standing_members, django_assert_num_queries
):
    whole = queries.committee_on(world.g1, standing.date)
    assert len(whole) == 9
    with django_assert_num_queries(1):
        body = queries.body_of(standing)
    assert body == [p for p in whole if p in standing_members]
    assert len(body) == 3 and world.people.committee_member not in body
    with django_assert_num_queries(1):
        assert queries.body_of(regular) == whole


def test_a_seat_that_ended_leaves_the_standing_committee(world, committee, standing, standing_members):
    CommitteeMembership.objects.filter(term=world.term1, person=committee.extra[1]).update(
        end_date=standing.date - dt.timedelta(days=1)
    )
    assert {p.pk for p in queries.body_of(standing)} == {p.pk for p in standing_members[:2]}


# ---------------------------------------------------------------- notice (R07)


def test_r07_standing_meeting_notice_goes_to_the_standing_committee_only(
    world, standing, regular, standing_members, client_for, django_capture_on_commit_callbacks
):
    # Notified ten days ahead, in time (the fixture's meeting is held today, for the record tests).
    standing.date = timezone.localdate() + dt.timedelta(days=10)
    standing.save(update_fields=["date"])
    client = client_for(world.secretary)
    page = client.get(standing.get_absolute_url())
    assert page.context["not_notified"] == queries.body_of(standing)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:notice", args=[standing.pk]))
    assert _messages(response) == ["The notice was sent to 3 Standing Committee members."]
    assert set(Notice.objects.filter(meeting=standing).values_list("recipient", flat=True)) == {
        p.pk for p in standing_members
    }
    notified = Notification.objects.filter(url=standing.get_absolute_url())
    # The secretary who sends it gets no inbox entry of his own sending (R44).
    assert {n.recipient for n in notified} == {p.user for p in standing_members} - {world.secretary}
    assert client.get(standing.get_absolute_url()).context["not_notified"] == []
    response = client.post(reverse("meetings:notice", args=[standing.pk]))
    assert _messages(response) == ["Every Standing Committee member has already been notified."]
    # The regular meeting of the same committee still calls all nine.
    assert len(services.send_notice(regular)) == 9


# ---------------------------------------------------------------- attendance and quorum (R13)


def test_r13_attendance_roll_and_quorum_count_the_standing_committee(
    world, committee, standing, standing_members, client_for
):
    client = client_for(world.secretary)
    body = client.get(reverse("meetings:record", args=[standing.pk])).content.decode()
    for person in committee.members:
        assert (f'name="status_{person.pk}"' in body) == (person in standing_members)
    assert "Present 0 / total 3, needed 2" in body

    data = {"chair": str(standing_members[0].pk), "recorder": str(standing_members[2].pk)}
    for person in committee.members:  # a status posted for someone outside the body is not read
        data[f"status_{person.pk}"] = AttendanceStatus.PRESENT
        data[f"reason_{person.pk}"] = ""
    data[f"status_{standing_members[1].pk}"] = AttendanceStatus.ABSENT_EXCUSED
    data[f"reason_{standing_members[1].pk}"] = "Đi công tác"
    response = client.post(reverse("meetings:attendance", args=[standing.pk]), data)
    assert response.status_code == 302
    assert set(Attendance.objects.filter(meeting=standing).values_list("person", flat=True)) == {
        p.pk for p in standing_members
    }
    assert queries.quorum(standing) == queries.Quorum(members=3, present=2, needed=2)
    assert queries.quorum(standing).reached
    body = client.get(reverse("meetings:record", args=[standing.pk])).content.decode()
    assert "Present 2 / total 3, needed 2" in body and "Quorum not reached" not in body


def test_r13_a_committee_member_outside_the_standing_committee_is_not_on_the_roll(
    world, standing, standing_members, in_english
):
    rows = _rows([*standing_members, world.people.committee_member])
    with pytest.raises(ValidationError) as error:
        services.record_attendance(standing, rows)
    assert error.value.message_dict["attendance"] == [
        "Only Standing Committee members are recorded in attendance."
    ]
    assert not Attendance.objects.filter(meeting=standing).exists()


def test_r13_r14_indicators_and_participation_count_the_standing_committee(
    world, committee, standing, standing_members
):
    services.record_attendance(
        standing, _rows(standing_members, absent=standing_members[1:2]), recorder=standing_members[2]
    )
    services.add_opinion(
        standing, author=standing_members[0], stance=Stance.AGREE, text="Nhất trí.", phase=Phase.DURING
    )
    indicators = services.compute_indicators(standing)
    assert indicators.members_total == 3
    assert str(indicators.attendance_pct) == "66.7"
    vote = services.record_vote(standing, subject="Kết luận", votes_for=2, votes_against=0, votes_abstain=0)
    assert (vote.members_total, vote.adopted) == (3, True)

    [data] = meetings_data([standing])
    assert data.expected == {p.pk for p in standing_members}
    assert data.members_total == 3
    assert round(participation.attendance_pct(data)) == 67


def test_r14_votes_beyond_the_standing_members_present_are_refused(
    world, standing, standing_members, in_english
):
    services.record_attendance(standing, _rows(standing_members, absent=standing_members[1:2]))
    with pytest.raises(ValidationError) as error:
        services.record_vote(standing, subject="x", votes_for=3, votes_against=0, votes_abstain=0)
    assert error.value.message_dict["votes_for"] == ["3 votes counted but only 2 members present."]
    assert not Vote.objects.filter(meeting=standing).exists()


# ---------------------------------------------------------------- opinions (R11) and the drafter (R06)


def test_r11_only_standing_committee_members_give_opinions_at_its_meeting(
    world, standing, regular, standing_members, in_english
):
    with pytest.raises(ValidationError) as error:
        services.add_opinion(
            standing, author=world.people.committee_member, stance=Stance.AGREE, text="Ý kiến."
        )
    assert error.value.message_dict["author"] == [
        "Only Standing Committee members give opinions at this meeting."
    ]
    services.add_opinion(standing, author=standing_members[2], stance=Stance.DISAGREE, text="Chưa nhất trí.")
    # At the regular meeting she gives hers.
    services.add_opinion(regular, author=world.people.committee_member, stance=Stance.AGREE, text="Nhất trí.")
    assert list(Opinion.objects.values_list("meeting", "author")) == [
        (standing.pk, standing_members[2].pk),
        (regular.pk, world.people.committee_member.pk),
    ]


def test_r11_pages_refuse_an_opinion_from_outside_the_standing_committee(world, standing, client_for):
    outsider_of_body = world.people.committee_member
    # Written down by the recorder: she is not among the speakers offered.
    response = client_for(world.secretary).post(
        reverse("meetings:spoken", args=[standing.pk]),
        {"speaker": outsider_of_body.pk, "stance": Stance.AGREE, "text": "Ý kiến."},
        headers={"HX-Request": "true"},
    )
    assert "Select a valid choice" in response.content.decode()
    # Written by herself before the meeting: she sees the meeting but is offered no form, and a post is
    # refused as it is for anyone who may not give an opinion (404, like the upper-level officer's).
    client = client_for(world.committee_member)
    page = client.get(standing.get_absolute_url())
    assert page.status_code == 200
    assert page.context["can_opine"] is False and 'id="opinion-form"' not in page.content.decode()
    response = client.post(
        reverse("meetings:opinion", args=[standing.pk]),
        {"stance": Stance.AGREE, "section": "", "text": "Ý kiến của tôi."},
    )
    assert response.status_code == 404
    assert not Opinion.objects.filter(meeting=standing).exists()


@pytest.mark.parametrize("seat", [0, 1, 2], ids=["secretary", "deputy", "standing_member"])
def test_r11_each_standing_committee_member_gets_the_opinion_form(
    world, standing, standing_members, client_for, seat
):
    author = standing_members[seat]
    client = client_for(author.user)
    page = client.get(standing.get_absolute_url())
    assert page.context["can_opine"] is True and 'id="opinion-form"' in page.content.decode()
    response = client.post(
        reverse("meetings:opinion", args=[standing.pk]),
        {"stance": Stance.SUGGESTION, "section": "", "text": "Đề nghị bổ sung tiến độ."},
    )
    assert response.status_code == 302
    assert _messages(response) == ["Your opinion is recorded."]
    assert list(Opinion.objects.values_list("meeting", "author", "phase")) == [
        (standing.pk, author.pk, Phase.BEFORE)
    ]


def test_r11_the_committee_member_still_gives_hers_at_the_regular_meeting(world, regular, client_for):
    client = client_for(world.committee_member)
    assert client.get(regular.get_absolute_url()).context["can_opine"] is True
    response = client.post(
        reverse("meetings:opinion", args=[regular.pk]),
        {"stance": Stance.AGREE, "section": "", "text": "Nhất trí."},
    )
    assert response.status_code == 302
    assert Opinion.objects.get().author == world.people.committee_member


def test_r11_the_api_applies_the_same_rule(world, standing, standing_members, client):
    url = f"/api/meetings/{standing.pk}/opinions/"

    def post(user):
        key = api_services.create_token(user, "Hệ thống văn phòng điện tử")[1]
        return client.post(
            url,
            {"stance": "agree", "text": "Đồng ý."},
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )

    assert post(world.committee_member).status_code == 404
    assert post(standing_members[2].user).status_code == 201
    assert list(Opinion.objects.values_list("author", flat=True)) == [standing_members[2].pk]


def test_r11_the_rule_reads_no_query_beyond_the_scope(world, standing, regular, standing_members):
    user = world.committee_member
    assert user.has_perm("meetings.give_opinion", regular)  # the scope is read and cached here
    with CaptureQueriesContext(connection) as ctx:
        assert not user.has_perm("meetings.give_opinion", standing)
        assert user.has_perm("meetings.give_opinion", world.g1)  # asked of the organization: its committee
    assert ctx.captured_queries == []


def test_r06_the_drafter_of_a_standing_meeting_sits_on_the_standing_committee(
    world, committee, standing, regular, standing_members, client_for, in_english
):
    form = client_for(world.secretary).get(reverse("meetings:prepare", args=[standing.pk])).context["form"]
    assert [value for value, _label in form.fields["drafter"].choices if value != ""] == [
        p.pk for p in queries.body_of(standing)
    ]
    with pytest.raises(ValidationError) as error:
        services.prepare(standing, topics=["Chuẩn bị hội nghị"], drafter=world.people.committee_member)
    assert error.value.message_dict["drafter"] == ["The drafter must be a member of the Standing Committee."]
    services.prepare(standing, topics=["Chuẩn bị hội nghị"], drafter=standing_members[1])
    services.prepare(regular, topics=["Chuyển đổi số"], drafter=world.people.committee_member)


# ---------------------------------------------------------------- the notice and the minutes (R07, R14)


def _docx_text(response) -> str:
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_r07_the_notice_of_a_standing_meeting_calls_the_standing_committee(
    world, standing, regular, client_for
):
    document = documents_context.notice_document(standing)
    assert "4. Thành phần: Các đồng chí ủy viên Ban Thường vụ." in [b.text for b in document.blocks]
    assert document.recipients == ["Các đồng chí ủy viên Ban Thường vụ"]
    response = client_for(world.secretary).get(
        reverse("meetings:notice_document", args=[standing.pk, "docx"])
    )
    text = _docx_text(response)
    assert "4. Thành phần: Các đồng chí ủy viên Ban Thường vụ." in text
    assert "cấp ủy viên" not in text
    # The regular meeting's notice still calls the whole committee.
    regular_notice = documents_context.notice_document(regular)
    assert "4. Thành phần: Các đồng chí cấp ủy viên." in [b.text for b in regular_notice.blocks]
    assert regular_notice.recipients == ["Các đồng chí cấp ủy viên"]


def test_r13_r14_the_minutes_of_a_standing_meeting_count_standing_committee_members(
    world, committee, standing, regular, standing_members, client_for
):
    services.record_attendance(
        standing, _rows(standing_members, absent=standing_members[1:2]), recorder=standing_members[2]
    )
    services.record_vote(standing, subject="Kết luận", votes_for=2, votes_against=0, votes_abstain=0)
    text = texts.minutes_text(standing)
    assert "Có mặt: 2/3 đồng chí ủy viên Ban Thường vụ." in text
    assert "trên tổng số 3 ủy viên Ban Thường vụ. Nghị quyết được thông qua." in text
    assert "cấp ủy viên." not in text
    blocks = [b.text for b in documents_context.minutes_document(standing).blocks]
    assert "Có mặt: 2/3 đồng chí ủy viên Ban Thường vụ." in blocks
    response = client_for(world.secretary).get(
        reverse("meetings:minutes_document", args=[standing.pk, "docx"])
    )
    assert "Có mặt: 2/3 đồng chí ủy viên Ban Thường vụ." in _docx_text(response)
    # The regular meeting's minutes count the committee's members.
    services.record_attendance(regular, _rows(committee.members))
    services.record_vote(regular, subject="Nghị quyết", votes_for=9, votes_against=0, votes_abstain=0)
    text = texts.minutes_text(regular)
    assert "Có mặt: 9/9 đồng chí cấp ủy viên." in text and "trên tổng số 9 cấp ủy viên." in text


# ---------------------------------------------------------------- the regular meeting and the query count


def test_r13_regular_meeting_of_the_same_committee_still_counts_all_nine(
    world, committee, regular, standing_members, client_for
):
    body = client_for(world.secretary).get(reverse("meetings:record", args=[regular.pk])).content.decode()
    assert all(f'name="status_{p.pk}"' in body for p in committee.members)
    assert "Present 0 / total 9, needed 6" in body
    services.record_attendance(regular, _rows(committee.members))
    assert queries.quorum(regular) == queries.Quorum(members=9, present=9, needed=6)


def test_record_page_of_a_standing_meeting_reads_as_many_queries_as_a_regular_one(
    world, committee, standing, regular, standing_members, client_for
):
    client = client_for(world.secretary)

    def count(meeting):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("meetings:record", args=[meeting.pk]))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    services.record_attendance(standing, _rows(standing_members))
    services.record_attendance(regular, _rows(committee.members))
    count(regular)  # warm the session and the content-type caches
    assert count(standing) == count(regular) <= 16
