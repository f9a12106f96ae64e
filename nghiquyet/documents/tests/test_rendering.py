"""Official documents in the Party's layout (R21): a resolution rendered to DOCX and read back with
python-docx has its header, number, date line, signature block and recipients in the right places."""

import datetime as dt
import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation
from docx import Document
from docx.shared import Pt

from nghiquyet.documents import make_templates, rendering
from nghiquyet.documents.forms import TemplateOverrideForm, sample_document
from nghiquyet.documents.models import DocType, DocumentSettings, TemplateOverride
from nghiquyet.documents.rendering import Block, OfficialDocument, Signature, render_docx
from nghiquyet.meetings import documents_context as meeting_documents
from nghiquyet.orgs.models import Organization, OrgKind
from nghiquyet.resolutions import documents_context as resolution_documents
from nghiquyet.resolutions.models import Plan, PlanKind
from nghiquyet.resolutions.services import generate_plan
from nghiquyet.testing.files import PDF

pytestmark = pytest.mark.django_db


def _read(data: bytes):
    return Document(io.BytesIO(data))


def _cell_texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [p.text for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


def test_r21_issued_resolution_docx_has_the_party_layout(issued, world):
    doc = _read(render_docx(resolution_documents.resolution_document(issued), org_id=issued.org_id))
    header, signature = doc.tables[0], doc.tables[-1]
    left, right = header.rows[0].cells
    # Top left: superior body, issuer in bold, "*", the number.
    assert _cell_texts(left) == ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN", "ĐẢNG ỦY SỞ TƯ PHÁP", "*", "Số 01-NQ/ĐU"]
    issuer = left.paragraphs[1]
    assert issuer.style.font.bold and issuer.style.font.size == Pt(14)
    # Top right: the Party's name, bold, 15 pt, over a line of its own; the date line in italics with
    # leading zeros.
    party, rule, _blank, date_line = right.paragraphs[:4]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party.style.font.bold and party.style.font.size == Pt(15) and not party.runs[0].underline
    assert rule.text == "" and rule.style.name == "NQ Party Rule"
    assert date_line.text == "Hà Nội, ngày 05 tháng 12 năm 2026" and date_line.style.font.italic
    # The document name and subject follow the header, in the body.
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "NGHỊ QUYẾT" and doc.paragraphs[0].style.font.size == Pt(16)
    assert texts[1] == "lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026"
    assert "I. ĐÁNH GIÁ TÌNH HÌNH" in texts and "III. NHIỆM VỤ VÀ GIẢI PHÁP" in texts
    assert "1. Tổng kết công tác chuyên môn năm 2026" in texts
    assert "DỰ THẢO" not in _all_text(doc)
    # Bottom: "Nơi nhận:" on the left ending with "Lưu VP."; the signature block on the right.
    recipients, signer = signature.rows[0].cells
    lines = _cell_texts(recipients)
    assert lines[0] == "Nơi nhận:" and lines[-1] == "- Lưu VP."
    assert "- Ban Thường vụ Đảng ủy Khối các cơ quan (để báo cáo)," in lines
    assert _cell_texts(signer) == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Bình"]


def test_r21_layout_is_a4_times_new_roman_with_default_margins(issued):
    doc = _read(render_docx(resolution_documents.resolution_document(issued), org_id=issued.org_id))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["NQ Body"].font.size == Pt(14)


def test_r21_margins_font_and_place_come_from_the_organization_settings(issued):
    DocumentSettings.objects.create(
        org_id=issued.org_id, place="Hải Phòng", margin_left_mm=25, margin_top_mm=15, body_size=13
    )
    doc = _read(render_docx(resolution_documents.resolution_document(issued), org_id=issued.org_id))
    assert round(doc.sections[0].left_margin.mm) == 25 and round(doc.sections[0].top_margin.mm) == 15
    assert doc.styles["NQ Body"].font.size == Pt(13)
    assert "Hải Phòng, ngày 05 tháng 12 năm 2026" in _all_text(doc)
    # A plain dict works as well, for callers without stored settings.
    doc = _read(render_docx(resolution_documents.resolution_document(issued), layout={"margin_right_mm": 20}))
    assert round(doc.sections[0].right_margin.mm) == 20


def test_r21_draft_says_du_thao_and_prints_no_blank_number(draft):
    """R21: a draft gets its number when issued; until then it prints no number line, never a blank one."""
    doc = _read(render_docx(resolution_documents.resolution_document(draft), org_id=draft.org_id))
    assert doc.paragraphs[0].text == "DỰ THẢO"
    assert _cell_texts(doc.tables[0].rows[0].cells[0]) == [
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN",
        "ĐẢNG ỦY SỞ TƯ PHÁP",
        "*",
    ]
    # The secretary is expected to sign it.
    assert _cell_texts(doc.tables[-1].rows[0].cells[1]) == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Bình"]


def test_r21_confidentiality_and_urgency_marks_under_the_number():
    document = sample_document(DocType.RESOLUTION)
    document.confidentiality, document.urgency = "top_secret", "flash"
    left = _read(render_docx(document)).tables[0].rows[0].cells[0]
    assert _cell_texts(left)[3:] == ["Số 01-NQ/ĐU", "TỐI MẬT", "HỎA TỐC"]
    plain = _read(render_docx(sample_document(DocType.RESOLUTION))).tables[0].rows[0].cells[0]
    assert _cell_texts(plain)[3:] == ["Số 01-NQ/ĐU"]


def test_r21_on_whose_behalf_follows_the_kind_of_organization(world):
    bloc = Organization.objects.get(code="DUK")
    assert meeting_documents.collective(bloc) == "T/M BAN THƯỜNG VỤ"
    assert meeting_documents.collective(world.c1) == "T/M CHI BỘ"
    assert meeting_documents.collective(world.g1) == "T/M ĐẢNG ỦY"
    assert meeting_documents.issuer_name(world.g1) == "Đảng ủy Sở Tư pháp"
    assert meeting_documents.issuer_name(world.c1) == "Chi bộ Văn phòng"
    assert world.c1.kind == OrgKind.SUBORDINATE_CELL


def test_r21_text_with_markup_characters_is_escaped():
    document = sample_document(DocType.RESOLUTION)
    document.subject = "Về <b>“chuyển đổi số”</b> & cải cách"
    assert "Về <b>“chuyển đổi số”</b> & cải cách" in [p.text for p in _read(render_docx(document)).paragraphs]


@pytest.mark.parametrize("doc_type", DocType.values)
def test_r21_every_document_type_has_a_template_that_renders(doc_type):
    document = sample_document(doc_type)
    doc = _read(render_docx(document))
    text = _all_text(doc)
    assert rendering.DOC_NAMES[doc_type][0] in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    if doc_type in make_templates.TABLES:
        table = doc.tables[1]
        assert len(table.rows) == 2 and table.rows[1].cells[0].text == "1"
    if doc_type == DocType.MINUTES:
        cells = doc.tables[-1].rows[0].cells
        assert [_cell_texts(c) for c in cells] == [["BÍ THƯ", "Nguyễn Văn A"], ["THƯ KÝ", "B"]]


def test_r14_minutes_are_signed_by_recorder_and_chair(adopted_meeting, committee):
    document = meeting_documents.minutes_document(adopted_meeting)
    doc = _read(render_docx(document, org_id=adopted_meeting.org_id))
    recorder, chair = doc.tables[-1].rows[0].cells
    assert _cell_texts(recorder) == ["THƯ KÝ", committee.members[2].full_name]
    assert _cell_texts(chair) == ["CHỦ TRÌ", committee.members[0].full_name]
    assert doc.paragraphs[0].text == "DỰ THẢO"  # not signed yet
    assert "BIỂU QUYẾT" in [p.text for p in doc.paragraphs]


def test_r07_meeting_notice(meeting):
    doc = _read(render_docx(meeting_documents.notice_document(meeting), org_id=meeting.org_id))
    text = _all_text(doc)
    assert "THÔNG BÁO" in text and "Về việc triệu tập hội nghị cấp ủy thường kỳ tháng 12/2026" in text
    assert "1. Thời gian: 08 giờ 00, ngày 4 tháng 12 năm 2026." in text
    # A notice is not numbered by default: no number line at all, never a blank one (R21).
    assert "Số " not in text and "-TB/" not in text


@pytest.mark.parametrize("kind", PlanKind.values)
def test_r22_r24_plans_render_with_their_table(issued, kind):
    plan = generate_plan(issued, kind)
    plan = Plan.objects.select_related("resolution__org").get(pk=plan.pk)
    doc = _read(render_docx(resolution_documents.plan_document(plan), org_id=issued.org_id))
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells][:2] == ["TT", "Nội dung"]
    assert len(table.rows) == 1 + plan.rows.count()
    assert "Nghị quyết số 01-NQ/ĐU" in _all_text(doc)


def _template_with(text: str) -> bytes:
    document = Document()
    document.add_paragraph("{{ issuer }} " + text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_r21_an_uploaded_template_replaces_the_bundled_one_for_its_organization(issued, world):
    form = TemplateOverrideForm(
        data={"org_id": issued.org_id, "doc_type": DocType.RESOLUTION, "note": ""},
        files={"upload": SimpleUploadedFile("mau.docx", _template_with("MẪU RIÊNG"))},
    )
    assert form.is_valid(), form.errors
    form.save()
    data = render_docx(resolution_documents.resolution_document(issued), org_id=issued.org_id)
    assert _read(data).paragraphs[0].text == "ĐẢNG ỦY SỞ TƯ PHÁP MẪU RIÊNG"
    # Another organization keeps the bundled template.
    other = sample_document(DocType.RESOLUTION)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in _all_text(_read(render_docx(other, org_id=world.g2.pk)))
    assert TemplateOverride.objects.count() == 1


@translation.override("en")
def test_r21_a_broken_template_is_refused_with_the_reason():
    form = TemplateOverrideForm(
        data={"org_id": 1, "doc_type": DocType.RESOLUTION},
        files={"upload": SimpleUploadedFile("mau.docx", _template_with("{% for x in %}"))},
    )
    assert not form.is_valid() and "cannot be filled" in str(form.errors["upload"])
    form = TemplateOverrideForm(
        data={"org_id": 1, "doc_type": DocType.RESOLUTION},
        files={"upload": SimpleUploadedFile("mau.pdf", PDF)},
    )
    assert not form.is_valid() and "Word file" in str(form.errors["upload"])


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml") + archive.read("word/styles.xml")


@pytest.mark.parametrize("doc_type", DocType.values)
def test_r21_committed_templates_are_those_the_script_builds(doc_type, tmp_path):
    out = io.BytesIO()
    make_templates.build(doc_type).save(out)
    committed = (rendering.TEMPLATE_DIR / f"{doc_type}.docx").read_bytes()
    assert _document_xml(out.getvalue()) == _document_xml(committed)


def test_r21_pdf_unavailable_without_libreoffice_says_why(monkeypatch, settings):
    settings.DOCUMENTS_SOFFICE = None
    monkeypatch.setattr(rendering.shutil, "which", lambda name: None)
    status = rendering.pdf_available()
    assert not status and "LibreOffice" in status.reason
    html = render_to_string("documents/_downloads.html", {"docx_url": "/a.docx", "pdf_url": "/a.pdf"})
    assert "/a.docx" in html and "/a.pdf" not in html and "LibreOffice" in html
    with pytest.raises(rendering.PdfError):
        rendering.convert_to_pdf(b"PK")


# CI installs LibreOffice (.ci/run), so there these tests always run.
@pytest.mark.skipif(
    rendering.soffice_path() is None and not os.environ.get("CI"), reason="LibreOffice is not installed here"
)
def test_r21_pdf_is_converted_from_the_same_docx():
    document = OfficialDocument(
        doc_type=DocType.RESOLUTION,
        issuer="Đảng ủy Sở Tư pháp",
        issuer_code="ĐU",
        number_display="01-NQ/ĐU",
        date=dt.date(2026, 2, 5),
        subject="về thử",
        blocks=[Block("Nội dung.")],
        signatures=[Signature("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Bình")],
    )
    pdf = rendering.convert_to_pdf(render_docx(document))
    assert pdf.startswith(b"%PDF-")
    html = render_to_string("documents/_downloads.html", {"docx_url": "/a.docx", "pdf_url": "/a.pdf"})
    assert "/a.pdf" in html


def test_r21_administrator_uploads_a_template_in_the_admin(client, world):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", "quantri@example.org", "matkhau-thu-nghiem")
    client.force_login(admin)
    response = client.post(
        "/admin/documents/templateoverride/add/",
        {
            "org_id": world.g1.pk,
            "doc_type": DocType.MEETING_NOTICE,
            "note": "Mẫu của Văn phòng",
            "upload": SimpleUploadedFile("thong-bao.docx", _template_with("THÔNG BÁO RIÊNG")),
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    override = TemplateOverride.objects.select_related("attachment").get()
    assert override.attachment.original_name == "thong-bao.docx" and override.attachment.uploaded_by == admin
    document = sample_document(DocType.MEETING_NOTICE)
    assert _read(render_docx(document, org_id=world.g1.pk)).paragraphs[0].text == "ĐẢNG ỦY THÔNG BÁO RIÊNG"
    # The archive is read-only in the admin.
    assert client.get("/admin/documents/archiveddocument/add/").status_code == 403


# ---------------------------------------------------------------- download names (#16.11)


@pytest.mark.parametrize("doc_type", list(DocType.values))
def test_r21_a_draft_of_every_type_is_named_by_its_subject_or_date(doc_type):
    """#16.11: "Nghị quyết Dự Thảo.docx", "Báo cáo Dự Thảo.docx" no more: a draft of any type reads
    "Dự thảo <type> <subject>", else "Dự thảo <type> <date>"; a numbered document keeps its number."""
    from nghiquyet.documents.rendering import DOC_NAMES

    kind = DOC_NAMES[doc_type][0].lower()  # "nghị quyết", "báo cáo", …
    with_subject = OfficialDocument(doc_type, "Đảng ủy", "ĐU", subject="Về công tác cán bộ", draft=True)
    assert with_subject.filename("docx") == f"Dự thảo {kind} Về công tác cán bộ.docx"
    dated = OfficialDocument(doc_type, "Đảng ủy", "ĐU", date=dt.date(2026, 11, 27), draft=True)
    assert dated.filename("pdf") == f"Dự thảo {kind} 27-11-2026.pdf"
    assert "Dự Thảo" not in OfficialDocument(doc_type, "Đảng ủy", "ĐU").filename("docx")
    numbered = OfficialDocument(doc_type, "Đảng ủy", "ĐU", number_display="01-NQ/ĐU")
    assert numbered.filename("docx") == f"{DOC_NAMES[doc_type][0].capitalize()} 01-NQ-ĐU.docx"


def test_r21_a_long_or_unsafe_subject_makes_a_safe_short_name():
    """#16.11: slashes, colons and line breaks never reach the file name; a long subject is cut at a word."""
    document = OfficialDocument(
        DocType.RESOLUTION, "Đảng ủy", "ĐU", subject="Về nhiệm vụ: quý I/2027\n" + "rất dài " * 30, draft=True
    )
    name = document.filename("docx")
    assert name.startswith("Dự thảo nghị quyết Về nhiệm vụ, quý I-2027 rất dài")
    assert name.endswith("….docx") and len(name) < 120 and "/" not in name and "\n" not in name
