"""The inspection conclusion (KẾT LUẬN) as an official document (R25, R33, R21, R38): when a record is
concluded, the Inspection Committee's conclusion — findings, conclusions, recommendations with the
person in charge and the deadline — is numbered in its own series, rendered in the Party's layout,
archived in the bloc's chain (verify passes) and offered for download on the record page.

Personas: ubkt (Inspection Committee, its head here) concludes; btc reads; G1's committee member sees
G1's concluded record and its conclusion; the outsider (G2) and the plain member get 404.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from nghiquyet.documents import archive, rendering
from nghiquyet.documents.models import (
    ArchivedDocument,
    DisseminationRecord,
    DocType,
    SearchEntry,
    SearchKind,
)
from nghiquyet.orgs.models import BodyKind, BodyStaff, StaffRole
from nghiquyet.orgs.tests.factories import TermFactory
from nghiquyet.oversight import documents_context, services
from nghiquyet.oversight.models import InspectionRecord

from .test_inspections import _plan, _record

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2027, 3, 31)


@pytest.fixture
def numbered(world):
    """The bloc's committee term (the series runs in it) and the Inspection Committee's head."""
    TermFactory(org=world.bloc, label="2025–2030")
    BodyStaff.objects.filter(person=world.people.ubkt, body__kind=BodyKind.INSPECTION_COMMITTEE).update(
        role=StaffRole.HEAD
    )


def _conclusions():
    """The archived conclusions (the archive is append-only: other modules' tests may leave entries)."""
    return ArchivedDocument.objects.filter(doc_type=DocType.INSPECTION_CONCLUSION)


def _draft(world) -> InspectionRecord:
    return _record(
        world,
        recommendations=[
            ("Rà soát lại chỉ tiêu chuyển đổi số cho sát thực tế.", world.people.secretary, DEADLINE),
        ],
    )


def _conclude(world, client_for, record) -> InspectionRecord:
    response = client_for(world.ubkt).post(reverse("oversight:record_conclude", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_concluded
    return record


def _docx_text(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response.streaming and response.file_to_stream is not None:
        response.file_to_stream.close()
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _file_url(record, fmt="docx") -> str:
    return reverse("oversight:record_document", args=[record.pk, fmt])


def test_r25_r21_concluding_archives_a_numbered_conclusion(world, numbered, client_for):
    record = _conclude(world, client_for, _draft(world))
    doc = _conclusions().get()
    assert (doc.source_kind, doc.source_id) == (documents_context.CONCLUSION_SOURCE, record.pk)
    assert (doc.org_code, doc.org_path, doc.seq) == ("DUK", world.bloc.path, 1)
    assert doc.number_display == "01-KL/UBKTĐUK"
    assert doc.title == ("Kết luận kiểm tra việc ban hành nghị quyết năm 2026 đối với Đảng bộ Sở Tư pháp")
    assert doc.issued_on == timezone.localdate(record.concluded_at)
    assert "Cơ bản thực hiện tốt." in doc.canonical_text
    assert archive.text_sha256(doc.canonical_text) == doc.sha256
    # R38: the Standing Committee, the organization inspected, the assignees; the office copy last.
    names = list(doc.recipients.values_list("name", flat=True))
    assert names == [
        "Ban Thường vụ Đảng ủy Khối các cơ quan (để báo cáo)",
        "Đảng ủy Sở Tư pháp (để thực hiện)",
        "Các đồng chí được giao thực hiện kiến nghị",
        "Lưu VP",
    ]
    sent = DisseminationRecord.objects.filter(document=doc)
    assert set(sent.exclude(org_id=None).values_list("org_id", flat=True)) == {world.bloc.pk, world.g1.pk}
    assert list(sent.exclude(person_id=None).values_list("person_id", flat=True)) == [
        world.people.secretary.pk
    ]
    # The bloc's chain verifies, files included (other chains may hold what other test modules left).
    assert [p for p in archive.verify() if p.org_code == "DUK"] == []


def test_r25_conclusion_docx_has_the_header_number_findings_and_recommendations(world, numbered, client_for):
    record = _conclude(world, client_for, _draft(world))
    response = client_for(world.btc).get(_file_url(record))
    assert response.status_code == 200
    text = _docx_text(response)
    for expected in (
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN",  # the committee above the Inspection Committee
        "ỦY BAN KIỂM TRA",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 01-KL/UBKTĐUK",
        "KẾT LUẬN",
        "Kiểm tra việc ban hành nghị quyết năm 2026 đối với Đảng bộ Sở Tư pháp",
        "I. KẾT QUẢ KIỂM TRA",
        "Cấp ủy nghiêm túc, chủ động.",
        "Chỉ tiêu chuyển đổi số chưa sát thực tế.",
        "Chi bộ Văn phòng làm tốt; đồng chí A còn chậm.",
        "II. KẾT LUẬN",
        "Cơ bản thực hiện tốt.",
        "III. KIẾN NGHỊ",
        "1. Rà soát lại chỉ tiêu chuyển đổi số cho sát thực tế. Người chịu trách nhiệm: Nguyễn Văn Bình; "
        "thời hạn: 31/03/2027.",
        "T/M ỦY BAN KIỂM TRA",
        "CHỦ NHIỆM",
        "Vũ Thị Hạnh",
        "- Lưu VP.",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text
    # The archived file itself is served (its SHA-256 is the sealed one).
    doc = _conclusions().get()
    assert response["Content-Disposition"].endswith(".docx") and doc.docx.original_name.startswith("Kết luận")


def test_r25_conclusions_are_numbered_in_their_own_series(world, numbered, client_for):
    plan = _plan(world)
    first = _conclude(world, client_for, _record(world, plan))
    second = _conclude(world, client_for, _record(world, plan, org=world.g2))
    numbers = dict(_conclusions().values_list("source_id", "number_display"))
    assert numbers == {first.pk: "01-KL/UBKTĐUK", second.pk: "02-KL/UBKTĐUK"}
    assert list(_conclusions().order_by("seq").values_list("seq", flat=True)) == [1, 2]
    assert [p for p in archive.verify() if p.org_code == "DUK"] == []


def test_r25_without_a_committee_term_no_number_line_is_printed(world, client_for):
    record = _conclude(world, client_for, _draft(world))
    doc = _conclusions().get()
    assert doc.number_display == ""
    text = _docx_text(client_for(world.ubkt).get(_file_url(record)))
    # R21: a numbered type without its number prints no number line, never a blank one.
    assert "Số " not in text and "-KL/UBKTĐUK" not in text


def test_r25_a_record_being_written_downloads_as_a_draft(world, numbered, client_for):
    record = _draft(world)
    response = client_for(world.ubkt).get(_file_url(record))
    text = _docx_text(response)
    assert "DỰ THẢO" in text and "-KL/UBKTĐUK" not in text
    assert not _conclusions().exists()
    # The inspected organization does not see the record before it is concluded.
    assert client_for(world.committee_member).get(_file_url(record)).status_code == 404


def test_r25_conclusion_download_is_offered_to_who_sees_the_record(world, numbered, client_for):
    record = _conclude(world, client_for, _draft(world))
    page = client_for(world.committee_member).get(record.get_absolute_url()).content.decode()
    assert f'href="{_file_url(record)}"' in page
    for user in (world.ubkt, world.btc, world.secretary, world.committee_member):
        assert client_for(user).get(_file_url(record)).status_code == 200, user.username
    for user in (world.outsider, world.member):
        assert client_for(user).get(_file_url(record)).status_code == 404, user.username
    assert client_for(world.ubkt).get(_file_url(record, "odt")).status_code == 404


def test_r25_pdf_without_libreoffice_says_why(world, numbered, client_for, settings, monkeypatch):
    settings.DOCUMENTS_SOFFICE = None
    monkeypatch.setattr(rendering.shutil, "which", lambda name: None)
    record = _conclude(world, client_for, _draft(world))
    client = client_for(world.ubkt)
    assert 'id="pdf-unavailable"' in client.get(record.get_absolute_url()).content.decode()
    response = client.get(_file_url(record, "pdf"))
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert "LibreOffice" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_r33_conclusion_is_found_in_search_as_an_archived_document(world, numbered, client_for):
    _conclude(world, client_for, _draft(world))
    entry = SearchEntry.objects.get(kind=SearchKind.ARCHIVED, object_id=_conclusions().get().pk)
    assert entry.title.startswith("01-KL/UBKTĐUK Kết luận kiểm tra")
    response = client_for(world.btc).get(reverse("documents:search"), {"q": "ket luan kiem tra so tu phap"})
    assert f'id="result-archived-{entry.object_id}"' in response.content.decode()
    response = client_for(world.outsider).get(reverse("documents:search"), {"q": "ket luan kiem tra"})
    assert "result-archived" not in response.content.decode()


def test_r25_concluding_twice_archives_once(world, numbered, client_for):
    record = _conclude(world, client_for, _draft(world))
    assert documents_context.archive_conclusion(record) == _conclusions().get()
    client_for(world.ubkt).post(reverse("oversight:record_conclude", args=[record.pk]))
    assert _conclusions().count() == 1
    with pytest.raises(ValidationError):
        services.conclude_record(record)
