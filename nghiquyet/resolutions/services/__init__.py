"""The writers of resolutions (R14-R27, R35): one module per room, one function per thing a person does,
each atomic. Views, commands, tasks and the API call these; nothing else writes resolution rows. Reads
live in `resolutions.queries`, official texts in `resolutions.texts`.

The use cases are also reachable from the package (`services.issue(...)`), the way callers name them.
"""

from .drafting import create_draft, delete_item, save_item, save_version, start_correction, update_draft
from .issuance import issue
from .plans import delete_plan_row, generate_plan, save_plan_row, update_plan
from .progress import answer_difficulty, confirm, post_update, report_difficulty, send_back, urge
from .reminders import days_before, escalate_after, send_reminders
from .review import (
    add_commendation,
    close_resolution,
    compile_annual_review,
    evaluate_items,
    prefill_review,
    save_annual_assessment,
)

__all__ = [
    "add_commendation",
    "answer_difficulty",
    "close_resolution",
    "compile_annual_review",
    "confirm",
    "create_draft",
    "days_before",
    "delete_item",
    "delete_plan_row",
    "escalate_after",
    "evaluate_items",
    "generate_plan",
    "issue",
    "post_update",
    "prefill_review",
    "report_difficulty",
    "save_annual_assessment",
    "save_item",
    "save_plan_row",
    "save_version",
    "send_back",
    "send_reminders",
    "start_correction",
    "update_draft",
    "update_plan",
    "urge",
]
