"""The forms of the guidance pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import PeriodForm, TargetsForm, file_field, text_field


class GuidanceForm(TargetsForm, PeriodForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    content = text_field(_("Content and form of the meetings"), rows=8)
    topics = text_field(_("Suggested topics"), rows=4, required=False, help_text=_("One topic per line."))

    field_order = [
        "issuer",
        "title",
        "period_kind",
        "year",
        "number",
        "period_start",
        "period_end",
        "content",
        "topics",
        "target_all",
        "targets",
    ]


class DocumentForm(forms.Form):
    file = file_field(_("Document"), required=True)
