"""Smaller rules of the minutes (#16.11): chair and recorder are two people unless the regulation allows
one; "read back" is printed only once ticked; each opinion says its stance once (R11, R13, R14)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nghiquyet.meetings import documents_context, services, texts
from nghiquyet.meetings.models import (
    AttendanceStatus,
    MeetingRegulation,
    Minutes,
    Opinion,
    Phase,
    Stance,
)

pytestmark = pytest.mark.django_db

READ_BACK = "Biên bản đã được đọc lại trước hội nghị và được hội nghị nhất trí."


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def on_the_meeting_day(meeting_day):
    """The record is written on the meeting's day (R45)."""


def _rows(committee):
    return {p.pk: (AttendanceStatus.PRESENT, "") for p in committee.members}


def test_r14_one_person_is_not_both_chair_and_recorder(world, committee, meeting, in_english):
    """#16.11: refused in the service, naming `recorder`, unless the meeting's regulation allows it."""
    secretary = committee.members[0]
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(meeting, _rows(committee), chair=secretary, recorder=secretary)
    assert list(refused.value.message_dict) == ["recorder"]
    services.record_attendance(meeting, _rows(committee), chair=secretary, recorder=committee.members[4])
    # Changing only the recorder to the chair already recorded is refused too.
    with pytest.raises(ValidationError):
        services.record_attendance(meeting, _rows(committee), recorder=secretary)

    MeetingRegulation.objects.filter(pk=meeting.regulation_id).update(chair_may_record=True)
    meeting.refresh_from_db()
    services.record_attendance(meeting, _rows(committee), chair=secretary, recorder=secretary)
    meeting.refresh_from_db()
    assert meeting.chair == meeting.recorder == secretary


def test_r14_chair_as_recorder_is_refused_next_to_the_recorder_field(world, committee, meeting, client_for):
    """#16.11 through HTTP: the attendance form says it by the recorder; nothing is saved."""
    secretary = committee.members[0]
    data = {"chair": str(secretary.pk), "recorder": str(secretary.pk)}
    for person in committee.members:
        data[f"status_{person.pk}"] = AttendanceStatus.PRESENT
        data[f"reason_{person.pk}"] = ""
    response = client_for(world.secretary).post(reverse("meetings:attendance", args=[meeting.pk]), data)
    assert "recorder" in response.context["attendance_form"].errors
    meeting.refresh_from_db()
    assert meeting.recorder is None and not meeting.attendance.exists()


def test_r14_regulation_form_offers_the_rule(world, committee, client_for):
    """#16.11: the rule is part of the regulation adopted on its page (off unless ticked)."""
    response = client_for(world.secretary).get(reverse("meetings:regulation", args=["G1"]))
    assert 'name="chair_may_record"' in response.content.decode()
    assert committee.regulation.chair_may_record is False


def test_r14_read_back_is_printed_only_once_ticked(world, committee, meeting):
    """#16.11: neither the draft text nor the DOCX says the minutes were read back before the signer
    ticks it; the first signature (which requires the tick) prints it."""
    services.record_attendance(
        meeting, _rows(committee), chair=committee.members[0], recorder=committee.members[4]
    )
    services.record_vote(meeting, subject="Nghị quyết", votes_for=9, votes_against=0, votes_abstain=0)
    assert READ_BACK not in texts.minutes_text(meeting)
    minutes = services.draft_minutes(meeting)
    assert READ_BACK not in minutes.text and not minutes.read_back
    assert READ_BACK not in [b.text for b in documents_context.minutes_document(meeting).blocks]

    minutes = services.sign_minutes(meeting, committee.members[0], read_back=True)
    # R14: read back, then the closing time (the first signature, 10:00 on the pinned clock).
    assert minutes.read_back and minutes.text.endswith(
        f"{READ_BACK}\nHội nghị kết thúc vào hồi 10 giờ 00 cùng ngày."
    )
    assert READ_BACK in [b.text for b in documents_context.minutes_document(meeting).blocks]
    assert Minutes.objects.get(meeting=meeting).text.count(READ_BACK) == 1


def _spoken(meeting, author, stance, text, section=""):
    return Opinion(
        meeting=meeting, author=author, stance=stance, text=text, section=section, phase=Phase.DURING
    )


def test_r11_each_opinion_says_its_stance_once_in_the_minutes(world, committee, meeting):
    """#16.11: "nhất trí (về …): Nhất trí …" no more: an opinion that opens with its stance is not told it
    again; the others read "Đồng chí A không nhất trí về mục 2: …"."""
    a, b, c = committee.members[1:4]
    line = texts.opinion_line
    assert line(_spoken(meeting, a, Stance.AGREE, "Nhất trí với dự thảo.", "mục 1")) == (
        f"- Đồng chí {a.full_name} phát biểu về mục 1: Nhất trí với dự thảo."
    )
    assert line(_spoken(meeting, b, Stance.DISAGREE, "Không nhất trí: thời hạn quá gấp.")) == (
        f"- Đồng chí {b.full_name} phát biểu: Không nhất trí: thời hạn quá gấp."
    )
    assert line(_spoken(meeting, b, Stance.DISAGREE, "Thời hạn quá gấp.", "mục 2")) == (
        f"- Đồng chí {b.full_name} không nhất trí về mục 2: Thời hạn quá gấp."
    )
    assert line(_spoken(meeting, c, Stance.SUGGESTION, "Đề nghị thêm chỉ tiêu.")) == (
        f"- Đồng chí {c.full_name} phát biểu: Đề nghị thêm chỉ tiêu."
    )


def test_r11_record_page_shows_an_opinions_stance_once(world, committee, meeting, client_for):
    """#16.11: a disagreeing opinion carries its stance badge, not the badge and a "dissent" label."""
    services.add_opinion(
        meeting, author=committee.members[1], stance=Stance.DISAGREE, text="Thời hạn gấp.", phase=Phase.DURING
    )
    body = client_for(world.secretary).get(reverse("meetings:record", args=[meeting.pk])).content.decode()
    opinions = body[body.index('id="rec-opinions"') :]
    item = opinions[opinions.index('<li class="rec-dissent">') : opinions.index("</li>")]
    assert item.count("Disagrees") == 1 and "dissent</small>" not in item


def _sign_both(committee, meeting):
    services.record_attendance(
        meeting, _rows(committee), chair=committee.members[0], recorder=committee.members[4]
    )
    services.record_vote(meeting, subject="Nghị quyết", votes_for=9, votes_against=0, votes_abstain=0)
    services.sign_minutes(meeting, committee.members[0], read_back=True)
    services.sign_minutes(meeting, committee.members[4], read_back=True)


def test_r21_signed_minutes_print_no_blank_number_by_default(world, committee, meeting):
    """R21: the office does not number minutes by default: signed minutes print no "Số" line at all."""
    _sign_both(committee, meeting)
    document = documents_context.minutes_document(meeting)
    assert document.number_line() == "" and not document.draft
    assert documents_context.archived_minutes(meeting).number_display == ""


def test_r21_minutes_the_office_numbers_get_their_number_when_signed(world, committee, meeting, settings):
    """R21: where the setting lists minutes among the numbered types, they are numbered in the committee's
    term when the second signature archives them, and print that number."""
    settings.DOCUMENTS_NUMBERED_TYPES = ["resolution", "minutes"]
    _sign_both(committee, meeting)
    assert documents_context.archived_minutes(meeting).number_display == "01-BB/ĐU"
    assert documents_context.minutes_document(meeting).number_line() == "Số 01-BB/ĐU"


def test_r41_numbered_minutes_name_their_number_and_the_numbering_rule_of_their_day(
    world, committee, meeting, settings, client_for
):
    """R41: the page of numbered minutes shows their number and the version of the numbering rule in force
    on the day they were signed (December 2026: Hướng dẫn 36-HD/VPTW), through the tag every numbered
    document's page uses (its other dates: oversight/tests/test_r41_numbering_rule_pages.py)."""
    settings.DOCUMENTS_NUMBERED_TYPES = ["resolution", "minutes"]
    _sign_both(committee, meeting)
    page = client_for(world.secretary).get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    row = page[page.index('id="minutes-number"') :]
    row = row[: row.index("</td>")]
    assert "01-BB/ĐU" in row and 'data-rule="hd36-2018"' in row and "Hướng dẫn 36-HD/VPTW" in row


def test_r41_unnumbered_minutes_name_no_numbering_rule(world, committee, meeting, client_for):
    _sign_both(committee, meeting)
    page = client_for(world.secretary).get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert 'id="minutes-number"' not in page and 'id="numbering-rule"' not in page
