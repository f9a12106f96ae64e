"""Quality scores, 0-100, of a resolution and of a meeting, with the breakdown of the points lost.

Each finding costs points by kind; a kind's total is capped so that one long list of small defects cannot
hide every other. The weights below are documented in docs/quality.md; the reasons are English source
strings translated at call time (Vietnamese in the application).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import checks, participation
from .similarity import Match


@dataclass(frozen=True)
class Weight:
    points: int  # per finding
    cap: int  # at most, for all findings of the kind


# Resolution (content): R08, R11, R15-R19.
RESOLUTION_WEIGHTS = {
    "no_items": Weight(40, 40),
    "section_missing": Weight(10, 30),
    "item_missing_field": Weight(4, 30),
    "theme_reason_missing": Weight(5, 5),
    "too_many_topics": Weight(10, 10),
    "no_focus": Weight(5, 5),
    "too_many_items": Weight(5, 5),
    "vague_item": Weight(4, 16),
    "no_measurable_target": Weight(2, 8),
    "no_concrete_action": Weight(2, 8),
    "duplicate_items": Weight(5, 10),
    "near_copy_previous": Weight(25, 25),
    "near_copy_upper": Weight(25, 25),
    "adopted_without_discussion": Weight(15, 15),
}
# Meeting (process): R08, R09, R11, R13.
MEETING_WEIGHTS = {
    "adopted_without_discussion": Weight(30, 30),
    "few_speakers": Weight(10, 10),
    "silent_member": Weight(5, 15),
    "low_attendance": Weight(10, 10),
    "absent_without_reason": Weight(5, 15),
    "too_many_topics": Weight(10, 10),
    "no_focus": Weight(5, 5),
    "last_month_not_reviewed": Weight(10, 10),
}


def _reason(code: str, count: int) -> str:
    # Built at call time so that the active language applies; every text takes %(count)s (Vietnamese
    # translations keep the number even where English has a singular).
    n = count
    texts: dict[str, Callable[[], str]] = {
        "no_items": lambda: _("The resolution has no items."),
        "section_missing": lambda: ngettext(
            "%(count)s section of the resolution is not written.",
            "%(count)s sections of the resolution are not written.",
            n,
        ),
        "item_missing_field": lambda: ngettext(
            "%(count)s required item field is empty.", "%(count)s required item fields are empty.", n
        ),
        "theme_reason_missing": lambda: _("The reason for choosing the topic is missing."),
        "too_many_topics": lambda: _("Too many focus topics."),
        "no_focus": lambda: _("No explicit focus topic."),
        "too_many_items": lambda: _("Too many items for one resolution."),
        "vague_item": lambda: ngettext(
            "%(count)s vague item: no measurable target and no concrete action.",
            "%(count)s vague items: no measurable target and no concrete action.",
            n,
        ),
        "no_measurable_target": lambda: ngettext(
            "%(count)s item without a measurable target.", "%(count)s items without a measurable target.", n
        ),
        "no_concrete_action": lambda: ngettext(
            "%(count)s item without a concrete action.", "%(count)s items without a concrete action.", n
        ),
        "duplicate_items": lambda: ngettext(
            "%(count)s pair of items say the same thing.", "%(count)s pairs of items say the same thing.", n
        ),
        "near_copy_previous": lambda: _("Nearly the same as an earlier resolution of the committee."),
        "near_copy_upper": lambda: _("Copies the upper level's text."),
        "adopted_without_discussion": lambda: _("Adopted with no opinion recorded."),
        "few_speakers": lambda: _("Fewer than half of the members present gave an opinion."),
        "silent_member": lambda: ngettext(
            "%(count)s member silent for several meetings in a row.",
            "%(count)s members silent for several meetings in a row.",
            n,
        ),
        "low_attendance": lambda: _("Attendance not above %(mark)s%%."),
        "absent_without_reason": lambda: ngettext(
            "%(count)s absence without a reason.", "%(count)s absences without a reason.", n
        ),
        "last_month_not_reviewed": lambda: _("Last month's resolution was not reviewed."),
    }
    return texts[code]() % {"count": n, "mark": participation.ATTENDANCE_MARK}


@dataclass(frozen=True)
class Deduction:
    points: int
    reason: str
    code: str
    count: int = 1


@dataclass(frozen=True)
class QualityScore:
    score: int  # 0..100
    deductions: tuple[Deduction, ...]

    @property
    def breakdown(self) -> list[tuple[int, str]]:
        """(points lost, reason), largest first."""
        return [(d.points, d.reason) for d in self.deductions]


def _score(codes: Iterable[str], weights: Mapping[str, Weight]) -> QualityScore:
    counts = Counter(code for code in codes if code in weights)
    deductions = [
        Deduction(min(weights[code].points * n, weights[code].cap), _reason(code, n), code, n)
        for code, n in counts.items()
    ]
    deductions.sort(key=lambda d: (-d.points, list(weights).index(d.code)))
    return QualityScore(max(0, 100 - sum(d.points for d in deductions)), tuple(deductions))


def resolution_score(
    resolution: checks.ResolutionData,
    *,
    findings: Sequence[checks.Finding] | None = None,
    previous: Sequence[Match] = (),
    upper: Sequence[Match] = (),
    meeting: participation.MeetingData | None = None,
) -> QualityScore:
    """The score of a resolution's content: its findings, near copies (R17, R18), adoption (R11).

    `findings` defaults to `checks.check_resolution(resolution)`; `previous` and `upper` are the
    similarity matches with the committee's earlier resolutions and the upper-level texts.
    """
    if findings is None:
        findings = checks.check_resolution(resolution)
    codes = [f.code for f in findings]
    if any(m.near_copy for m in previous):
        codes.append("near_copy_previous")
    if any(m.near_copy for m in upper):
        codes.append("near_copy_upper")
    if meeting is not None and participation.adopted_without_discussion(meeting):
        codes.append("adopted_without_discussion")
    return _score(codes, RESOLUTION_WEIGHTS)


def meeting_score(
    meeting: participation.MeetingData,
    *,
    history: Sequence[participation.MeetingData] = (),
    findings: Sequence[participation.ParticipationFinding] | None = None,
) -> QualityScore:
    """The score of a meeting's process: discussion, participation, attendance, focus, review of last month."""
    if findings is None:
        findings = participation.check_meeting(meeting, history)
    codes = [f.code for f in findings]
    count, limit = meeting.focus_topics_count, meeting.max_focus_topics
    if count is not None and count > limit:
        codes.append("too_many_topics")
    elif count == 0:
        codes.append("no_focus")
    if meeting.last_month_reviewed is False:
        codes.append("last_month_not_reviewed")
    return _score(codes, MEETING_WEIGHTS)
