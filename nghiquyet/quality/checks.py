"""Completeness and focus of a resolution (R08, R15, R16, R19), on plain data.

The callers build `ResolutionData` from their models (see nghiquyet/resolutions/quality_data.py); nothing
here reads the database.

Heuristics for a vague item (R16: "specific, practical, feasible"), also in docs/quality.md:

- **No measurable target**: the item's content, requirement and measures together contain no number, no
  percentage, no date and no quantity word (``TARGET_WORDS``: "một" to "mười", "trăm", "toàn bộ",
  "tất cả", "mỗi", "từng"…; "một số" — *some* — does not count). A completion date in the deadline field
  does not count either: it says when, not what.
- **No concrete action**: no verb of ``CONCRETE_VERBS`` ("tổ chức", "hoàn thành", "triển khai", "kiểm
  tra", "rà soát", "xây dựng", "báo cáo", "kết nạp", "tổng kết", "ban hành"…) in the content or the
  measures, other than as a noun after ``NOMINALIZERS`` ("công tác", "việc", "chất lượng"…: "tăng cường
  công tác kiểm tra" names an activity, it does not order one) or inside ``NOT_ACTIONS`` ("xây dựng
  Đảng" is party building, "tổ chức đảng" a party organization). Items that lean on ``VAGUE_VERBS``
  ("tăng cường", "nâng cao", "chú trọng", "quan tâm", "đẩy mạnh"…) alone fail this test.

An item failing either test gets a finding naming which; failing both makes it "vague".
Two items whose contents score at least ``DUPLICATE_ITEM_THRESHOLD`` with the similarity function are the
same item twice (R16).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.lib.vietnamese import letter_count

from . import similarity

# The deadline kinds that name a completion time without a date (they resolve to one at issuance).
RELATIVE_DEADLINES = ("immediately", "month", "quarter")
THEMATIC = "thematic"
# A section of the resolution with fewer letters than this is not written ("…", "Như trên.").
MIN_SECTION_LETTERS = 15
MAX_FOCUS_TOPICS = 3  # the meetings app keeps a per-committee value in its meeting regulation
MAX_ITEMS = 10  # DOMAIN.md: a monthly resolution has about 5-10 items
DUPLICATE_ITEM_THRESHOLD = 0.8

CONCRETE_VERBS = (
    "tổ chức",
    "hoàn thành",
    "triển khai",
    "kiểm tra",
    "rà soát",
    "xây dựng",
    "báo cáo",
    "kết nạp",
    "tổng kết",
    "sơ kết",
    "ban hành",
    "kiểm điểm",
    "đánh giá",
    "xếp loại",
    "giám sát",
    "thẩm định",
    "thẩm tra",
    "lập",
    "thành lập",
    "chuẩn bị",
    "phân công",
    "giao nhiệm vụ",
    "cử",
    "trình",
    "gửi",
    "nộp",
    "thu đảng phí",
    "ký",
    "mở lớp",
    "tập huấn",
    "bồi dưỡng",
    "quán triệt",
    "giới thiệu",
    "bầu",
    "bổ sung",
    "cập nhật",
    "sửa đổi",
    "sửa chữa",
    "thăm hỏi",
    "tặng",
    "biểu dương",
    "khen thưởng",
    "xử lý",
    "giải quyết",
    "số hóa",
    "công khai",
    "đăng ký",
    "khảo sát",
    "đối thoại",
    "tiếp nhận",
    "lấy ý kiến",
)
VAGUE_VERBS = (
    "tăng cường",
    "nâng cao",
    "chú trọng",
    "quan tâm",
    "đẩy mạnh",
    "tiếp tục",
    "phát huy",
    "tích cực",
    "thường xuyên",
    "góp phần",
    "đổi mới",
    "coi trọng",
    "duy trì",
    "củng cố",
    "làm tốt",
    "thực hiện tốt",
)
# Words after which an action verb is a noun ("công tác kiểm tra" is an activity, not an order).
NOMINALIZERS = (
    "công tác",
    "việc",
    "hoạt động",
    "các",
    "vai trò",
    "chất lượng",
    "hiệu quả",
    "kết quả",
    "biện pháp",
    "khâu",
)
# Noun phrases that start with an action verb: "xây dựng Đảng" is party building, not a task.
NOT_ACTIONS = ("xây dựng đảng", "xây dựng chỉnh đốn", "tổ chức đảng", "tổ chức cơ sở")
TARGET_WORDS = (
    "một",
    "hai",
    "ba",
    "bốn",
    "sáu",
    "bảy",
    "tám",
    "chín",
    "mười",
    "mươi",
    "trăm",
    "nghìn",
    "ngàn",
    "triệu",
    "tỷ",
    "toàn bộ",
    "tất cả",
    "mỗi",
    "từng",
)
_NOT_TARGETS = ("một số", "một vài", "một bộ phận")

_WORD = re.compile(r"\w+")


class _Words(list):
    """The words of a text with an index of where each word occurs, for finding phrases quickly."""

    def __init__(self, text: str):
        super().__init__(_WORD.findall(unicodedata.normalize("NFC", text or "").lower()))
        self.at: dict[str, list[int]] = {}
        for i, word in enumerate(self):
            self.at.setdefault(word, []).append(i)


def _phrase_positions(words: _Words, phrase: str) -> list[int]:
    target = phrase.split()
    size = len(target)
    return [i for i in words.at.get(target[0], ()) if words[i : i + size] == target]


@dataclass(frozen=True)
class ItemData:
    number: int  # the item's place in the resolution, from 1
    content: str
    requirement: str = ""
    measures: str = ""
    deadline: dt.date | None = None
    deadline_kind: str = "date"
    assignee_id: int | None = None
    supervisor_id: int | None = None


@dataclass(frozen=True)
class ResolutionData:
    title: str
    kind: str = "regular"
    theme_reason: str = ""
    items: Sequence[ItemData] = ()
    focus_topics_count: int | None = None  # None: the adopting meeting is not known yet
    max_focus_topics: int = MAX_FOCUS_TOPICS
    text: str = ""  # the comparable text (no headings, labels or names) for the similarity checks
    # The written sections (assessment, objectives, implementation) by name, with their labels; None: not
    # known (a caller checking the items only).
    sections: Mapping[str, tuple[str, str]] | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    item: int | None = None  # the item's number, None for the resolution as a whole
    field: str | None = None
    related: tuple = ()  # e.g. the other item of a duplicate pair


def has_measurable_target(text: str) -> bool:
    """A number, percentage, date or quantity word ("một số" — some — is no quantity)."""
    if any(ch.isdigit() for ch in text or ""):
        return True
    words = _Words(text)
    hidden = {i for phrase in _NOT_TARGETS for i in _phrase_positions(words, phrase)}
    return any(i not in hidden for phrase in TARGET_WORDS for i in _phrase_positions(words, phrase))


def has_concrete_action(text: str) -> bool:
    """A concrete action verb not used as a noun after "công tác", "việc", "hoạt động"…"""
    words = _Words(text)
    # "tổ chức đảng" is a party organization, but "tổ chức đảng viên học tập" is an action.
    excluded = {
        i
        for phrase in NOT_ACTIONS
        for i in _phrase_positions(words, phrase)
        if words[i + len(phrase.split()) : i + len(phrase.split()) + 1] != ["viên"]
    }
    matches = [
        (i, len(verb.split()))
        for verb in CONCRETE_VERBS
        for i in _phrase_positions(words, verb)
        if i not in excluded
    ]
    in_verb = {i + k for i, size in matches for k in range(size)}
    for i, _size in matches:
        # Walk back over a list of verbs ("công tác kiểm tra, giám sát"): the noun before it decides.
        j = i
        while j > 0 and (j - 1 in in_verb or words[j - 1] == "và"):
            j -= 1
        before = " ".join(words[max(0, j - 2) : j])
        if not any(before == n or before.endswith(" " + n) for n in NOMINALIZERS):
            return True
    return False


def vague_verbs_used(text: str) -> list[str]:
    """The vague verbs an item leans on, in the order of the list."""
    words = _Words(text)
    return [v for v in VAGUE_VERBS if _phrase_positions(words, v)]


_FIELD_LABELS = {
    "content": gettext_lazy("content"),
    "requirement": gettext_lazy("requirement"),
    "measures": gettext_lazy("implementation measures"),
    "deadline": gettext_lazy("completion time"),
    "assignee": gettext_lazy("person in charge"),
    "supervisor": gettext_lazy("person who inspects and urges"),
}


def missing_fields(item: ItemData) -> list[str]:
    """The fields of R15 an item leaves empty (or with no word in it: "…"), in the order of the scheme."""
    missing = []
    for name in ("content", "requirement", "measures"):
        if not letter_count(getattr(item, name)):
            missing.append(name)
    if item.deadline is None and item.deadline_kind not in RELATIVE_DEADLINES:
        missing.append("deadline")
    if not item.assignee_id:
        missing.append("assignee")
    if not item.supervisor_id:
        missing.append("supervisor")
    return missing


def completeness(resolution: ResolutionData) -> list[Finding]:
    """Sections not written and items missing fields (R15, R45), a thematic resolution without its reason
    (R19), no items at all."""
    findings = []
    if not resolution.items:
        findings.append(Finding("no_items", _("The resolution has no items.")))
    if resolution.kind == THEMATIC and not resolution.theme_reason.strip():
        findings.append(
            Finding(
                "theme_reason_missing",
                _("A thematic resolution states why the topic was chosen."),
                field="theme_reason",
            )
        )
    for name, (label, text) in (resolution.sections or {}).items():
        if letter_count(text) < MIN_SECTION_LETTERS:
            findings.append(
                Finding(
                    "section_missing",
                    _("The section “%(section)s” is not written.") % {"section": label},
                    field=name,
                )
            )
    for item in resolution.items:
        for name in missing_fields(item):
            findings.append(
                Finding(
                    "item_missing_field",
                    _("Item %(n)s has no %(field)s.") % {"n": item.number, "field": _FIELD_LABELS[name]},
                    item=item.number,
                    field=name,
                )
            )
    return findings


def focus(resolution: ResolutionData) -> list[Finding]:
    """Too many focus topics or items, or no explicit focus (R08)."""
    findings = []
    count, limit = resolution.focus_topics_count, resolution.max_focus_topics
    if count is not None and count > limit:
        findings.append(
            Finding(
                "too_many_topics",
                _("%(count)s focus topics: the focus should be at most %(limit)s topics.")
                % {"count": count, "limit": limit},
            )
        )
    elif count == 0:
        findings.append(Finding("no_focus", _("The meeting recorded no explicit focus topic.")))
    if len(resolution.items) > MAX_ITEMS:
        findings.append(
            Finding(
                "too_many_items",
                _("%(count)s items: more than %(limit)s dilutes the focus.")
                % {"count": len(resolution.items), "limit": MAX_ITEMS},
            )
        )
    return findings


def vagueness(resolution: ResolutionData) -> list[Finding]:
    """Items with no measurable target and/or no concrete action (R16); see the module docstring."""
    findings = []
    for item in resolution.items:
        if not item.content.strip():
            continue  # reported as a missing field
        whole = " ".join((item.content, item.requirement, item.measures))
        target = has_measurable_target(whole)
        action = has_concrete_action(" ".join((item.content, item.measures)))
        if not target and not action:
            verbs = vague_verbs_used(item.content)
            message = (
                _("Item %(n)s is vague: no measurable target and no concrete action (only “%(verbs)s”).")
                % {"n": item.number, "verbs": "”, “".join(verbs)}
                if verbs
                else _("Item %(n)s is vague: no measurable target and no concrete action.")
                % {"n": item.number}
            )
            findings.append(Finding("vague_item", message, item=item.number))
        elif not target:
            findings.append(
                Finding(
                    "no_measurable_target",
                    _("Item %(n)s has no measurable target (a number, a share, a date or a quantity).")
                    % {"n": item.number},
                    item=item.number,
                )
            )
        elif not action:
            findings.append(
                Finding(
                    "no_concrete_action",
                    _("Item %(n)s names no concrete action (organize, complete, inspect, report…).")
                    % {"n": item.number},
                    item=item.number,
                )
            )
    return findings


def duplicate_items(
    resolution: ResolutionData, *, threshold: float = DUPLICATE_ITEM_THRESHOLD
) -> list[Finding]:
    """Pairs of items with near-identical content in one resolution (R16)."""
    prepared = [
        (item.number, similarity.shingles(similarity.tokens(item.content)))
        for item in resolution.items
        if item.content.strip()
    ]
    findings = []
    for i, (n1, s1) in enumerate(prepared):
        for n2, s2 in prepared[i + 1 :]:
            if similarity.overlap(s1, s2, min_size=1) >= threshold:
                findings.append(
                    Finding(
                        "duplicate_items",
                        _("Items %(a)s and %(b)s say the same thing.") % {"a": n1, "b": n2},
                        item=n2,
                        related=(n1,),
                    )
                )
    return findings


def check_resolution(resolution: ResolutionData) -> list[Finding]:
    """All the content checks of a resolution: completeness, focus, vagueness, duplicates."""
    return [
        *completeness(resolution),
        *focus(resolution),
        *vagueness(resolution),
        *duplicate_items(resolution),
    ]
