"""Test support: what a resolution says besides its items, so that tests about something else can issue
it (R45: no section is issued empty)."""

SECTIONS = {
    "assessment": "Trong tháng, cấp ủy đã lãnh đạo hoàn thành cơ bản các nhiệm vụ chính trị được giao.",
    "objectives": "Tập trung hoàn thành các chỉ tiêu của quý, nâng cao chất lượng sinh hoạt chi bộ.",
    "implementation": "Giao Văn phòng theo dõi, đôn đốc; các đồng chí cấp ủy viên báo cáo kết quả hằng tháng.",
}
