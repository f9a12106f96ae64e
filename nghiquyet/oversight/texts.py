"""The upper level's official text assembly: the periodic report's body (R31, R35) from its stored
snapshot of figures and the narrative people wrote.

The words are Vietnamese whatever the interface language: they are the document.
"""

from __future__ import annotations

import datetime as dt

from nghiquyet.documents.party import issuer_name
from nghiquyet.documents.rendering import Block
from nghiquyet.lib.dates import document_vn
from nghiquyet.meetings.documents_context import text_blocks
from nghiquyet.orgs.models import OrgKind

from .models import NARRATIVE_FIELDS, PeriodicReport
from .periods import ROMAN_QUARTERS, PeriodKind

SCHEME = "đổi mới, nâng cao chất lượng ban hành và thực hiện nghị quyết của cấp ủy cơ sở"
# The narrative's headings in the document; "results" follows the compiled figures in section I.
SECTION_HEADINGS = {
    "results": "KẾT QUẢ ĐẠT ĐƯỢC",
    "shortcomings": "HẠN CHẾ, TỒN TẠI",
    "causes": "NGUYÊN NHÂN",
    "lessons": "BÀI HỌC KINH NGHIỆM",
    "next_tasks": "NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def period_vn(kind: str, start: dt.date) -> str:
    """ "tháng 3 năm 2026", "quý II năm 2026", "năm 2026": the period in the document's words."""
    if kind == PeriodKind.MONTH:
        return f"tháng {start.month} năm {start.year}"
    if kind == PeriodKind.QUARTER:
        return f"quý {ROMAN_QUARTERS[(start.month - 1) // 3 + 1]} năm {start.year}"
    return f"năm {start.year}"


def default_title(kind: str, start: dt.date) -> str:
    return f"Kết quả thực hiện Đề án {SCHEME} {period_vn(kind, start)}"


def _vn(value, digits: int = 1) -> str:
    """A number the Vietnamese way: "83,3", "12"; no figure yet: "chưa có số liệu"."""
    if value is None:
        return "chưa có số liệu"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _pct(value) -> str:
    return "chưa có số liệu" if value is None else f"{_vn(value)}%"


def _in_brackets(value, prefix: str = "") -> str:
    """ " (đạt 83,3%)", or nothing when there is no figure."""
    return "" if value is None else f" ({prefix}{_vn(value)}%)"


def _overdue_line(row: dict) -> str:
    line = f"- {row['name']}: {_vn(row['overdue'])} nhiệm vụ quá hạn"
    if row.get("items_due"):
        line += (
            f"; hoàn thành đúng hạn {_vn(row['items_on_time'])}/{_vn(row['items_due'])} nhiệm vụ đến hạn"
            f"{_in_brackets(row.get('on_time_pct'))}"
        )
    return line + "."


def _difficulty_lines(figures: dict) -> list[str]:
    """The difficulties awaiting an answer: on items (the committee answers) and reported to the upper
    level (it answers), two figures (#16.10). Figures compiled before the split kept one sum, said as it was."""
    f = figures.get
    if "item_difficulties" not in figures and "difficulties" in figures:
        return [f"- Số khó khăn, vướng mắc chưa được giải đáp: {_vn(f('difficulties'))}."]
    return [
        "- Số khó khăn, vướng mắc trong thực hiện nhiệm vụ đang chờ cấp ủy trả lời: "
        f"{_vn(f('item_difficulties'))}.",
        f"- Số khó khăn, vướng mắc báo cáo cấp trên đang chờ trả lời: {_vn(f('upper_difficulties'))}.",
    ]


def _figure_blocks(figures: dict) -> list[Block]:
    f = figures.get
    as_of = dt.date.fromisoformat(f("as_of")) if f("as_of") else None
    lines = [
        f"- Số tổ chức cơ sở đảng: {_vn(f('grassroots'))}.",
        f"- Số cuộc họp cấp ủy thường kỳ đã tổ chức: {_vn(f('held'))}/{_vn(f('due'))} cuộc phải tổ chức"
        f"{_in_brackets(f('held_pct'), 'đạt ')}.",
        f"- Tỷ lệ cuộc họp đúng ngày quy định: {_pct(f('on_day_pct'))}.",
        "- Thời gian gửi thông báo, tài liệu trước cuộc họp bình quân: "
        + ("chưa có số liệu." if f("notice_lead") is None else f"{_vn(f('notice_lead'))} ngày."),
        f"- Tỷ lệ cấp ủy viên dự họp bình quân: {_pct(f('attendance_pct'))}.",
        f"- Số người phát biểu bình quân trên số người dự: {_vn(f('speakers_per_attendee'), 2)}.",
        f"- Số cuộc họp có kiểm điểm việc thực hiện nghị quyết tháng trước: {_vn(f('reviews'))}.",
        f"- Số nghị quyết đã ban hành: {_vn(f('resolutions'))} (thường kỳ {_vn(f('regular'))}, "
        f"chuyên đề {_vn(f('thematic'))}).",
        f"- Tỷ lệ nhiệm vụ ghi đủ nội dung, biện pháp, thời hạn, người thực hiện và người kiểm tra: "
        f"{_pct(f('complete_pct'))}.",
        f"- Nhiệm vụ đến hạn hoàn thành đúng hạn: {_vn(f('items_on_time'))}/{_vn(f('items_due'))}"
        f"{_in_brackets(f('on_time_pct'))}.",
        f"- Số nhiệm vụ quá hạn chưa hoàn thành: {_vn(f('overdue'))}.",
        *_difficulty_lines(figures),
        f"- Điểm chất lượng nghị quyết bình quân: {_vn(f('quality'), 0)}.",
    ]
    heading = "1. Số liệu tổng hợp từ dữ liệu"
    if as_of is not None:
        heading += f" (tính đến {document_vn(as_of)})"
    blocks = [Block(heading, heading=True), *(Block(line) for line in lines)]
    worst = f("most_overdue") or []
    if worst:
        blocks.append(Block("Các tổ chức cơ sở đảng có nhiều nhiệm vụ quá hạn nhất:"))
        blocks += [Block(_overdue_line(row)) for row in worst]
    blocks.append(Block("Công tác lãnh đạo, chỉ đạo, kiểm tra của cấp trên:"))
    blocks += [
        Block(f"- Số văn bản hướng dẫn, định hướng sinh hoạt đã ban hành: {_vn(f('guidance_published'))}."),
        Block(
            f"- Số cuộc kiểm tra đã kết luận: {_vn(f('inspections_concluded'))}; kiến nghị sau kiểm tra chưa "
            f"thực hiện xong: {_vn(f('recommendations_open'))} (quá hạn {_vn(f('recommendations_overdue'))})."
        ),
        Block(
            f"- Số khó khăn, vướng mắc cơ sở báo cáo lên: {_vn(f('difficulties_reported'))}; đã trả lời: "
            f"{_vn(f('difficulties_answered'))}."
        ),
        Block(
            f"- Số lớp bồi dưỡng đã tổ chức: {_vn(f('courses_held'))}, với {_vn(f('people_trained'))} "
            f"đồng chí hoàn thành."
        ),
        Block(f"- Số bí thư cấp ủy tiêu biểu được biểu dương: {_vn(f('nominations_recognized'))}."),
    ]
    return blocks


def report_blocks(report: PeriodicReport) -> list[Block]:
    """The body: an opening line, section I with the figures then the results, then the other written
    sections numbered in order (empty ones left out)."""
    org = report.issuer
    reporter = f"Ban Thường vụ {issuer_name(org)}" if org.kind == OrgKind.BLOC else issuer_name(org)
    blocks = [
        Block(
            f"Thực hiện Đề án {SCHEME}, {reporter} báo cáo kết quả thực hiện "
            f"{period_vn(report.kind, report.start)} như sau:"
        ),
        Block(f"I. {SECTION_HEADINGS['results']}", heading=True),
        *_figure_blocks(report.figures or {}),
        Block("2. Đánh giá kết quả", heading=True),
        *(text_blocks(report.results) or [Block("…")]),
    ]
    numerals = iter(ROMAN[1:])
    for name in NARRATIVE_FIELDS[1:]:
        text = getattr(report, name)
        if text.strip():
            blocks.append(Block(f"{next(numerals)}. {SECTION_HEADINGS[name]}", heading=True))
            blocks += text_blocks(text)
    return blocks


def report_text(report: PeriodicReport) -> str:
    """What the archive seals: the subject and the body, line by line (from the stored snapshot)."""
    return "\n".join([report.title, *(b.text for b in report_blocks(report))])
