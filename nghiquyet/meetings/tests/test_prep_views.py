"""The meeting page and its preparation through HTTP (R06, R07, R08, R11).

Personas: the secretary of G1 runs the meeting; a committee member sees it and writes opinions; an
Organization Board officer of the bloc sees it; a plain member and the outsider (G2's secretary) get 404.
"""

import datetime as dt
import hashlib

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nghiquyet.meetings import queries, services
from nghiquyet.meetings.models import (
    DocumentKind,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
    Minutes,
    Notice,
    Opinion,
    Phase,
    Stance,
)
from nghiquyet.notify.models import Notification
from nghiquyet.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory
from nghiquyet.testing.files import PDF

from .conftest import MEETING_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_and_tmp_media(client, settings, tmp_path):
    # English is the source language: assertions do not depend on the Vietnamese catalogue.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.MEDIA_ROOT = tmp_path


def _pdf(name="du-thao-nghi-quyet.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _on(meeting: Meeting, day: dt.date) -> Meeting:
    """Move the fixture meeting to `day`, so notice lead times do not depend on today's date."""
    Meeting.objects.filter(pk=meeting.pk).update(date=day, nominal_date=day)
    meeting.refresh_from_db()
    return meeting


def _attach(meeting, world, kind=DocumentKind.DRAFT, title="Dự thảo nghị quyết", number=""):
    return services.attach_document(
        meeting, kind=kind, title=title, number=number, uploaded=_pdf(), by=world.secretary
    )


def _urls(meeting, document):
    pk = meeting.pk
    return [
        ("get", reverse("meetings:meeting", args=[pk]), {}),
        ("get", reverse("meetings:prepare", args=[pk]), {}),
        ("post", reverse("meetings:prepare", args=[pk]), {"topics": "Công tác cán bộ"}),
        ("post", reverse("meetings:upload", args=[pk]), {"kind": "draft", "title": "x", "file": _pdf()}),
        ("get", reverse("meetings:document", args=[pk, document.pk]), {}),
        ("post", reverse("meetings:notice", args=[pk]), {}),
        ("post", reverse("meetings:opinion", args=[pk]), {"stance": "agree", "text": "Nhất trí"}),
    ]


def _status(client, method, url, data) -> int:
    response = getattr(client, method)(url, data)
    if response.streaming:
        # Reading a download to the end closes its file (the test client closes it after the last chunk).
        b"".join(response.streaming_content)
    return response.status_code


# ---------------------------------------------------------------- access


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_r06_outsider_and_plain_member_get_404_on_every_view(world, meeting, client_for, persona):
    document = _attach(meeting, world)
    client = client_for(getattr(world, persona))
    for method, url, data in _urls(meeting, document):
        assert _status(client, method, url, data) == 404, (method, url)
    assert MeetingDocument.objects.count() == 1
    assert not Notice.objects.exists() and not Opinion.objects.exists() and not meeting.focus_topics.exists()


def test_r11_committee_member_sees_and_gives_opinion_but_does_not_run(world, meeting, client_for):
    document = _attach(meeting, world)
    client = client_for(world.committee_member)
    outcomes = {}
    for method, url, data in _urls(meeting, document):
        outcomes[(method, url)] = _status(client, method, url, data)
    pk = meeting.pk
    assert outcomes[("get", reverse("meetings:meeting", args=[pk]))] == 200
    assert outcomes[("get", reverse("meetings:document", args=[pk, document.pk]))] == 200
    assert outcomes[("post", reverse("meetings:opinion", args=[pk]))] == 302
    for name in ("prepare", "upload", "notice"):
        assert outcomes[("post", reverse(f"meetings:{name}", args=[pk]))] == 404, name
    assert outcomes[("get", reverse("meetings:prepare", args=[pk]))] == 404
    assert Opinion.objects.get().author == world.people.committee_member
    assert MeetingDocument.objects.count() == 1 and not Notice.objects.exists()


def test_r06_secretary_can_do_everything(world, meeting, client_for):
    document = _attach(meeting, world)
    client = client_for(world.secretary)
    for method, url, data in _urls(meeting, document):
        assert _status(client, method, url, data) in (200, 302), (method, url)
    assert meeting.focus_topics.count() == 1
    assert MeetingDocument.objects.count() == 2
    assert Notice.objects.count() == 9
    assert Opinion.objects.get().author == world.people.secretary


def test_r11_upper_level_officer_sees_the_page_but_gives_no_opinion(world, meeting, client_for):
    client = client_for(world.btc)
    response = client.get(reverse("meetings:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    assert 'id="opinion-form"' not in response.content.decode()
    response = client.post(reverse("meetings:opinion", args=[meeting.pk]), {"stance": "agree", "text": "x"})
    assert response.status_code == 404
    assert client.get(reverse("meetings:prepare", args=[meeting.pk])).status_code == 404


# ---------------------------------------------------------------- the meeting page


def test_r06_meeting_page_header_shows_the_regulation_and_the_move(world, meeting, client_for):
    Meeting.objects.filter(pk=meeting.pk).update(date=dt.date(2026, 12, 7))
    response = client_for(world.committee_member).get(reverse("meetings:meeting", args=[meeting.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hội nghị cấp ủy thường kỳ tháng 12/2026" in body
    assert "Regular monthly meeting" in body
    assert "07/12/2026, 08:00" in body and "Phòng họp tầng 3, Sở Tư pháp" in body
    assert "Planned" in body
    assert "ngày 4 hằng tháng" in body and "notice 3 days ahead" in body
    assert "Moved from 04/12/2026" in body
    assert reverse("orgs:org", args=["G1"]) in body


def test_r06_meeting_on_its_regulation_day_is_not_marked_moved(world, meeting, client_for):
    response = client_for(world.committee_member).get(reverse("meetings:meeting", args=[meeting.pk]))
    assert "Moved from" not in response.content.decode()


def test_r06_page_shows_the_preparation_and_links_for_those_who_run_it(
    world, meeting, committee, client_for, pinned_clock
):
    standing = services.add_meeting(
        world.g1, MeetingKind.STANDING, dt.date(2026, 11, 20), "Hội nghị Ban Thường vụ tháng 11/2026"
    )
    services.prepare(
        meeting,
        topics=["Công tác chuyển đổi số", "Cải cách hành chính"],
        drafter=committee.extra[0],
        preparation_notes="Nghiên cứu Nghị quyết 15-NQ/ĐUK.",
        prepared_in=standing,
    )
    body = client_for(world.secretary).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "Hội nghị Ban Thường vụ tháng 11/2026" in body
    assert "Nghiên cứu Nghị quyết 15-NQ/ĐUK." in body
    assert "Phạm Quang Huy" in body
    assert '<ol id="focus-topics"><li>Công tác chuyển đổi số</li><li>Cải cách hành chính</li></ol>' in body
    assert 'id="too-many-topics"' not in body
    assert reverse("meetings:prepare", args=[meeting.pk]) in body
    # The record and the minutes wait for the meeting's day (R45); then they are offered.
    assert reverse("meetings:record", args=[meeting.pk]) not in body and 'id="meeting-ahead"' in body
    pinned_clock.move_to(MEETING_DAY)
    body = client_for(world.secretary).get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:record", args=[meeting.pk]) in body
    assert reverse("meetings:minutes", args=[meeting.pk]) in body
    assert 'id="meeting-ahead"' not in body

    body = client_for(world.committee_member).get(meeting.get_absolute_url()).content.decode()
    assert "Công tác chuyển đổi số" in body
    assert reverse("meetings:record", args=[meeting.pk]) not in body
    assert reverse("meetings:prepare", args=[meeting.pk]) not in body
    assert 'id="document-form"' not in body and 'id="notice-form"' not in body


# ---------------------------------------------------------------- preparation (R06, R08)


def test_r06_prepare_form_offers_the_orgs_standing_meetings_and_the_committee(world, meeting, client_for):
    own = services.add_meeting(world.g1, MeetingKind.STANDING, dt.date(2026, 11, 20), "BTV tháng 11")
    services.add_meeting(world.g1, MeetingKind.EXTRAORDINARY, dt.date(2026, 11, 21), "Bất thường")
    services.add_meeting(world.g2, MeetingKind.STANDING, dt.date(2026, 11, 20), "BTV của G2")
    response = client_for(world.secretary).get(reverse("meetings:prepare", args=[meeting.pk]))
    form = response.context["form"]
    assert list(form.fields["prepared_in"].queryset) == [own]
    drafters = [label for value, label in form.fields["drafter"].choices if value != ""]
    assert len(drafters) == 9 and "Trần Thị Lan" in drafters and "Đặng Văn Hùng" not in drafters


def test_r06_prepare_records_study_drafter_and_topics(world, meeting, committee, client_for):
    standing = services.add_meeting(world.g1, MeetingKind.STANDING, dt.date(2026, 11, 20), "BTV tháng 11")
    response = client_for(world.secretary).post(
        reverse("meetings:prepare", args=[meeting.pk]),
        {
            "prepared_in": standing.pk,
            "preparation_notes": "Tình hình đơn vị quý IV.",
            "drafter": world.people.committee_member.pk,
            "topics": "Công tác chuyển đổi số\n\n  Cải cách hành chính  \n",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"/meetings/{meeting.pk}/#preparation"
    )
    meeting.refresh_from_db()
    assert meeting.prepared_in == standing
    assert meeting.drafter == world.people.committee_member
    assert meeting.preparation_notes == "Tình hình đơn vị quý IV."
    assert list(meeting.focus_topics.values_list("order", "title")) == [
        (1, "Công tác chuyển đổi số"),
        (2, "Cải cách hành chính"),
    ]
    assert _messages(response) == ["The preparation of the meeting is recorded."]


def test_r06_prepare_form_shows_the_current_preparation(world, meeting, committee, client_for):
    services.prepare(meeting, topics=["Chủ đề một", "Chủ đề hai"], drafter=committee.extra[1])
    response = client_for(world.secretary).get(reverse("meetings:prepare", args=[meeting.pk]))
    assert response.context["form"].initial["topics"] == "Chủ đề một\nChủ đề hai"
    assert response.context["form"].initial["drafter"] == committee.extra[1].pk


def test_r08_too_many_topics_are_accepted_with_a_warning(world, meeting, client_for):
    client = client_for(world.secretary)
    response = client.post(
        reverse("meetings:prepare", args=[meeting.pk]),
        {"topics": "\n".join(f"Chủ đề {i}" for i in range(1, 6))},
    )
    assert response.status_code == 302
    assert meeting.focus_topics.count() == 5
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and "5 focus topics" in warnings[0] and "more than 3" in warnings[0]
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="too-many-topics"' in body and "5 focus topics: more than 3" in body


def test_r08_the_limit_is_the_regulations(world, meeting, committee, client_for):
    type(committee.regulation).objects.filter(pk=committee.regulation.pk).update(max_focus_topics=2)
    services.prepare(meeting, topics=["Một", "Hai", "Ba"], drafter=None)
    body = client_for(world.committee_member).get(meeting.get_absolute_url()).content.decode()
    assert "3 focus topics: more than 2" in body


def test_r06_prepare_refuses_a_drafter_outside_the_committee(world, meeting, client_for):
    response = client_for(world.secretary).post(
        reverse("meetings:prepare", args=[meeting.pk]),
        {"drafter": world.people.member.pk, "topics": "Chủ đề"},
    )
    assert response.status_code == 200
    assert "drafter" in response.context["form"].errors
    assert not meeting.focus_topics.exists()


def test_r06_prepare_refuses_another_orgs_meeting_and_empty_topics(world, meeting, client_for):
    other = services.add_meeting(world.g2, MeetingKind.STANDING, dt.date(2026, 11, 20), "BTV của G2")
    response = client_for(world.secretary).post(
        reverse("meetings:prepare", args=[meeting.pk]), {"prepared_in": other.pk, "topics": " \n \n"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"prepared_in", "topics"}
    meeting.refresh_from_db()
    assert meeting.prepared_in is None and not meeting.focus_topics.exists()


# ---------------------------------------------------------------- locked meetings


def _sign(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.SIGNED)
    meeting.refresh_from_db()


def test_r06_locked_meeting_shows_no_forms_and_refuses_every_change(world, meeting, client_for):
    services.prepare(meeting, topics=["Chủ đề cũ"], drafter=None)
    _attach(meeting, world)
    _sign(meeting)
    client = client_for(world.secretary)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "this meeting is locked" in body
    for marker in ('id="document-form"', 'id="notice-form"', 'id="opinion-form"'):
        assert marker not in body
    assert reverse("meetings:prepare", args=[meeting.pk]) not in body

    response = client.get(reverse("meetings:prepare", args=[meeting.pk]))
    assert response.status_code == 302
    for name, data in [
        ("prepare", {"topics": "Chủ đề mới"}),
        ("upload", {"kind": "draft", "title": "Mới", "file": _pdf()}),
        ("notice", {}),
        ("opinion", {"stance": "disagree", "text": "Muộn"}),
    ]:
        response = client.post(reverse(f"meetings:{name}", args=[meeting.pk]), data)
        assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url(), name
        assert any("can no longer be changed" in m for m in _messages(response)), name
    assert list(meeting.focus_topics.values_list("title", flat=True)) == ["Chủ đề cũ"]
    assert MeetingDocument.objects.count() == 1
    assert not Notice.objects.exists() and not Opinion.objects.exists()


def test_r11_a_first_signature_closes_the_record_to_opinions(world, meeting, client_for):
    Minutes.objects.create(meeting=meeting, text="Biên bản", chair_signed_at=timezone.now())
    response = client_for(world.committee_member).post(
        reverse("meetings:opinion", args=[meeting.pk]), {"stance": "agree", "text": "Nhất trí"}
    )
    assert response.status_code == 302
    assert any("can no longer be changed" in m for m in _messages(response))
    assert not Opinion.objects.exists()


# ---------------------------------------------------------------- documents (R07)


def test_r07_uploaded_pdf_is_stored_under_a_generated_name_with_its_checksum(world, meeting, client_for):
    client = client_for(world.secretary)
    response = client.post(
        reverse("meetings:upload", args=[meeting.pk]),
        {"kind": "draft", "title": "Dự thảo Nghị quyết tháng 12", "number": "", "file": _pdf()},
    )
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    document = MeetingDocument.objects.get()
    attachment = document.attachment
    assert (document.kind, document.title, document.meeting) == (
        DocumentKind.DRAFT,
        "Dự thảo Nghị quyết tháng 12",
        meeting,
    )
    assert attachment.original_name == "du-thao-nghi-quyet.pdf"
    assert "du-thao" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (settings.MEDIA_ROOT / attachment.file.name).read_bytes() == PDF
    assert attachment.uploaded_by == world.secretary
    assert _messages(response) == ["“Dự thảo Nghị quyết tháng 12” is attached to the meeting."]


def _file_error(response) -> str:
    """The message shown next to the upload form's file field, which is focused (so in view)."""
    html = response.content.decode()
    field = html[html.index('id="document-form"') :]
    field = field[field.index('name="file"') :]
    tag = field[: field.index(">")]
    assert "autofocus" in tag and 'aria-invalid="true"' in tag and 'aria-describedby="id_file-errors"' in tag
    error = field[field.index('id="id_file-errors"') :]
    assert field.index('id="id_file-errors"') < field.index("</form>")
    return error[error.index(">") + 1 : error.index("</small>")]


def test_r07_exe_renamed_pdf_is_refused_naming_the_file(world, meeting, client_for):
    """#16.11: the refusal shows next to the file field, the form open and the field focused (in view)."""
    response = client_for(world.secretary).post(
        reverse("meetings:upload", args=[meeting.pk]),
        {"kind": "document", "title": "", "file": _pdf("bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00")},
    )
    assert response.status_code == 200
    assert not MeetingDocument.objects.exists()
    message = _file_error(response)
    assert "bao-cao.pdf" in message and "does not match" in message
    html = response.content.decode()
    assert 'role="alert" id="id_file-errors"' in html
    assert f'action="{reverse("meetings:upload", args=[meeting.pk])}#document-form"' in html
    assert "<details open>" in html.replace("<details open >", "<details open>")
    assert _messages(response) == []


def test_r07_upload_without_a_file_is_refused(world, meeting, client_for):
    """#16.11: the missing file is said next to the file field."""
    response = client_for(world.secretary).post(
        reverse("meetings:upload", args=[meeting.pk]), {"kind": "draft", "title": "x"}
    )
    assert response.status_code == 200
    assert not MeetingDocument.objects.exists()
    assert _file_error(response)


def test_r07_page_lists_documents_by_kind_with_number_and_download_link(world, meeting, client_for):
    draft = _attach(meeting, world, DocumentKind.DRAFT, "Dự thảo nghị quyết")
    upper = _attach(meeting, world, DocumentKind.UPPER, "Nghị quyết của Đảng ủy Khối", "15-NQ/ĐUK")
    body = client_for(world.committee_member).get(meeting.get_absolute_url()).content.decode()
    assert body.index("Draft resolution") < body.index("Dự thảo nghị quyết")
    assert body.index("Upper-level document implemented") < body.index("Nghị quyết của Đảng ủy Khối")
    assert "No. 15-NQ/ĐUK" in body
    for document in (draft, upper):
        assert reverse("meetings:document", args=[meeting.pk, document.pk]) in body


def test_r07_members_download_documents_others_get_404(world, meeting, client_for, client):
    document = _attach(meeting, world)
    url = reverse("meetings:document", args=[meeting.pk, document.pk])
    response = client_for(world.committee_member).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''du-thao-nghi-quyet.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.member).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_r07_a_document_through_another_meetings_url_is_404(world, meeting, client_for):
    other = services.add_meeting(world.g1, MeetingKind.THEMATIC, dt.date(2026, 12, 18), "Chuyên đề")
    document = _attach(meeting, world)
    client = client_for(world.secretary)
    assert client.get(reverse("meetings:document", args=[other.pk, document.pk])).status_code == 404
    assert client.get(reverse("meetings:document", args=[meeting.pk, document.pk + 1000])).status_code == 404


# ---------------------------------------------------------------- notice (R07)


def test_r07_notice_reaches_members_in_the_app_and_by_email(
    world, meeting, committee, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    _on(meeting, timezone.localdate() + dt.timedelta(days=10))
    for user in (world.secretary, world.committee_member, committee.extra[0].user):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.secretary).post(reverse("meetings:notice", args=[meeting.pk]))
    assert response.status_code == 302 and response["Location"].endswith("#notice")
    assert _messages(response) == ["The notice was sent to 9 committee members."]
    assert Notice.objects.filter(meeting=meeting, late=False, lead_days=10).count() == 9
    notifications = Notification.objects.filter(url=meeting.get_absolute_url())
    # Every member but the sender, who is noticed (the nine above) without telling him of his own sending.
    assert {n.recipient for n in notifications} == {p.user for p in committee.members} - {world.secretary}
    assert sorted(m.to[0] for m in mailoutbox) == ["capuy@example.org", "cuv1@example.org"]
    assert meeting.title in mailoutbox[0].subject
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NOTIFIED


def test_r07_late_notice_is_reported_and_badged(world, meeting, client_for):
    _on(meeting, timezone.localdate() + dt.timedelta(days=1))
    client = client_for(world.secretary)
    response = client.post(reverse("meetings:notice", args=[meeting.pk]))
    assert _messages(response) == [
        "The notice was sent to 9 committee members.",
        "9 notices are late: sent 1 days before the meeting, fewer than the 3 days the regulation requires.",
    ]
    assert Notice.objects.filter(late=True).count() == 9
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert body.count(">LATE<") == 9 and "9 sent late" in body


def test_r07_sending_again_notifies_nobody_twice(world, meeting, committee, client_for):
    _on(meeting, timezone.localdate() + dt.timedelta(days=10))
    client = client_for(world.secretary)
    client.post(reverse("meetings:notice", args=[meeting.pk]))
    client.get(meeting.get_absolute_url())  # shows, and so consumes, the first message
    response = client.post(reverse("meetings:notice", args=[meeting.pk]))
    assert _messages(response) == ["Every committee member has already been notified."]
    assert Notice.objects.count() == 9 and Notification.objects.count() == 8  # not the sender's own
    # A member who joins the committee later is notified by the next sending, and only they are.
    newcomer = PersonFactory(full_name="Mai Văn Tâm", home_org=world.c1, user=UserFactory(username="moi"))
    MembershipFactory(term=world.term1, person=newcomer)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "1 committee member not notified yet" in body and "Mai Văn Tâm" in body
    response = client.post(reverse("meetings:notice", args=[meeting.pk]))
    assert _messages(response) == ["The notice was sent to 1 committee member."]
    assert Notice.objects.count() == 10


def test_r07_the_first_opening_is_recorded_and_summarized(world, meeting, committee, client_for):
    _on(meeting, timezone.localdate() + dt.timedelta(days=10))
    services.send_notice(meeting)
    member_client = client_for(world.committee_member)
    body = member_client.get(meeting.get_absolute_url()).content.decode()
    notice = Notice.objects.get(recipient=world.people.committee_member)
    first = notice.opened_at
    assert first is not None
    # Members see their own notice with its agenda, not everyone's.
    assert 'id="own-notice"' in body and 'id="notice-table"' not in body
    assert "Phòng họp tầng 3, Sở Tư pháp" in body
    member_client.get(meeting.get_absolute_url())
    notice.refresh_from_db()
    assert notice.opened_at == first

    body = client_for(world.secretary).get(meeting.get_absolute_url()).content.decode()
    # The committee member's opening, then the secretary's own, on this very page.
    assert "2 of 9 opened." in body
    assert body.count("Not opened yet") == 7
    assert Notice.objects.filter(opened_at__isnull=False).count() == 2


def test_r07_members_not_on_the_committee_open_nothing(world, meeting, client_for):
    services.send_notice(meeting)
    client_for(world.btc).get(meeting.get_absolute_url())
    assert not Notice.objects.filter(opened_at__isnull=False).exists()


# ---------------------------------------------------------------- opinions before the meeting (R11)


def test_r11_written_opinion_with_dissent_is_seen_by_the_committee(world, meeting, committee, client_for):
    services.prepare(meeting, topics=["Cải cách hành chính"], drafter=None)
    response = client_for(world.committee_member).post(
        reverse("meetings:opinion", args=[meeting.pk]),
        {"stance": "disagree", "section": "Cải cách hành chính", "text": "  Chỉ tiêu quá cao.  "},
    )
    assert response.status_code == 302 and response["Location"].endswith("#opinions")
    opinion = Opinion.objects.get()
    assert (opinion.author, opinion.phase, opinion.stance, opinion.section, opinion.text) == (
        world.people.committee_member,
        Phase.BEFORE,
        Stance.DISAGREE,
        "Cải cách hành chính",
        "Chỉ tiêu quá cao.",
    )
    assert opinion.recorded_by == world.committee_member
    services.add_opinion(
        meeting, author=committee.extra[2], stance=Stance.SUGGESTION, text="Bổ sung giải pháp"
    )

    for viewer in (world.secretary, committee.extra[3].user, world.btc):
        body = client_for(viewer).get(meeting.get_absolute_url()).content.decode()
        assert "Chỉ tiêu quá cao." in body and "Bổ sung giải pháp" in body
        assert 'class="stance-row-disagree dissent"' in body
        assert "Disagrees" in body and "Suggests a change" in body
        assert "2 written opinions on the draft" in body and "1 disagreeing" in body
        assert "The draft as a whole" in body


def test_r11_htmx_opinion_returns_the_updated_section(world, meeting, client_for):
    response = client_for(world.committee_member).post(
        reverse("meetings:opinion", args=[meeting.pk]),
        {"stance": "suggestion", "text": "Nên bổ sung thời hạn."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.templates[0].name == "meetings/_prep_opinions.html"
    body = response.content.decode()
    assert body.startswith('<section id="opinions">') and "<html" not in body
    assert "Nên bổ sung thời hạn." in body and 'id="opinion-form"' in body


def test_r11_empty_opinion_is_refused(world, meeting, client_for):
    client = client_for(world.committee_member)
    url = reverse("meetings:opinion", args=[meeting.pk])
    response = client.post(url, {"stance": "agree", "text": "   "}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    response = client.post(url, {"stance": "maybe", "text": "Ý kiến"})
    assert response.status_code == 302 and len(_messages(response)) == 1
    assert not Opinion.objects.exists()


def test_r11_htmx_post_to_a_locked_meeting_redirects_the_page(world, meeting, client_for):
    _sign(meeting)
    response = client_for(world.committee_member).post(
        reverse("meetings:opinion", args=[meeting.pk]),
        {"stance": "agree", "text": "Nhất trí"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == meeting.get_absolute_url()
    assert not Opinion.objects.exists()


# ---------------------------------------------------------------- bounded queries


def _fill(meeting, world, committee_people, n):
    """n documents, n notices and n written opinions on `meeting`."""
    for i in range(n):
        _attach(meeting, world, DocumentKind.DOCUMENT, f"Tài liệu {i}")
    Notice.objects.bulk_create(
        Notice(meeting=meeting, recipient=p, sent_at=timezone.now(), lead_days=5, agenda="Chương trình")
        for p in committee_people[:n]
    )
    for i, person in enumerate(committee_people[:n]):
        services.add_opinion(
            meeting,
            author=person,
            stance=[Stance.AGREE, Stance.DISAGREE, Stance.SUGGESTION][i % 3],
            text=f"Ý {i}",
        )


def test_r06_r07_r11_meeting_page_queries_do_not_grow_with_its_content(world, meeting, committee, client_for):
    for i in range(30):
        MembershipFactory(
            term=world.term1, person=PersonFactory(full_name=f"Nguyễn Văn Thêm {i}", home_org=world.c1)
        )
    # The two personas first, so both pages record the viewer's first opening in both cases.
    people = [world.people.secretary, world.people.committee_member] + [
        p for p in queries.committee_on(world.g1, meeting.date) if p not in committee.members[:2]
    ]
    small = meeting
    large = services.add_meeting(world.g1, MeetingKind.THEMATIC, dt.date(2026, 12, 18), "Chuyên đề")
    services.prepare(small, topics=["A", "B", "C"], drafter=people[2])
    services.prepare(large, topics=[f"Chủ đề {i}" for i in range(30)], drafter=people[2])
    _fill(small, world, people, 3)
    _fill(large, world, people, 30)

    for user in (world.secretary, world.committee_member):
        client = client_for(user)
        client.get(reverse("web:home"))  # warm up the session and caches
        counts = []
        for m in (small, large):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(m.get_absolute_url())
            assert response.status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], (user, counts)
        # session, user, meeting (with org, regulation, drafter, prepared_in), the viewer's scope (person,
        # upper-level bodies, committee seats), topics, documents with their files, notices with recipients,
        # the committee (secretary only), the first opening (an UPDATE), ancestors for the breadcrumb,
        # opinions with authors, the viewer's name in the top bar, the viewer's posts (which resolutions
        # of the meeting they may read, #17.1), the organization's name on the day (R39).
        assert counts[0] <= 18, [q["sql"] for q in ctx.captured_queries]
    body = response.content.decode()
    assert body.count("Ý ") >= 30 and "Tài liệu 29" in body
