"""Official texts of resolutions: the canonical text of a resolution and the review of last month's
resolutions as the minutes write it (Vietnamese whatever the interface language: they are documents)."""

from __future__ import annotations

from collections import Counter

from nghiquyet.lib.dates import long_vn

from . import deadlines
from .models import (
    Item,
    ItemStatus,
    Resolution,
)
from .queries import ItemReview, ResolutionReview, ReviewSummary, State


def render_text(resolution: Resolution, items: list[Item] | None = None) -> str:
    """The resolution as plain text (Vietnamese: it is the document), used for versions and diffs.

    `items` (in order, with their assignee and supervisor) may be given by a caller that holds them."""
    lines = [resolution.title.upper(), ""]
    if resolution.theme_reason:
        lines += ["Lý do chọn chuyên đề:", resolution.theme_reason, ""]
    for heading, text in (
        ("I. ĐÁNH GIÁ TÌNH HÌNH", resolution.assessment),
        ("II. MỤC TIÊU, YÊU CẦU", resolution.objectives),
    ):
        lines += [heading, text or "", ""]
    lines.append("III. NHIỆM VỤ VÀ GIẢI PHÁP")
    if items is None:
        items = resolution.items.select_related("assignee", "supervisor").order_by("order", "id")
    for i, item in enumerate(items, start=1):
        lines.append(f"{i}. {item.content}")
        if item.requirement:
            lines.append(f"   Yêu cầu: {item.requirement}")
        if item.measures:
            lines.append(f"   Biện pháp: {item.measures}")
        lines.append(f"   Thời gian hoàn thành: {deadlines.document_text(item.deadline_kind, item.deadline)}")
        # A person not yet named leaves no empty "Người kiểm tra, đôn đốc:" in the text (R21).
        if item.assignee:
            lines.append(f"   Người thực hiện: {item.assignee.full_name}")
        if item.supervisor:
            lines.append(f"   Người kiểm tra, đôn đốc: {item.supervisor.full_name}")
    lines += ["", "IV. TỔ CHỨC THỰC HIỆN", resolution.implementation or ""]
    return "\n".join(lines)


def _counts_vi(counts: Counter) -> str:
    parts = [
        f"{counts[State.ON_TIME]} {State.VI[State.ON_TIME]}",
        f"{counts[State.LATE]} {State.VI[State.LATE]}",
        f"{counts[State.NOT_DONE]} {State.VI[State.NOT_DONE]}",
    ]
    if counts[State.IN_PROGRESS]:
        parts.append(f"{counts[State.IN_PROGRESS]} {State.VI[State.IN_PROGRESS]}")
    if counts[State.NOT_STARTED]:
        parts.append(f"{counts[State.NOT_STARTED]} {State.VI[State.NOT_STARTED]}")
    return ", ".join(parts)


def _item_line_vi(review: ItemReview) -> str:
    item = review.item
    who = f"đ/c {item.assignee.full_name}" if item.assignee else "chưa phân công"
    deadline = f"hạn {item.deadline:%d/%m/%Y}" if item.deadline else "không ghi thời hạn"
    line = f"{review.number}. {item.content} ({who}, {deadline}): {State.VI[review.state]}"
    if review.state == State.ON_TIME and review.finished_on:
        line += f" (ngày {review.finished_on:%d/%m/%Y})"
    elif review.state == State.LATE:
        line += f" (ngày {review.finished_on:%d/%m/%Y}, chậm {review.days_off} ngày)"
    elif review.state == State.NOT_DONE:
        line += f" (quá hạn {review.days_off} ngày)"
    if review.state != State.ON_TIME and item.status == ItemStatus.REPORTED_DONE:
        line += ", đã báo cáo hoàn thành, chờ xác nhận"
    line += "."
    if review.state in (State.LATE, State.NOT_DONE):
        line += f" Nguyên nhân: {review.cause or 'chưa báo cáo'}."
    elif review.cause:
        line += f" Vướng mắc: {review.cause}."
    return line


def review_text(summary: ReviewSummary) -> str:
    """The review of last month as the meeting records it (Vietnamese: it goes into the minutes)."""
    if not summary.resolutions:
        return ""
    blocks = []
    for r in summary.resolutions:
        resolution = r.resolution
        head = f"Nghị quyết số {resolution.number_display}"
        if resolution.issued_on:
            head += f" {long_vn(resolution.issued_on)}"
        head += f" ({resolution.title}) có {len(r.items)} nhiệm vụ: {_counts_vi(r.counts)}."
        blocks.append("\n".join([head, *(_item_line_vi(i) for i in r.items)]))
    blocks.append("Ưu điểm:\nHạn chế, khuyết điểm và nguyên nhân:\nPhương hướng khắc phục:")
    return "\n\n".join(blocks)


def results_text(review: ResolutionReview) -> str:
    """A starting text for the closing review's results, from the items' states (Vietnamese)."""
    lines = [f"Nghị quyết có {len(review.items)} nhiệm vụ: {_counts_vi(review.counts)}."]
    lines += [_item_line_vi(i) for i in review.items]
    return "\n".join(lines)
