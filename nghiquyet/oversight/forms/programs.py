"""The forms of the programs pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .common import TargetsForm, date_field, file_field, text_field


class RequestForm(TargetsForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    directive = forms.CharField(label=_("Scheme or directive implemented"), max_length=300)
    description = text_field(_("What to submit"), rows=5)
    deadline = date_field(_("Deadline"))

    field_order = ["issuer", "title", "directive", "description", "deadline", "target_all", "targets"]


class SubmissionForm(forms.Form):
    text = text_field(_("Program or plan"), rows=8, required=False)
    file = file_field(_("File of the program or plan"))

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise ValidationError(_("Write the program or attach its file."))
        return data
