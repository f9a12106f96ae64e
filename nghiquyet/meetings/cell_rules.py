"""Rules in force by date for cell meetings (R41): the central guidance on how a party cell holds its
meetings, as a registry of versions keyed by the date each took effect, like `charter.py`.

Only cells (grassroots and subordinate cells) are judged by it: a committee's meetings follow its own
working regulation (`MeetingRegulation`). A cell meeting is judged by the version in force on its own date
(`cell_rule_on`) and its page names that version. The cell's own regulation, when it has one, may ask for
more than the central floor (a longer notice), never less. docs/rules.md lists the sources.

Only values found in a source are encoded. Where a version's text was not found for a value, the value is
carried over from the source named in the comment and listed in `unconfirmed`, and the pages say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nghiquyet.lib.versions import by_key, in_force_on

# Fields of a version whose values can be unconfirmed (see `CellRule.unconfirmed`).
THEMATIC_PER_QUARTER = "thematic_per_quarter"


@dataclass(frozen=True)
class CellRule:
    """One version of the central guidance on cell meetings."""

    key: str  # shown on the pages; never change a published key
    name: str  # the document as the pages name it
    clause: str
    effective_from: dt.date
    source_url: str
    # Documents reach the members at least this many days before the meeting; None: no central floor
    # found, the cell's regulation (or the application's default) alone applies.
    documents_lead_days: int | None
    # The shortest meeting, in minutes; None: no central minimum found.
    min_minutes: int | None
    # The shortest session when a thematic and a regular meeting are held together in it.
    min_minutes_combined: int | None
    # Thematic meetings (sinh hoạt chuyên đề) a cell holds each quarter at least, besides the monthly one.
    thematic_per_quarter: int
    # Values not found in this version's own text (carried over, or from a secondary source).
    unconfirmed: frozenset[str] = frozenset()

    @property
    def citation(self) -> str:
        return f"{self.name}, {self.clause}"

    @property
    def thematic_unconfirmed(self) -> bool:
        return THEMATIC_PER_QUARTER in self.unconfirmed

    def notice_days(self, regulation_days: int | None, default: int) -> int:
        """Days ahead the notice and documents must go out: the cell's regulation (or `default` when it
        has none), raised to this version's central floor."""
        own = default if regulation_days is None else regulation_days
        if self.documents_lead_days is None:
            return own
        # With no regulation of its own, a cell follows the central floor rather than the committees'
        # default; a regulation of its own may ask for more, never less.
        return self.documents_lead_days if regulation_days is None else max(own, self.documents_lead_days)


# Hướng dẫn 12-HD/BTCTW, 6 July 2018, of the Central Organization Commission, on improving the quality of
# cell meetings (named with its date by cells applying it, e.g. a primary school's cell, Bắc Giang:
# https://raw.githubusercontent.com/21ts444/thcshoangluong/main/tin-tuc-thong-bao/tin-tuc-tu-phong/ang-cao-chat-luong-sinh-hoat-chi-bo-chuyen-de-cua-chi-bo-tru.html
# ). A regular meeting each month, and a thematic meeting "ít nhất mỗi quý 1 lần và không thay thế cho
# sinh hoạt định kỳ hàng tháng", as a cell of Hải Phòng states it in 2024 (source_url below). The text of
# HD 12 itself was not found: no documents lead or duration is encoded for it, and the quarterly thematic
# meeting is marked unconfirmed.
HD12_2018 = CellRule(
    key="hd12-2018",
    name="Hướng dẫn 12-HD/BTCTW ngày 6/7/2018",
    clause="sinh hoạt chi bộ thường kỳ và chuyên đề",
    effective_from=dt.date(2018, 7, 6),
    source_url="https://mnhoabinhvb.haiphong.edu.vn/hoat-dong-chuyen-mon/sinh-hoat-chi-bo-chuyen-de-quy-i-nam-2024-xay-dung-moi-truong-giao-duc-theo-huo/ct/10254/182330",
    documents_lead_days=None,
    min_minutes=None,
    min_minutes_combined=None,
    thematic_per_quarter=1,
    unconfirmed=frozenset({THEMATIC_PER_QUARTER}),
)

# Chỉ thị 50-CT/TW, 23 July 2025, of the Secretariat, on continuing to renew and improve cell meetings in
# the new period (vneconomy.vn, 11 August 2025, quoted below). The directive sets aims; its figures came
# with the guidance implementing it (HD 42, below). Until then HD 12's practice is carried over.
CT50_2025 = CellRule(
    key="ct50-2025",
    name="Chỉ thị 50-CT/TW ngày 23/7/2025",
    clause="tiếp tục đổi mới và nâng cao chất lượng sinh hoạt chi bộ",
    effective_from=dt.date(2025, 7, 23),
    source_url="https://vneconomy.vn/hoi-nghi-trung-uong-12-va-quan-triet-trien-khai-chi-thi-so-50-cttw.htm",
    documents_lead_days=None,
    min_minutes=None,
    min_minutes_combined=None,
    thematic_per_quarter=1,
    unconfirmed=frozenset({THEMATIC_PER_QUARTER}),
)

# Hướng dẫn 42-HD/BTCTW, 28 October 2025, implementing Chỉ thị 50 (luatvietnam.vn, source_url): a meeting
# lasts at least 90 minutes, at least 120 when a thematic and a regular meeting are held in one session
# (fewer-member cells: as the competent committee decides); for a regular meeting the documents are posted
# on the "Sổ tay đảng viên điện tử" app "ít nhất 01 ngày trước khi sinh hoạt". Its thematic meetings keep
# the quarterly rhythm in public implementations of HD 42 found by code search ("Sinh hoạt Chuyên đề (Ít
# nhất 1 lần/quý)"), not in a page of the text: unconfirmed.
HD42_2025 = CellRule(
    key="hd42-2025",
    name="Hướng dẫn 42-HD/BTCTW ngày 28/10/2025",
    clause="mục II (chuẩn bị, thời lượng sinh hoạt chi bộ)",
    effective_from=dt.date(2025, 10, 28),
    source_url="https://luatvietnam.vn/tin-van-ban-moi/thoi-luong-sinh-hoat-chi-bo-toi-thieu-90-phut-186-105065-article.html",
    documents_lead_days=1,
    min_minutes=90,
    min_minutes_combined=120,
    thematic_per_quarter=1,
    unconfirmed=frozenset({THEMATIC_PER_QUARTER}),
)

# Oldest first; `cell_rule_on` takes the last one in force.
CELL_RULES: list[CellRule] = [HD12_2018, CT50_2025, HD42_2025]


def cell_rule_on(day: dt.date) -> CellRule | None:
    """The version in force on `day`: the latest that took effect on or before it (None before the first)."""
    return in_force_on(CELL_RULES, day)


def cell_rule(key: str) -> CellRule | None:
    """A version by its key (None for a key no longer known)."""
    return by_key(CELL_RULES, key)
