"""Sharing and proposals (R29, R30): a committee shares an issued resolution as a good example with the
whole bloc, by topic; any committee member proposes how to improve resolutions, and the Organization
Board answers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.lib.vietnamese import fold
from nghiquyet.notify.services import notify
from nghiquyet.orgs.models import Organization, Person
from nghiquyet.resolutions.models import Resolution, ResolutionStatus

from ..addressing import board_staff, users
from ..models import Example, Proposal, ProposalStatus, Topic

SHAREABLE = (ResolutionStatus.ISSUED, ResolutionStatus.CLOSED)


MAX_TOPICS = 8


def _topics(names: list[str]) -> list[Topic]:
    if not names:
        raise ValidationError({"topics": _("Give at least one topic.")})
    if len(names) > MAX_TOPICS:
        raise ValidationError(
            {"topics": ValidationError(_("At most %(limit)s topics."), params={"limit": MAX_TOPICS})}
        )
    existing = {t.key: t for t in Topic.objects.filter(key__in=[fold(n) for n in names])}
    out = []
    for name in names:
        key = fold(name)
        topic = existing.get(key) or Topic.objects.create(name=name, key=key)
        out.append(topic)
    return out


@transaction.atomic
def share_resolution(resolution: Resolution, *, person: Person, topics: list[str], note: str = "") -> Example:
    """Share an issued resolution with the bloc; sharing it again changes its topics and note."""
    if resolution.status not in SHAREABLE:
        raise ValidationError(_("Only an issued resolution is shared; a draft never is."))
    if resolution.is_classified:
        # Its text would be shown bloc-wide, to people the classification excludes (#17.2).
        raise ValidationError({"resolution": _("A classified resolution is never shared as an example.")})
    chosen = _topics(topics)
    example = Example.objects.filter(resolution=resolution).first()
    if example is None:
        example = Example(resolution=resolution, shared_by=person, shared_at=timezone.now())
    example.note = note.strip()
    example.save()
    example.topics.set(chosen)
    return example


@transaction.atomic
def withdraw_example(example: Example) -> None:
    example.delete()


@transaction.atomic
def file_proposal(org: Organization, *, person: Person, text: str) -> Proposal:
    """A committee member's proposal; the Organization Board's staff are notified."""
    if not text.strip():
        raise ValidationError({"text": _("Write the proposal.")})
    proposal = Proposal.objects.create(org=org, proposer=person, text=text.strip())
    notify(
        users(board_staff(org)),
        _("Proposal to improve resolutions from %(org)s") % {"org": org.name},
        proposal.text[:500],
        reverse("oversight:proposal", args=[proposal.pk]),
    )
    return proposal


@transaction.atomic
def answer_proposal(proposal: Proposal, *, person: Person, answer: str) -> Proposal:
    """The Organization Board answers; the proposer is notified."""
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal is already answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    proposal.answer = answer.strip()
    proposal.answered_by = person
    proposal.answered_at = timezone.now()
    proposal.status = ProposalStatus.ANSWERED
    proposal.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    notify(
        users([proposal.proposer]),
        _("Your proposal is answered"),
        _("%(name)s answers: %(answer)s") % {"name": person.full_name, "answer": proposal.answer},
        reverse("oversight:proposal", args=[proposal.pk]),
    )
    return proposal
