"""#17.3: a page's cost does not depend on what an attachment weighs. The text of an uploaded document is
read once, at upload, and kept; the draft's page compares the draft with that text and never opens, unzips
or parses the file — so a file of any size costs the page the same queries and no parsing."""

from __future__ import annotations

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nghiquyet.lib import plaintext
from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import DocumentKind
from nghiquyet.quality.tests.test_adapters import docx_bytes

pytestmark = pytest.mark.django_db

UPPER_TEXT = (
    "Tập trung lãnh đạo tổng kết công tác chuyên môn năm 2026, đánh giá đúng kết quả, chỉ rõ tồn tại."
)


def _attach(meeting, world, text: str, name: str):
    return meeting_services.attach_document(
        meeting,
        kind=DocumentKind.UPPER,
        title=f"Văn bản cấp trên {name}",
        number=f"{len(name)}-NQ/ĐUK",
        uploaded=SimpleUploadedFile(
            f"{name}.docx",
            docx_bytes(text),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        by=world.secretary,
    )


def _forbid_reading_files(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page read an uploaded file")

    monkeypatch.setattr(FileSystemStorage, "open", refuse)
    monkeypatch.setattr(plaintext, "extract", refuse)


def test_17_3_the_text_is_read_at_upload_and_kept(world, draft, adopted_meeting):
    document = _attach(adopted_meeting, world, UPPER_TEXT, "nho")
    assert document.attachment.text == UPPER_TEXT


def test_17_3_the_draft_page_never_reads_an_uploaded_file(
    world, draft, adopted_meeting, client_for, monkeypatch
):
    client = client_for(world.secretary)
    _attach(adopted_meeting, world, UPPER_TEXT, "nho")
    client.get(draft.get_absolute_url())  # the first opening's writes out of the way
    with CaptureQueriesContext(connection) as small:
        _forbid_reading_files(monkeypatch)
        page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Văn bản cấp trên nho" in body  # compared, from the kept text
    monkeypatch.undo()

    # A document a hundred times longer (within the upload limits) costs the page no more queries, and
    # still no reading of the file.
    long_text = "\n".join(f"{UPPER_TEXT} Đoạn {n}." for n in range(3000))
    _attach(adopted_meeting, world, long_text, "lon")
    client.get(draft.get_absolute_url())
    _forbid_reading_files(monkeypatch)
    with CaptureQueriesContext(connection) as large:
        page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and "Văn bản cấp trên lon" in page.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_17_3_the_kept_text_is_bounded():
    text = plaintext.extract(("Một dòng văn bản. " * 100_000).encode(), ".txt")
    assert len(text) == plaintext.MAX_TEXT_CHARS


def test_17_3_a_document_beyond_the_page_limit_is_refused_not_rendered(
    world, draft, client_for, monkeypatch, in_english
):
    """A draft longer than a document may be is not issued, and its DOCX/PDF is refused with a message
    (rendering is never started: python-docx and LibreOffice cost by the page)."""
    from django.urls import reverse

    from nghiquyet.documents import limits, rendering
    from nghiquyet.resolutions import queries

    assert not [p for p in queries.issue_problems(draft) if "too long" in p.message]
    monkeypatch.setattr(limits, "MAX_DOCUMENT_CHARS", 200)  # the draft holds more than this
    assert [p for p in queries.issue_problems(draft) if "too long" in p.message]

    def refuse(*args, **kwargs):
        raise AssertionError("rendered a document beyond the limit")

    monkeypatch.setattr(rendering, "render_docx", refuse)
    monkeypatch.setattr("nghiquyet.documents.downloads.render_docx", refuse)
    client = client_for(world.secretary)
    response = client.get(reverse("resolutions:document", args=[draft.pk, "docx"]), follow=True)
    assert response.status_code == 200
    assert any("too long" in str(m) or "quá dài" in str(m) for m in response.context["messages"])
