"""The committee members' qualification statistics as an official report (R02): offered on the
statistics page, rendered in the Party's layout with the figures counted from the records, to those who
may see the organization's members (404 to others, like the page).

Personas: the bloc's Organization Board officer (the bloc: G1's two committee members and G2's
secretary); G1's secretary (G1); the outsider (G2's secretary) gets 404 for G1."""

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from docx import Document

from nghiquyet.documents import rendering
from nghiquyet.orgs.documents_context import statistics_document, statistics_rows
from nghiquyet.orgs.stats import qualification_stats

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_and_tmp_media(client, settings, tmp_path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.MEDIA_ROOT = tmp_path / "media"


def _url(fmt="docx", **query):
    return reverse("orgs:stats_file", args=[fmt]), query


def _read(response) -> tuple[str, list[list[str]]]:
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    # The tables: the header, the figures, the "Nơi nhận" and signature block.
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    rows = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    return f"{cells}\n{text}", rows


def test_r02_statistics_report_docx_holds_the_figures(world, client_for):
    url, query = _url(org="DUK")
    response = client_for(world.btc).get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text, rows = _read(response)
    assert "ĐẢNG ỦY KHỐI CÁC CƠ QUAN" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "BÁO CÁO" in text and "Thống kê trình độ của cấp ủy viên" in text
    assert "tổng số 3 đồng chí" in text
    assert rows[0] == ["TT", "Chỉ tiêu", "Số lượng", "Tỷ lệ (%)"]
    figures = {r[1]: (r[2], r[3]) for r in rows[1:]}
    assert figures["Tổng số cấp ủy viên"] == ("3", "100,0")
    assert figures["Trình độ chuyên môn: Tiến sĩ, thạc sĩ"] == ("2", "66,7")
    assert figures["Trình độ chuyên môn: Đại học"] == ("1", "33,3")
    assert figures["Trình độ lý luận chính trị: Cao cấp, cử nhân"] == ("2", "66,7")
    assert figures["Trình độ lý luận chính trị: Sơ cấp"] == ("1", "33,3")
    assert figures["Giới tính: Nam"] == ("3", "100,0")
    # Numbered rows, one per bucket plus the total.
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, len(rows))]


def test_r02_statistics_report_of_a_grassroots_committee_and_a_term(world, client_for):
    client = client_for(world.secretary)
    url, query = _url(org="G1", term=world.term1.label)
    text, rows = _read(client.get(url, query))
    assert "ĐẢNG ỦY SỞ TƯ PHÁP" in text and f"nhiệm kỳ {world.term1.label}" in text
    assert ["1", "Tổng số cấp ủy viên", "2", "100,0"] in rows
    assert "Nguyễn Văn Bình" in text  # the secretary signs


def test_r02_statistics_report_is_refused_outside_the_scope(world, client_for):
    url, query = _url(org="G1")
    assert client_for(world.outsider).get(url, query).status_code == 404
    assert client_for(world.btc).get(url, {"org": "NOPE"}).status_code == 404
    assert client_for(world.btc).get(url).status_code == 404
    assert client_for(world.btc).get(reverse("orgs:stats_file", args=["odt"]), query).status_code == 404


def test_r02_statistics_page_offers_the_report(world, client_for, settings, monkeypatch):
    settings.DOCUMENTS_SOFFICE = None
    monkeypatch.setattr(rendering.shutil, "which", lambda name: None)
    client = client_for(world.btc)
    page = client.get(reverse("orgs:stats"), {"org": "G1"}).content.decode()
    assert f'href="{reverse("orgs:stats_file", args=["docx"])}?org=G1"' in page
    assert 'id="pdf-unavailable"' in page
    # Without LibreOffice the PDF link leads back to the page with the reason.
    url, query = _url("pdf", org="G1")
    response = client.get(url, query)
    assert response.status_code == 302 and response["Location"] == reverse("orgs:stats") + "?org=G1"
    assert "LibreOffice" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_r02_rows_follow_the_breakdowns_and_sum_to_the_total(world):
    stats = qualification_stats(world.bloc)
    rows = statistics_rows(stats)
    assert len(rows) == 1 + len(stats.education) + len(stats.theory) + len(stats.gender)
    for prefix in ("Trình độ chuyên môn", "Trình độ lý luận chính trị", "Giới tính"):
        assert sum(r["count"] for r in rows if r["label"].startswith(prefix)) == stats.total
    document = statistics_document(stats)
    assert document.doc_type == "statistics_report" and document.code == "BC"


def test_r21_r38_statistics_go_to_the_real_body_above(world):
    """R21, R38: the statistics report goes "(để báo cáo)" to the body above by name — the bloc's
    Standing Committee for a grassroots committee, the setting's body above the bloc — under that body's
    name, with no blank number line and its figures right-aligned."""
    g1 = statistics_document(qualification_stats(world.g1))
    assert g1.recipients == ["Ban Thường vụ Đảng ủy Khối các cơ quan (để báo cáo)"]
    bloc = statistics_document(qualification_stats(world.bloc))
    assert bloc.recipients == ["Ban Thường vụ Thành ủy Hà Nội (để báo cáo)"]
    doc = Document(io.BytesIO(rendering.render_docx(bloc)))
    left = doc.tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs] == ["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN", "*"]
    figures = doc.tables[1].rows[1].cells
    assert [c.paragraphs[0].style.name for c in figures[2:]] == ["NQ Table Number", "NQ Table Number"]
