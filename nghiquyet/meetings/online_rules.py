"""Rules in force by date for online party activity (R41): when a meeting may be held online, or in person
with members joining online, as a registry of versions keyed by the date each took effect, like
`cell_rules.py`.

A meeting records its form (`Meeting.meeting_form`); an online or hybrid meeting is judged on its own date
(`online_rule_on`): with no version in force that day it is refused (before Hướng dẫn 03-HD/TW no online
meeting was provided for), and under a version it is allowed only when the members who cannot meet in
person at one place are more than half of the members counted. docs/rules.md lists the sources.

The members counted are the meeting's body (`queries.body_of`, the count notices and attendance use) less
the members whose recorded attendance puts them in a category the version leaves out (the statuses of
`charter.py`): the application keeps no register of exempt or suspended members apart from attendance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from nghiquyet.lib.versions import by_key, in_force_on

from .charter import EXEMPT_ABSENT, SUSPENDED


@dataclass(frozen=True)
class OnlineRule:
    """One version of the rule allowing party activity online."""

    key: str  # shown on the pages: never change a published key
    name: str  # the document as the pages name it
    clause: str
    effective_from: dt.date
    source_url: str
    # Attendance statuses of members left out of the members counted.
    excluded: frozenset[str]
    # Online is allowed when the members unable to meet in person are more than this fraction of the
    # members counted ("trên một nửa": more than half).
    above_numerator: int = 1
    above_denominator: int = 2

    @property
    def citation(self) -> str:
        return f"{self.name}, {self.clause}"

    def counted(self, members: int, statuses: Iterable[str]) -> int:
        """Members counted of a body of `members` whose recorded attendance has these statuses."""
        return members - sum(1 for s in statuses if s in self.excluded)

    def allows(self, remote: int, counted: int) -> bool:
        """Whether `remote` members unable to meet in person are more than the fraction of `counted`."""
        return counted > 0 and remote * self.above_denominator > counted * self.above_numerator

    def least_remote(self, counted: int) -> int:
        """The fewest members unable to meet in person that allow online among `counted`."""
        return counted * self.above_numerator // self.above_denominator + 1


# Hướng dẫn 03-HD/TW, 27 December 2022, of the Secretariat, "Thí điểm sinh hoạt đảng trực tuyến ở đảng bộ cơ
# sở, chi bộ có tính chất đặc thù hoặc trong hoàn cảnh đặc biệt và sinh hoạt đảng theo tổ đảng ở chi bộ đông
# đảng viên" (full text: hethongphapluat.com, docs/rules.md). As reported by svhttdl.dienbien.gov.vn
# (28/2/2023, source_url) and baodongnai.com.vn (19/2/2023): "đảng bộ cơ sở và chi bộ có trên một nửa số đảng
# viên (trừ đảng viên miễn công tác và sinh hoạt Đảng, bị đình chỉ sinh hoạt Đảng) do điều kiện công tác có
# tính chất đặc thù hoặc trong hoàn cảnh đặc biệt không thể sinh hoạt đảng trực tiếp tại cùng một địa điểm
# thì được thí điểm sinh hoạt trực tuyến". In force from the day it was issued.
HD03_2022 = OnlineRule(
    key="hd03-2022",
    name="Hướng dẫn 03-HD/TW ngày 27/12/2022",
    clause="thí điểm sinh hoạt đảng trực tuyến (trên một nửa số đảng viên không thể sinh hoạt trực tiếp)",
    effective_from=dt.date(2022, 12, 27),
    source_url="http://svhttdl.dienbien.gov.vn/portal/pages/2023-2-28/Thuc-hien-sinh-hoat-dang-truc-tuyen-o-dang-bo-co-so17r1s96patl.aspx",
    excluded=frozenset({EXEMPT_ABSENT, SUSPENDED}),
)

# Oldest first; `online_rule_on` takes the last one in force.
ONLINE_RULES: list[OnlineRule] = [HD03_2022]


def online_rule_on(day: dt.date) -> OnlineRule | None:
    """The version in force on `day`: the latest that took effect on or before it (None before the first)."""
    return in_force_on(ONLINE_RULES, day)


def online_rule(key: str) -> OnlineRule | None:
    """A version by its key (None for a key no longer known)."""
    return by_key(ONLINE_RULES, key)


def applies_to(org) -> bool:
    """Whether the guidance covers `org`'s meetings: grassroots committees and cells ("đảng bộ cơ sở và chi
    bộ"), not a bloc committee nor a partial committee."""
    return org.is_grassroots or org.is_cell
