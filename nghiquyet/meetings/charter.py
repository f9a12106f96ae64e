"""Rules in force by date (R41): who counts among "all the members" when a meeting's quorum and its vote
are judged, as a registry of versions keyed by the date each took effect.

The Party's regulations change by decision of the Central Committee, never by an office, so the versions
live in code, each with its source and effective date; a meeting is judged by the version in force on
its own date (`adoption_rule_on`), and the vote keeps the key of the version applied (`Vote.rule_key`), so
a record of 2024 reads as it was judged even after the rules change. docs/rules.md lists the sources.

The committee's own quorum fraction and regular day stay in `MeetingRegulation` (adopted by each
committee, with its own effective date): those an office does edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nghiquyet.lib.versions import by_key, in_force_on

from .models import AttendanceStatus

# The attendance reasons that take a member out of the count when a version says so. A member exempt from
# activity who attends is recorded as present and counts (QĐ 24-QĐ/TW §9.3: "nếu có mặt ... vẫn tính").
WORKING_ELSEWHERE = AttendanceStatus.WORKING_ELSEWHERE
EXEMPT_ABSENT = AttendanceStatus.EXEMPT
SUSPENDED = AttendanceStatus.SUSPENDED


@dataclass(frozen=True)
class AdoptionRule:
    """One version of the rule counting "all the members" for the quorum and for adoption."""

    key: str  # stored on each vote: never change a published key
    name: str  # the regulation as the pages and the minutes name it
    clause: str  # the clause that says who is left out
    effective_from: dt.date
    source_url: str
    excluded: frozenset[str]  # attendance statuses not counted among "all the members"
    verified: bool = True  # False: the clause's text was not found; the exclusions are carried over

    @property
    def unverified_note(self):
        return "" if self.verified else UNVERIFIED_NOTE

    @property
    def citation(self) -> str:
        return f"{self.name}, {self.clause}"

    def counted(self, members: int, statuses: Iterable[str]) -> tuple[int, int]:
        """(members counted, members left out) of a body of `members` with these attendance statuses."""
        left_out = sum(1 for s in statuses if s in self.excluded)
        return members - left_out, left_out


# Before the first regulation registered here (QĐ 29-QĐ/TW of 2016 is not): the Charter alone, every
# member in office counted, as the application counted before R41.
CHARTER_ONLY = AdoptionRule(
    key="charter-art9",
    name="Điều lệ Đảng",
    clause="Điều 9 khoản 5 (quá nửa số thành viên tán thành)",
    effective_from=dt.date(1900, 1, 1),
    source_url="",
    excluded=frozenset(),
)

# Quy định 24-QĐ/TW, 30 July 2021, on implementing the Party Charter, §9.3: the total leaves out members
# temporarily transferred to activity elsewhere, members exempt from work and activity who are absent
# (counted if they attend and vote), and members suspended from activity, prosecuted or in custody.
# Text: http://danvan.vn/Home/Van-ban/Dang-Nha-nuoc/14431/ (Quy định số 24-QĐ/TW); the same list is
# quoted for elections from Quy chế bầu cử trong Đảng, Điều 32 khoản 2 (dangcongsan.vn, hỏi đáp 556421).
QD24_2021 = AdoptionRule(
    key="qd24-2021",
    name="Quy định 24-QĐ/TW ngày 30/7/2021",
    clause="điểm 9.3",
    effective_from=dt.date(2021, 7, 30),
    source_url="http://danvan.vn/Home/Van-ban/Dang-Nha-nuoc/14431/Quy-dinh-so-24-QDTW-ngay-3072021-cua-Ban-Chap-hanh-Trung-uong-ve-thi-hanh-Dieu-le-Dang",
    excluded=frozenset({WORKING_ELSEWHERE, EXEMPT_ABSENT, SUSPENDED}),
)

# Quy định 294-QĐ/TW, 26 May 2025, in force 1 July 2025, replaces QĐ 24 (thads.moj.gov.vn, Công tác Đảng
# item 288). Its point 9.3.2, as quoted by a public question bank ("Nghiệp vụ công tác Đảng", question 3):
# the members of a party members' meeting are the full members called "trừ số đảng viên đã được giới thiệu
# sinh hoạt tạm thời ở đảng bộ khác và đảng viên đã được miễn công tác và sinh hoạt đảng không có mặt ở hội
# nghị (nếu ... có mặt ..., tham gia biểu quyết thì vẫn tính)". The quote breaks off there (its parenthesis is
# never closed), so whether QĐ 294 still leaves out suspended members and members in custody is not
# confirmed: QĐ 24's set is kept and the version is marked unverified until an office checks the text.
QD294_2025 = AdoptionRule(
    key="qd294-2025",
    name="Quy định 294-QĐ/TW ngày 26/5/2025",
    clause="điểm 9.3.2",
    effective_from=dt.date(2025, 7, 1),
    source_url="https://thads.moj.gov.vn/noidung/tintuc/Lists/CongTacDang/View_Detail.aspx?ItemID=288",
    excluded=frozenset({WORKING_ELSEWHERE, EXEMPT_ABSENT, SUSPENDED}),
    verified=False,
)

# Oldest first; `adoption_rule_on` takes the last one in force.
ADOPTION_RULES: list[AdoptionRule] = [CHARTER_ONLY, QD24_2021, QD294_2025]

UNVERIFIED_NOTE = _("the text of this clause is not verified yet: the previous version's count is applied")


def adoption_rule_on(day: dt.date) -> AdoptionRule:
    """The version in force on `day`: the latest that took effect on or before it."""
    # The registry starts with the Charter alone, in force from 1900: there is always one.
    return in_force_on(ADOPTION_RULES, day)


def adoption_rule(key: str) -> AdoptionRule | None:
    """The version a vote recorded, by its key (None for a key no longer known)."""
    return by_key(ADOPTION_RULES, key)
