"""The notice carries the draft drafted in the application, and a meeting has one draft (R07, #16.7).

The draft resolution (resolutions) goes with the meeting's notice and documents as it stands: a link to its
page and to its current DOCX, no download and upload again; the committee members who receive the notice
open both; the meeting page offers one draft action; a second draft for the same meeting is refused.
"""

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nghiquyet.meetings import documents_context, services
from nghiquyet.meetings.models import DocumentKind, Meeting, MeetingDocument, MeetingKind, Notice
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions.models import Resolution
from nghiquyet.testing.files import PDF

pytestmark = pytest.mark.django_db

TITLE = "Về lãnh đạo thực hiện nhiệm vụ chính trị tháng 12 năm 2026"


@pytest.fixture(autouse=True)
def english_and_tmp_media(client, settings, tmp_path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def soon(meeting) -> Meeting:
    day = timezone.localdate() + dt.timedelta(days=10)
    Meeting.objects.filter(pk=meeting.pk).update(date=day, nominal_date=day)
    meeting.refresh_from_db()
    return meeting


def _draft(world, meeting) -> Resolution:
    return resolution_services.create_draft(world.g1, title=TITLE, meeting=meeting, by=world.secretary)


def _draft_action(body: str) -> str:
    """The one draft action of the meeting page's links (the tag with its text)."""
    assert body.count('id="draft-action"') == 1
    start = body.rindex("<a ", 0, body.index('id="draft-action"'))
    return body[start : body.index("</a>", start)]


def test_r07_notice_and_documents_carry_the_apps_draft_without_upload(world, soon, client_for):
    """#16.7: the notice (sent text and DOCX) and the documents list name the draft drafted in the app."""
    draft = _draft(world, soon)
    services.send_notice(soon)
    assert not MeetingDocument.objects.exists()  # nothing was uploaded
    notice = Notice.objects.get(meeting=soon, recipient=world.people.committee_member)
    assert f"Tài liệu gửi kèm:\n- Dự thảo nghị quyết: {TITLE}" in notice.agenda
    blocks = [b.text for b in documents_context.notice_document(soon).blocks]
    assert blocks[blocks.index("5. Tài liệu gửi kèm:") + 1] == f"- Dự thảo nghị quyết: {TITLE}"

    body = client_for(world.committee_member).get(soon.get_absolute_url()).content.decode()
    documents = body[body.index('id="documents"') :]
    app_draft = documents[documents.index('id="app-draft"') : documents.index("</ul>")]
    assert f'href="{draft.get_absolute_url()}"' in app_draft and TITLE in app_draft
    assert f'href="{reverse("resolutions:document", args=[draft.pk, "docx"])}"' in app_draft
    assert "No document attached yet." not in documents


def test_r07_committee_members_notified_open_the_draft_and_its_current_docx(world, soon, client_for):
    """#16.7: a committee member (not a leader) who receives the notice opens the draft and its DOCX,
    rendered from the draft as it stands now; a plain member and another organization's secretary do not."""
    draft = _draft(world, soon)
    services.send_notice(soon)
    client = client_for(world.committee_member)
    assert client.get(draft.get_absolute_url()).status_code == 200
    response = client.get(reverse("resolutions:document", args=[draft.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''" + quote(f"Dự thảo nghị quyết {TITLE}.docx")
    )
    resolution_services.update_draft(draft, title="Về công tác cán bộ")  # the current text, no re-upload
    response = client.get(reverse("resolutions:document", args=[draft.pk, "docx"]))
    assert quote("Dự thảo nghị quyết Về công tác cán bộ.docx") in response["Content-Disposition"]
    for outsider in (world.member, world.outsider):
        assert client_for(outsider).get(draft.get_absolute_url()).status_code == 404


def test_r07_meeting_page_offers_one_draft_action(world, meeting, client_for):
    """#16.7: "create the draft" while there is none, "open the draft" once there is; never both."""
    client = client_for(world.secretary)
    action = _draft_action(client.get(meeting.get_absolute_url()).content.decode())
    assert f'href="{reverse("resolutions:create", args=["G1"])}?meeting={meeting.pk}"' in action
    assert "Create the draft resolution" in action

    draft = _draft(world, meeting)
    for user in (world.secretary, world.committee_member):
        action = _draft_action(client_for(user).get(meeting.get_absolute_url()).content.decode())
        assert f'href="{draft.get_absolute_url()}"' in action and "Open the draft resolution" in action
    # Who does not run the meeting gets no "create" action.
    other = services.add_meeting(world.g1, MeetingKind.THEMATIC, dt.date(2026, 12, 18), "Chuyên đề")
    body = client_for(world.committee_member).get(other.get_absolute_url()).content.decode()
    assert 'id="draft-action"' not in body


def test_r07_the_service_refuses_a_second_draft_for_a_meeting(world, meeting, in_english):
    """#16.7: create_draft refuses a second draft naming `meeting`, with the existing draft's link; so does
    moving another draft onto the meeting. Once the draft is issued, a new one may start."""
    draft = _draft(world, meeting)
    with pytest.raises(ValidationError) as refused:
        resolution_services.create_draft(world.g1, title="Nghị quyết thứ hai", meeting=meeting)
    (message,) = refused.value.message_dict["meeting"]
    assert draft.get_absolute_url() in message and TITLE in message
    assert Resolution.objects.filter(meeting=meeting).count() == 1

    other = resolution_services.create_draft(world.g1, title="Nghị quyết khác")
    with pytest.raises(ValidationError) as refused:
        resolution_services.update_draft(other, meeting=meeting)
    assert "meeting" in refused.value.message_dict
    resolution_services.update_draft(draft, meeting=meeting, title="Vẫn là dự thảo này")  # its own meeting

    Resolution.objects.filter(pk=draft.pk).update(status="issued")
    assert resolution_services.create_draft(world.g1, title="Nghị quyết mới", meeting=meeting).pk


def test_r07_create_page_opens_the_existing_draft_and_refuses_a_second(world, meeting, client_for):
    """#16.7 through HTTP: "create" for a meeting with a draft opens it; a posted second draft is refused
    next to the meeting field, with a link to the existing draft."""
    draft = _draft(world, meeting)
    client = client_for(world.secretary)
    create = reverse("resolutions:create", args=["G1"])
    response = client.get(create, {"meeting": meeting.pk})
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()

    response = client.post(create, {"kind": "regular", "title": "Thứ hai", "meeting": meeting.pk})
    assert response.status_code == 200
    assert "meeting" in response.context["form"].errors
    body = response.content.decode()
    existing = body[body.index('id="existing-draft"') :]
    assert f'href="{draft.get_absolute_url()}"' in existing[: existing.index("</p>")]
    assert Resolution.objects.filter(meeting=meeting).count() == 1


def test_r07_no_draft_file_is_uploaded_beside_the_apps_draft(world, meeting, in_english):
    """#16.7: the draft drafted in the app goes with the notice; a second draft as a file is refused,
    naming `kind`; other documents are still attached."""
    _draft(world, meeting)
    upload = SimpleUploadedFile("du-thao.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.attach_document(meeting, kind=DocumentKind.DRAFT, title="", uploaded=upload, by=None)
    assert "kind" in refused.value.message_dict
    upload = SimpleUploadedFile("tai-lieu.pdf", PDF, content_type="application/pdf")
    services.attach_document(meeting, kind=DocumentKind.DOCUMENT, title="Báo cáo", uploaded=upload, by=None)
    assert MeetingDocument.objects.get().kind == DocumentKind.DOCUMENT
