"""Carrying the items out (R22-R25): progress reports, difficulties and their answers, confirmation or
sending back, urging."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.documents.uploads import check_upload, store
from nghiquyet.notify.services import notify
from nghiquyet.orgs.models import Person

from ..access import readers_among
from ..models import (
    MAX_EVIDENCE_FILES,
    MAX_SEND_BACK_REASON,
    OPEN_STATUSES,
    REPORTABLE_STATUSES,
    Difficulty,
    DifficultyStatus,
    Item,
    ItemStatus,
    ProgressUpdate,
    ResolutionStatus,
    UpdateKind,
)
from ..queries import leaders, manages

# What an assignee may report; BLOCKED comes with a difficulty, DONE with the supervisor's confirmation.


def _item_url(item: Item) -> str:
    return reverse("resolutions:item", args=[item.pk])


def _label(item: Item) -> str:
    """How an item is named in notifications: the resolution's number and the item's content."""
    content = item.content if len(item.content) <= 120 else item.content[:119] + "…"
    number = item.resolution.number_display
    return f"{number} – {content}" if number else content


def _ensure_carried_out(item: Item) -> None:
    """Progress is reported only on an issued resolution's item that is not yet confirmed done."""
    if item.resolution.status != ResolutionStatus.ISSUED:
        raise ValidationError(_("Progress is reported only on the items of an issued resolution."))
    if item.status == ItemStatus.DONE:
        raise ValidationError(_("The supervisor has confirmed this item as done."))


def _carriers(item: Item) -> list[Person]:
    people = [item.assignee] if item.assignee_id else []
    return people + [p for p in item.co_assignees.select_related("user") if p.pk != item.assignee_id]


def _users(people) -> list:
    """The accounts of `people`, each once, skipping those without one."""
    seen, users = set(), []
    for person in people:
        if person is None or person.user_id is None or person.user_id in seen:
            continue
        seen.add(person.user_id)
        users.append(person.user)
    return users


# ---------------------------------------------------------------- progress (R23)


@transaction.atomic
def post_update(
    item: Item,
    author: Person,
    status: str,
    percent: int,
    note: str = "",
    files=(),
    by=None,
) -> ProgressUpdate:
    """An assignee's report: status, % done, a note and evidence files, which set the item's state.

    Reporting done sets 100% and asks the supervisor to confirm; the files are checked before storing.
    """
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("resolution", "assignee__user", "supervisor__user")
        .get(pk=item.pk)
    )
    _ensure_carried_out(item)
    if author.pk not in {p.pk for p in _carriers(item)}:
        raise ValidationError(
            _("Only the person in charge and the co-assignees report progress on this item.")
        )
    if status not in REPORTABLE_STATUSES:
        raise ValidationError(
            {"status": _("Report the item as not started, in progress or done; the supervisor confirms it.")}
        )
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("The % done is between 0 and 100.")})
    if status == ItemStatus.REPORTED_DONE:
        percent = 100
    elif status == ItemStatus.NOT_STARTED and percent:
        raise ValidationError({"percent": _("An item not started has 0% done.")})
    files = list(files)
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError(
            {"files": _("At most %(limit)s files per update.") % {"limit": MAX_EVIDENCE_FILES}}
        )
    try:
        checked = [check_upload(f) for f in files]
    except ValidationError as error:
        raise ValidationError({"files": error.messages}) from error

    update = ProgressUpdate.objects.create(
        item=item, author=author, status=status, percent=percent, note=note.strip()
    )
    if checked:
        update.evidence.set([store(c, by) for c in checked])
    item.status = status
    item.percent = percent
    item.save(update_fields=["status", "percent"])
    if status == ItemStatus.REPORTED_DONE and item.supervisor_id:
        notify(
            _users([item.supervisor]),
            _("Reported done, to confirm: %(item)s") % {"item": _label(item)},
            _("%(name)s reports the item done. Check it and confirm its completion.")
            % {"name": author.full_name},
            _item_url(item),
        )
    return update


# ---------------------------------------------------------------- difficulties (R26)


@transaction.atomic
def report_difficulty(item: Item, reporter: Person, text: str, support_needed: str = "") -> Difficulty:
    """A difficulty on an item: the item is blocked, and the organization's leaders and the supervisor
    are asked for support."""
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("resolution__org", "assignee__user", "supervisor__user")
        .get(pk=item.pk)
    )
    _ensure_carried_out(item)
    if reporter.pk not in {p.pk for p in _carriers(item)}:
        raise ValidationError(
            _("Only the person in charge and the co-assignees report difficulties on this item.")
        )
    if not text.strip():
        raise ValidationError({"text": _("Describe the difficulty.")})
    difficulty = Difficulty.objects.create(
        item=item, reporter=reporter, text=text.strip(), support_needed=support_needed.strip()
    )
    item.status = ItemStatus.BLOCKED
    item.save(update_fields=["status"])
    leading = readers_among(item.resolution, leaders(item.resolution.org))
    recipients = [p for p in [*leading, item.supervisor] if p and p.pk != reporter.pk]
    notify(
        _users(recipients),
        _("Difficulty reported: %(item)s") % {"item": _label(item)},
        _("%(name)s reports a difficulty: %(text)s") % {"name": reporter.full_name, "text": difficulty.text}
        + (
            "\n" + _("Support needed: %(support)s") % {"support": difficulty.support_needed}
            if difficulty.support_needed
            else ""
        ),
        _item_url(item),
    )
    return difficulty


@transaction.atomic
def answer_difficulty(difficulty: Difficulty, answered_by: Person, answer: str) -> Difficulty:
    """The committee's answer to a difficulty, sent to whoever reported it.

    When no difficulty of the item is left unanswered, a blocked item goes back to "in progress": the
    support asked for has been given.
    """
    difficulty = (
        Difficulty.objects.select_for_update(of=("self",))
        .select_related("item__resolution", "reporter__user")
        .get(pk=difficulty.pk)
    )
    if difficulty.status == DifficultyStatus.ANSWERED:
        raise ValidationError(_("This difficulty has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    difficulty.answer = answer.strip()
    difficulty.answered_by = answered_by
    difficulty.answered_at = timezone.now()
    difficulty.status = DifficultyStatus.ANSWERED
    difficulty.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    item = difficulty.item
    if (
        item.status == ItemStatus.BLOCKED
        and not item.difficulties.filter(status=DifficultyStatus.OPEN).exists()
    ):
        item.status = ItemStatus.IN_PROGRESS
        item.save(update_fields=["status"])
    notify(
        _users([difficulty.reporter]),
        _("Your difficulty is answered: %(item)s") % {"item": _label(item)},
        _("%(name)s answers: %(answer)s") % {"name": answered_by.full_name, "answer": difficulty.answer},
        _item_url(item),
    )
    return difficulty


# ---------------------------------------------------------------- supervision (R23, R25)


@transaction.atomic
def confirm(item: Item, supervisor: Person) -> Item:
    """The supervisor confirms an item reported done: DONE, completed on the day it was reported."""
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("resolution", "assignee__user")
        .get(pk=item.pk)
    )
    if item.resolution.status != ResolutionStatus.ISSUED:
        raise ValidationError(_("Only the items of an issued resolution are confirmed."))
    if item.status != ItemStatus.REPORTED_DONE:
        raise ValidationError(_("The item has not been reported done: there is nothing to confirm."))
    report = item.updates.filter(status=ItemStatus.REPORTED_DONE).order_by("-created_at", "-id").first()
    now = timezone.now()
    item.status = ItemStatus.DONE
    item.percent = 100
    item.completed_on = timezone.localdate(report.created_at) if report else timezone.localdate(now)
    item.confirmed_by = supervisor
    item.confirmed_at = now
    item.save(update_fields=["status", "percent", "completed_on", "confirmed_by", "confirmed_at"])
    notify(
        _users(_carriers(item)),
        _("Completion confirmed: %(item)s") % {"item": _label(item)},
        _("%(name)s confirms the item done.") % {"name": supervisor.full_name},
        _item_url(item),
    )
    return item


@transaction.atomic
def send_back(item: Item, supervisor: Person, reason: str) -> ProgressUpdate:
    """The supervisor does not accept an item reported done: it goes back to "in progress", below 100%,
    and the reason is recorded in its history and sent to the people carrying it.

    The item's supervisor sends it back, or a leader of the organization standing in (as for confirming).
    """
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("resolution__org", "assignee__user")
        .get(pk=item.pk)
    )
    if supervisor.pk != item.supervisor_id and not manages(item.resolution.org, supervisor):
        raise ValidationError(
            _("Only the supervisor of this item or a leader of the committee sends it back.")
        )
    if item.resolution.status != ResolutionStatus.ISSUED:
        raise ValidationError(_("Only the items of an issued resolution are sent back."))
    if item.status != ItemStatus.REPORTED_DONE:
        raise ValidationError(_("The item has not been reported done: there is nothing to send back."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the item is not accepted.")})
    if len(reason) > MAX_SEND_BACK_REASON:
        raise ValidationError(
            {"reason": _("The reason is at most %(limit)s characters.") % {"limit": MAX_SEND_BACK_REASON}}
        )
    # Reporting done set 100%; what is not accepted is not complete.
    percent = min(item.percent, 99)
    update = ProgressUpdate.objects.create(
        item=item,
        kind=UpdateKind.SENT_BACK,
        author=supervisor,
        status=ItemStatus.IN_PROGRESS,
        percent=percent,
        note=reason,
    )
    item.status = ItemStatus.IN_PROGRESS
    item.percent = percent
    item.save(update_fields=["status", "percent"])
    notify(
        _users(_carriers(item)),
        _("Not accepted, continue: %(item)s") % {"item": _label(item)},
        _("%(name)s does not accept the item as done; carry it on. Reason: %(reason)s")
        % {"name": supervisor.full_name, "reason": reason},
        _item_url(item),
    )
    return update


@transaction.atomic
def urge(item: Item, supervisor: Person, note: str = "") -> None:
    """The supervisor urges the people carrying an open item (an in-app notification and an e-mail)."""
    if item.resolution.status != ResolutionStatus.ISSUED or item.status not in OPEN_STATUSES:
        raise ValidationError(_("Only an open item of an issued resolution is urged."))
    body = _("%(name)s urges you to carry out this item by its deadline.") % {"name": supervisor.full_name}
    if note.strip():
        body += "\n" + note.strip()
    notify(
        _users(_carriers(item)),
        _("Urged: %(item)s") % {"item": _label(item)},
        body,
        _item_url(item),
    )


# ---------------------------------------------------------------- access
