"""Official documents in the Party's layout: a docxtpl Word template per type, filled from a plain
description of the document (`OfficialDocument`), then converted to PDF by LibreOffice when present.

The bundled templates (docx_templates/, built by `python -m nghiquyet.documents.make_templates`) follow
the 2018 format guidance of DOMAIN.md; an administrator can upload an organization's own template per
type (TemplateOverride), which is then used as it is. The words of the document are Vietnamese whatever
the interface language: they are the document.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _

from nghiquyet.lib.dates import document_vn

from .models import Confidentiality, DocType, DocumentSettings, TemplateOverride, Urgency

TEMPLATE_DIR = Path(__file__).resolve().parent / "docx_templates"

# Document type -> (name printed on the document, code in its number).
DOC_NAMES = {
    DocType.MEETING_NOTICE: ("THÔNG BÁO", "TB"),
    DocType.MINUTES: ("BIÊN BẢN", "BB"),
    DocType.RESOLUTION: ("NGHỊ QUYẾT", "NQ"),
    DocType.IMPLEMENTATION_PLAN: ("KẾ HOẠCH", "KH"),
    DocType.INSPECTION_PLAN: ("KẾ HOẠCH", "KH"),
    DocType.INSPECTION_CONCLUSION: ("KẾT LUẬN", "KL"),
    DocType.PERIODIC_REPORT: ("BÁO CÁO", "BC"),
    DocType.STATISTICS_REPORT: ("BÁO CÁO", "BC"),
}
CONFIDENTIALITY_MARKS = {Confidentiality.SECRET: "MẬT", Confidentiality.TOP_SECRET: "TỐI MẬT"}
URGENCY_MARKS = {Urgency.URGENT: "KHẨN", Urgency.VERY_URGENT: "THƯỢNG KHẨN", Urgency.FLASH: "HỎA TỐC"}
# The types the office numbers by default: what a committee decides, concludes or reports to the level
# above, each numbered when issued (DOMAIN.md, "Document numbers"). The others (notices, minutes, plans,
# statistics) print no number line. A deployment changes the list with the DOCUMENTS_NUMBERED_TYPES setting.
NUMBERED_TYPES = (DocType.RESOLUTION, DocType.INSPECTION_CONCLUSION, DocType.PERIODIC_REPORT)
DRAFT_MARK = "DỰ THẢO"
ARCHIVE_COPY = "Lưu VP"

DEFAULT_LAYOUT = {
    "place": "Hà Nội",
    "font_name": "Times New Roman",
    "body_size": 14,
    "margin_top_mm": 20,
    "margin_bottom_mm": 20,
    "margin_left_mm": 30,
    "margin_right_mm": 15,
}
A4_MM = (210, 297)


@dataclass
class Block:
    """One paragraph of the body; headings ("I. ĐÁNH GIÁ TÌNH HÌNH") are set in bold."""

    text: str
    heading: bool = False


@dataclass
class Signature:
    on_behalf: str = ""  # "T/M ĐẢNG ỦY"; empty when a person signs in their own name (minutes)
    title: str = ""  # "BÍ THƯ", "CHỦ TRÌ HỘI NGHỊ"
    name: str = ""


@dataclass
class OfficialDocument:
    """Everything a template needs, as plain data: built by the upper apps' adapters."""

    doc_type: str
    issuer: str  # "ĐẢNG ỦY SỞ TƯ PHÁP"
    issuer_code: str  # "ĐU"
    superior: str = ""  # "ĐẢNG BỘ KHỐI CÁC CƠ QUAN THÀNH PHỐ"
    number_display: str = ""  # "01-NQ/ĐU", given when a numbered type is issued
    date: dt.date | None = None
    place: str = ""  # empty: the organization's setting
    subject: str = ""
    blocks: list[Block] = field(default_factory=list)
    after_blocks: list[Block] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # the table of plans and statistics reports
    signatures: list[Signature] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    confidentiality: str = Confidentiality.NONE
    urgency: str = Urgency.NONE
    draft: bool = False

    @property
    def doc_name(self) -> str:
        return DOC_NAMES[self.doc_type][0]

    @property
    def code(self) -> str:
        return DOC_NAMES[self.doc_type][1]

    def number_line(self) -> str:
        """ "Số 01-NQ/ĐU" once issued; nothing otherwise — a draft of a numbered type gets its number when
        issued, a type the office does not number (the setting) never has one: no blank "Số      -TB/ĐU"
        for the office to fill in."""
        if self.number_display and is_numbered(self.doc_type):
            return f"Số {self.number_display}"
        return ""

    def date_line(self, place: str) -> str:
        day = document_vn(self.date) if self.date else "ngày      tháng      năm"
        return f"{self.place or place}, {day}"

    def recipient_lines(self) -> list[str]:
        """ "- Ban Thường vụ Đảng ủy Khối," … "- Lưu VP.": the office copy always last."""
        names = [n.strip().rstrip(",.;") for n in self.recipients if n.strip()]
        names = [n for n in names if n.lower() != ARCHIVE_COPY.lower()] + [ARCHIVE_COPY]
        return [f"- {n}{'.' if i == len(names) - 1 else ','}" for i, n in enumerate(names)]

    def filename(self, extension: str) -> str:
        """The download's name: "Nghị quyết 01-NQ-ĐU.docx" once numbered; a draft says so in front and is
        told apart by its subject, else its date ("Dự thảo nghị quyết Về công tác ….docx", "Dự thảo báo cáo
        27-11-2026.docx"), whatever its type; unnumbered and not a draft: "Thông báo Về việc ….docx"."""
        name = self.doc_name.capitalize()
        if self.number_display and not self.draft:
            return _file_safe(f"{name} {self.number_display}") + f".{extension}"
        label = _shorten(self.subject) or (f"{self.date:%d-%m-%Y}" if self.date else "")
        if self.draft:
            name = f"{DRAFT_MARK.capitalize()} {self.doc_name.lower()}"
        return _file_safe(f"{name} {label}".strip()) + f".{extension}"


# Characters no file system or browser accepts in a download's name.
_UNSAFE_IN_FILENAMES = str.maketrans(
    {c: "-" for c in '/\\*?"<>|'} | {":": ",", "\n": " ", "\r": " ", "\t": " "}
)
FILENAME_SUBJECT_CHARS = 80


def _file_safe(name: str) -> str:
    return " ".join(name.translate(_UNSAFE_IN_FILENAMES).split())


def _shorten(subject: str) -> str:
    """The subject cut at a word to fit a file name."""
    subject = " ".join((subject or "").split())
    if len(subject) <= FILENAME_SUBJECT_CHARS:
        return subject
    return subject[:FILENAME_SUBJECT_CHARS].rsplit(" ", 1)[0].rstrip(",;:.-") + "…"


def numbered_types() -> tuple[str, ...]:
    """The document types the office numbers (setting DOCUMENTS_NUMBERED_TYPES, else NUMBERED_TYPES)."""
    return tuple(getattr(settings, "DOCUMENTS_NUMBERED_TYPES", None) or NUMBERED_TYPES)


def is_numbered(doc_type: str) -> bool:
    return doc_type in numbered_types()


def layout_for(org_id: int | None, overrides: dict | None = None) -> dict:
    """The layout settings of an organization (its DocumentSettings, else the defaults), then `overrides`."""
    layout = dict(DEFAULT_LAYOUT)
    if org_id is not None:
        stored = DocumentSettings.objects.filter(org_id=org_id).first()
        if stored is not None:
            layout.update(stored.as_layout())
    layout.update(overrides or {})
    return layout


def context_for(document: OfficialDocument, layout: dict) -> dict:
    """The docxtpl context: every name a template (bundled or uploaded) may use."""
    signatures = document.signatures or [Signature()]
    return {
        "superior": document.superior.upper(),
        "issuer": document.issuer.upper(),
        "number_line": document.number_line(),
        "number": document.number_display,
        "date_line": document.date_line(layout["place"]),
        "doc_name": document.doc_name,
        "subject": document.subject,
        "blocks": [{"text": b.text, "heading": b.heading} for b in document.blocks],
        "after_blocks": [{"text": b.text, "heading": b.heading} for b in document.after_blocks],
        "rows": document.rows,
        "signature": signatures[0].__dict__,
        "signatures": [s.__dict__ for s in signatures],
        "recipients": document.recipient_lines(),
        "confidentiality_mark": CONFIDENTIALITY_MARKS.get(document.confidentiality, ""),
        "urgency_mark": URGENCY_MARKS.get(document.urgency, ""),
        "draft_mark": DRAFT_MARK if document.draft else "",
    }


def template_source(doc_type: str, org_id: int | None) -> tuple[bytes | Path, bool]:
    """The organization's uploaded template for this type if any (True), else the bundled one (False)."""
    if org_id is not None:
        override = (
            TemplateOverride.objects.select_related("attachment")
            .filter(org_id=org_id, doc_type=doc_type)
            .first()
        )
        if override is not None:
            with override.attachment.file.open("rb") as handle:
                return handle.read(), True
    return TEMPLATE_DIR / f"{doc_type}.docx", False


def render_docx(
    document: OfficialDocument, *, org_id: int | None = None, layout: dict | None = None
) -> bytes:
    """The document as DOCX bytes, from the organization's template for its type or the bundled one.

    Margins, font and size of the settings apply to the bundled templates; an uploaded template keeps
    the layout its author gave it.
    """
    from docxtpl import DocxTemplate

    source, uploaded = template_source(document.doc_type, org_id)
    layout = layout_for(org_id, layout)
    template = DocxTemplate(io.BytesIO(source) if uploaded else str(source))
    template.render(context_for(document, layout), autoescape=True)
    if not uploaded:
        _apply_layout(template.docx, layout)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_template_bytes(data: bytes, document: OfficialDocument) -> bytes:
    """Fill an uploaded template to check it before it is accepted (raises on a broken template)."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(data))
    template.render(context_for(document, DEFAULT_LAYOUT), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _apply_layout(docx, layout: dict) -> None:
    from docx.shared import Mm, Pt

    for section in docx.sections:
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.top_margin = Mm(layout["margin_top_mm"])
        section.bottom_margin = Mm(layout["margin_bottom_mm"])
        section.left_margin = Mm(layout["margin_left_mm"])
        section.right_margin = Mm(layout["margin_right_mm"])
    font_name = layout["font_name"]
    for style in docx.styles:
        font = getattr(style, "font", None)
        if font is None or not style.name or not (style.name == "Normal" or style.name.startswith("NQ ")):
            continue
        set_font(style, font_name)
        if style.name in ("Normal", "NQ Body", "NQ Body Last", "NQ Heading"):
            font.size = Pt(layout["body_size"])


def set_font(style_or_run, name: str) -> None:
    """The font for Latin, complex and East Asian text alike, so Word never substitutes another one."""
    from docx.oxml.ns import qn

    style_or_run.font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


# ---------------------------------------------------------------- PDF through LibreOffice


@dataclass(frozen=True)
class PdfStatus:
    available: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.available


def soffice_path() -> str | None:
    return getattr(settings, "DOCUMENTS_SOFFICE", None) or shutil.which("soffice")


def pdf_available() -> PdfStatus:
    """Whether PDFs can be made here, and why not when they cannot."""
    if soffice_path() is None:
        return PdfStatus(
            False,
            _(
                "PDF is not available: LibreOffice (soffice) is not installed on the server. "
                "Download the DOCX file and print or convert it in Word."
            ),
        )
    return PdfStatus(True)


def font_environment(work: Path) -> dict[str, str]:
    """The environment LibreOffice runs in: the server's, plus the deployment's own font directories
    (setting DOCUMENTS_FONT_DIRS) through a fontconfig file of this run that includes the system's.

    The documents ask for Times New Roman (36-HD/VPTW 2018); a server without it renders them in
    Liberation Serif, metric-compatible with it (same widths, so the same line and page breaks), which
    Debian ships freely. A deployment holding a licence for Times New Roman points to its files."""
    env = dict(os.environ)
    dirs = [str(Path(d)) for d in getattr(settings, "DOCUMENTS_FONT_DIRS", None) or ()]
    if not dirs:
        return env
    conf = work / "fonts.conf"
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        *(f"  <dir>{escape(d)}</dir>" for d in dirs),
        f"  <cachedir>{escape(str(work / 'fontcache'))}</cachedir>",
        "</fontconfig>",
    ]
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env["FONTCONFIG_FILE"] = str(conf)
    return env


class PdfError(Exception):
    """LibreOffice is missing, failed or took too long."""


def convert_to_pdf(docx: bytes, *, timeout: int | None = None) -> bytes:
    """Convert DOCX bytes to PDF with LibreOffice headless: its own profile directory each run (two
    conversions at once never share one), killed with its children after `timeout` seconds."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfError(pdf_available().reason)
    timeout = timeout or getattr(settings, "DOCUMENTS_PDF_TIMEOUT", 90)
    with tempfile.TemporaryDirectory(prefix="nq-pdf-") as work:
        source = Path(work) / f"{uuid.uuid4().hex}.docx"
        source.write_bytes(docx)
        profile = Path(work) / "profile"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(source),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            cwd=work,
            env=font_environment(Path(work)),
        )
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfError(f"LibreOffice took longer than {timeout} s") from exc
        target = source.with_suffix(".pdf")
        if process.returncode != 0 or not target.exists():
            raise PdfError(f"LibreOffice failed ({process.returncode}): {err.decode(errors='replace')[:500]}")
        return target.read_bytes()
