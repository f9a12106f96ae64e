"""Pages and downloads through HTTP: the search page, the archive, and the DOCX/PDF downloads of
resolutions, plans, notices and minutes (R07, R14, R21, R22, R24, R38).

Personas: G1's secretary and committee member see G1's records; the bloc's Organization Board officer
sees every organization's; a plain member and the outsider (G2's secretary) get 404 or nothing found."""

import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from nghiquyet.documents import archive, rendering, search
from nghiquyet.documents.models import DocType, SearchEntry
from nghiquyet.meetings import services as meeting_services
from nghiquyet.resolutions.services import generate_plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("nghiquyet.documents.tests.urls_for_tests"),
    pytest.mark.usefixtures("english"),
]


@pytest.fixture
def no_soffice(settings, monkeypatch):
    settings.DOCUMENTS_SOFFICE = None
    monkeypatch.setattr(rendering.shutil, "which", lambda name: None)


def _docx_text(response) -> str:
    if response.streaming:
        data = b"".join(response.streaming_content)
        if response.file_to_stream is not None:
            response.file_to_stream.close()
    else:
        data = response.content
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# ---------------------------------------------------------------- search page


def test_r21_search_page_finds_without_diacritics(archived, world, client_for):
    response = client_for(world.secretary).get(
        reverse("documents:search"), {"q": "tong ket cong tac chuyen mon"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="result-item-' in page and "<mark>Tổng kết công tác chuyên môn</mark>" in page
    assert reverse("resolutions:item", args=[_item_id(archived)]) in page


def _item_id(archived):
    return (
        SearchEntry.objects.filter(kind="item", group=f"resolution:{archived.source_id}")
        .order_by("object_id")[0]
        .object_id
    )


def test_r21_search_page_filters_by_type_organization_and_period(archived, world, client_for):
    client = client_for(world.btc)
    url = reverse("documents:search")
    assert (
        'id="result-resolution-'
        in client.get(url, {"q": "nghi quyet", "kind": "resolution"}).content.decode()
    )
    assert (
        'id="result-resolution-' not in client.get(url, {"q": "nghi quyet", "kind": "item"}).content.decode()
    )
    assert 'id="result-resolution-' in client.get(url, {"q": "nghi quyet", "org": "g1"}).content.decode()
    assert 'id="result-resolution-' not in client.get(url, {"q": "nghi quyet", "org": "G2"}).content.decode()
    assert (
        'id="result-resolution-' not in client.get(url, {"q": "nghi quyet", "org": "NOPE"}).content.decode()
    )
    period = {"q": "nghi quyet", "kind": "resolution", "date_from": "2026-12-01", "date_to": "2026-12-31"}
    assert 'id="result-resolution-' in client.get(url, period).content.decode()
    period["date_from"] = "2027-01-01"
    response = client.get(url, period)
    assert "The end of the period is before its start." in response.content.decode()


def test_r21_search_page_shows_nothing_of_other_organizations(archived, world, client_for):
    url = reverse("documents:search")
    for user in (world.outsider, world.member):
        page = client_for(user).get(url, {"q": "tong ket"}).content.decode()
        assert "result-" not in page.replace('id="result-count"', "")


def test_r21_search_page_needs_a_login(client):
    assert client.get(reverse("documents:search"), {"q": "dang"}).status_code == 302


@pytest.mark.parametrize("rows", [3, 30])
def test_r21_search_page_query_count_does_not_grow(world, client_for, rows):
    search.index(
        search.Doc(
            kind="resolution",
            object_id=n,
            org_id=world.g1.pk,
            org_code="G1",
            org_name="Đảng bộ Sở Tư pháp",
            org_path=world.g1.path,
            title=f"Nghị quyết về xây dựng Đảng số {n}",
            text="Nội dung " * 30,
            date=dt.date(2026, 1, 1) + dt.timedelta(n),
            url=f"/r/{n}/",
        )
        for n in range(rows)
    )
    client = client_for(world.secretary)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("documents:search"), {"q": "xay dung dang"})
    assert response.status_code == 200 and response.content.decode().count('id="result-resolution-') == min(
        rows, 20
    )
    # session, user, scope (person, body posts, seats), the organizations since moved out of the subtree or
    # received with the records of one that ended (R40, two), the viewer's body posts and seats, how many
    # entries lie under the visible organizations, the matches, the page, and the base template's
    # user.person
    assert len(queries) <= 12, [q["sql"] for q in queries]


# ---------------------------------------------------------------- archive pages


@pytest.mark.parametrize("rows", [3, 30])
def test_r21_archive_list_query_count_does_not_grow(world, client_for, rows):
    docx = rendering.render_docx(rendering.OfficialDocument(DocType.PERIODIC_REPORT, "Đảng ủy", "ĐU"))
    for n in range(rows):
        archive.archive(
            org_id=world.g1.pk,
            org_code="G1",
            org_path=world.g1.path,
            doc_type=DocType.PERIODIC_REPORT,
            title=f"Báo cáo {n}",
            issued_on=dt.date(2026, 12, 1),
            canonical_text=f"Báo cáo {n}",
            docx=docx,
            filename="bao-cao.docx",
            source_kind="report",
            source_id=n,
        )
    client = client_for(world.btc)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("documents:archive"), {"org": "G1"})
    assert response.content.decode().count('id="archived-') == min(rows, 20)
    # session, user, scope (3), the organizations since moved out of the subtree or received with the
    # records of one that ended (R40, two), the viewer's body posts, count, page, the base template's
    # user.person
    assert len(queries) <= 11, [q["sql"] for q in queries]
    for user in (world.outsider, world.member):
        assert 'id="archived-' not in client_for(user).get(reverse("documents:archive")).content.decode()


def test_r38_archived_page_shows_integrity_recipients_and_who_opened(archived, world, client_for):
    url = reverse("documents:archived", args=[archived.pk])
    page = client_for(world.secretary).get(url).content.decode()
    assert "match the seal of this entry" in page and archived.sha256 in page
    assert "Lưu VP" in page and "Nguyễn Văn Bình" in page
    # Opening it recorded the secretary's first opening.
    assert archived.disseminations.get(person_id=world.people.secretary.pk).opened_at is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE documents_archiveddocument SET canonical_text = 'x' WHERE id = %s", [archived.pk]
        )
    assert "altered outside the application" in client_for(world.btc).get(url).content.decode()
    for user in (world.outsider, world.member):
        assert client_for(user).get(url).status_code == 404


def test_r21_archived_file_downloads_and_pdf_absence(archived, world, client_for, no_soffice):
    client = client_for(world.committee_member)
    response = client.get(reverse("documents:archived_file", args=[archived.pk, "docx"]))
    assert "Số 01-NQ/ĐU" in _docx_text(response)
    response = client.get(reverse("documents:archived_file", args=[archived.pk, "pdf"]))
    assert response.status_code == 302 and "LibreOffice" in _messages(response)[0]
    assert client.get(reverse("documents:archived_file", args=[archived.pk, "exe"])).status_code == 404
    page = client.get(reverse("documents:archived", args=[archived.pk])).content.decode()
    assert 'id="download-docx"' in page and 'id="download-pdf"' not in page and 'id="pdf-unavailable"' in page


# ---------------------------------------------------------------- downloads in the owning apps


def test_r21_resolution_docx_for_who_sees_it(archived, issued, world, client_for):
    url = reverse("resolutions:document", args=[issued.pk, "docx"])
    for user in (world.secretary, world.committee_member, world.btc):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''Ngh%E1%BB%8B")
        text = _docx_text(response)
        assert "Số 01-NQ/ĐU" in text and "DỰ THẢO" not in text
    for user in (world.outsider, world.member):
        assert client_for(user).get(url).status_code == 404


def test_r21_draft_resolution_downloads_as_du_thao(draft, world, client_for, no_soffice):
    client = client_for(world.secretary)
    response = client.get(reverse("resolutions:document", args=[draft.pk, "docx"]))
    assert "DỰ THẢO" in _docx_text(response)
    response = client.get(reverse("resolutions:document", args=[draft.pk, "pdf"]))
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    assert "LibreOffice" in _messages(response)[0]


def test_r22_r24_plan_downloads(issued, world, client_for):
    generate_plan(issued, "inspection")
    client = client_for(world.secretary)
    response = client.get(reverse("resolutions:plan_document", args=[issued.pk, "inspection", "docx"]))
    assert "Kiểm tra việc thực hiện Nghị quyết số 01-NQ/ĐU" in _docx_text(response)
    assert (
        client.get(
            reverse("resolutions:plan_document", args=[issued.pk, "implementation", "docx"])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("resolutions:plan_document", args=[issued.pk, "other", "docx"])).status_code == 404
    )
    assert (
        client_for(world.outsider)
        .get(reverse("resolutions:plan_document", args=[issued.pk, "inspection", "docx"]))
        .status_code
        == 404
    )


def test_r07_r14_notice_and_minutes_downloads(adopted_meeting, committee, world, client_for):
    client = client_for(world.secretary)
    notice = client.get(reverse("meetings:notice_document", args=[adopted_meeting.pk, "docx"]))
    assert "Về việc triệu tập hội nghị cấp ủy thường kỳ tháng 12/2026" in _docx_text(notice)
    draft = client.get(reverse("meetings:minutes_document", args=[adopted_meeting.pk, "docx"]))
    assert "DỰ THẢO" in _docx_text(draft)
    meeting_services.sign_minutes(adopted_meeting, committee.members[0])
    meeting_services.sign_minutes(adopted_meeting, committee.members[2])
    adopted_meeting.refresh_from_db()
    from nghiquyet.meetings import documents_context as meeting_documents

    meeting_documents.archive_minutes(adopted_meeting)
    signed = client.get(reverse("meetings:minutes_document", args=[adopted_meeting.pk, "docx"]))
    assert "DỰ THẢO" not in _docx_text(signed) and "BIỂU QUYẾT" in _docx_text(
        client.get(reverse("meetings:minutes_document", args=[adopted_meeting.pk, "docx"]))
    )
    for user in (world.outsider, world.member):
        other = client_for(user)
        assert (
            other.get(reverse("meetings:notice_document", args=[adopted_meeting.pk, "docx"])).status_code
            == 404
        )
        assert (
            other.get(reverse("meetings:minutes_document", args=[adopted_meeting.pk, "docx"])).status_code
            == 404
        )


def test_r21_reindex_command_rebuilds_the_index(issued, adopted_meeting, committee):
    meeting_services.draft_minutes(adopted_meeting)
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("reindex", stdout=out)
    kinds = sorted(SearchEntry.objects.values_list("kind", flat=True))
    assert kinds == ["item", "item", "minutes", "resolution"]
    assert "resolutions and items: 3 entries" in out.getvalue()
    assert search.search("bien ban hoi nghi", None).results[0].entry.url == reverse(
        "meetings:minutes", args=[adopted_meeting.pk]
    )
    # Running it twice gives the same index.
    call_command("reindex", stdout=io.StringIO())
    assert SearchEntry.objects.count() == 4
