"""R41: online party activity by the rule in force on a meeting's date (meetings/online_rules.py).

Hướng dẫn 03-HD/TW of 27/12/2022 allows a grassroots committee's or a cell's meeting online (or in person
with members joining online) when more than half of the members counted — less those exempt from work and
activity and those suspended — cannot meet in person at one place; before it no version is in force.

`meeting` is G1's regular meeting of 4 December 2026, its committee of nine (conftest.py). A committee of
four in office in 2022 judges the meetings around HD 03's date.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from nghiquyet.meetings import online_rules, queries, services
from nghiquyet.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingForm, MeetingKind
from nghiquyet.orgs.tests.factories import MembershipFactory, PersonFactory, TermFactory

pytestmark = pytest.mark.django_db

HD03_DAY = dt.date(2022, 12, 27)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _prepare(meeting, meeting_form, remote=None, reason="Đảng viên công tác ở nhiều tỉnh"):
    return services.prepare(
        meeting,
        topics=["Công tác chuyển đổi số"],
        drafter=None,
        meeting_form=meeting_form,
        remote_members=remote,
        form_reason=reason,
    )


def _absent(meeting, people, status):
    for person in people:
        Attendance.objects.create(meeting=meeting, person=person, status=status)


@pytest.fixture
def committee_2022(world):
    """G1's committee of four in office from 2020 to June 2025."""
    term = TermFactory(
        org=world.g1, label="2020–2025", start_date=dt.date(2020, 6, 1), end_date=dt.date(2025, 5, 31)
    )
    for i in range(4):
        MembershipFactory(
            term=term,
            person=PersonFactory(full_name=f"Ủy viên {i}", home_org=world.c1),
            start_date=dt.date(2020, 6, 1),
        )
    return term


def test_r41_online_rule_in_force_is_taken_by_date():
    assert online_rules.online_rule_on(dt.date(2022, 12, 26)) is None
    assert online_rules.online_rule_on(HD03_DAY) is online_rules.HD03_2022
    assert online_rules.online_rule_on(dt.date(2026, 12, 4)) is online_rules.HD03_2022
    rule = online_rules.HD03_2022
    assert rule.key == "hd03-2022" and rule.source_url.startswith("http")
    assert rule.excluded == {AttendanceStatus.EXEMPT, AttendanceStatus.SUSPENDED}
    assert online_rules.online_rule("hd03-2022") is rule and online_rules.online_rule("x") is None
    # "trên một nửa": more than half, never half.
    assert [rule.allows(n, 8) for n in (3, 4, 5)] == [False, False, True]
    assert (rule.least_remote(8), rule.least_remote(9)) == (5, 5)


def test_r41_online_is_allowed_only_above_half_of_the_members_counted(world, meeting, committee):
    """Nine members: five allow it, four do not. One exempt and absent: eight counted, four (exactly half)
    refused and five allowed. One suspended too: seven counted, four allowed and three refused."""
    with pytest.raises(ValidationError) as refused:
        _prepare(meeting, MeetingForm.ONLINE, remote=4)
    assert set(refused.value.message_dict) == {"remote_members"}
    _prepare(meeting, MeetingForm.ONLINE, remote=5)

    _absent(meeting, committee.extra[:1], AttendanceStatus.EXEMPT)
    assert queries.online_judgement(meeting).counted == 8
    with pytest.raises(ValidationError):
        _prepare(meeting, MeetingForm.HYBRID, remote=4)
    _prepare(meeting, MeetingForm.HYBRID, remote=5)

    _absent(meeting, committee.extra[1:2], AttendanceStatus.SUSPENDED)
    _absent(
        meeting, committee.extra[2:3], AttendanceStatus.ABSENT_EXCUSED
    )  # counted: not a category left out
    judgement = queries.online_judgement(meeting)
    assert (judgement.members, judgement.counted, judgement.excluded) == (9, 7, 2)
    with pytest.raises(ValidationError):
        _prepare(meeting, MeetingForm.ONLINE, remote=3)
    _prepare(meeting, MeetingForm.ONLINE, remote=4)
    meeting.refresh_from_db()
    assert (meeting.meeting_form, meeting.remote_members) == (MeetingForm.ONLINE, 4)
    assert queries.online_judgement(meeting).allowed

    # Back in person: the count and the reason are not kept.
    _prepare(meeting, MeetingForm.IN_PERSON, remote=6)
    meeting.refresh_from_db()
    assert (meeting.meeting_form, meeting.remote_members, meeting.form_reason) == (
        MeetingForm.IN_PERSON,
        None,
        "",
    )
    assert queries.online_judgement(meeting) is None


def test_r41_online_is_refused_before_hd03_and_needs_a_count_and_a_reason(world, committee_2022, in_english):
    before, on = (
        Meeting.objects.create(org=world.g1, kind=MeetingKind.REGULAR, title=f"Họp {day}", date=day)
        for day in (dt.date(2022, 12, 26), HD03_DAY)
    )
    with pytest.raises(ValidationError) as refused:
        _prepare(before, MeetingForm.ONLINE, remote=4)
    assert list(refused.value.message_dict) == ["meeting_form"]
    assert "no rule in force on 26/12/2022" in refused.value.message_dict["meeting_form"][0]
    _prepare(before, MeetingForm.IN_PERSON)  # in person is always allowed

    with pytest.raises(ValidationError) as refused:
        _prepare(on, MeetingForm.ONLINE, remote=None, reason=" ")
    assert set(refused.value.message_dict) == {"remote_members", "form_reason"}
    with pytest.raises(ValidationError) as refused:
        _prepare(on, MeetingForm.ONLINE, remote=2)  # two of four: exactly half
    assert "more than half of the 4 members counted" in refused.value.message_dict["remote_members"][0]
    _prepare(on, MeetingForm.ONLINE, remote=3)
    on.refresh_from_db()
    assert on.meeting_form == MeetingForm.ONLINE and on.form_reason == "Đảng viên công tác ở nhiều tỉnh"


def test_r41_online_is_for_grassroots_committees_and_cells_only(world, in_english):
    meeting = Meeting.objects.create(
        org=world.p1, kind=MeetingKind.REGULAR, title="Họp đảng ủy bộ phận", date=dt.date(2026, 11, 4)
    )
    with pytest.raises(ValidationError) as refused:
        _prepare(meeting, MeetingForm.ONLINE, remote=1)
    assert "grassroots committees and cells only" in refused.value.message_dict["meeting_form"][0]


def test_r41_the_prepare_form_names_the_field_in_error_and_changes_nothing(
    world, meeting, committee, client_for
):
    client = _english(client_for(world.secretary))
    url = reverse("meetings:prepare", args=[meeting.pk])
    form_page = client.get(url).content.decode()
    assert 'name="meeting_form"' in form_page and 'name="remote_members"' in form_page
    with translation.override("en"):
        response = client.post(
            url,
            {
                "topics": "Công tác chuyển đổi số",
                "preparation_notes": "Ghi chú mới",
                "meeting_form": MeetingForm.ONLINE,
                "remote_members": "4",
                "form_reason": "Đảng viên công tác ở nhiều tỉnh",
            },
        )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["remote_members"]
    message = errors["remote_members"][0]
    assert message.startswith("Members unable to meet in person:")
    assert "more than half of the 9 members counted" in message and "at least 5" in message
    assert "Hướng dẫn 03-HD/TW" in message
    assert message in response.content.decode().replace("&quot;", '"')
    meeting.refresh_from_db()
    assert (meeting.meeting_form, meeting.remote_members, meeting.form_reason) == (
        MeetingForm.IN_PERSON,
        None,
        "",
    )
    assert meeting.preparation_notes == "" and not meeting.focus_topics.exists()

    response = client.post(
        url,
        {
            "topics": "Công tác chuyển đổi số",
            "meeting_form": MeetingForm.HYBRID,
            "remote_members": "6",
            "form_reason": "Đảng viên công tác ở nhiều tỉnh",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.meeting_form, meeting.remote_members) == (MeetingForm.HYBRID, 6)


def test_r41_the_meeting_page_names_the_online_version(world, meeting, committee, client_for):
    client = _english(client_for(world.secretary))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="meeting-form"' in page and "online-rule-applied" not in page

    _prepare(meeting, MeetingForm.ONLINE, remote=6)
    with translation.override("en"):
        page = client.get(meeting.get_absolute_url()).content.decode()
    rule = online_rules.HD03_2022
    assert f'id="online-rule-applied" data-rule="{rule.key}"' in page
    assert rule.key in page and rule.name in page and rule.source_url in page
    assert "6 of the 9 members counted" in page and 'id="online-not-allowed"' not in page
