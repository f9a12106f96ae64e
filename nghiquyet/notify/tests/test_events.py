"""What reaches the inbox (R44): a meeting notice reaches each member of the committee, a request to sign
the minutes reaches the other signer once the first has signed, an answer to a difficulty reaches whoever
reported it — an item's difficulty (R26) and one reported to the upper level (R34). Each one appears in
the person's inbox and leads to its page. The texts are asserted in English (`in_english`), the source
language, so that they do not depend on the catalogue.

At the suite's moment G1's December meeting is still ahead: these tests run after it (7 December 2026).
"""

import pytest
from django.urls import reverse

from nghiquyet.meetings import services as meetings
from nghiquyet.meetings.models import AttendanceStatus, MeetingRegulation
from nghiquyet.notify.models import Notification
from nghiquyet.oversight import services as oversight
from nghiquyet.resolutions import services as resolutions

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-12-07 09:00")]


@pytest.fixture(autouse=True)
def tmp_media(settings, tmp_path):
    """Signed minutes and issued resolutions are archived: their files go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path


def _inbox_of(client) -> list[Notification]:
    return list(client.get(reverse("notify:inbox")).context["page"])


def _opens(client, notification) -> str:
    """Where opening the notification from the inbox leads."""
    response = client.get(reverse("notify:open", args=[notification.pk]))
    assert response.status_code == 302
    return response["Location"]


def test_r44_a_meeting_notice_reaches_each_committee_member(
    world, committee, meeting, client_for, in_english
):
    meetings.send_notice(meeting)

    notified = Notification.objects.filter(url=meeting.get_absolute_url())
    assert sorted(n.recipient.username for n in notified) == sorted(
        p.user.username for p in committee.members
    )
    assert not Notification.objects.filter(recipient__in=[world.member, world.outsider]).exists()
    client = client_for(world.committee_member)
    (notice,) = _inbox_of(client)
    assert notice.title == f"Meeting notice: {meeting.title}" and notice.read_at is None
    assert _opens(client, notice) == meeting.get_absolute_url()
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_r44_the_sender_of_a_notice_gets_no_inbox_entry_of_it(world, committee, meeting):
    """The secretary is noticed like every member (the notice table counts him) but his inbox does not
    tell him of his own sending."""
    sender = committee.members[0]
    notices = meetings.send_notice(meeting, by=sender.user)
    assert sender.pk in {n.recipient_id for n in notices}
    notified = set(
        Notification.objects.filter(url=meeting.get_absolute_url()).values_list("recipient", flat=True)
    )
    assert sender.user_id not in notified
    assert notified == {p.user_id for p in committee.members[1:]}


def _held(meeting, committee):
    """The meeting held and voted, chaired by the secretary, recorded by the deputy secretary (cuv1)."""
    rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in committee.members}
    meetings.record_attendance(meeting, rows, chair=committee.members[0], recorder=committee.members[2])
    meetings.record_vote(
        meeting, subject="Nghị quyết tháng 12", votes_for=9, votes_against=0, votes_abstain=0
    )


@pytest.mark.parametrize("first", ["recorder", "chair"])
def test_r44_the_first_signature_asks_the_other_signer(
    world, committee, meeting, client_for, in_english, first
):
    _held(meeting, committee)
    chair, recorder = committee.members[0], committee.members[2]
    signer, other = (recorder, chair) if first == "recorder" else (chair, recorder)
    minutes_url = reverse("meetings:minutes", args=[meeting.pk])

    meetings.sign_minutes(meeting, signer)

    (request,) = Notification.objects.filter(url=minutes_url)
    assert request.recipient == other.user and request.read_at is None
    assert request.title == f"Minutes to sign: {meeting.title}"
    then = "chair" if first == "recorder" else "recorder"
    assert request.body == (
        f"{signer.full_name} has signed the minutes as {first}; they await your signature as {then}."
    )
    client = client_for(other.user)
    assert [n.pk for n in _inbox_of(client)] == [request.pk]
    assert client.get(minutes_url).status_code == 200

    # The other signature answers the request: it is read, and nobody is asked again.
    meetings.sign_minutes(meeting, other)
    request.refresh_from_db()
    assert request.read_at is not None
    assert Notification.objects.filter(url=minutes_url).count() == 1


def test_r44_a_signer_who_is_both_chair_and_recorder_asks_nobody(world, committee, meeting):
    # Only where the meeting regulation allows one person both roles (#16.11).
    MeetingRegulation.objects.filter(pk=meeting.regulation_id).update(chair_may_record=True)
    meeting.refresh_from_db()
    rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in committee.members}
    meetings.record_attendance(meeting, rows, chair=committee.members[0], recorder=committee.members[0])
    meetings.record_vote(
        meeting, subject="Nghị quyết tháng 12", votes_for=9, votes_against=0, votes_abstain=0
    )
    meetings.sign_minutes(meeting, committee.members[0])
    assert not Notification.objects.filter(url=reverse("meetings:minutes", args=[meeting.pk])).exists()


def test_r44_the_answer_to_an_items_difficulty_reaches_its_reporter(
    world, committee, draft, client_for, in_english
):
    resolution = resolutions.issue(draft, signer=committee.members[0])
    item = resolution.items.order_by("order").first()  # carried by the committee member persona
    difficulty = resolutions.report_difficulty(
        item, world.people.committee_member, "Thiếu số liệu của các phòng"
    )
    Notification.objects.all().delete()

    resolutions.answer_difficulty(
        difficulty, world.people.secretary, "Văn phòng tổng hợp số liệu trước 15/12"
    )

    (answer,) = Notification.objects.all()
    assert answer.recipient == world.committee_member
    client = client_for(world.committee_member)
    assert [n.pk for n in _inbox_of(client)] == [answer.pk]
    assert answer.title.startswith("Your difficulty is answered: ")
    assert "Văn phòng tổng hợp số liệu trước 15/12" in answer.body
    assert _opens(client, answer) == reverse("resolutions:item", args=[item.pk])


def test_r44_the_upper_levels_answer_reaches_the_filer(world, standing, client_for, in_english):
    difficulty = oversight.file_difficulty(
        world.g1, person=world.people.secretary, title="Thiếu hướng dẫn", text="Đề nghị hướng dẫn cụ thể."
    )
    oversight.assign_difficulty(difficulty, assignee=standing.person, deadline=None)
    Notification.objects.all().delete()

    oversight.answer_difficulty(difficulty, person=standing.person, answer="Thực hiện theo Hướng dẫn 05.")

    client = client_for(world.secretary)
    (answer,) = _inbox_of(client)
    assert answer.title == "Your difficulty is answered: Thiếu hướng dẫn"
    assert _opens(client, answer) == difficulty.get_absolute_url()
    assert not Notification.objects.exclude(recipient=world.secretary).exists()
