"""The writers of the upper level (R28-R37): one module per room, one function per thing a person does,
each atomic. Views, commands and the API call these. Reads live in `oversight.queries`.

The use cases are also reachable from the package (`services.publish_guidance(...)`).
"""

from .concretization import create_request, remind_missing, submit_program
from .difficulties import answer_difficulty, assign_difficulty, close_difficulty, file_difficulty
from .guidance import (
    add_document,
    create_guidance,
    delete_guidance,
    publish_guidance,
    record_receipt,
    remove_document,
    update_guidance,
)
from .inspections import (
    add_recommendation,
    conclude_record,
    create_plan,
    mark_done,
    open_record,
    remove_recommendation,
    update_plan,
    update_record,
)
from .recognition import decide, nominate
from .reports import create_report, issue_report, refresh_figures, write_narrative
from .sharing import answer_proposal, file_proposal, share_resolution, withdraw_example
from .training import add_attendees, create_course, remove_attendance, set_completed

__all__ = [
    "add_attendees",
    "add_document",
    "add_recommendation",
    "answer_difficulty",
    "answer_proposal",
    "assign_difficulty",
    "close_difficulty",
    "conclude_record",
    "create_course",
    "create_guidance",
    "create_plan",
    "create_report",
    "create_request",
    "decide",
    "delete_guidance",
    "file_difficulty",
    "file_proposal",
    "issue_report",
    "mark_done",
    "nominate",
    "open_record",
    "publish_guidance",
    "record_receipt",
    "refresh_figures",
    "remind_missing",
    "remove_attendance",
    "remove_document",
    "remove_recommendation",
    "set_completed",
    "share_resolution",
    "submit_program",
    "update_guidance",
    "update_plan",
    "update_record",
    "withdraw_example",
    "write_narrative",
]
