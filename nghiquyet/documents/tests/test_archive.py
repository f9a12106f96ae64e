"""The archive (R21) and dissemination (R38): issued resolutions and signed minutes are archived with their
files and the SHA-256 of their text, chained per organization; a row altered behind the application's
back is named by `verify_archive`, which then exits non-zero."""

import hashlib
import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from nghiquyet.documents import archive, rendering
from nghiquyet.documents.models import ArchivedDocument, DisseminationRecord, DocType, Recipient
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.meetings import documents_context as meeting_documents
from nghiquyet.meetings import services as meeting_services
from nghiquyet.resolutions import documents_context as resolution_documents
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions import texts as resolution_texts

from .conftest import ISSUE_DAY

pytestmark = pytest.mark.django_db


def _sample(org, n: int, text: str = "Nội dung") -> ArchivedDocument:
    return archive.archive(
        org_id=org.pk,
        org_code=org.code,
        org_path=org.path,
        doc_type=DocType.PERIODIC_REPORT,
        title=f"Báo cáo số {n}",
        issued_on=timezone.localdate(),
        canonical_text=f"{text} {n}",
        docx=rendering.render_docx(rendering.OfficialDocument(DocType.PERIODIC_REPORT, "Đảng ủy", "ĐU")),
        filename=f"bao-cao-{n}.docx",
        source_kind="report",
        source_id=n,
    )


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_r21_issued_resolution_is_archived_with_its_text_hash_and_file(archived, issued, world):
    text = resolution_texts.render_text(issued)
    assert archived.canonical_text == text
    assert archived.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert (archived.org_code, archived.seq, archived.prev_sha256) == ("G1", 1, "")
    assert (archived.number_display, archived.issued_on, archived.doc_type) == (
        "01-NQ/ĐU",
        issued.issued_on,
        DocType.RESOLUTION,
    )
    assert archived.docx.original_name == "Nghị quyết 01-NQ-ĐU.docx"
    assert archived.docx.sha256 == hashlib.sha256(archived.docx.file.read()).hexdigest()
    assert archive.verify() == []
    # Archiving it again returns the same entry.
    assert resolution_documents.archive_resolution(issued).pk == archived.pk


def test_r38_recipients_end_with_the_office_copy_and_each_is_sent_the_document(archived, committee, world):
    names = list(Recipient.objects.filter(document=archived).values_list("name", "archive_copy"))
    assert names[0] == ("Ban Thường vụ Đảng ủy Khối các cơ quan (để báo cáo)", False)
    assert names[-1] == ("Lưu VP", True)
    sent = DisseminationRecord.objects.filter(document=archived)
    assert set(sent.exclude(person_id=None).values_list("person_id", flat=True)) == {
        p.pk for p in committee.members
    }
    assert set(sent.exclude(org_id=None).values_list("org_id", flat=True)) == {
        world.bloc.pk,
        world.p1.pk,
        world.c1.pk,
    }
    assert not sent.filter(opened_at__isnull=False).exists()
    archive.mark_opened(archived, person_id=world.people.secretary.pk, org_ids=[world.bloc.pk])
    assert sent.filter(opened_at__isnull=False).count() == 2


def test_r21_entries_are_chained_per_organization(archived, world):
    second = _sample(world.g1, 2)
    other = _sample(world.g2, 3)
    assert (second.seq, second.prev_sha256) == (2, archived.chain_sha256)
    assert (other.seq, other.prev_sha256) == (1, "")
    assert archive.verify() == []


def test_r21_archive_is_append_only(archived):
    archived.title = "Sửa"
    with pytest.raises(ImmutableError):
        archived.save()
    with pytest.raises(ImmutableError):
        archived.delete()
    with pytest.raises(ImmutableError):
        ArchivedDocument.objects.filter(pk=archived.pk).update(title="Sửa")
    with pytest.raises(ImmutableError):
        ArchivedDocument.objects.filter(pk=archived.pk).delete()
    with pytest.raises(ImmutableError):
        Recipient.objects.filter(document=archived).first().delete()


def test_r21_classified_document_names_its_roles(draft, committee):
    """Issuing as MẬT without naming who may see it is refused, naming the field (#17.1), and nothing is
    issued or numbered."""
    with pytest.raises(ValidationError) as refused:
        resolution_services.issue(draft, signer=committee.members[0], on=ISSUE_DAY, confidentiality="secret")
    assert set(refused.value.message_dict) == {"roles"}
    draft.refresh_from_db()
    assert draft.is_draft and draft.number is None
    assert not ArchivedDocument.objects.exists()


def test_r21_verify_names_a_row_whose_text_was_altered_behind_the_application(archived, world):
    second = _sample(world.g1, 2)
    _sql(
        "UPDATE documents_archiveddocument SET canonical_text = %s WHERE id = %s",
        "Văn bản đã sửa",
        archived.pk,
    )
    problems = archive.verify()
    assert {p.doc_id for p in problems} == {archived.pk}
    assert any("text no longer matches" in p.problem for p in problems)
    assert "01-NQ/ĐU" in str(problems[0]) and second.pk not in {p.doc_id for p in problems}


def test_r21_verify_finds_a_rehashed_row_by_its_chain(archived, world):
    second = _sample(world.g1, 2)
    forged = "Văn bản giả"
    _sql(
        "UPDATE documents_archiveddocument SET canonical_text = %s, sha256 = %s WHERE id = %s",
        forged,
        hashlib.sha256(forged.encode()).hexdigest(),
        archived.pk,
    )
    assert [p.problem for p in archive.verify()] == ["the chain hash no longer matches the entry"]
    # Re-sealing the forged row as well breaks the link to the next entry.
    doc = ArchivedDocument.objects.get(pk=archived.pk)
    names = list(doc.recipients.values_list("name", flat=True))
    _sql(
        "UPDATE documents_archiveddocument SET chain_sha256 = %s WHERE id = %s",
        archive.seal(doc, names, doc.docx.sha256),
        archived.pk,
    )
    problems = archive.verify()
    assert [(p.doc_id, p.problem) for p in problems] == [
        (second.pk, "does not follow the previous entry of the chain")
    ]


def test_r21_verify_finds_altered_particulars_a_deleted_entry_and_a_changed_file(archived, world):
    second = _sample(world.g1, 2)
    third = _sample(world.g1, 3)
    _sql("UPDATE documents_archiveddocument SET number_display = %s WHERE id = %s", "09-NQ/ĐU", archived.pk)
    _sql("DELETE FROM documents_disseminationrecord WHERE document_id = %s", second.pk)
    _sql("DELETE FROM documents_recipient WHERE document_id = %s", second.pk)
    _sql("DELETE FROM documents_archiveddocument WHERE id = %s", second.pk)
    with third.docx.file.open("wb") as handle:
        handle.write(b"PK altered")
    problems = {(p.doc_id, p.problem) for p in archive.verify()}
    assert (archived.pk, "the chain hash no longer matches the entry") in problems
    assert (third.pk, "entry 2 of the chain is missing") in problems
    assert (third.pk, "does not follow the previous entry of the chain") in problems
    assert (third.pk, "the DOCX file no longer matches its SHA-256") in problems


def test_r21_verify_archive_command_exit_status(archived, world):
    out = io.StringIO()
    call_command("verify_archive", stdout=out)
    assert "intact: 1 document" in out.getvalue()
    _sql("UPDATE documents_archiveddocument SET title = %s WHERE id = %s", "Tiêu đề khác", archived.pk)
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_archive", stderr=err)
    assert failure.value.returncode == 1
    assert f"#{archived.pk} G1 entry 1 (01-NQ/ĐU Tiêu đề khác)" in err.getvalue()


def test_r21_verify_reads_the_archive_in_batches(archived, world, django_assert_max_num_queries):
    for n in range(2, 8):
        _sample(world.g1, n)
    with django_assert_max_num_queries(2 * 4 + 1):
        assert archive.verify(batch=2) == []


def test_r14_r21_signed_minutes_are_archived(adopted_meeting, committee, world):
    meeting_services.sign_minutes(adopted_meeting, committee.members[0])
    meeting_services.sign_minutes(adopted_meeting, committee.members[2])
    adopted_meeting.refresh_from_db()
    doc = meeting_documents.archive_minutes(adopted_meeting, by=world.secretary)
    assert doc.doc_type == DocType.MINUTES and doc.canonical_text == adopted_meeting.minutes.text
    assert doc.sha256 == adopted_meeting.minutes.sha256  # the minutes' own seal, the same text
    assert list(doc.recipients.values_list("name", flat=True)) == ["Lưu VP"]
    assert meeting_documents.archived_minutes(adopted_meeting) == doc
    assert archive.verify() == []


# CI installs LibreOffice (.ci/run), so there these tests always run.
@pytest.mark.skipif(
    rendering.soffice_path() is None and not os.environ.get("CI"), reason="LibreOffice is not installed here"
)
def test_r21_archived_pdf_is_made_once_from_the_archived_docx(archived):
    pdf = archive.ensure_pdf(archived)
    assert pdf.file.read().startswith(b"%PDF-") and pdf.original_name == "Nghị quyết 01-NQ-ĐU.pdf"
    assert archive.ensure_pdf(ArchivedDocument.objects.get(pk=archived.pk)) == pdf
    assert archive.verify() == []
