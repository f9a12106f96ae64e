"""The committee members' qualification statistics (R02) as an official report (BÁO CÁO thống kê).

orgs computes the figures (stats.py) and builds the document here; documents renders it and knows nothing
of orgs. The labels are written in Vietnamese here rather than taken from orgs' translated ones: they are
the document.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nghiquyet.documents import party
from nghiquyet.documents.models import DocType
from nghiquyet.documents.party import collective, issuer_name
from nghiquyet.documents.rendering import Block, OfficialDocument, Signature
from nghiquyet.lib.dates import long_vn

from .models import Organization
from .queries import secretary_on
from .stats import QualificationStats

SECTIONS = (
    ("education", "Trình độ chuyên môn"),
    ("theory", "Trình độ lý luận chính trị"),
    ("gender", "Giới tính"),
)
LABELS = {
    "education": {
        "postgraduate": "Tiến sĩ, thạc sĩ",
        "university": "Đại học",
        "college": "Cao đẳng",
        "vocational": "Trung cấp",
        "none": "Chưa qua đào tạo chuyên môn",
    },
    "theory": {
        "advanced": "Cao cấp, cử nhân",
        "intermediate": "Trung cấp",
        "elementary": "Sơ cấp",
        "none": "Chưa qua đào tạo lý luận chính trị",
    },
    "gender": {"male": "Nam", "female": "Nữ"},
}
UNRECORDED = "Chưa ghi nhận"


def _percent(value: float) -> str:
    """ "33,3": a decimal comma, as Vietnamese documents write it."""
    return f"{value:.1f}".replace(".", ",")


def statistics_rows(stats: QualificationStats) -> list[dict]:
    """The table: the total, then each breakdown's buckets, counts and percentages of the total."""
    rows = [
        {"label": "Tổng số cấp ủy viên", "count": stats.total, "percent": _percent(100 if stats.total else 0)}
    ]
    for name, title in SECTIONS:
        for bucket in getattr(stats, name):
            label = LABELS[name].get(bucket.key, UNRECORDED)
            rows.append(
                {"label": f"{title}: {label}", "count": bucket.count, "percent": _percent(bucket.percent)}
            )
    return rows


def statistics_document(stats: QualificationStats, *, day: dt.date | None = None) -> OfficialDocument:
    """The statistics as a report of the organization's committee to the level above. It has no issuing
    step here, so it prints no number line (never a blank one)."""
    org = stats.org
    day = day or timezone.localdate()
    parent = Organization.objects.filter(pk=org.parent_id).first() if org.parent_id else None
    term = f"nhiệm kỳ {stats.term_label}" if stats.term_label else f"đương nhiệm đến {long_vn(day)}"
    subject = f"Thống kê trình độ của cấp ủy viên {term}"
    blocks = [
        Block(
            f"{issuer_name(org)} báo cáo số liệu thống kê trình độ chuyên môn, lý luận chính trị của cấp ủy "
            f"viên trong {org.name} ({term}), tổng hợp từ hồ sơ đảng viên: tổng số {stats.total} đồng chí."
        ),
    ]
    after = [
        Block(
            "Tỷ lệ phần trăm tính trên tổng số cấp ủy viên; cử nhân chính trị tính chung với cao cấp; "
            "một đồng chí giữ nhiều chức vụ cấp ủy chỉ tính một lần."
        )
    ]
    return OfficialDocument(
        doc_type=DocType.STATISTICS_REPORT,
        **party.header(org, parent),
        date=day,
        subject=subject,
        blocks=blocks,
        rows=statistics_rows(stats),
        after_blocks=after,
        signatures=[Signature(collective(org), "BÍ THƯ", getattr(secretary_on(org, day), "full_name", ""))],
        # The level above, by name (the setting's body above the highest organization).
        recipients=[r for r in (party.report_recipient(parent),) if r],
    )
