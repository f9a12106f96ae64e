"""Party-member workbooks: one list of columns shared by the import template, the import reader and the export.

Headers, drop-down lists and the instructions sheet are Vietnamese literals on purpose: they are the file
format the offices fill in, not interface text, and a translated header would no longer import. Only the
messages about a bad file go through gettext.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from nghiquyet.lib.archives import expanded_bytes
from nghiquyet.lib.spreadsheets import xlsx_bytes
from nghiquyet.lib.vietnamese import fold

from .models import Education, Gender, Person, Theory

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
# What the workbook may expand to (its XML): 20,000 members take about 10 MB. A 0.2 MB file holding one
# 200 MB cell is refused before it is read (#17.3).
MAX_EXPANDED_BYTES = 40 * 1024 * 1024
# The longest text a member's cell holds (a workplace's full name is under 200 characters).
MAX_CELL_CHARS = 500
SHEET_TITLE = "Đảng viên"
HELP_TITLE = "Hướng dẫn"
DATE_FORMAT = "DD/MM/YYYY"

GENDER_LABELS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
EDUCATION_LABELS = {
    Education.DOCTORATE: "Tiến sĩ",
    Education.MASTER: "Thạc sĩ",
    Education.UNIVERSITY: "Đại học",
    Education.COLLEGE: "Cao đẳng",
    Education.VOCATIONAL: "Trung cấp",
    Education.NONE: "Chưa qua đào tạo",
}
THEORY_LABELS = {
    Theory.BACHELOR: "Cử nhân",
    Theory.ADVANCED: "Cao cấp",
    Theory.INTERMEDIATE: "Trung cấp",
    Theory.ELEMENTARY: "Sơ cấp",
    Theory.NONE: "Chưa qua đào tạo",
}


@dataclass(frozen=True)
class Column:
    """One column of the member sheet; `field` names the field of `forms.MemberRowForm` it feeds."""

    field: str
    header: str  # as written in row 1; a trailing "*" marks a required column
    width: int
    guide: str  # how to fill it in, for the instructions sheet
    example: str | dt.date = ""
    choices: tuple[str, ...] = ()  # offered as a drop-down list in the sheet

    @property
    def label(self) -> str:
        """The header without the required mark: the name used in messages."""
        return self.header.rstrip("*").strip()

    @property
    def required(self) -> bool:
        return self.header.endswith("*")

    @property
    def is_date(self) -> bool:
        return self.field in DATE_FIELDS


DATE_FIELDS = ("birth_date", "party_entry_date", "full_membership_date")
_DATE_GUIDE = "Ngày/tháng/năm (dd/mm/yyyy) hoặc ô kiểu ngày của Excel; không sau ngày hôm nay."

COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên*", 28, "Họ, tên đệm và tên, như trong hồ sơ đảng viên.", "Nguyễn Văn An"),
    Column("gender", "Giới tính*", 11, "Nam hoặc Nữ.", "Nam", tuple(GENDER_LABELS.values())),
    Column("birth_date", "Ngày sinh", 13, _DATE_GUIDE, dt.date(1985, 3, 17)),
    Column("party_entry_date", "Ngày vào Đảng", 15, _DATE_GUIDE + " Sau ngày sinh.", dt.date(2010, 5, 19)),
    Column(
        "full_membership_date",
        "Ngày chính thức",
        15,
        _DATE_GUIDE + " Không trước ngày vào Đảng.",
        dt.date(2011, 5, 19),
    ),
    Column("workplace", "Nơi công tác", 30, "Cơ quan, đơn vị công tác.", "Phòng Hành chính tư pháp"),
    Column("job_title", "Chức vụ", 20, "Chức vụ chính quyền hoặc chuyên môn.", "Chuyên viên"),
    Column(
        "education",
        "Trình độ chuyên môn",
        20,
        "Một trong: " + ", ".join(EDUCATION_LABELS.values()) + ". Để trống: Đại học.",
        "Thạc sĩ",
        tuple(EDUCATION_LABELS.values()),
    ),
    Column(
        "theory",
        "Lý luận chính trị",
        18,
        "Một trong: " + ", ".join(THEORY_LABELS.values()) + ". Để trống: Chưa qua đào tạo.",
        "Trung cấp",
        tuple(THEORY_LABELS.values()),
    ),
    Column(
        "cell",
        "Mã chi bộ*",
        13,
        "Mã của chi bộ nơi đảng viên sinh hoạt; chi bộ phải thuộc đảng bộ đang nhập.",
        "CB01",
    ),
    Column("email", "Email", 28, "Thư điện tử (không bắt buộc).", "an.nv@example.vn"),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}


class WorkbookError(Exception):
    """The file as a whole cannot be imported; `messages` say why, one per problem."""

    def __init__(self, *messages: str):
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows: the header is row 1
    values: dict[str, object]  # form field -> text (stripped), or a date for date columns


def _header_key(value: object) -> str:
    return fold(str(value or "").replace("*", ""))


def _cell_value(value: object, is_date: bool) -> object:
    """A cell as the row form expects it: text, or a date where the sheet holds a real date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if is_date else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value if is_date else value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        # Excel stores every number as a float; a code or a phone-like number typed as 12 is "12".
        value = int(value)
    return str(value).strip()


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, io.SEEK_END)
        file.seek(position)
    return size


def read_members(file) -> list[SheetRow]:
    """The non-empty data rows of a member workbook, or `WorkbookError` when the file cannot be read."""
    if _file_size(file) > MAX_BYTES:
        raise WorkbookError(
            _("The file is larger than %(limit)s MB. Split it into several files.")
            % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    file.seek(0)
    expanded = expanded_bytes(file.read())
    file.seek(0)
    if expanded is not None and expanded > MAX_EXPANDED_BYTES:
        raise WorkbookError(
            _(
                "The workbook expands to more than %(limit)s MB when opened: it holds far more than members' data."
            )
            % {"limit": MAX_EXPANDED_BYTES // (1024 * 1024)}
        )
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:
        # openpyxl reports a non-zip, a zip that is not a workbook and a damaged workbook with
        # many unrelated exception types; to the person uploading they are all one problem.
        raise WorkbookError(
            _(
                "The file is not an Excel workbook (.xlsx) or it is damaged. An old .xls file must first be "
                "saved as .xlsx in Excel."
            )
        ) from exc
    try:
        return _read_sheet(
            workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        )
    finally:
        workbook.close()


def _read_sheet(sheet) -> list[SheetRow]:
    header_cells = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    positions: dict[str, int] = {}
    for index, value in enumerate(header_cells):
        positions.setdefault(_header_key(value), index)
    missing = [c for c in COLUMNS if _header_key(c.header) not in positions]
    if missing:
        raise WorkbookError(
            *(
                _("The header row (row 1) has no column “%(column)s”. Start from the template.")
                % {"column": c.label}
                for c in missing
            )
        )
    index_of = {c.field: positions[_header_key(c.header)] for c in COLUMNS}
    width = max(index_of.values()) + 1
    rows: list[SheetRow] = []
    for number, cells in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        cells = tuple(cells) + (None,) * (width - len(cells))
        values = {c.field: _cell_value(cells[index_of[c.field]], c.is_date) for c in COLUMNS}
        if all(v == "" for v in values.values()):
            continue
        for column in COLUMNS:
            value = values[column.field]
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise WorkbookError(
                    _(
                        "Row %(row)s, column “%(column)s”: %(length)s characters, more than the %(limit)s a cell may hold."
                    )
                    % {
                        "row": number,
                        "column": column.label,
                        "length": number_format(len(value), force_grouping=True),
                        "limit": MAX_CELL_CHARS,
                    }
                )
        if len(rows) == MAX_ROWS:
            raise WorkbookError(
                _("The file holds more than %(limit)s members. Split it into several files.")
                % {"limit": number_format(MAX_ROWS, force_grouping=True)}
            )
        rows.append(SheetRow(number, values))
    if not rows:
        raise WorkbookError(_("The file holds no members: fill in one member per row from row 2 on."))
    return rows


# Writing --------------------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F1E4E4")


def _member_sheet(sheet, data_rows: int) -> None:
    """Headers, widths, frozen header, date and text formats, and drop-down lists on a member sheet."""
    sheet.title = SHEET_TITLE
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.is_date:
            dimension.number_format = DATE_FORMAT
        elif column.field == "cell":
            dimension.number_format = "@"  # text, so a code like 007 keeps its zeros
        if column.choices:
            rows = f"{letter}2:{letter}{max(data_rows, MAX_ROWS) + 1}"
            validation = DataValidation(
                type="list",
                formula1='"{}"'.format(",".join(column.choices)),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.label,
                error="Chọn một giá trị trong danh sách: " + ", ".join(column.choices) + ".",
            )
            validation.add(rows)
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"


def _help_sheet(sheet) -> None:
    sheet.title = HELP_TITLE
    sheet.append(["Cột", "Bắt buộc", "Cách ghi", "Ví dụ"])
    for column in COLUMNS:
        sheet.append([column.label, "Có" if column.required else "", column.guide, column.example])
    sheet.append([])
    for line in (
        f"Ghi mỗi đảng viên một dòng trên trang “{SHEET_TITLE}”, từ dòng 2; không sửa dòng tiêu đề.",
        "Dòng trống được bỏ qua. Chữ hoa, chữ thường, có dấu hay không dấu đều được chấp nhận.",
        f"Tối đa {MAX_ROWS:,} dòng, tệp không quá {MAX_BYTES // (1024 * 1024)} MB.".replace(",", "."),
        "Nếu có một dòng sai thì không dòng nào được nhập: sửa các dòng được báo lỗi rồi nhập lại cả tệp.",
        "Một người (cùng họ tên và ngày sinh) không được ghi hai lần, hay đã có trong chi bộ.",
    ):
        sheet.append([line])
    sheet.append([])
    sheet.append([f"Dòng mẫu (chép sang trang “{SHEET_TITLE}” nếu muốn):"])
    sheet.append([c.header for c in COLUMNS])
    example_row = sheet.max_row + 1
    sheet.append([c.example for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        if column.is_date:
            sheet.cell(row=example_row, column=index).number_format = DATE_FORMAT
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for cell in sheet[example_row - 1]:
        cell.font = _HEADER_FONT
    for letter, width in zip("ABCD", (22, 10, 70, 26), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, max_row=len(COLUMNS) + 1, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def template_workbook() -> Workbook:
    """The empty import template: a member sheet with headers only, and the instructions sheet."""
    workbook = Workbook()
    _member_sheet(workbook.active, 0)
    _help_sheet(workbook.create_sheet())
    return workbook


def person_row(person: Person) -> list[object]:
    """A member's cells in column order; `person.home_org` must be loaded (select_related)."""
    values = {
        "full_name": person.full_name,
        "gender": GENDER_LABELS.get(person.gender, person.gender),
        "birth_date": person.birth_date,
        "party_entry_date": person.party_entry_date,
        "full_membership_date": person.full_membership_date,
        "workplace": person.workplace,
        "job_title": person.job_title,
        "education": EDUCATION_LABELS.get(person.education, person.education),
        "theory": THEORY_LABELS.get(person.theory, person.theory),
        "cell": person.home_org.code,
        "email": person.email,
    }
    return [values[c.field] for c in COLUMNS]


def members_workbook(people: Iterable[Person]) -> Workbook:
    """An export in the template's layout, so the file can be edited and imported again."""
    workbook = Workbook()
    sheet = workbook.active
    rows = [person_row(p) for p in people]
    _member_sheet(sheet, len(rows))
    date_columns = [i for i, c in enumerate(COLUMNS, start=1) if c.is_date]
    for number, row in enumerate(rows, start=2):
        sheet.append(row)
        for index in date_columns:
            sheet.cell(row=number, column=index).number_format = DATE_FORMAT
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    _help_sheet(workbook.create_sheet())
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    return xlsx_bytes(workbook)
