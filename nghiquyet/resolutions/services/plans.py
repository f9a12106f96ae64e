"""The implementation plan (R22) and the inspection plan (R24) of a resolution.

A plan is generated from the resolution's items, then edited by the committee's leaders. Plans are
working documents, not the resolution: they stay editable after issuance. The generated text is
Vietnamese because it is the plan's content, like the resolution's own text (texts.render_text).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .. import deadlines
from ..models import Item, Plan, PlanKind, PlanRow, Resolution

# R25: what an inspection covers, and how it is usually done.
INSPECTION_OBJECTIVES = (
    "Kiểm tra, đôn đốc việc thực hiện {name}: tinh thần, năng lực tổ chức thực hiện của các tổ chức, "
    "cá nhân; phát hiện những chỉ tiêu, biện pháp chưa phù hợp để điều chỉnh, bổ sung và những vấn đề "
    "mới nảy sinh; đánh giá kết quả thực hiện của từng đơn vị, cá nhân, kịp thời biểu dương, phê bình."
)
INSPECTION_METHOD = "Nghe báo cáo, kiểm tra hồ sơ, khảo sát thực tế"
IMPLEMENTATION_OBJECTIVES = "Tổ chức thực hiện có hiệu quả {name}."
ROW_FIELDS = ("content", "method", "who", "when", "coordination")
PLAN_FIELDS = ("objectives", "notes")


def _name(resolution: Resolution) -> str:
    if resolution.number_display:
        return f"Nghị quyết số {resolution.number_display}"
    return f"Nghị quyết “{resolution.title}”"


def _when(item: Item) -> str:
    return deadlines.document_text(item.deadline_kind, item.deadline)


def _implementation_row(item: Item) -> dict:
    content = item.content
    if item.requirement:
        content += f"\nYêu cầu: {item.requirement}"
    who = item.assignee.full_name if item.assignee else ""
    helpers = [p.full_name for p in item.co_assignees.all()]
    if helpers:
        who = f"{who}; phối hợp: {', '.join(helpers)}" if who else f"Phối hợp: {', '.join(helpers)}"
    return {
        "content": content,
        "method": item.measures,
        "who": who,
        "when": _when(item),
        "coordination": item.related_units,
    }


def _inspection_row(item: Item) -> dict:
    content = f"Kiểm tra việc thực hiện: {item.content}"
    if item.requirement:
        content += f"\nĐối chiếu yêu cầu: {item.requirement}"
    when = f"Trước ngày {item.deadline:%d/%m/%Y}" if item.deadline else "Trước thời hạn hoàn thành"
    coordination = [item.assignee.full_name] if item.assignee else []
    if item.related_units:
        coordination.append(item.related_units)
    return {
        "content": content,
        "method": INSPECTION_METHOD,
        "who": item.supervisor.full_name if item.supervisor else "",
        "when": when,
        "coordination": "; ".join(coordination),
    }


def _rows_from_items(plan: Plan) -> list[PlanRow]:
    items = (
        plan.resolution.items.select_related("assignee", "supervisor")
        .prefetch_related("co_assignees")
        .order_by("order", "id")
    )
    build = _implementation_row if plan.kind == PlanKind.IMPLEMENTATION else _inspection_row
    rows = []
    for order, item in enumerate(items, start=1):
        fields = build(item)
        # Long names or unit lists are cut to the column, never refused: the plan is edited afterwards.
        for name in ("who", "when", "coordination"):
            fields[name] = fields[name][: PlanRow._meta.get_field(name).max_length]
        rows.append(PlanRow(plan=plan, item=item, order=order, **fields))
    return rows


@transaction.atomic
def generate_plan(resolution: Resolution, kind: str, *, replace: bool = False) -> Plan:
    """The resolution's plan of `kind`, drawn up from its items if it does not exist yet.

    With `replace`, the rows of an existing plan are drawn up again from the items (edits to rows are
    lost; the objectives and notes are kept).
    """
    if kind not in PlanKind.values:
        raise ValidationError({"kind": _("Choose an implementation or an inspection plan.")})
    # Lock the resolution: two leaders generating at once get one plan, not a unique-key error.
    Resolution.objects.select_for_update().filter(pk=resolution.pk).values_list("pk").first()
    plan = Plan.objects.filter(resolution=resolution, kind=kind).first()
    if plan is not None and not replace:
        return plan
    if plan is None:
        name = _name(resolution)
        if kind == PlanKind.IMPLEMENTATION:
            objectives = resolution.objectives.strip() or IMPLEMENTATION_OBJECTIVES.format(name=name)
            notes = resolution.implementation
        else:
            objectives = INSPECTION_OBJECTIVES.format(name=name)
            notes = ""
        plan = Plan.objects.create(resolution=resolution, kind=kind, objectives=objectives, notes=notes)
    else:
        plan.rows.all().delete()
        plan.save(update_fields=["updated_at"])
    for row in _rows_from_items(plan):
        row.save()  # one by one: each row starts its history
    return plan


@transaction.atomic
def update_plan(plan: Plan, *, objectives: str, notes: str) -> Plan:
    """Change the objectives and points of attention of a plan."""
    plan.objectives = objectives
    plan.notes = notes
    plan.full_clean()
    plan.save(update_fields=[*PLAN_FIELDS, "updated_at"])
    return plan


@transaction.atomic
def save_plan_row(plan: Plan, row: PlanRow | None = None, **fields) -> PlanRow:
    """Add a row to a plan, or change one of its rows: content, method, who, when, coordination."""
    if row is None:
        order = (plan.rows.aggregate(m=Max("order"))["m"] or 0) + 1
        row = PlanRow(plan=plan, order=order)
    elif row.plan_id != plan.pk:
        raise ValidationError(_("The row belongs to another plan."))
    for name in ROW_FIELDS:
        if name in fields:
            setattr(row, name, fields[name])
    row.full_clean(exclude=["plan", "item"])
    row.save()
    plan.save(update_fields=["updated_at"])
    return row


@transaction.atomic
def delete_plan_row(row: PlanRow) -> None:
    plan = row.plan
    row.delete()
    plan.save(update_fields=["updated_at"])
