"""What search finds besides resolutions, items and minutes (R21, R38): the files given with a meeting
(title, number, kind), visible as the meeting is; and archived documents that no record of an upper app
stands for (a periodic report), visible as in the archive — classified ones only to their roles (an
inspection conclusion is indexed by oversight, for the inspected committee too:
oversight/tests/test_inspection_search.py). The `reindex` command rebuilds every kind.

Personas: G1's secretary and committee member see G1's meetings; the bloc's Organization Board officer
sees the bloc; the outsider (G2's secretary) and a plain member find nothing of G1."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nghiquyet.documents import archive, search
from nghiquyet.documents.models import ArchivedDocument, DocType, SearchEntry, SearchKind
from nghiquyet.meetings import documents_context as meeting_documents
from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import DocumentKind
from nghiquyet.testing.files import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _found(client, query: str, kind: str = "") -> list[str]:
    response = client.get(reverse("documents:search"), {"q": query, "kind": kind})
    assert response.status_code == 200
    return re.findall(r'id="result-([a-z]+-\d+)"', response.content.decode())


def _upload(client, meeting, **data):
    upload = SimpleUploadedFile("nghi-quyet.pdf", PDF, content_type="application/pdf")
    return client.post(reverse("meetings:upload", args=[meeting.pk]), {**data, "file": upload})


# ---------------------------------------------------------------- meeting documents


def test_r07_r21_a_meeting_document_is_found_by_title_and_number(meeting, world, client_for):
    client = client_for(world.secretary)
    response = _upload(
        client,
        meeting,
        kind=DocumentKind.UPPER,
        title="Nghị quyết về công tác xây dựng Đảng năm 2027",
        number="15-NQ/ĐUK",
    )
    assert response.status_code == 302
    document = meeting.documents.get()
    key = f"document-{document.pk}"
    assert _found(client, "cong tac xay dung dang") == [key]
    assert _found(client, "15-nq/duk", kind=SearchKind.DOCUMENT) == [key]
    # The kind and the meeting are searchable too, in Vietnamese.
    assert _found(client, "van ban cap tren hoi nghi cap uy thuong ky") == [key]
    entry = SearchEntry.objects.get(kind=SearchKind.DOCUMENT, object_id=document.pk)
    assert entry.title == "15-NQ/ĐUK Nghị quyết về công tác xây dựng Đảng năm 2027"
    assert entry.url == reverse("meetings:meeting", args=[meeting.pk]) + "#documents"
    assert (entry.org_path, entry.date) == (world.g1.path, meeting.date)
    # Those who see the meeting open the result.
    assert client_for(world.committee_member).get(entry.url).status_code == 200


def test_r07_r21_a_meeting_document_is_visible_as_the_meeting(meeting, world, client_for):
    meeting_services.attach_document(
        meeting,
        kind=DocumentKind.DRAFT,
        title="Dự thảo nghị quyết tháng 12",
        uploaded=_pdf(),
        by=world.secretary,
    )
    for user in (world.secretary, world.committee_member, world.btc):
        assert len(_found(client_for(user), "du thao nghi quyet thang 12")) == 1, user.username
    for user in (world.outsider, world.member):
        assert _found(client_for(user), "du thao nghi quyet thang 12") == [], user.username
        entry = SearchEntry.objects.get(kind=SearchKind.DOCUMENT)
        assert client_for(user).get(entry.url).status_code == 404


def test_r21_meeting_documents_are_reindexed_together(meeting, world):
    first = meeting_services.attach_document(
        meeting, kind=DocumentKind.DOCUMENT, title="Báo cáo tình hình", uploaded=_pdf(), by=world.secretary
    )
    second = meeting_services.attach_document(
        meeting, kind=DocumentKind.DOCUMENT, title="Tờ trình nhân sự", uploaded=_pdf(), by=world.secretary
    )
    assert set(SearchEntry.objects.filter(kind=SearchKind.DOCUMENT).values_list("object_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    # A file taken off the meeting leaves the index with the next reindex of the meeting's documents.
    type(second).objects.filter(pk=second.pk).delete()
    meeting_documents.reindex_documents(meeting)
    assert list(SearchEntry.objects.filter(kind=SearchKind.DOCUMENT).values_list("object_id", flat=True)) == [
        first.pk
    ]


def _pdf():
    return SimpleUploadedFile("tai-lieu.pdf", PDF, content_type="application/pdf")


# ---------------------------------------------------------------- archived documents


def _report(org, title="Báo cáo sơ kết công tác kiểm tra giám sát", **kw) -> ArchivedDocument:
    return archive.archive(
        org_id=org.pk,
        org_code=org.code,
        org_path=org.path,
        doc_type=DocType.PERIODIC_REPORT,
        number_display="03-BC/ĐUK",
        title=title,
        issued_on=timezone.localdate(),
        canonical_text=f"{title}\nNội dung báo cáo về công tác kiểm tra, giám sát năm 2026.",
        docx=b"PK-test-docx",
        filename="bao-cao.docx",
        source_kind="report",
        source_id=kw.pop("source_id", 1),
        **kw,
    )


def test_r21_r38_an_archived_report_is_found_as_in_the_archive(world, client_for):
    doc = _report(world.bloc)
    key = f"archived-{doc.pk}"
    btc = client_for(world.btc)
    assert _found(btc, "bao cao so ket kiem tra giam sat") == [key]
    assert _found(btc, "03-bc/duk", kind=SearchKind.ARCHIVED) == [key]
    entry = SearchEntry.objects.get(kind=SearchKind.ARCHIVED)
    assert entry.url == reverse("documents:archived", args=[doc.pk]) and entry.org_name == world.bloc.name
    assert btc.get(entry.url).status_code == 200
    # G1's committee does not see the bloc's archive, and does not find it either.
    for user in (world.secretary, world.outsider, world.member):
        client = client_for(user)
        assert _found(client, "bao cao so ket") == [], user.username
        assert client.get(entry.url).status_code == 404


def test_r21_a_classified_archived_document_is_found_only_by_its_roles(world, client_for):
    _report(world.bloc, "Báo cáo mật về nhân sự", confidentiality="secret", roles=["inspection_committee"])
    assert len(_found(client_for(world.ubkt), "bao cao mat nhan su")) == 1
    assert _found(client_for(world.btc), "bao cao mat nhan su") == []


def test_r21_resolutions_and_minutes_are_not_indexed_twice(archived):
    # The issued resolution is found as the resolution (and its items), not again as an archived file.
    assert not SearchEntry.objects.filter(kind=SearchKind.ARCHIVED).exists()
    assert SearchEntry.objects.filter(kind=SearchKind.RESOLUTION, object_id=archived.source_id).exists()


def test_r21_reindex_command_rebuilds_every_kind(archived, meeting, world):
    meeting_services.attach_document(
        meeting, kind=DocumentKind.DOCUMENT, title="Tài liệu hội nghị", uploaded=_pdf(), by=world.secretary
    )
    _report(world.bloc)
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "audience"))
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert sorted(SearchEntry.objects.values_list("kind", "object_id", "audience")) == before
    assert {k for k, _i, _a in before} == {"resolution", "item", "document", "archived"}
    assert "guidance: 0 entries" in out.getvalue()


def test_r21_search_finds_across_kinds_in_one_ranked_list(archived, meeting, world, client_for):
    meeting_services.attach_document(
        meeting,
        kind=DocumentKind.DOCUMENT,
        title="Tổng kết công tác chuyên môn",
        uploaded=_pdf(),
        by=world.secretary,
    )
    found = _found(client_for(world.secretary), "tong ket cong tac chuyen mon")
    assert {f.split("-")[0] for f in found} >= {"resolution", "document"}
    assert search.search("tong ket cong tac", None, kinds=[SearchKind.DOCUMENT]).total == 1


def test_r21_meeting_documents_keep_the_meeting_date(meeting, world):
    meeting_services.attach_document(
        meeting, kind=DocumentKind.DOCUMENT, title="Tài liệu", uploaded=_pdf(), by=world.secretary
    )
    page = search.search("tai lieu", None, date_from=dt.date(2026, 12, 1), date_to=dt.date(2026, 12, 31))
    assert page.total == 1
