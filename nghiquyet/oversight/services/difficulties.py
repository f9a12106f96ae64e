"""Difficulties reported up (R34): a grassroots organization files a difficulty to the Standing Committee
through the Organization Board; the board assigns it with a deadline and answers; the answer reaches
the filer."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.notify.services import notify
from nghiquyet.orgs.models import Organization, Person

from ..addressing import board_staff, users
from ..models import OPEN_DIFFICULTY_STATUSES, UpperDifficulty
from ..models import UpperDifficultyStatus as Status
from ..queries import difficulty_assignees


def _url(difficulty: UpperDifficulty) -> str:
    return reverse("oversight:difficulty", args=[difficulty.pk])


@transaction.atomic
def file_difficulty(org: Organization, *, person: Person, title: str, text: str) -> UpperDifficulty:
    """File a difficulty of a grassroots organization; the Organization Board's staff are notified."""
    if not org.is_grassroots:
        raise ValidationError(_("Difficulties are reported by grassroots organizations."))
    difficulty = UpperDifficulty.objects.create(
        org=org, filed_by=person, title=title.strip(), text=text.strip()
    )
    notify(
        users(board_staff(org)),
        lambda: _("Difficulty reported by %(org)s") % {"org": org.name},
        difficulty.title,
        _url(difficulty),
    )
    return difficulty


@transaction.atomic
def assign_difficulty(
    difficulty: UpperDifficulty, *, assignee: Person, deadline: dt.date | None
) -> UpperDifficulty:
    """The board assigns the difficulty to one of its (or the Standing Committee's) officers, with the
    date the answer is due; the assignee is notified."""
    if difficulty.status not in OPEN_DIFFICULTY_STATUSES:
        raise ValidationError(_("This difficulty is already answered."))
    if assignee.pk not in {p.pk for p in difficulty_assignees(difficulty.org)}:
        raise ValidationError(
            {"assignee": _("Choose an officer of the Organization Board or the Standing Committee.")}
        )
    difficulty.assigned_to = assignee
    difficulty.answer_deadline = deadline
    difficulty.status = Status.ASSIGNED
    difficulty.save(update_fields=["assigned_to", "answer_deadline", "status"])
    notify(
        users([assignee]),
        lambda: _("Difficulty to answer: %(title)s") % {"title": difficulty.title},
        lambda: _("Reported by %(org)s.") % {"org": difficulty.org.name},
        _url(difficulty),
    )
    return difficulty


@transaction.atomic
def answer_difficulty(difficulty: UpperDifficulty, *, person: Person, answer: str) -> UpperDifficulty:
    """Answer the difficulty; the answer reaches the person who filed it."""
    if difficulty.status not in OPEN_DIFFICULTY_STATUSES:
        raise ValidationError(_("This difficulty is already answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    difficulty.answer = answer.strip()
    difficulty.answered_by = person
    difficulty.answered_at = timezone.now()
    difficulty.status = Status.ANSWERED
    difficulty.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    notify(
        users([difficulty.filed_by]),
        lambda: _("Your difficulty is answered: %(title)s") % {"title": difficulty.title},
        lambda: _("%(name)s answers: %(answer)s") % {"name": person.full_name, "answer": difficulty.answer},
        _url(difficulty),
    )
    return difficulty


@transaction.atomic
def close_difficulty(difficulty: UpperDifficulty) -> UpperDifficulty:
    if difficulty.status != Status.ANSWERED:
        raise ValidationError(_("Only an answered difficulty is closed."))
    difficulty.status = Status.CLOSED
    difficulty.closed_at = timezone.now()
    difficulty.save(update_fields=["status", "closed_at"])
    return difficulty
