"""A sample resolution for the README: DOCX → PDF (LibreOffice) → PNG of the first page (poppler).

    python -m nghiquyet.documents.sample [docs/resolution-sample.png]

Needs `soffice` and `pdftoppm` (Debian: libreoffice-writer-nogui, poppler-utils); the data is made up.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from django.apps import apps

if not apps.ready:  # run as a script
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghiquyet.settings")
    django.setup()

from .models import DocType
from .rendering import Block, OfficialDocument, Signature, convert_to_pdf, render_docx

ITEMS = [
    (
        "Tổng kết công tác chuyên môn năm 2026",
        "Đánh giá đúng kết quả, chỉ rõ tồn tại, hạn chế và nguyên nhân",
        "Các phòng gửi báo cáo trước ngày 20/12/2026",
        "25/12/2026",
        "Trần Thị Lan",
        "Nguyễn Văn Bình",
    ),
]


def sample_resolution() -> OfficialDocument:
    blocks = [
        Block("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
        Block("Căn cứ Quy chế làm việc của Đảng ủy Sở Tư pháp;"),
        Block("Căn cứ kết quả hội nghị cấp ủy thường kỳ tháng 12/2026 ngày 4 tháng 12 năm 2026,"),
        Block("ĐẢNG ỦY QUYẾT NGHỊ:", heading=True),
        Block("I. ĐÁNH GIÁ TÌNH HÌNH", heading=True),
        Block(
            "Tháng 11 năm 2026, Đảng ủy đã lãnh đạo cơ quan hoàn thành cơ bản các nhiệm vụ chính trị; "
            "sinh hoạt chi bộ đi vào nền nếp. Một số nhiệm vụ còn chậm so với kế hoạch."
        ),
        Block("II. MỤC TIÊU, YÊU CẦU", heading=True),
        Block("Hoàn thành toàn diện các chỉ tiêu năm 2026; chuẩn bị tốt các điều kiện cho năm 2027."),
        Block("III. NHIỆM VỤ VÀ GIẢI PHÁP", heading=True),
    ]
    for number, (content, requirement, measures, when, who, supervisor) in enumerate(ITEMS, start=1):
        blocks += [
            Block(f"{number}. {content}. Yêu cầu: {requirement}. Biện pháp: {measures}."),
            Block(f"Hoàn thành: {when}; người thực hiện: {who}; người kiểm tra, đôn đốc: {supervisor}."),
        ]
    blocks += [
        Block("IV. TỔ CHỨC THỰC HIỆN", heading=True),
        Block("Các đồng chí cấp ủy viên theo nhiệm vụ được phân công tổ chức thực hiện nghị quyết này."),
    ]
    return OfficialDocument(
        doc_type=DocType.RESOLUTION,
        superior="Đảng bộ Khối các cơ quan thành phố",
        issuer="Đảng ủy Sở Tư pháp",
        issuer_code="ĐU",
        number_display="01-NQ/ĐU",
        date=dt.date(2026, 12, 5),
        subject="về lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026",
        blocks=blocks,
        signatures=[Signature("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Bình")],
        recipients=[
            "Ban Thường vụ Đảng ủy Khối (để báo cáo)",
            "Các đồng chí đảng ủy viên",
            "Các chi bộ trực thuộc",
        ],
    )


def main(target: Path) -> Path:
    pdf = convert_to_pdf(render_docx(sample_resolution()))
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "sample.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(work) / "page"),
            ],
            check=True,
            timeout=60,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((Path(work) / "page.png").read_bytes())
    return target


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/resolution-sample.png")))
