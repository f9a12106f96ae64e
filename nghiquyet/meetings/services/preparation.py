"""Preparing a meeting (R06, R08): its focus, drafter and documents."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nghiquyet.documents.uploads import check_upload, store
from nghiquyet.orgs.models import Person

from ..documents_context import reindex_documents
from ..models import (
    DocumentKind,
    FocusTopic,
    Meeting,
    MeetingDocument,
    MeetingKind,
)
from ..queries import body_of, draft_among, is_standing, resolutions_of
from ._guard import ensure_open


@dataclass
class Preparation:
    meeting: Meeting
    warnings: list[str]


@transaction.atomic
def prepare(
    meeting: Meeting,
    *,
    topics: list[str],
    drafter: Person | None,
    preparation_notes: str = "",
    prepared_in: Meeting | None = None,
) -> Preparation:
    """Record what the Standing Committee agreed: the focus topics and the drafter (R06).

    More topics than the regulation allows is accepted with a warning (R08).
    """
    ensure_open(meeting)
    topics = [t.strip() for t in topics if t and t.strip()]
    if not topics:
        raise ValidationError({"topics": _("Name at least one focus topic.")})
    if drafter is not None and drafter.pk not in {p.pk for p in body_of(meeting)}:
        raise ValidationError(
            {
                "drafter": _("The drafter must be a member of the Standing Committee.")
                if is_standing(meeting)
                else _("The drafter must be a member of the committee.")
            }
        )
    if prepared_in is not None and (
        prepared_in.org_id != meeting.org_id or prepared_in.kind != MeetingKind.STANDING
    ):
        raise ValidationError(
            {"prepared_in": _("Choose a Standing Committee meeting of the same organization.")}
        )
    meeting.drafter = drafter
    meeting.preparation_notes = preparation_notes
    meeting.prepared_in = prepared_in
    meeting.save(update_fields=["drafter", "preparation_notes", "prepared_in"])
    meeting.focus_topics.all().delete()
    FocusTopic.objects.bulk_create(
        FocusTopic(meeting=meeting, order=i, title=title) for i, title in enumerate(topics, start=1)
    )
    warnings = []
    limit = meeting.regulation.max_focus_topics if meeting.regulation else 3
    if len(topics) > limit:
        warnings.append(
            _("%(n)s focus topics: more than %(limit)s makes a meeting with too many topics and no focus.")
            % {"n": len(topics), "limit": limit}
        )
    return Preparation(meeting, warnings)


@transaction.atomic
def attach_document(
    meeting: Meeting, *, kind: str, title: str, uploaded, by, number: str = ""
) -> MeetingDocument:
    """Attach the draft, a working paper or an upper-level document; the file is checked before storing."""
    ensure_open(meeting)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown document kind.")})
    if kind == DocumentKind.DRAFT and draft_among(resolutions_of(meeting)) is not None:
        # One draft per meeting (R07): the one drafted in the application goes with the notice as it stands.
        raise ValidationError(
            {
                "kind": _(
                    "This meeting's draft resolution is drafted in the application and goes with the "
                    "notice as it stands: attach it no second time."
                )
            }
        )
    attachment = store(check_upload(uploaded), by)
    document = MeetingDocument.objects.create(
        meeting=meeting,
        kind=kind,
        title=title.strip() or attachment.original_name,
        number=number,
        attachment=attachment,
    )
    reindex_documents(meeting)
    return document


@transaction.atomic
def remove_document(meeting: Meeting, document: MeetingDocument, *, by=None) -> None:
    """Take back a file attached by mistake while the record is open (R07); its search entry goes with it.

    Members already notified simply no longer see it. Nothing is lost: the document's history records the
    removal (and who made it, through the request), and the stored file stays for that history.
    """
    ensure_open(meeting)
    if document.meeting_id != meeting.pk:
        raise ValidationError({"document": _("This document is not attached to this meeting.")})
    if by is not None:
        document._history_user = by  # outside a request (where the history middleware tells who)
    document.delete()
    reindex_documents(meeting)
