"""Taking back a document attached to a meeting by mistake (R07), through HTTP and the service.

Personas: G1's secretary runs the meeting and removes; a committee member sees the meeting but does not
run it; the outsider (G2's secretary) and a plain member do not see it. All of them but the secretary get
404, and the document stays. A locked record refuses the removal.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nghiquyet.documents import search
from nghiquyet.documents.models import Attachment, SearchEntry, SearchKind
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.meetings import services
from nghiquyet.meetings.models import (
    DocumentKind,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
    Minutes,
)
from nghiquyet.testing.files import PDF

pytestmark = pytest.mark.django_db

TITLE = "Báo cáo tổng kết công tác chuyên môn"


@pytest.fixture(autouse=True)
def english_and_tmp_media(client, settings, tmp_path):
    # English is the source language: assertions do not depend on the Vietnamese catalogue.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.MEDIA_ROOT = tmp_path


def _attach(meeting, world, title=TITLE):
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    return services.attach_document(
        meeting, kind=DocumentKind.DOCUMENT, title=title, uploaded=upload, by=world.secretary
    )


def _url(meeting, document) -> str:
    return reverse("meetings:document_remove", args=[meeting.pk, document.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _found(query: str) -> int:
    return search.search(query, None, kinds=[SearchKind.DOCUMENT]).total


# ---------------------------------------------------------------- the secretary removes


def test_r07_secretary_removes_a_document_and_its_entry_the_history_keeps_it(
    world, meeting, client_for, settings, django_capture_on_commit_callbacks
):
    kept = _attach(meeting, world, "Dự thảo nghị quyết")
    document = _attach(meeting, world)
    stored = settings.MEDIA_ROOT / document.attachment.file.name
    assert stored.exists() and _found("tong ket cong tac chuyen mon") == 1
    client = client_for(world.secretary)
    assert f'action="{_url(meeting, document)}"' in client.get(meeting.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(meeting, document))

    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url() + "#documents"
    assert _messages(response) == [f"“{TITLE}” is removed from the meeting."]
    assert list(MeetingDocument.objects.all()) == [kept]
    # Nothing is lost: the history records the removal and who made it, and the file stays for it.
    removal = MeetingDocument.history.filter(id=document.pk).latest("history_date")
    assert removal.history_type == "-" and removal.history_user == world.secretary
    assert removal.title == TITLE and removal.attachment_id == document.attachment_id
    assert Attachment.objects.filter(pk=document.attachment_id).exists() and stored.exists()
    assert _found("tong ket cong tac chuyen mon") == 0
    assert not SearchEntry.objects.filter(kind=SearchKind.DOCUMENT, object_id=document.pk).exists()
    # The other document stays listed and found.
    assert SearchEntry.objects.filter(kind=SearchKind.DOCUMENT, object_id=kept.pk).exists()
    body = client.get(meeting.get_absolute_url()).content.decode()
    listed = body[body.index('<section id="documents">') :].split("</section>", 1)[0]
    assert TITLE not in listed and reverse("meetings:document", args=[meeting.pk, document.pk]) not in body
    assert "Dự thảo nghị quyết" in listed


def test_r07_the_service_records_who_removed_outside_a_request(world, meeting):
    document = _attach(meeting, world)
    pk = document.pk  # delete() clears it on the instance
    services.remove_document(meeting, document, by=world.secretary)
    assert not MeetingDocument.objects.filter(pk=pk).exists()
    removal = MeetingDocument.history.filter(id=pk).latest("history_date")
    assert removal.history_type == "-" and removal.history_user == world.secretary


def test_r07_the_button_asks_for_confirmation_and_only_those_who_run_see_it(world, meeting, client_for):
    document = _attach(meeting, world)
    body = client_for(world.secretary).get(meeting.get_absolute_url()).content.decode()
    assert 'onclick="return confirm(this.dataset.confirm)"' in body
    assert f"Remove “{TITLE}” from the meeting?" in body and "Remove document" in body
    body = client_for(world.committee_member).get(meeting.get_absolute_url()).content.decode()
    assert TITLE in body and _url(meeting, document) not in body and "Remove document" not in body


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("persona", ["committee_member", "member", "outsider"])
def test_r07_those_who_do_not_run_the_meeting_get_404_and_the_document_stays(
    world, meeting, client_for, persona
):
    document = _attach(meeting, world)
    response = client_for(getattr(world, persona)).post(_url(meeting, document))
    assert response.status_code == 404
    assert MeetingDocument.objects.filter(pk=document.pk).exists()
    assert _found("tong ket cong tac chuyen mon") == 1


def test_r07_a_signed_meeting_refuses_the_removal(world, meeting, client_for):
    document = _attach(meeting, world)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.SIGNED)
    client = client_for(world.secretary)
    assert _url(meeting, document) not in client.get(meeting.get_absolute_url()).content.decode()
    response = client.post(_url(meeting, document))
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert any("can no longer be changed" in m for m in _messages(response))
    assert MeetingDocument.objects.filter(pk=document.pk).exists()


def test_r07_a_first_signature_refuses_the_removal(world, meeting, client_for):
    # The meeting is not marked signed yet, so the view reaches the service, which refuses.
    document = _attach(meeting, world)
    Minutes.objects.create(meeting=meeting, text="Biên bản", chair_signed_at=timezone.now())
    response = client_for(world.secretary).post(_url(meeting, document))
    assert response.status_code == 302
    assert any("can no longer be changed" in m for m in _messages(response))
    assert MeetingDocument.objects.filter(pk=document.pk).exists()
    with pytest.raises(ImmutableError):
        services.remove_document(meeting, document)


def test_r07_a_document_through_another_meetings_url_is_404(world, meeting, client_for):
    other = services.add_meeting(world.g1, MeetingKind.THEMATIC, dt.date(2026, 12, 18), "Chuyên đề")
    document = _attach(meeting, world)
    client = client_for(world.secretary)
    assert client.post(_url(other, document)).status_code == 404
    assert (
        client.post(reverse("meetings:document_remove", args=[meeting.pk, document.pk + 1000])).status_code
        == 404
    )
    assert MeetingDocument.objects.filter(pk=document.pk).exists()


def test_r07_the_service_refuses_another_meetings_document(world, meeting, in_english):
    other = services.add_meeting(world.g1, MeetingKind.THEMATIC, dt.date(2026, 12, 18), "Chuyên đề")
    document = _attach(meeting, world)
    with pytest.raises(ValidationError) as error:
        services.remove_document(other, document)
    assert error.value.message_dict == {"document": ["This document is not attached to this meeting."]}
    assert MeetingDocument.objects.filter(pk=document.pk).exists()


def test_r07_get_is_not_allowed(world, meeting, client_for):
    document = _attach(meeting, world)
    assert client_for(world.secretary).get(_url(meeting, document)).status_code == 405
    assert MeetingDocument.objects.filter(pk=document.pk).exists()
