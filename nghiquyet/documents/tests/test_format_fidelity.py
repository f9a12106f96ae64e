"""Format fidelity of the official documents (R21, R38; #20): each rule of the Party's format guidance
(Hướng dẫn 36-HD/VPTW 2018, docs/documents.md) checked by reading the DOCX back with python-docx, and the
PDF LibreOffice makes from it with pypdf where the rule is about the layout of pages."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from nghiquyet.documents import make_templates, rendering
from nghiquyet.documents.forms import sample_document
from nghiquyet.documents.models import DocType
from nghiquyet.documents.rendering import Block, OfficialDocument, Signature, render_docx
from nghiquyet.documents.sample import sample_resolution
from nghiquyet.resolutions import documents_context as resolution_documents

needs_libreoffice = pytest.mark.skipif(
    rendering.soffice_path() is None and not os.environ.get("CI"), reason="LibreOffice is not installed here"
)

PARAGRAPH = (
    "Đảng ủy đã lãnh đạo cơ quan hoàn thành cơ bản các nhiệm vụ chính trị; sinh hoạt chi bộ đi vào nền "
    "nếp, chất lượng sinh hoạt được nâng lên. Một số nhiệm vụ còn chậm so với kế hoạch."
)
MM = 72 / 25.4  # PDF points in a millimetre
A4_HEIGHT = 297 * MM


def _read(data: bytes):
    return Document(io.BytesIO(data))


def _resolution(paragraphs: int = 0) -> OfficialDocument:
    """The README's sample resolution with one section of `paragraphs` numbered paragraphs."""
    document = sample_resolution()
    document.blocks = [Block("I. ĐÁNH GIÁ TÌNH HÌNH", heading=True)] + [
        Block(f"{i}. {PARAGRAPH}") for i in range(1, paragraphs + 1)
    ]
    return document


def _texts_at(page) -> list[tuple[str, float, float]]:
    """(text, x, y) of each piece of text on a PDF page, in points from the bottom left."""
    pieces = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return pieces


# ---------------------------------------------------------------- page numbers


def test_r21_page_numbers_from_page_two_top_centre_in_the_docx():
    """R21: 36-HD/VPTW numbers the pages from the second, top centre, 14 pt, 10 mm from the top edge."""
    section = _read(render_docx(_resolution())).sections[0]
    assert section.different_first_page_header_footer
    assert round(section.header_distance.mm) == 10
    header = section.header.paragraphs[0]
    fields = header._p.findall(qn("w:fldSimple"))
    assert [f.get(qn("w:instr")).strip() for f in fields] == ["PAGE"]
    assert (
        header.style.font.size == Pt(14)
        and header.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    )
    # The first page prints no number.
    assert all(
        not p.text.strip() and not p._p.findall(qn("w:fldSimple"))
        for p in section.first_page_header.paragraphs
    )


@needs_libreoffice
def test_r21_pdf_numbers_pages_from_the_second_at_the_top_centre():
    """R21: in the PDF, page 1 has nothing above the top margin; page 2 has "2" there, centred on the
    text area (30 mm left, 15 mm right margins)."""
    reader = PdfReader(io.BytesIO(rendering.convert_to_pdf(render_docx(_resolution(paragraphs=14)))))
    assert len(reader.pages) >= 2
    top = A4_HEIGHT - 20 * MM  # the top margin
    assert [t for t, _x, y in _texts_at(reader.pages[0]) if y > top] == []
    numbers = [(t, x) for t, x, y in _texts_at(reader.pages[1]) if y > top]
    assert [t for t, _x in numbers] == ["2"]
    centre = (30 + (210 - 30 - 15) / 2) * MM
    assert abs(numbers[0][1] + 3.5 - centre) < 4  # "2" is 7 pt wide in 14 pt


# ---------------------------------------------------------------- "Nơi nhận"


def test_r38_noi_nhan_follows_the_partys_rule_not_the_states():
    """R38: "Nơi nhận" is 14 pt, upright, the words underlined (not the state's 12 pt bold italic), the
    recipients 12 pt upright (not 11), ending with "- Lưu VP."."""
    doc = _read(render_docx(_resolution()))
    recipients = doc.tables[-1].rows[0].cells[0]
    head = recipients.paragraphs[0]
    assert head.text == "Nơi nhận:"
    font = head.style.font
    assert font.size == Pt(14) and not font.bold and not font.italic
    assert [(r.text, bool(r.underline)) for r in head.runs] == [("Nơi nhận", True), (":", False)]
    lines = [p for p in recipients.paragraphs[1:] if p.text.strip()]
    assert [p.text for p in lines][-1] == "- Lưu VP."
    assert {p.style.font.size for p in lines} == {Pt(12)}
    assert not any(p.style.font.bold or p.style.font.italic for p in lines)


# ---------------------------------------------------------------- number lines


@pytest.mark.parametrize("doc_type", DocType.values)
def test_r21_no_document_prints_a_blank_number_line(doc_type):
    """R21: without its number (a draft, or a type the office does not number) there is no "Số" line at
    all — never "Số      -TB/ĐU" with a blank for the office to fill in."""
    document = sample_document(doc_type)
    document.number_display = ""
    left = _read(render_docx(document)).tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs if p.text.strip()] == ["ĐẢNG BỘ", "ĐẢNG ỦY", "*"]


def test_r21_which_types_are_numbered_is_a_setting(settings):
    """R21: a type the office numbers prints its number once issued; one it does not, none at all."""
    numbered = sample_document(DocType.RESOLUTION)
    assert numbered.number_line() == "Số 01-NQ/ĐU"
    notice = sample_document(DocType.MEETING_NOTICE)
    notice.number_display = "03-TB/ĐU"
    assert notice.number_line() == ""
    settings.DOCUMENTS_NUMBERED_TYPES = [DocType.RESOLUTION, DocType.MEETING_NOTICE]
    assert notice.number_line() == "Số 03-TB/ĐU"
    left = _read(render_docx(notice)).tables[0].rows[0].cells[0]
    assert "Số 03-TB/ĐU" in [p.text for p in left.paragraphs]


# ---------------------------------------------------------------- the issuer column and the Party's title


def test_r21_no_upper_body_leaves_no_empty_first_line():
    """R21: without a body above the issuer, the issuer's column starts with the issuer itself."""
    document = _resolution()
    document.superior = ""
    left = _read(render_docx(document)).tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs] == ["ĐẢNG ỦY SỞ TƯ PHÁP", "*", "Số 01-NQ/ĐU"]


def test_r21_the_line_under_the_partys_title_is_a_rule_of_its_own():
    """R21: the line under "ĐẢNG CỘNG SẢN VIỆT NAM" is a separate short rule as long as the title (a bottom
    border, indented to the title's 73 mm), not a text underline through the dots of Ộ and Ệ."""
    right = _read(render_docx(_resolution())).tables[0].rows[0].cells[1]
    title, rule = right.paragraphs[:2]
    assert title.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and not any(r.underline for r in title.runs)
    assert rule.text == ""
    border = rule.style.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:val")) == "single"
    fmt = rule.style.paragraph_format
    column = make_templates.TEXT_WIDTH_MM - make_templates.HEADER_LEFT_MM - make_templates.CELL_MARGINS_MM
    assert round(column - fmt.left_indent.mm - fmt.right_indent.mm) == make_templates.PARTY_TITLE_MM


# ---------------------------------------------------------------- the signature with the last paragraph


def test_r21_the_last_paragraph_is_kept_with_the_signature_block():
    """R21: the last paragraph and the spacing after it keep with the next, so the signature block and
    "Nơi nhận" never stand alone on the last page; the block's row never splits."""
    doc = _read(render_docx(_resolution(paragraphs=3)))
    body = [p for p in doc.paragraphs if p.text.startswith(("1.", "2.", "3."))]
    assert [bool(p.style.paragraph_format.keep_with_next) for p in body] == [False, False, True]
    assert doc.paragraphs[-1].style.paragraph_format.keep_with_next
    assert doc.tables[-1].rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


@needs_libreoffice
@pytest.mark.parametrize("paragraphs", [18, 19, 20])
def test_r21_the_signature_block_never_stands_alone_on_the_last_page(paragraphs):
    """R21: whatever the length, the last page of the PDF holds the last paragraph above "Nơi nhận" (with
    19 or 20 paragraphs, the signature block alone went over to page 3 before the fix)."""
    reader = PdfReader(io.BytesIO(rendering.convert_to_pdf(render_docx(_resolution(paragraphs)))))
    last = reader.pages[-1].extract_text()
    assert f"{paragraphs}. Đảng ủy" in last
    assert last.index(f"{paragraphs}. Đảng ủy") < last.index("Nơi nhận")


# ---------------------------------------------------------------- tables


def _plan() -> OfficialDocument:
    row = {
        "content": "Tổng kết công tác chuyên môn năm 2026",
        "method": "Hội nghị",
        "who": "Trần Thị Lan",
        "when": "06/12/2026",
        "coordination": "Văn phòng",
    }
    return OfficialDocument(
        doc_type=DocType.IMPLEMENTATION_PLAN,
        issuer="Đảng ủy Sở Tư pháp",
        issuer_code="ĐU",
        date=dt.date(2026, 12, 6),
        subject="Thực hiện Nghị quyết số 01-NQ/ĐU",
        blocks=[Block("II. NHIỆM VỤ VÀ GIẢI PHÁP", heading=True)],
        rows=[row, {**row, "when": "31/12/2026"}],
        signatures=[Signature("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Bình")],
    )


@needs_libreoffice
def test_r21_dates_never_break_inside_the_plans_table_cells():
    """R21: "06/12/2026" stays on one line in its cell (it broke as "06/12/202|6" in a column too narrow)."""
    text = PdfReader(io.BytesIO(rendering.convert_to_pdf(render_docx(_plan())))).pages[0].extract_text()
    assert "06/12/2026" in text and "31/12/2026" in text


def test_r21_statistics_numbers_are_right_aligned():
    """R21: counts and percentages are right-aligned in the statistics table; labels are not."""
    document = sample_document(DocType.STATISTICS_REPORT)
    document.rows = [{"label": "Tổng số cấp ủy viên", "count": 123, "percent": "100,0"}]
    row = _read(render_docx(document)).tables[1].rows[1]
    aligned = [c.paragraphs[0].style.paragraph_format.alignment for c in row.cells]
    assert [c.text for c in row.cells] == ["1", "Tổng số cấp ủy viên", "123", "100,0"]
    assert aligned[2:] == [WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT]
    assert aligned[1] != WD_ALIGN_PARAGRAPH.RIGHT


# ---------------------------------------------------------------- fonts


def test_r21_a_deployment_points_libreoffice_to_its_own_fonts(settings, tmp_path):
    """R21: DOCUMENTS_FONT_DIRS reaches LibreOffice through a fontconfig file that keeps the system's fonts
    (Liberation Serif, metric-compatible with Times New Roman) and adds the deployment's."""
    settings.DOCUMENTS_FONT_DIRS = []
    assert "FONTCONFIG_FILE" not in rendering.font_environment(tmp_path) or os.environ.get("FONTCONFIG_FILE")
    fonts = tmp_path / "fonts & licensed"
    settings.DOCUMENTS_FONT_DIRS = [str(fonts)]
    env = rendering.font_environment(tmp_path)
    conf = (tmp_path / "fonts.conf").read_text()
    assert env["FONTCONFIG_FILE"] == str(tmp_path / "fonts.conf")
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in conf
    assert f"<dir>{tmp_path}/fonts &amp; licensed</dir>" in conf


@needs_libreoffice
def test_r21_the_pdf_embeds_liberation_serif_by_default():
    """R21: without the deployment's fonts the PDF embeds Liberation Serif in place of Times New Roman."""
    reader = PdfReader(io.BytesIO(rendering.convert_to_pdf(render_docx(_resolution()))))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert fonts and all("LiberationSerif" in f for f in fonts)


# ---------------------------------------------------------------- the resolution's opening


def test_r21_resolution_opens_with_its_grounds_and_quyet_nghi(issued):
    """R21: the resolution opens with what it rests on — the Statute, the working rules, the meeting that
    adopted it and its date — and "ĐẢNG ỦY QUYẾT NGHỊ:" before its sections; no empty "Người kiểm tra, đôn
    đốc:" and no software jargon."""
    doc = _read(render_docx(resolution_documents.resolution_document(issued), org_id=issued.org_id))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    assert texts[start + 1] == "Căn cứ Quy chế làm việc của Đảng ủy Sở Tư pháp;"
    assert (
        texts[start + 2] == "Căn cứ kết quả hội nghị cấp ủy thường kỳ tháng 12/2026 ngày 4 tháng 12 năm 2026,"
    )
    assert texts[start + 3] == "ĐẢNG ỦY QUYẾT NGHỊ:"
    assert texts[start + 4] == "I. ĐÁNH GIÁ TÌNH HÌNH"
    assert doc.paragraphs[start + 3].style.font.bold or doc.paragraphs[start + 3].style.name == "NQ Heading"
    assert not any(t.strip().endswith(":") and "đôn đốc" in t for t in texts)
    assert not any("hệ thống" in t for t in texts)


def test_r21_an_item_without_supervisor_prints_no_empty_line(draft):
    """R21: an item whose supervisor is not named yet prints no "Người kiểm tra, đôn đốc:" line."""
    draft.items.update(supervisor=None)
    texts = [b.text for b in resolution_documents.resolution_document(draft).blocks]
    assert not any(t.startswith("Người kiểm tra, đôn đốc") for t in texts)
    assert any(t.startswith("Người thực hiện: ") and len(t) > len("Người thực hiện: ") for t in texts)
