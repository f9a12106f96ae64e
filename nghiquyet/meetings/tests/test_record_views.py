"""The meeting record, the vote and the minutes through their pages (R09-R14).

Personas: the secretary (committee.members[0], user `bithu`) runs the meeting and chairs it; the recorder is
committee.members[4] (user `cuv3`, an ordinary committee member who may run the meeting only because she
records it); `world.committee_member` sees the meeting but does not run it; `world.member` is a plain party
member; `world.outsider` is the secretary of another organization.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from nghiquyet.meetings import services
from nghiquyet.meetings.models import (
    AgendaEntry,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    Opinion,
    Phase,
    Section,
    Stance,
    Vote,
)

# The record is kept on the meeting's day, never before it (R45).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("meeting_day")]

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def english(client):
    # The pages are asserted on their English source strings; the minutes stay Vietnamese whatever the
    # interface language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def url(name, meeting):
    return reverse(f"meetings:{name}", args=[meeting.pk])


def chair(committee):
    return committee.members[0]


def recorder(committee):
    return committee.members[4]


def attendance_data(committee, absent=(), late=(), reason="Đi công tác", chair_=None, recorder_=None):
    data = {
        "chair": str((chair_ or chair(committee)).pk),
        "recorder": str((recorder_ or recorder(committee)).pk),
    }
    for person in committee.members:
        status = AttendanceStatus.PRESENT
        if person in absent:
            status = AttendanceStatus.ABSENT_EXCUSED
        elif person in late:
            status = AttendanceStatus.LATE
        data[f"status_{person.pk}"] = status
        data[f"reason_{person.pk}"] = reason if person in absent else ""
    return data


def attend(meeting, committee, absent=()):
    rows = {
        p.pk: (AttendanceStatus.ABSENT_EXCUSED, "Đi công tác")
        if p in absent
        else (AttendanceStatus.PRESENT, "")
        for p in committee.members
    }
    services.record_attendance(meeting, rows, chair=chair(committee), recorder=recorder(committee))


def signed_meeting(meeting, committee):
    """A meeting recorded and signed by both: locked."""
    attend(meeting, committee)
    services.record_section(meeting, Section.REVIEW, "Đã hoàn thành 4/5 nhiệm vụ.")
    services.add_opinion(
        meeting, author=committee.members[1], stance=Stance.AGREE, text="Nhất trí.", phase=Phase.DURING
    )
    services.record_vote(
        meeting, subject="Nghị quyết tháng 12", votes_for=9, votes_against=0, votes_abstain=0
    )
    services.sign_minutes(meeting, chair(committee))
    services.sign_minutes(meeting, recorder(committee))
    meeting.refresh_from_db()
    assert meeting.is_locked
    return meeting


def record_snapshot(meeting):
    """Every row the record views write, to prove a refused request changed nothing."""
    minutes = Minutes.objects.filter(meeting=meeting).values_list(
        "text", "status", "chair_signed_at", "recorder_signed_at", "sha256"
    )
    return (
        list(
            Attendance.objects.filter(meeting=meeting)
            .order_by("person_id")
            .values_list("person_id", "status", "reason")
        ),
        list(AgendaEntry.objects.filter(meeting=meeting).order_by("section").values_list("section", "text")),
        list(Opinion.objects.filter(meeting=meeting).order_by("id").values_list("id", "text")),
        list(Vote.objects.filter(meeting=meeting).values_list("votes_for", "votes_against", "votes_abstain")),
        list(minutes),
        list(Meeting.objects.filter(pk=meeting.pk).values_list("status", "chair_id", "recorder_id")),
    )


# ---------------------------------------------------------------- access


VIEWS = [
    ("record", "get"),
    ("attendance", "post"),
    ("section", "post"),
    ("spoken", "post"),
    ("vote", "post"),
    ("minutes", "get"),
    ("sign", "post"),
]


@pytest.mark.parametrize(("name", "method"), VIEWS)
@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_r14_outsider_and_plain_member_get_404_everywhere(world, meeting, client_for, persona, name, method):
    client = client_for(getattr(world, persona))
    response = getattr(client, method)(url(name, meeting))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method"), [v for v in VIEWS if v[0] not in ("minutes", "sign")])
def test_r14_committee_member_cannot_record(world, meeting, client_for, name, method):
    before = record_snapshot(meeting)
    response = getattr(client_for(world.committee_member), method)(
        url(name, meeting), {"section": "review", "text": "x"}
    )
    assert response.status_code == 404
    assert record_snapshot(meeting) == before


def test_r14_committee_member_who_is_not_chair_or_recorder_cannot_sign(world, meeting, client_for):
    before = record_snapshot(meeting)
    response = client_for(world.committee_member).post(url("sign", meeting), {"read_back": "on"})
    assert response.status_code == 302
    assert record_snapshot(meeting) == before


def test_r14_a_chair_without_a_leading_position_signs(world, committee, meeting, client_for):
    """The chair signs as chair, whatever their position on the committee."""
    services.record_attendance(
        meeting,
        {p.pk: ("present", "") for p in committee.members},
        chair=world.people.committee_member,
        recorder=committee.members[2],
    )
    services.record_vote(meeting, subject="Nghị quyết", votes_for=9, votes_against=0, votes_abstain=0)
    response = client_for(world.committee_member).post(url("sign", meeting), {"read_back": "on"})
    assert response.status_code == 302
    assert meeting.minutes.chair_signed_at is not None


def test_r14_committee_member_reads_the_minutes_without_sign_form(world, committee, meeting, client_for):
    attend(meeting, committee)
    services.draft_minutes(meeting)
    response = client_for(world.committee_member).get(url("minutes", meeting))
    assert response.status_code == 200
    assert response.context["sign_form"] is None
    assert "BIÊN BẢN" in response.content.decode()


def test_login_required(client, meeting):
    response = client.get(url("record", meeting))
    assert response.status_code == 302 and "login" in response["Location"]


def test_record_page_is_get_only_and_change_views_post_only(world, meeting, client_for):
    client = client_for(world.secretary)
    assert client.post(url("record", meeting)).status_code == 405
    assert client.get(url("vote", meeting)).status_code == 405


# ---------------------------------------------------------------- attendance (R13)


def test_r13_record_page_lists_every_committee_member_and_warns_without_quorum(
    world, committee, meeting, client_for
):
    response = client_for(world.secretary).get(url("record", meeting))
    assert response.status_code == 200
    body = response.content.decode()
    for person in committee.members:
        assert person.full_name in body
        assert f'name="status_{person.pk}"' in body and f'name="reason_{person.pk}"' in body
    assert "Present 0 / total 9, needed 6" in body
    assert "Quorum not reached" in body
    for status in ("Present", "Late", "Absent with reason", "Absent without reason"):
        assert status in body


def test_r13_attendance_records_absence_with_reason_chair_and_recorder(world, committee, meeting, client_for):
    absent = committee.members[3]
    response = client_for(world.secretary).post(
        url("attendance", meeting), attendance_data(committee, absent=[absent], late=[committee.members[5]])
    )
    assert response.status_code == 302
    assert response["Location"] == url("record", meeting) + "#rec-attendance"
    row = Attendance.objects.get(meeting=meeting, person=absent)
    assert (row.status, row.reason) == (AttendanceStatus.ABSENT_EXCUSED, "Đi công tác")
    assert (
        Attendance.objects.get(meeting=meeting, person=committee.members[5]).status == AttendanceStatus.LATE
    )
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.recorder) == (chair(committee), recorder(committee))
    page = client_for(world.secretary).get(url("record", meeting)).content.decode()
    assert "Present 8 / total 9, needed 6" in page
    assert "Quorum not reached" not in page


def test_r13_htmx_attendance_returns_the_partial_with_the_quorum_warning(
    world, committee, meeting, client_for
):
    absent = committee.members[2:]
    response = client_for(world.secretary).post(
        url("attendance", meeting), attendance_data(committee, absent=absent), headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section id="rec-attendance">') and "<html" not in body
    assert "Present 2 / total 9, needed 6" in body and "Quorum not reached" in body
    assert "Saved." in body


def test_r13_absence_with_reason_without_reason_names_the_member_and_saves_nothing(
    world, committee, meeting, client_for
):
    absent = committee.members[3]
    data = attendance_data(committee, absent=[absent], reason="  ")
    response = client_for(world.secretary).post(url("attendance", meeting), data, headers=HTMX)
    assert response.status_code == 200
    assert f"{absent.full_name}: give the reason for the absence." in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()
    # A plain form post shows the same message on the whole page.
    response = client_for(world.secretary).post(url("attendance", meeting), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{absent.full_name}: give the reason for the absence." in body
    assert "Nothing was saved" in body
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_r13_only_committee_members_may_chair(world, committee, meeting, client_for):
    data = attendance_data(committee)
    data["chair"] = str(world.people.outsider.pk)
    response = client_for(world.secretary).post(url("attendance", meeting), data, headers=HTMX)
    assert "Select a valid choice" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()


# ---------------------------------------------------------------- standing sections (R09, R10, R12)


def test_r10_every_standing_section_has_its_own_form(world, meeting, client_for):
    body = client_for(world.secretary).get(url("record", meeting)).content.decode()
    for key, label in Section.choices:
        assert f'id="rec-section-{key}"' in body
        assert escape(str(label)) in body
    assert body.count('name="section" value=') == len(Section.choices)


def test_r09_review_of_last_month_saved_by_htmx_returns_the_section(world, meeting, client_for):
    text = "Ưu điểm: hoàn thành 4/5 nhiệm vụ. Hạn chế: chậm báo cáo. Nguyên nhân: thiếu cán bộ."
    response = client_for(world.secretary).post(
        url("section", meeting), {"section": Section.REVIEW, "text": text}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<details class="rec-section" id="rec-section-review" open>')
    assert "Saved." in body and "thiếu cán bộ" in body
    assert AgendaEntry.objects.get(meeting=meeting, section=Section.REVIEW).text == text


def test_r12_criticism_section_saved_by_a_plain_post_and_emptied(world, meeting, client_for):
    client = client_for(world.secretary)
    response = client.post(
        url("section", meeting), {"section": Section.CRITICISM, "text": "Đồng chí A tự phê bình."}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#rec-section-criticism")
    assert (
        AgendaEntry.objects.get(meeting=meeting, section=Section.CRITICISM).text == "Đồng chí A tự phê bình."
    )
    client.post(url("section", meeting), {"section": Section.CRITICISM, "text": "   "})
    assert not AgendaEntry.objects.filter(meeting=meeting, section=Section.CRITICISM).exists()


def test_r10_unknown_section_is_refused(world, meeting, client_for):
    response = client_for(world.secretary).post(url("section", meeting), {"section": "gossip", "text": "x"})
    assert response.status_code == 400
    assert not AgendaEntry.objects.filter(meeting=meeting).exists()


# ---------------------------------------------------------------- opinions (R11)


def test_r11_opinions_listed_in_order_with_dissent_marked(world, committee, meeting, client_for):
    client = client_for(world.secretary)
    speakers = [
        (committee.members[1], Stance.AGREE, "Nhất trí với dự thảo."),
        (committee.members[5], Stance.DISAGREE, "Không nhất trí mục 3: thời hạn quá gấp."),
        (committee.members[2], Stance.SUGGESTION, "Đề nghị bổ sung người kiểm tra."),
    ]
    for person, stance, text in speakers:
        response = client.post(
            url("spoken", meeting),
            {"speaker": person.pk, "stance": stance, "section": "mục 3", "text": text},
            headers=HTMX,
        )
        assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="rec-opinions">')
    positions = [body.index(text) for _p, _s, text in speakers]
    assert positions == sorted(positions)
    assert body.count('class="rec-dissent"') == 1
    dissent = body[body.index('class="rec-dissent"') :]
    assert dissent.index(committee.members[5].full_name) < dissent.index("</li>")
    opinions = list(Opinion.objects.filter(meeting=meeting).order_by("order"))
    assert [(o.author, o.phase, o.order, o.recorded_by) for o in opinions] == [
        (p, Phase.DURING, i, world.secretary) for i, (p, _s, _t) in enumerate(speakers, start=1)
    ]


def test_r11_speaker_must_sit_on_the_committee_and_text_is_required(world, committee, meeting, client_for):
    client = client_for(world.secretary)
    response = client.post(
        url("spoken", meeting),
        {"speaker": world.people.member.pk, "stance": Stance.AGREE, "text": "x"},
        headers=HTMX,
    )
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        url("spoken", meeting), {"speaker": committee.members[1].pk, "stance": Stance.AGREE, "text": ""}
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Opinion.objects.filter(meeting=meeting).exists()


def test_r11_vote_without_spoken_opinion_shows_no_discussion_warning(world, committee, meeting, client_for):
    attend(meeting, committee)
    client = client_for(world.secretary)
    assert "No discussion recorded" not in client.get(url("record", meeting)).content.decode()
    response = client.post(
        url("vote", meeting),
        {"subject": "NQ", "votes_for": 9, "votes_against": 0, "votes_abstain": 0},
        headers=HTMX,
    )
    body = response.content.decode()
    # The vote partial, and the warning swapped in out of band.
    assert body.startswith('<section id="rec-vote">')
    assert (
        '<div id="rec-discussion" hx-swap-oob="true"><p class="msg msg-warning" role="alert"><strong>No discussion recorded.'
        in body
    )
    assert "No discussion recorded" in client.get(url("record", meeting)).content.decode()
    # An opinion written down clears it, in the same htmx answer.
    response = client.post(
        url("spoken", meeting),
        {"speaker": committee.members[1].pk, "stance": Stance.AGREE, "text": "Nhất trí."},
        headers=HTMX,
    )
    assert '<div id="rec-discussion" hx-swap-oob="true"></div>' in response.content.decode()
    assert "No discussion recorded" not in client.get(url("record", meeting)).content.decode()


# ---------------------------------------------------------------- the vote (R14)


def test_r14_vote_result_is_computed_against_all_members_in_office(world, committee, meeting, client_for):
    attend(meeting, committee)
    client = client_for(world.secretary)
    # An 'adopted' field smuggled into the post is ignored: adoption is computed.
    response = client.post(
        url("vote", meeting),
        {
            "subject": "Nghị quyết tháng 12",
            "votes_for": 5,
            "votes_against": 3,
            "votes_abstain": 1,
            "adopted": "on",
        },
        headers=HTMX,
    )
    assert (
        "Adopted: 5 of 9 members in office approved (more than half needed: 5)" in response.content.decode()
    )
    page = client.get(url("record", meeting)).content.decode()
    assert "Adopted: 5 of 9 members in office approved (more than half needed: 5)" in page
    assert 'name="adopted"' not in page


def test_r14_four_present_voting_for_is_not_adopted(world, committee, meeting, client_for):
    attend(meeting, committee, absent=committee.members[4:])
    response = client_for(world.secretary).post(
        url("vote", meeting), {"subject": "", "votes_for": 4, "votes_against": 0, "votes_abstain": 0}
    )
    assert response.status_code == 302
    vote = Vote.objects.get(meeting=meeting)
    assert (vote.adopted, vote.subject) == (False, meeting.title)
    page = client_for(world.secretary).get(url("record", meeting)).content.decode()
    assert "Not adopted: 4 of 9 members in office approved (more than half needed: 5)" in page


def test_r14_more_votes_than_members_present_is_refused_next_to_the_field(
    world, committee, meeting, client_for
):
    attend(meeting, committee, absent=committee.members[4:])
    data = {"subject": "x", "votes_for": 5, "votes_against": 0, "votes_abstain": 0}
    response = client_for(world.secretary).post(url("vote", meeting), data, headers=HTMX)
    assert "5 votes counted but only 4 members present." in response.content.decode()
    response = client_for(world.secretary).post(url("vote", meeting), {**data, "votes_for": -1})
    assert "Ensure this value is greater than or equal to 0" in response.content.decode()
    assert not Vote.objects.filter(meeting=meeting).exists()


def test_r14_record_page_queries_do_not_grow_with_opinions_or_attendance(
    world, committee, meeting, client_for
):
    client = client_for(world.secretary)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url("record", meeting))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    attend(meeting, committee, absent=committee.members[8:])
    services.record_section(meeting, Section.REVIEW, "Kiểm điểm.")
    services.record_vote(meeting, subject="NQ", votes_for=8, votes_against=0, votes_abstain=0)

    def speak(n):
        for i in range(n):
            services.add_opinion(
                meeting,
                author=committee.members[i % 8],
                stance=[Stance.AGREE, Stance.DISAGREE, Stance.SUGGESTION][i % 3],
                text=f"Ý kiến {i}",
                phase=Phase.DURING,
            )

    speak(3)
    client.get(url("record", meeting))  # warm the session and the content-type caches
    small = count()
    speak(27)
    assert Opinion.objects.filter(meeting=meeting).count() == 30
    assert count() == small
    # 1 session, 2 user, 3 the meeting, 4-6 the user's scope (person, body staff, committee seats),
    # 7 the committee in office, 8 attendance, 9 sections, 10 spoken opinions with their authors, 11 the vote,
    # 12-13 the quorum (committee, present count), 14 the minutes, 15 focus topics (section names),
    # 16 the user's person in the page header.
    assert small <= 16


# ---------------------------------------------------------------- the minutes and signing (R14)


def test_r14_minutes_page_drafts_for_the_secretary_and_offers_the_chair_a_sign_form(
    world, committee, meeting, client_for
):
    attend(meeting, committee, absent=[committee.members[3]])
    response = client_for(world.secretary).get(url("minutes", meeting))
    assert response.status_code == 200
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == "draft"
    assert f"Đồng chí {committee.members[3].full_name}: vắng có lý do (Đi công tác)" in minutes.text
    body = response.content.decode()
    assert "Sign as chair" in body and "The minutes were read back to the meeting" in body
    assert "Record the vote before signing the minutes." in body
    # Viewing it again does not redraft an unchanged text (no history row per view).
    history = minutes.history.count()
    client_for(world.secretary).get(url("minutes", meeting))
    assert minutes.history.count() == history


def test_r14_signing_needs_the_read_back_checkbox(world, committee, meeting, client_for):
    attend(meeting, committee)
    services.record_vote(meeting, subject="NQ", votes_for=9, votes_against=0, votes_abstain=0)
    response = client_for(world.secretary).post(url("sign", meeting), {})
    assert response.status_code == 200
    assert "The minutes must be read back to the meeting before signing." in response.content.decode()
    assert not Minutes.objects.filter(meeting=meeting, chair_signed_at__isnull=False).exists()


def test_r14_signing_before_the_vote_is_refused(world, committee, meeting, client_for):
    attend(meeting, committee)
    response = client_for(world.secretary).post(url("sign", meeting), {"read_back": "on"}, follow=True)
    assert "Record the vote before signing the minutes." in response.content.decode()
    assert not Minutes.objects.filter(meeting=meeting, chair_signed_at__isnull=False).exists()


def test_r14_only_the_chair_and_the_recorder_sign(world, committee, meeting, client_for):
    # The deputy secretary (cuv1) runs the meeting but neither chairs nor records it.
    attend(meeting, committee)
    services.record_vote(meeting, subject="NQ", votes_for=9, votes_against=0, votes_abstain=0)
    deputy = committee.members[2].user
    page = client_for(deputy).get(url("minutes", meeting))
    assert page.context["sign_form"] is None
    before = record_snapshot(meeting)  # the page drafted the minutes
    response = client_for(deputy).post(url("sign", meeting), {"read_back": "on"}, follow=True)
    assert "Only the chair and the recorder of this meeting sign its minutes." in response.content.decode()
    assert record_snapshot(meeting) == before


def test_r14_first_signature_closes_the_record(world, committee, meeting, client_for):
    attend(meeting, committee)
    services.record_vote(meeting, subject="NQ", votes_for=9, votes_against=0, votes_abstain=0)
    client = client_for(world.secretary)
    client.post(url("sign", meeting), {"read_back": "on"})
    before = record_snapshot(meeting)
    response = client.post(
        url("section", meeting), {"section": Section.CONCLUSION, "text": "Kết luận muộn"}, follow=True
    )
    assert "the record is locked" in response.content.decode()
    assert record_snapshot(meeting) == before
    page = client.get(url("record", meeting)).content.decode()
    assert "Signing has begun" in page and '<form method="post" action="/meetings' not in page


POSTS = {
    "attendance": lambda c: attendance_data(c, absent=[c.members[1]], reason="Ốm"),
    "section": lambda c: {"section": Section.CONCLUSION, "text": "Kết luận sửa lén"},
    "spoken": lambda c: {"speaker": c.members[1].pk, "stance": Stance.DISAGREE, "text": "Thêm sau khi ký"},
    "vote": lambda c: {"subject": "NQ", "votes_for": 1, "votes_against": 8, "votes_abstain": 0},
    "sign": lambda c: {"read_back": "on"},
}


@pytest.mark.parametrize("name", list(POSTS))
def test_r14_locked_meeting_refuses_every_change(world, committee, meeting, client_for, name, monkeypatch):
    signed_meeting(meeting, committee)
    before = record_snapshot(meeting)
    history = Minutes.objects.get(meeting=meeting).history.count()
    # Refused before any service is called.
    for service in ("record_attendance", "record_section", "add_opinion", "record_vote", "sign_minutes"):
        monkeypatch.setattr(
            services, service, lambda *a, **k: pytest.fail("service called on a locked meeting")
        )
    client = client_for(world.secretary)
    response = client.post(url(name, meeting), POSTS[name](committee), follow=True)
    assert "the record is locked" in response.content.decode()
    response = client.post(url(name, meeting), POSTS[name](committee), headers=HTMX)
    assert response.status_code == 409 and response["HX-Redirect"]
    assert record_snapshot(meeting) == before
    assert Minutes.objects.get(meeting=meeting).history.count() == history


def test_r14_locked_pages_are_read_only(world, committee, meeting, client_for):
    signed_meeting(meeting, committee)
    minutes = Minutes.objects.get(meeting=meeting)
    for user in (world.secretary, recorder(committee).user):
        page = client_for(user).get(url("minutes", meeting)).content.decode()
        assert "Signed — locked." in page and minutes.sha256 in page
        assert '<form method="post" action="/meetings' not in page
    page = client_for(world.secretary).get(url("record", meeting)).content.decode()
    assert "Signed — locked." in page and '<form method="post" action="/meetings' not in page
    assert "Đã hoàn thành 4/5 nhiệm vụ." in page
    assert f"<tr><td>{committee.members[1].full_name}</td><td>Present</td>" in page


# ---------------------------------------------------------------- the whole meeting through the pages


def test_r09_r11_r12_r13_r14_full_meeting_through_the_pages(world, committee, meeting, client_for):
    secretary = client_for(world.secretary)
    absent = committee.members[8]
    # R13: attendance, one absent with reason; the secretary chairs, cuv3 records.
    response = secretary.post(
        url("attendance", meeting), attendance_data(committee, absent=[absent], reason="Nằm viện")
    )
    assert response.status_code == 302
    # R09: review of last month; R12: criticism and self-criticism.
    secretary.post(
        url("section", meeting), {"section": Section.REVIEW, "text": "Tháng 11 hoàn thành 5/6 nhiệm vụ."}
    )
    secretary.post(
        url("section", meeting),
        {"section": Section.CRITICISM, "text": "Đồng chí Huy tự phê bình việc chậm báo cáo."},
    )
    # R11: two spoken opinions, one disagreeing.
    first, second = committee.members[2], committee.members[5]
    secretary.post(
        url("spoken", meeting), {"speaker": first.pk, "stance": Stance.AGREE, "text": "Nhất trí dự thảo."}
    )
    secretary.post(
        url("spoken", meeting),
        {
            "speaker": second.pk,
            "stance": Stance.DISAGREE,
            "section": "mục 2",
            "text": "Thời hạn quý I quá gấp.",
        },
    )
    # R14: 8 for of 9 in office.
    secretary.post(
        url("vote", meeting),
        {"subject": "Nghị quyết tháng 12/2026", "votes_for": 8, "votes_against": 0, "votes_abstain": 0},
    )
    page = secretary.get(url("record", meeting)).content.decode()
    assert "Adopted: 8 of 9 members in office approved (more than half needed: 5)" in page
    assert "No discussion recorded" not in page

    # The draft minutes.
    response = secretary.get(url("minutes", meeting))
    text = response.context["minutes"].text
    assert f"Đồng chí {absent.full_name}: vắng có lý do (Nằm viện)" in text
    assert "Có mặt: 8/9" in text
    assert "Tháng 11 hoàn thành 5/6 nhiệm vụ." in text and "tự phê bình việc chậm báo cáo" in text
    # Each opinion says its stance once (#16.11): the first one opens with it already.
    assert text.index(f"Đồng chí {first.full_name} phát biểu: Nhất trí dự thảo.") < text.index(
        f"Đồng chí {second.full_name} không nhất trí về mục 2: Thời hạn quý I quá gấp."
    )
    assert "tán thành 8" in text and "Nghị quyết được thông qua." in text
    # Not read back yet: the draft does not say it was (#16.11).
    assert "đã được đọc lại" not in text

    # The chair signs, then the recorder (who runs the meeting because she records it).
    response = secretary.post(url("sign", meeting), {"read_back": "on"}, follow=True)
    assert "The minutes await the other signature." in response.content.decode()
    rec_client = client_for(recorder(committee).user)
    assert "Sign as recorder" in rec_client.get(url("minutes", meeting)).content.decode()
    response = rec_client.post(url("sign", meeting), {"read_back": "on"}, follow=True)
    body = response.content.decode()
    assert "Signed — locked." in body
    meeting.refresh_from_db()
    minutes = Minutes.objects.get(meeting=meeting)
    assert meeting.status == MeetingStatus.SIGNED and minutes.status == "signed" and minutes.read_back
    assert minutes.sha256 in body and len(minutes.sha256) == 64
    # The first signer ticked "read back": the signed text says so and closes with the meeting's closing
    # time (the first signature), and nothing else changed.
    closed = timezone.localtime(meeting.ended_at)
    assert minutes.text == (
        text
        + "\n\nBiên bản đã được đọc lại trước hội nghị và được hội nghị nhất trí."
        + f"\nHội nghị kết thúc vào hồi {closed:%H} giờ {closed:%M} cùng ngày."
    )

    # Locked: a late section is refused and nothing changes.
    secretary = client_for(world.secretary)
    response = secretary.post(
        url("section", meeting), {"section": Section.CONCLUSION, "text": "Kết luận thêm"}, follow=True
    )
    assert "the record is locked" in response.content.decode()
    assert not AgendaEntry.objects.filter(meeting=meeting, section=Section.CONCLUSION).exists()
