"""Completeness, focus, vague and duplicate items of a resolution, on plain data (R08, R15, R16, R19)."""

import datetime as dt

from nghiquyet.quality import checks
from nghiquyet.quality.checks import ItemData, ResolutionData

COMPLETE = dict(
    requirement="Đúng hướng dẫn của cấp trên",
    measures="Chi bộ tổ chức kiểm điểm, cấp ủy thẩm định",
    deadline=dt.date(2026, 12, 25),
    assignee_id=1,
    supervisor_id=2,
)


def item(number, content, **fields):
    return ItemData(number=number, content=content, **{**COMPLETE, **fields})


def codes(findings):
    return [(f.code, f.item, f.field) for f in findings]


def test_r15_items_missing_fields_are_named():
    data = ResolutionData(
        title="NQ tháng 12",
        items=(
            item(1, "Tổng kết công tác năm 2026"),
            item(2, "Kiểm điểm đảng viên năm 2026", measures=" ", supervisor_id=None),
            item(3, "Thu đảng phí quý IV", deadline=None, deadline_kind="month"),
            item(4, "", deadline=None, assignee_id=None),
        ),
    )
    assert codes(checks.completeness(data)) == [
        ("item_missing_field", 2, "measures"),
        ("item_missing_field", 2, "supervisor"),
        ("item_missing_field", 4, "content"),
        ("item_missing_field", 4, "deadline"),
        ("item_missing_field", 4, "assignee"),
    ]
    assert checks.completeness(data)[0].message == "Item 2 has no implementation measures."


def test_r15_r19_no_items_and_thematic_without_reason():
    data = ResolutionData(title="Chuyên đề", kind="thematic")
    assert [f.code for f in checks.completeness(data)] == ["no_items", "theme_reason_missing"]
    assert (
        checks.completeness(
            ResolutionData(title="x", kind="thematic", theme_reason="Vì…", items=(item(1, "Tổ chức 2 lớp"),))
        )
        == []
    )


def test_r08_too_many_focus_topics_and_no_focus():
    items = (item(1, "Tổ chức hội nghị ngày 5/12"),)
    assert [f.code for f in checks.focus(ResolutionData("x", items=items, focus_topics_count=5))] == [
        "too_many_topics"
    ]
    assert checks.focus(ResolutionData("x", items=items, focus_topics_count=5, max_focus_topics=5)) == []
    assert [f.code for f in checks.focus(ResolutionData("x", items=items, focus_topics_count=0))] == [
        "no_focus"
    ]
    assert checks.focus(ResolutionData("x", items=items, focus_topics_count=None)) == []
    many = tuple(item(i, f"Hoàn thành việc số {i}") for i in range(1, 13))
    assert [f.code for f in checks.focus(ResolutionData("x", items=many, focus_topics_count=2))] == [
        "too_many_items"
    ]
    message = checks.focus(ResolutionData("x", items=items, focus_topics_count=5))[0].message
    assert message == "5 focus topics: the focus should be at most 3 topics."


def test_r16_vague_items_by_the_documented_heuristics():
    data = ResolutionData(
        title="x",
        items=(
            # vague: vague verbs only, no number
            item(
                1,
                "Tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                measures="",
                requirement="",
            ),
            # "kiểm tra, giám sát" used as a noun after "công tác": no concrete action
            item(2, "Tăng cường công tác kiểm tra, giám sát", measures="", requirement=""),
            # concrete action but no target
            item(3, "Tổ chức sinh hoạt chuyên đề về y đức", measures="", requirement=""),
            # a target but only vague verbs
            item(
                4, "Nâng cao chất lượng sinh hoạt chi bộ, 100% đảng viên dự họp", measures="", requirement=""
            ),
            # concrete and measurable
            item(5, "Kết nạp 2 quần chúng ưu tú trong quý IV"),
            # "một số" is no quantity, but "mỗi" is
            item(6, "Rà soát một số chi bộ yếu kém", measures="", requirement=""),
            item(7, "Mỗi đảng viên viết bản đăng ký làm theo", measures="", requirement=""),
        ),
    )
    assert codes(checks.vagueness(data)) == [
        ("vague_item", 1, None),
        ("vague_item", 2, None),
        ("no_measurable_target", 3, None),
        ("no_concrete_action", 4, None),
        ("no_measurable_target", 6, None),
    ]
    first = checks.vagueness(data)[0].message
    assert first == (
        "Item 1 is vague: no measurable target and no concrete action (only “đẩy mạnh”, “tiếp tục”)."
    )


def test_r16_measures_can_supply_the_concrete_action():
    vague = item(1, "Nâng cao chất lượng sinh hoạt chi bộ năm 2027", measures="")
    concrete = item(
        1, "Nâng cao chất lượng sinh hoạt chi bộ năm 2027", measures="Chi ủy xây dựng gợi ý nội dung từng kỳ"
    )
    assert [f.code for f in checks.vagueness(ResolutionData("x", items=(vague,)))] == ["no_concrete_action"]
    assert checks.vagueness(ResolutionData("x", items=(concrete,))) == []


def test_r16_heuristic_helpers():
    assert checks.has_measurable_target("phấn đấu 90% hồ sơ")
    assert checks.has_measurable_target("trước ngày 20/12")
    assert checks.has_measurable_target("tất cả chi bộ")
    assert not checks.has_measurable_target("một số đảng viên còn hạn chế")
    assert not checks.has_measurable_target("tư tưởng chính trị")  # "tư" here is not four
    assert checks.has_concrete_action("Tổ chức đảng viên học tập chuyên đề")
    assert not checks.has_concrete_action("Củng cố tổ chức cơ sở đảng")
    assert not checks.has_concrete_action("Nâng cao chất lượng công tác xây dựng Đảng")
    assert checks.vague_verbs_used("Tăng cường, nâng cao") == ["tăng cường", "nâng cao"]


def test_r16_the_same_item_twice_in_one_resolution():
    data = ResolutionData(
        title="x",
        items=(
            item(1, "Tổ chức kiểm điểm, đánh giá, xếp loại đảng viên năm 2026"),
            item(2, "Hoàn thành thay thế 3,2 km ống gang cũ"),
            item(3, "Kiểm điểm, đánh giá, xếp loại đảng viên năm 2026 theo hướng dẫn"),
            item(4, "Đánh giá, xếp loại tổ chức đảng năm 2026"),
        ),
    )
    found = checks.duplicate_items(data)
    assert [(f.related, f.item) for f in found] == [((1,), 3)]
    assert found[0].message == "Items 1 and 3 say the same thing."


def test_r08_r15_r16_check_resolution_collects_everything():
    data = ResolutionData(
        title="x",
        items=(item(1, "Tăng cường công tác kiểm tra", measures="", requirement=""),),
        focus_topics_count=4,
    )
    assert [f.code for f in checks.check_resolution(data)] == [
        "item_missing_field",
        "item_missing_field",
        "too_many_topics",
        "vague_item",
    ]
