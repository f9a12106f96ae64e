"""In a real browser, in Vietnamese: G1's secretary downloads the issued resolution's DOCX from the
archive and finds it again by searching without diacritics (R21)."""

import pytest
from docx import Document
from playwright.sync_api import expect

from nghiquyet.documents.tests.conftest import ISSUE_DAY
from nghiquyet.resolutions import documents_context as resolution_documents
from nghiquyet.resolutions import services as resolution_services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("nghiquyet.documents.tests.urls_for_tests"),
]


def test_r21_secretary_downloads_the_docx_and_searches_without_diacritics(
    page, login, draft, committee, world
):
    resolution = resolution_services.issue(draft, signer=committee.members[0], on=ISSUE_DAY)
    archived = resolution_documents.archive_resolution(resolution)
    login("bithu")

    page.goto("/documents/search/")
    page.fill("#id_q", "tong ket cong tac chuyen mon")
    page.click("#search-form button[type=submit]")
    result = page.locator(f"#result-item-{resolution.items.order_by('order')[0].pk}")
    expect(result.locator("mark").first).to_have_text("Tổng kết công tác chuyên môn")
    expect(page.locator(f"#result-resolution-{resolution.pk}")).to_be_visible()

    page.goto(f"/documents/archive/{archived.pk}/")
    expect(page.locator("#integrity")).to_contain_text(archived.sha256)
    with page.expect_download() as download_info:
        page.click("#download-docx")
    download = download_info.value
    assert download.suggested_filename == "Nghị quyết 01-NQ-ĐU.docx"
    doc = Document(str(download.path()))
    header = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs]
    assert "Số 01-NQ/ĐU" in header and "ĐẢNG ỦY SỞ TƯ PHÁP" in header
