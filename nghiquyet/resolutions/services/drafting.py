"""Drafting a resolution (R15, R16, R19, R20): the draft, its items, its versions, corrections."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.lib.errors import ImmutableError
from nghiquyet.lib.vietnamese import fold
from nghiquyet.meetings.models import Meeting
from nghiquyet.orgs.models import Organization

from .. import deadlines
from ..documents_context import reindex_resolution
from ..models import (
    Correction,
    DeadlineKind,
    Item,
    Resolution,
    ResolutionKind,
    ResolutionVersion,
)
from ..queries import committee_members, meeting_draft
from ..texts import render_text


def ensure_draft(resolution: Resolution) -> None:
    if not resolution.is_draft:
        raise ImmutableError(resolution)


def reindex(resolution: Resolution) -> None:
    # documents_context imports this module, hence the import here.
    reindex_resolution(resolution)


def refresh_search(resolution: Resolution) -> None:
    items = " ".join(resolution.items.values_list("content", flat=True))
    resolution.search_text = fold(
        " ".join(
            [resolution.title, resolution.assessment, resolution.objectives, resolution.implementation, items]
        )
    )


def ensure_no_other_draft(meeting: Meeting | None, resolution: Resolution | None = None) -> None:
    """One draft per meeting (R07): the notice carries it, and a second one would split the members'
    opinions. The meeting's row is locked first, so two secretaries starting one at once make one draft."""
    if meeting is None:
        return
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True).first()
    existing = meeting_draft(meeting)
    if existing is not None and (resolution is None or existing.pk != resolution.pk):
        raise ValidationError(
            {
                "meeting": _(
                    "This meeting already has a draft resolution: “%(title)s” (%(url)s). Open it and "
                    "continue drafting there rather than starting a second one."
                )
                % {"title": existing.title, "url": existing.get_absolute_url()}
            }
        )


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
    ensure_no_other_draft(meeting)
    resolution = Resolution(org=org, title=title.strip(), kind=kind, meeting=meeting, created_by=by, **fields)
    if meeting is not None and resolution.drafter_id is None:
        resolution.drafter_id = meeting.drafter_id
    resolution.full_clean(exclude=["search_text"])
    resolution.save()
    if upper_documents is not None:
        resolution.upper_documents.set(upper_documents)
    refresh_search(resolution)
    resolution.save(update_fields=["search_text"])
    reindex(resolution)
    return resolution


@transaction.atomic
def update_draft(resolution: Resolution, *, upper_documents=None, **fields) -> Resolution:
    """Change a draft's fields and, when given, the upper-level documents it implements."""
    ensure_draft(resolution)
    if "meeting" in fields and getattr(fields["meeting"], "pk", None) != resolution.meeting_id:
        ensure_no_other_draft(fields["meeting"], resolution)
    for name, value in fields.items():
        setattr(resolution, name, value)
    resolution.full_clean(exclude=["search_text"])
    refresh_search(resolution)
    resolution.save()
    if upper_documents is not None:
        resolution.upper_documents.set(upper_documents)
    reindex(resolution)
    return resolution


@transaction.atomic
def save_item(resolution: Resolution, item: Item | None = None, *, co_assignees=None, **fields) -> Item:
    """Add or change an item of a draft. Assignee and supervisor must sit on the committee (R26); a
    deadline given as a date is a commitment for the future, never before today (R45)."""
    ensure_draft(resolution)
    today = timezone.localdate()
    day = resolution.meeting.date if resolution.meeting_id else today
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
    elif item.deadline is not None and item.deadline < today:
        raise ValidationError(
            {
                "deadline": _("The deadline %(date)s has passed: give a date from today (%(today)s).")
                % {"date": f"{item.deadline:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"}
            }
        )
    item.full_clean(exclude=["resolution"])
    item.save()
    if co_assignees is not None:
        item.co_assignees.set(co_assignees)
    refresh_search(resolution)
    resolution.save(update_fields=["search_text"])
    reindex(resolution)
    return item


@transaction.atomic
def delete_item(item: Item) -> None:
    resolution = item.resolution
    ensure_draft(resolution)
    item.delete()
    reindex(resolution)


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
    reindex(draft)
    return draft
