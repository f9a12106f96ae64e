"""Concretization (R32): the upper level asks each grassroots committee for its own program or plan
implementing a scheme or directive; committees submit; the Organization Board sees who has not, and
reminds their secretaries."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.documents.uploads import check_upload, store
from nghiquyet.notify.services import notify
from nghiquyet.orgs.models import Organization, Person

from ..addressing import check_targets, secretaries, users
from ..models import ProgramRequest, ProgramSubmission
from ..queries import missing


@transaction.atomic
def create_request(
    issuer: Organization,
    *,
    title: str,
    directive: str,
    description: str,
    deadline: dt.date,
    target_all: bool = True,
    targets=(),
    by=None,
) -> ProgramRequest:
    """Send the request; the secretaries of the addressed organizations are notified."""
    chosen = check_targets(issuer, target_all, targets)
    request = ProgramRequest.objects.create(
        issuer=issuer,
        title=title.strip(),
        directive=directive.strip(),
        description=description.strip(),
        deadline=deadline,
        target_all=target_all,
        created_by=by,
    )
    request.targets.set(chosen)
    notify(
        users(secretaries(request.addressees())),
        lambda: _("Program requested: %(title)s") % {"title": request.title},
        lambda: (
            _("%(issuer)s asks your committee for its program or plan implementing %(directive)s by %(day)s.")
            % {"issuer": issuer.name, "directive": request.directive, "day": f"{deadline:%d/%m/%Y}"}
        ),
        reverse("oversight:request", args=[request.pk]),
    )
    return request


@transaction.atomic
def submit_program(
    request: ProgramRequest, org: Organization, *, person: Person, text: str = "", uploaded=None, by=None
) -> ProgramSubmission:
    """A committee's program or plan (a file, a text or both); submitting again replaces the earlier one."""
    if not request.addresses(org) or not org.is_grassroots:
        raise ValidationError(_("This request is not addressed to %(org)s."), params={"org": org.name})
    text = text.strip()
    if not text and uploaded is None:
        raise ValidationError({"text": _("Write the program or attach its file.")})
    attachment = store(check_upload(uploaded), by) if uploaded is not None else None
    submission = ProgramSubmission.objects.filter(request=request, org=org).first()
    if submission is None:
        submission = ProgramSubmission(request=request, org=org)
    submission.text = text
    submission.attachment = attachment
    submission.submitted_at = timezone.now()
    submission.submitted_by = person
    submission.save()
    return submission


@transaction.atomic
def remind_missing(request: ProgramRequest) -> int:
    """Notify the secretaries of the organizations that have not submitted; returns how many reached."""
    people = secretaries(missing(request).values("pk"))
    notify(
        users(people),
        lambda: _("Reminder: your program implementing %(directive)s") % {"directive": request.directive},
        lambda: (
            _("%(issuer)s has not yet received your committee's program or plan. It is due by %(day)s.")
            % {"issuer": request.issuer.name, "day": f"{request.deadline:%d/%m/%Y}"}
        ),
        reverse("oversight:request", args=[request.pk]),
    )
    request.reminded_at = timezone.now()
    request.save(update_fields=["reminded_at"])
    return len(people)
