"""The writers of the meeting cycle (R04-R14): one module per room, one function per thing a person does,
each atomic. Views, commands, tasks and the API call these; nothing else writes meeting rows. Reads live
in `meetings.queries`, official texts in `meetings.texts`.

The use cases are also reachable from the package (`services.prepare(...)`), the way callers name them.
"""

from ._guard import ensure_day_has_come
from .calendar import add_meeting, generate_year, set_regulation
from .indicators import compute_indicators, indicator_values
from .minutes import draft_minutes, sign_minutes
from .notices import mark_notice_opened, send_notice
from .opinions import add_opinion
from .preparation import Preparation, attach_document, prepare, remove_document
from .programs import add_program_item, calendar_token_for, create_program, regenerate_calendar_token
from .record import record_attendance, record_section, record_vote

__all__ = [
    "Preparation",
    "add_meeting",
    "add_opinion",
    "add_program_item",
    "attach_document",
    "calendar_token_for",
    "compute_indicators",
    "create_program",
    "draft_minutes",
    "ensure_day_has_come",
    "generate_year",
    "indicator_values",
    "mark_notice_opened",
    "prepare",
    "record_attendance",
    "record_section",
    "record_vote",
    "regenerate_calendar_token",
    "remove_document",
    "send_notice",
    "set_regulation",
    "sign_minutes",
]
