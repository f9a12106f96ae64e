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
    MeetingForm,
    MeetingKind,
)
from ..online_rules import ONLINE_RULES, applies_to
from ..queries import body_of, draft_among, is_standing, online_judgement, resolutions_of
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
    meeting_form: str | None = None,
    remote_members: int | None = None,
    form_reason: str = "",
) -> Preparation:
    """Record what the Standing Committee agreed: the focus topics and the drafter (R06), and the form of
    the meeting (R41; `meeting_form` None keeps the recorded one).

    More topics than the regulation allows is accepted with a warning (R08).
    """
    ensure_open(meeting)
    topics = [t.strip() for t in topics if t and t.strip()]
    if not topics:
        raise ValidationError({"topics": _("Name at least one focus topic.")})
    if meeting_form is not None:
        form_reason = form_reason.strip()
        check_meeting_form(meeting, meeting_form, remote_members, form_reason)
        if meeting_form == MeetingForm.IN_PERSON:  # no count nor reason kept
            remote_members, form_reason = None, ""
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
    if meeting_form is not None:
        meeting.meeting_form, meeting.remote_members = meeting_form, remote_members
        meeting.form_reason = form_reason
    meeting.save(
        update_fields=[
            "drafter",
            "preparation_notes",
            "prepared_in",
            "meeting_form",
            "remote_members",
            "form_reason",
        ]
    )
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


def check_meeting_form(meeting: Meeting, meeting_form: str, remote: int | None, reason: str) -> None:
    """Refuse a form the online rule in force on the meeting's date does not allow (R41, online_rules.py):
    online or hybrid only under a version in force that day, for a grassroots committee or a cell, when the
    members unable to meet in person at one place are more than half of the members counted."""
    if meeting_form not in MeetingForm.values:
        raise ValidationError({"meeting_form": _("Meeting form: choose one of the forms offered.")})
    judgement = online_judgement(meeting, meeting_form, remote)
    if judgement is None:
        return
    first = ONLINE_RULES[0]
    if judgement.rule is None:
        raise ValidationError(
            {
                "meeting_form": _(
                    "Meeting form: no rule in force on %(date)s provides for online party activity; "
                    "%(rule)s allows it from %(since)s."
                )
                % {
                    "date": f"{meeting.date:%d/%m/%Y}",
                    "rule": first.name,
                    "since": f"{first.effective_from:%d/%m/%Y}",
                }
            }
        )
    rule = judgement.rule
    if not applies_to(meeting.org):
        raise ValidationError(
            {
                "meeting_form": _(
                    "Meeting form: %(rule)s provides for online party activity in grassroots committees "
                    "and cells only."
                )
                % {"rule": rule.name}
            }
        )
    errors = {}
    if not reason:
        errors["form_reason"] = _(
            "Special nature or circumstances: say why the members cannot meet in person at one place."
        )
    if remote is None:
        errors["remote_members"] = _(
            "Members unable to meet in person: give their number for an online or hybrid meeting."
        )
    elif remote > judgement.counted:
        errors["remote_members"] = _(
            "Members unable to meet in person: at most the %(counted)s members counted."
        ) % {"counted": judgement.counted}
    elif not judgement.allowed:
        errors["remote_members"] = _(
            "Members unable to meet in person: an online or hybrid meeting is allowed only when more than "
            "half of the %(counted)s members counted cannot meet in person at one place (at least "
            "%(least)s; members exempt from work and activity and members suspended are not counted), "
            "by %(rule)s."
        ) % {"counted": judgement.counted, "least": judgement.least_remote, "rule": rule.name}
    if errors:
        raise ValidationError(errors)


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
