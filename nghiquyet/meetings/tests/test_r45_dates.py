"""Nothing of a meeting is recorded before it happened, and no meeting is put where it has no committee (R45).

`meeting` is G1's December meeting (4 December 2026), a week after the suite's pinned day (27 November):
it can be prepared and notified, not recorded. `meeting_day` moves the clock to 10:00 on its day.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from nghiquyet.meetings import services
from nghiquyet.meetings.models import (
    AgendaEntry,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    Minutes,
    Opinion,
    Phase,
    Section,
    Stance,
    Vote,
)
from nghiquyet.orgs.tests.factories import OrganizationFactory, TermFactory

pytestmark = pytest.mark.django_db


def _present(committee):
    return {p.pk: (AttendanceStatus.PRESENT, "") for p in committee.members}


def _refused_on_date(call):
    with pytest.raises(ValidationError) as error:
        call()
    assert "date" in error.value.message_dict
    return error.value.message_dict["date"][0]


# ---------------------------------------------------------------- the record waits for the meeting's day


def test_r45_nothing_of_a_future_meeting_is_recorded(meeting, committee, in_english):
    secretary = committee.members[0]
    message = _refused_on_date(lambda: services.record_attendance(meeting, _present(committee)))
    assert (
        message == "The meeting is on 04/12/2026: what happens in it is recorded from that day, not before."
    )
    _refused_on_date(
        lambda: services.record_vote(meeting, subject="NQ", votes_for=0, votes_against=0, votes_abstain=0)
    )
    _refused_on_date(
        lambda: services.record_section(meeting, Section.CONCLUSION, "Đồng chí Bí thư kết luận.")
    )
    _refused_on_date(lambda: services.record_section(meeting, Section.IDEOLOGY, "Tư tưởng ổn định."))
    _refused_on_date(
        lambda: services.add_opinion(
            meeting, author=secretary, stance=Stance.AGREE, text="Nhất trí", phase=Phase.DURING
        )
    )
    _refused_on_date(lambda: services.draft_minutes(meeting))
    _refused_on_date(lambda: services.sign_minutes(meeting, secretary))
    assert not Attendance.objects.exists() and not Vote.objects.exists() and not Minutes.objects.exists()
    assert not Opinion.objects.exists() and not AgendaEntry.objects.exists()


def test_r45_written_opinions_and_the_prepared_review_come_before_the_meeting(meeting, committee):
    opinion = services.add_opinion(
        meeting,
        author=committee.members[1],
        stance=Stance.AGREE,
        text="Nhất trí với dự thảo",
        phase=Phase.BEFORE,
    )
    assert opinion.phase == Phase.BEFORE
    entry = services.record_section(meeting, Section.REVIEW, "Kiểm điểm việc thực hiện nghị quyết tháng 11.")
    assert entry.section == Section.REVIEW


def test_r45_on_the_meeting_day_the_record_is_kept(meeting, committee, meeting_day):
    assert timezone.localdate() == meeting.date == meeting_day
    services.record_attendance(
        meeting, _present(committee), chair=committee.members[0], recorder=committee.members[2]
    )
    vote = services.record_vote(meeting, subject="NQ", votes_for=9, votes_against=0, votes_abstain=0)
    assert vote.adopted
    assert services.draft_minutes(meeting).text


def test_r45_the_day_is_hanoi_s_not_utc(meeting, committee, pinned_clock):
    # 23:30 UTC on 3 December is already 06:30 on 4 December in Hà Nội: the meeting's day has come.
    pinned_clock.move_to(dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.UTC))
    assert not meeting.is_ahead
    services.record_attendance(meeting, _present(committee))


# ---------------------------------------------------------------- the pages


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


AHEAD = "Available from 04/12/2026, the meeting's day: nothing of the meeting is recorded before it."


def test_r45_pages_offer_no_record_before_the_meeting_and_refuse_a_post(
    world, meeting, committee, client_for, english
):
    client = client_for(world.secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="meeting-ahead"' in page
    assert reverse("meetings:record", args=[meeting.pk]) not in page
    assert reverse("meetings:minutes", args=[meeting.pk]) not in page

    record = client.get(reverse("meetings:record", args=[meeting.pk])).content.decode()
    assert 'id="rec-ahead"' in record and escape(AHEAD) in record
    assert reverse("meetings:vote", args=[meeting.pk]) not in record
    assert reverse("meetings:attendance", args=[meeting.pk]) not in record

    minutes = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert 'id="minutes-ahead"' in minutes and reverse("meetings:sign", args=[meeting.pk]) not in minutes
    assert not Minutes.objects.exists()  # viewing the page drafts nothing

    response = client.post(
        reverse("meetings:vote", args=[meeting.pk]),
        {"subject": "NQ", "votes_for": 9, "votes_against": 0, "votes_abstain": 0},
    )
    assert response.status_code == 302 and _messages(response) == [AHEAD]
    assert not Vote.objects.exists()
    response = client.post(reverse("meetings:attendance", args=[meeting.pk]), {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409 and response["HX-Redirect"].endswith(
        reverse("meetings:record", args=[meeting.pk])
    )
    assert not Attendance.objects.exists()


# ---------------------------------------------------------------- where a meeting can be put


def test_r45_no_meeting_where_the_organization_has_no_committee(world, committee, in_english):
    message = _refused_on_date(
        lambda: services.add_meeting(
            world.g1, MeetingKind.THEMATIC, dt.date(2020, 3, 10), "Chuyên đề 2020", theme_reason="Cấp thiết"
        )
    )
    assert (
        message
        == "Đảng bộ Sở Tư pháp has no committee in office on 10/03/2020: no meeting can be held that day."
    )
    assert not Meeting.objects.filter(title="Chuyên đề 2020").exists()
    # A cell with no committee term at all has nowhere to meet either.
    _refused_on_date(
        lambda: services.add_meeting(world.c1, MeetingKind.EXTRAORDINARY, timezone.localdate(), "X")
    )


def test_r45_no_meeting_more_than_a_year_ahead_or_before_the_organization_existed(world, in_english):
    today = timezone.localdate()
    assert services.add_meeting(world.g1, MeetingKind.STANDING, today + dt.timedelta(days=300), "Năm sau")
    message = _refused_on_date(
        lambda: services.add_meeting(world.g1, MeetingKind.STANDING, today + dt.timedelta(days=400), "Quá xa")
    )
    assert "more than a year ahead" in message
    young = OrganizationFactory(
        code="G3", name="Chi bộ mới", parent=world.bloc, active_from=dt.date(2026, 1, 1)
    )
    TermFactory(org=young, start_date=dt.date(2025, 6, 1))
    message = _refused_on_date(
        lambda: services.add_meeting(
            young, MeetingKind.EXTRAORDINARY, dt.date(2025, 12, 1), "Trước khi thành lập"
        )
    )
    assert message == "Chi bộ mới did not exist yet on 01/12/2025: it was founded on 01/01/2026."


def test_r45_the_calendar_generator_skips_months_without_a_committee(world, committee):
    # G1's term starts on 1 June 2025, its regulation too; a regulation from 2024 would plan 2024 and 2025 whole.
    services.set_regulation(world.g1, dt.date(2024, 1, 1), day_rule="day_of_month", day=4)
    created = services.generate_year(world.g1, 2025)
    assert created and min(m.date for m in created) >= dt.date(2025, 6, 1)
    with pytest.raises(ValidationError) as error:
        services.generate_year(world.g1, 2024)
    assert "year" in error.value.message_dict
    assert not Meeting.objects.filter(date__year=2024).exists()
    with pytest.raises(ValidationError) as error:
        services.generate_year(world.g1, timezone.localdate().year + 2)
    assert "year" in error.value.message_dict


def test_r45_the_add_page_names_the_date(world, committee, client_for, english):
    response = client_for(world.secretary).post(
        reverse("meetings:add", args=[world.g1.code]),
        {
            "kind": MeetingKind.THEMATIC,
            "title": "Chuyên đề 2020",
            "date": "2020-03-10",
            "theme_reason": "Cấp thiết",
        },
    )
    assert response.status_code == 200
    assert "has no committee in office on 10/03/2020" in " ".join(response.context["form"].errors["date"])
    assert not Meeting.objects.filter(title="Chuyên đề 2020").exists()
