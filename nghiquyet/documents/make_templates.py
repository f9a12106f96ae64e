"""Build the bundled Word templates (docx_templates/*.docx) with python-docx, so they are reproducible.

    python -m nghiquyet.documents.make_templates

The layout is the Party's format guidance, Hướng dẫn 36-HD/VPTW of 03/4/2018 (DOMAIN.md; its annex 3
lists each part's case, size and style): A4, Times New Roman; top left the superior body (14, capitals,
printed only when there is one), the issuer (14, bold capitals), "*", the number (14, only on a numbered
document); top right "ĐẢNG CỘNG SẢN VIỆT NAM" (15, bold) over a separate short line as long as it, and the
place and date in italics; the document name (16, bold capitals) and subject (14, bold); body 14; at the
bottom "Nơi nhận:" on the left (14, upright, underlined; recipients 12) and the signature block on the
right, kept on the page of the last paragraph; page numbers from page 2, top centre. Marks (MẬT / TỐI
MẬT, KHẨN / THƯỢNG KHẨN / HỎA TỐC, DỰ THẢO) appear only when given. docs/documents.md gives the sources.
The placeholders are docxtpl (Jinja) tags: the office may restyle a copy in Word and upload it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django
from django.apps import apps
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

if not apps.ready:  # run as a script: the project's models are needed for the document types
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghiquyet.settings")
    django.setup()

from .models import DocType
from .rendering import A4_MM, DEFAULT_LAYOUT, TEMPLATE_DIR, set_font

FONT = DEFAULT_LAYOUT["font_name"]
TEXT_WIDTH_MM = A4_MM[0] - DEFAULT_LAYOUT["margin_left_mm"] - DEFAULT_LAYOUT["margin_right_mm"]
HEADER_LEFT_MM = 75  # the issuer's column of the header; the Party's title takes the rest

# (heading, width in mm, cell text, cell style). "Thời gian" is wide enough for "06/12/2026" in 12 pt
# within the cell's margins: a date never breaks inside its cell.
PLAN_COLUMNS = [
    ("TT", 10, "{{ loop.index }}", "NQ Table"),
    ("Nội dung", 46, "{{ row.content }}", "NQ Table"),
    ("Phương pháp", 29, "{{ row.method }}", "NQ Table"),
    ("Người thực hiện", 26, "{{ row.who }}", "NQ Table"),
    ("Thời gian", 28, "{{ row.when }}", "NQ Table"),
    ("Phối hợp", 26, "{{ row.coordination }}", "NQ Table"),
]
# Counts and percentages are right-aligned, so their digits line up.
STATISTICS_COLUMNS = [
    ("TT", 12, "{{ loop.index }}", "NQ Table"),
    ("Chỉ tiêu", 93, "{{ row.label }}", "NQ Table"),
    ("Số lượng", 30, "{{ row.count }}", "NQ Table Number"),
    ("Tỷ lệ (%)", 30, "{{ row.percent }}", "NQ Table Number"),
]
TABLES = {
    DocType.IMPLEMENTATION_PLAN: PLAN_COLUMNS,
    DocType.INSPECTION_PLAN: PLAN_COLUMNS,
    DocType.STATISTICS_REPORT: STATISTICS_COLUMNS,
}


def _style(doc, name, *, size=14, bold=False, italic=False, align=None, indent=False, before=0, after=0):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    set_font(style, FONT)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    fmt.first_line_indent = Cm(1) if indent else Cm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    return style


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    set_font(normal, FONT)
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    center = WD_ALIGN_PARAGRAPH.CENTER
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _style(doc, "NQ Header", align=center)
    _style(doc, "NQ Header Bold", bold=True, align=center)
    _style(doc, "NQ Party", size=15, bold=True, align=center)
    _party_rule_style(doc)
    _style(doc, "NQ Date", italic=True, align=center)
    _style(doc, "NQ Mark", bold=True, align=center)
    _style(doc, "NQ Draft", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _style(doc, "NQ Title", size=16, bold=True, align=center, before=12)
    _style(doc, "NQ Subject", bold=True, align=center)
    body = _style(doc, "NQ Body", align=justify, indent=True, after=6)
    body.paragraph_format.line_spacing = 1.15
    # The last paragraph stays on the page of the signature block (the block never stands alone).
    last = _style(doc, "NQ Body Last", align=justify, indent=True, after=6)
    last.base_style = body
    last.paragraph_format.keep_with_next = True
    heading = _style(doc, "NQ Heading", bold=True, align=justify, indent=True, before=6, after=6)
    heading.paragraph_format.keep_with_next = True
    # "Nơi nhận": 14, upright, underlined; the recipients 12, upright (Hướng dẫn 36-HD/VPTW 2018, annex 3,
    # item "Nơi nhận văn bản") — not the state's 12 bold italic / 11 of Decree 30/2020/NĐ-CP. (The copies of
    # annex 3 reachable here stop before that row: docs/documents.md asks to check it in print.)
    _style(doc, "NQ Recipients Head", size=14)
    _style(doc, "NQ Recipients", size=12)
    _style(doc, "NQ Signature", bold=True, align=center)
    _style(doc, "NQ Table", size=12)
    _style(doc, "NQ Table Number", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _style(doc, "NQ Table Head", size=12, bold=True, align=center)
    # The page number: from page 2, top centre, 14 (36-HD/VPTW 2018, "số trang").
    _style(doc, "NQ Page Number", size=14, align=center)


# The line under "ĐẢNG CỘNG SẢN VIỆT NAM" is as long as the title (36-HD/VPTW 2018; 11-HD/VPTW 2004, I.1:
# "Đường kẻ có độ dài bằng độ dài tiêu đề"), drawn as the bottom border of a paragraph of its own rather
# than a text underline, which cuts through the dots under Ộ and Ệ. The title measures 73 mm in 15 pt
# bold Times New Roman / Liberation Serif: the rule is indented from both sides of the right column (less
# the cell's default margins, 1.9 mm each side) to that length.
PARTY_TITLE_MM = 73
CELL_MARGINS_MM = 2 * 1.9


def _party_rule_style(doc) -> None:
    style = _style(doc, "NQ Party Rule", size=2, align=WD_ALIGN_PARAGRAPH.CENTER)
    width = TEXT_WIDTH_MM - HEADER_LEFT_MM - CELL_MARGINS_MM
    indent = Mm(max(0, (width - PARTY_TITLE_MM) / 2))
    style.paragraph_format.left_indent = style.paragraph_format.right_indent = indent
    ppr = style.element.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(
        qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "000000"}
    )
    borders.append(bottom)
    ppr.append(borders)


def _para(container, text: str, style: str, *, underline: bool = False):
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.underline = underline or None
    return paragraph


def _first(cell, text: str, style: str, *, underline: bool = False):
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    run = paragraph.add_run(text)
    run.underline = underline or None
    return paragraph


def _table(doc, widths_mm: list[int], style: str | None = None):
    table = doc.add_table(rows=1, cols=len(widths_mm))
    if style:
        table.style = doc.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def _conditional(container, name: str, style: str) -> None:
    _para(container, f"{{%p if {name} %}}", style)
    _para(container, f"{{{{ {name} }}}}", style)
    _para(container, "{%p endif %}", style)


def _header(doc) -> None:
    _conditional(doc, "draft_mark", "NQ Draft")
    left, right = _table(doc, [HEADER_LEFT_MM, TEXT_WIDTH_MM - HEADER_LEFT_MM]).rows[0].cells
    # No upper body, no line: the issuer's column never starts with an empty line.
    _first(left, "{%p if superior %}", "NQ Header")
    _para(left, "{{ superior }}", "NQ Header")
    _para(left, "{%p endif %}", "NQ Header")
    _para(left, "{{ issuer }}", "NQ Header Bold")
    _para(left, "*", "NQ Header")
    # An unnumbered document prints no number line (never a blank "Số    -TB/ĐU").
    _conditional(left, "number_line", "NQ Header")
    _conditional(left, "confidentiality_mark", "NQ Mark")
    _conditional(left, "urgency_mark", "NQ Mark")
    _first(right, "ĐẢNG CỘNG SẢN VIỆT NAM", "NQ Party")
    _para(right, "", "NQ Party Rule")
    _para(right, "", "NQ Header")
    _para(right, "{{ date_line }}", "NQ Date")
    _para(doc, "{{ doc_name }}", "NQ Title")
    _para(doc, "{{ subject }}", "NQ Subject")
    _para(doc, "-----", "NQ Header")


def _blocks(doc, name: str) -> None:
    _para(doc, f"{{%p for block in {name} %}}", "NQ Body")
    _para(doc, "{%p if block.heading %}", "NQ Heading")
    _para(doc, "{{ block.text }}", "NQ Heading")
    _para(doc, "{%p elif loop.last %}", "NQ Body Last")
    _para(doc, "{{ block.text }}", "NQ Body Last")
    _para(doc, "{%p else %}", "NQ Body")
    _para(doc, "{{ block.text }}", "NQ Body")
    _para(doc, "{%p endif %}", "NQ Body")
    _para(doc, "{%p endfor %}", "NQ Body")


def _rows_table(doc, columns) -> None:
    table = _table(doc, [w for _n, w, _t, _s in columns], style="Table Grid")
    for cell, (name, _w, _t, _s) in zip(table.rows[0].cells, columns, strict=True):
        _first(cell, name, "NQ Table Head")
    # docxtpl's row loop: a row holding only the opening tag, the repeated row, a row holding the end tag.
    for tag in ("{%tr for row in rows %}", None, "{%tr endfor %}"):
        cells = table.add_row().cells
        for i, (cell, (_n, width, text, style)) in enumerate(zip(cells, columns, strict=True)):
            cell.width = Mm(width)
            if tag is None:
                _first(cell, text, style)
            elif i == 0:
                _first(cell, tag, "NQ Table")
    # The heading row is repeated on every page the table runs over.
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))
    _para(doc, "", "NQ Body")


def _page_numbers(section) -> None:
    """Page numbers from page 2, top centre, 10 mm from the top edge (36-HD/VPTW 2018, "số trang";
    Đảng ủy Khối tỉnh Bình Thuận's handbook on its techniques: "trang thứ hai phải đánh số trang bằng
    chữ số Ả Rập cách mép trên trang giấy 10 mm")."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    paragraph = section.header.paragraphs[0]
    paragraph.style = "NQ Page Number"
    field = paragraph._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): " PAGE "})
    run = field.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _keep_together(table) -> None:
    """The row is never split over two pages: a signature stays with its title."""
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))


def _signature_block(doc) -> None:
    table = _table(doc, [TEXT_WIDTH_MM - 80, 80])
    _keep_together(table)
    left, right = table.rows[0].cells
    # Only the words are underlined, not the colon (36-HD/VPTW 2018, annex 3: "Nơi nhận:").
    head = _first(left, "Nơi nhận", "NQ Recipients Head", underline=True)
    head.add_run(":")
    _para(left, "{%p for line in recipients %}", "NQ Recipients")
    _para(left, "{{ line }}", "NQ Recipients")
    _para(left, "{%p endfor %}", "NQ Recipients")
    _first(right, "{{ signature.on_behalf }}", "NQ Signature")
    _para(right, "{{ signature.title }}", "NQ Signature")
    for _ in range(4):
        _para(right, "", "NQ Header")
    _para(right, "{{ signature.name }}", "NQ Signature")


def _two_signatures(doc) -> None:
    """Minutes: the recorder signs on the left, the chair on the right."""
    half = TEXT_WIDTH_MM // 2
    table = _table(doc, [half, TEXT_WIDTH_MM - half])
    _keep_together(table)
    cells = table.rows[0].cells
    for index, cell in enumerate(cells):
        _first(cell, f"{{{{ signatures[{index}].title }}}}", "NQ Signature")
        for _ in range(4):
            _para(cell, "", "NQ Header")
        _para(cell, f"{{{{ signatures[{index}].name }}}}", "NQ Signature")


def build(doc_type: str):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.top_margin = Mm(DEFAULT_LAYOUT["margin_top_mm"])
    section.bottom_margin = Mm(DEFAULT_LAYOUT["margin_bottom_mm"])
    section.left_margin = Mm(DEFAULT_LAYOUT["margin_left_mm"])
    section.right_margin = Mm(DEFAULT_LAYOUT["margin_right_mm"])
    doc.core_properties.title = doc_type
    doc.core_properties.author = "nghiquyet"
    _styles(doc)
    _page_numbers(section)
    # python-docx's blank document starts with one empty paragraph; the header table goes before it.
    _header(doc)
    _blocks(doc, "blocks")
    if doc_type in TABLES:
        _rows_table(doc, TABLES[doc_type])
        _blocks(doc, "after_blocks")
    _para(doc, "", "NQ Body Last")
    if doc_type == DocType.MINUTES:
        _two_signatures(doc)
    else:
        _signature_block(doc)
    first = doc.paragraphs[0]
    if not first.text:
        first._element.getparent().remove(first._element)
    return doc


def main(target: Path = TEMPLATE_DIR) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for doc_type in DocType.values:
        path = target / f"{doc_type}.docx"
        build(doc_type).save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE_DIR):
        print(path)
