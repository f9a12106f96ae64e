"""Use cases of resolutions (R14-R22): drafting, versions, issuance with numbering, corrections.

Progress, reminders and reviews have modules of their own (progress.py, reminders.py, review.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.lib.errors import ImmutableError
from nghiquyet.lib.vietnamese import fold
from nghiquyet.meetings.models import Meeting
from nghiquyet.meetings.queries import committee_on
from nghiquyet.orgs.models import Organization, Person, Term
from nghiquyet.orgs.numbering import allocate, display

from . import deadlines
from .models import (
    DOC_TYPE,
    Correction,
    DeadlineKind,
    Item,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
    ResolutionVersion,
)
from .quality_data import score_at_issue

# The fields every item must state before issuance (R15), with their names for the messages.
REQUIRED_ITEM_FIELDS = ("content", "requirement", "measures", "deadline", "assignee", "supervisor")


def _field_label(name: str) -> str:
    return {
        "content": _("content"),
        "requirement": _("requirement"),
        "measures": _("implementation measures"),
        "deadline": _("completion time"),
        "assignee": _("person in charge"),
        "supervisor": _("person who inspects and urges"),
    }[name]


def committee_members(org: Organization, day: dt.date) -> list[Person]:
    """The committee in office on `day`: those who may carry out, supervise and sign (R26)."""
    return committee_on(org, day)


def _ensure_draft(resolution: Resolution) -> None:
    if not resolution.is_draft:
        raise ImmutableError(resolution)


def _reindex(resolution: Resolution) -> None:
    # documents_context imports this module, hence the import here.
    from .documents_context import reindex_resolution

    reindex_resolution(resolution)


def _refresh_search(resolution: Resolution) -> None:
    items = " ".join(resolution.items.values_list("content", flat=True))
    resolution.search_text = fold(
        " ".join(
            [resolution.title, resolution.assessment, resolution.objectives, resolution.implementation, items]
        )
    )


# ---------------------------------------------------------------- drafting


@transaction.atomic
def create_draft(
    org: Organization,
    *,
    title: str,
    kind: str = ResolutionKind.REGULAR,
    meeting: Meeting | None = None,
    upper_documents=None,
    by=None,
    **fields,
) -> Resolution:
    """Start a draft resolution of `org`, optionally for the meeting that will adopt it and the
    upper-level documents it implements."""
    if meeting is not None and meeting.org_id != org.pk:
        raise ValidationError({"meeting": _("The meeting belongs to another organization.")})
    resolution = Resolution(org=org, title=title.strip(), kind=kind, meeting=meeting, created_by=by, **fields)
    if meeting is not None and resolution.drafter_id is None:
        resolution.drafter_id = meeting.drafter_id
    resolution.full_clean(exclude=["search_text"])
    resolution.save()
    if upper_documents is not None:
        resolution.upper_documents.set(upper_documents)
    _refresh_search(resolution)
    resolution.save(update_fields=["search_text"])
    _reindex(resolution)
    return resolution


@transaction.atomic
def update_draft(resolution: Resolution, *, upper_documents=None, **fields) -> Resolution:
    """Change a draft's fields and, when given, the upper-level documents it implements."""
    _ensure_draft(resolution)
    for name, value in fields.items():
        setattr(resolution, name, value)
    resolution.full_clean(exclude=["search_text"])
    _refresh_search(resolution)
    resolution.save()
    if upper_documents is not None:
        resolution.upper_documents.set(upper_documents)
    _reindex(resolution)
    return resolution


@transaction.atomic
def save_item(resolution: Resolution, item: Item | None = None, *, co_assignees=None, **fields) -> Item:
    """Add or change an item of a draft. Assignee and supervisor must sit on the committee (R26)."""
    _ensure_draft(resolution)
    day = resolution.meeting.date if resolution.meeting_id else timezone.localdate()
    members = {p.pk for p in committee_members(resolution.org, day)}
    for role in ("assignee", "supervisor"):
        person = fields.get(role)
        if person is not None and person.pk not in members:
            raise ValidationError({role: _("Choose a member of the committee.")})
    if item is None:
        order = (resolution.items.aggregate(m=Max("order"))["m"] or 0) + 1
        item = Item(resolution=resolution, order=order)
    for name, value in fields.items():
        setattr(item, name, value)
    if item.deadline_kind != DeadlineKind.DATE:
        item.deadline = deadlines.resolve(item.deadline_kind, day)
    item.full_clean(exclude=["resolution"])
    item.save()
    if co_assignees is not None:
        item.co_assignees.set(co_assignees)
    _refresh_search(resolution)
    resolution.save(update_fields=["search_text"])
    _reindex(resolution)
    return item


@transaction.atomic
def delete_item(item: Item) -> None:
    resolution = item.resolution
    _ensure_draft(resolution)
    item.delete()
    _reindex(resolution)


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
        lines.append(f"   Người thực hiện: {item.assignee.full_name if item.assignee else ''}")
        lines.append(f"   Người kiểm tra, đôn đốc: {item.supervisor.full_name if item.supervisor else ''}")
    lines += ["", "IV. TỔ CHỨC THỰC HIỆN", resolution.implementation or ""]
    return "\n".join(lines)


@transaction.atomic
def save_version(resolution: Resolution, *, by=None, note: str = "") -> ResolutionVersion:
    """Keep the draft's current text as a new version (unchanged text makes no new version)."""
    text = render_text(resolution)
    last = resolution.versions.order_by("-number").first()
    if last is not None and last.text == text:
        return last
    return ResolutionVersion.objects.create(
        resolution=resolution, number=(last.number + 1) if last else 1, text=text, author=by, note=note
    )


def diff_versions(old: ResolutionVersion, new: ResolutionVersion) -> list[tuple[str, str]]:
    """A line diff of two versions: (tag, line) with tag ' ', '-' or '+'."""
    out = []
    for line in difflib.ndiff(old.text.splitlines(), new.text.splitlines()):
        if line.startswith("? "):
            continue
        out.append((line[0], line[2:]))
    return out


# ---------------------------------------------------------------- issuance (R14, R15, R21)


@dataclass(frozen=True)
class Problem:
    item: int | None  # the item's number in the resolution, None for the resolution itself
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def issue_problems(resolution: Resolution) -> list[Problem]:
    """Everything that stops issuance, naming exactly which item lacks which field (R15)."""
    problems = []
    if not resolution.title.strip():
        problems.append(Problem(None, "title", _("The resolution has no subject.")))
    if resolution.kind == ResolutionKind.THEMATIC and not resolution.theme_reason.strip():
        problems.append(
            Problem(None, "theme_reason", _("A thematic resolution states why the topic was chosen."))
        )
    items = list(resolution.items.order_by("order", "id"))
    if not items:
        problems.append(Problem(None, "items", _("The resolution has no items.")))
    for number, item in enumerate(items, start=1):
        for name in REQUIRED_ITEM_FIELDS:
            value = getattr(item, f"{name}_id" if name in ("assignee", "supervisor") else name)
            if value in (None, "") or (isinstance(value, str) and not value.strip()):
                problems.append(
                    Problem(
                        number,
                        name,
                        _("Item %(n)s has no %(field)s.") % {"n": number, "field": _field_label(name)},
                    )
                )
    meeting = resolution.meeting
    vote = getattr(meeting, "vote", None) if meeting is not None else None
    if meeting is None:
        problems.append(Problem(None, "meeting", _("Choose the meeting that adopts the resolution.")))
    elif vote is None:
        problems.append(Problem(None, "vote", _("The meeting has not voted on the resolution yet.")))
    elif not vote.adopted:
        problems.append(
            Problem(
                None,
                "vote",
                _(
                    "The meeting's vote did not adopt it: more than half of all committee members must approve."
                ),
            )
        )
    return problems


def term_on(org: Organization, day: dt.date) -> Term | None:
    return Term.objects.current(day).filter(org=org).order_by("-start_date").first()


@transaction.atomic
def issue(
    resolution: Resolution,
    *,
    signer: Person,
    by=None,
    on: dt.date | None = None,
    confidentiality: str = "",
    roles=(),
) -> Resolution:
    """Number, sign and issue an adopted resolution; from then on it is immutable (R14, R21).

    The number comes from the organization's NQ series of the committee term, allocated under a lock
    inside this transaction: no duplicate, and no gap if anything below fails. A classified resolution
    (`confidentiality` MẬT or TỐI MẬT) names the `roles` who may see it in the archive.
    """
    resolution = (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("org", "meeting")
        .get(pk=resolution.pk)
    )
    _ensure_draft(resolution)
    problems = issue_problems(resolution)
    if problems:
        raise ValidationError([p.message for p in problems])
    on = on or timezone.localdate()
    term = term_on(resolution.org, on)
    if term is None:
        raise ValidationError(_("The organization has no committee term in office on that day."))
    if signer.pk not in {p.pk for p in committee_members(resolution.org, on)}:
        raise ValidationError(_("The resolution is signed on behalf of the committee by one of its members."))
    # Stored for the dashboards (#7): the score the draft page shows, taken before the number and date.
    resolution.quality_score = score_at_issue(resolution)
    # Relative deadlines count from the day of issue.
    for item in resolution.items.exclude(deadline_kind=DeadlineKind.DATE):
        item.deadline = deadlines.resolve(item.deadline_kind, on)
        item.save(update_fields=["deadline"])
    save_version(resolution, by=by, note=_("Issued text"))
    number = allocate(resolution.org, term, DOC_TYPE)
    resolution.term = term
    resolution.number = number
    resolution.number_display = display(number, DOC_TYPE, resolution.org.issuer_code)
    resolution.issued_on = on
    resolution.signed_by = signer
    resolution.status = ResolutionStatus.ISSUED
    _refresh_search(resolution)
    resolution.save()
    # The issued text goes to the archive (R21), chained per organization, and to the search index.
    from .documents_context import archive_resolution

    classification = {"confidentiality": confidentiality, "roles": roles} if confidentiality else {}
    archive_resolution(resolution, by=by, **classification)
    return resolution


@transaction.atomic
def start_correction(original: Resolution, *, mode: str, by=None) -> Resolution:
    """A new draft that amends or replaces an issued resolution, starting from its text and items."""
    if original.is_draft:
        raise ValidationError(_("Only an issued resolution is corrected; a draft is simply edited."))
    if mode not in Correction.values:
        raise ValidationError({"correction": _("Choose whether the new resolution amends or replaces it.")})
    draft = Resolution.objects.create(
        org=original.org,
        kind=original.kind,
        title=original.title,
        theme_reason=original.theme_reason,
        assessment=original.assessment,
        objectives=original.objectives,
        implementation=original.implementation,
        drafter=original.drafter,
        corrects=original,
        correction=mode,
        created_by=by,
    )
    for item in original.items.order_by("order", "id"):
        copy = Item.objects.create(
            resolution=draft,
            order=item.order,
            content=item.content,
            requirement=item.requirement,
            measures=item.measures,
            deadline_kind=item.deadline_kind,
            deadline=item.deadline,
            assignee=item.assignee,
            supervisor=item.supervisor,
            related_units=item.related_units,
        )
        copy.co_assignees.set(item.co_assignees.all())
    _reindex(draft)
    return draft
