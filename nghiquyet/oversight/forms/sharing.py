"""The forms of the sharing pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import OrgChoiceField, text_field


class ShareForm(forms.Form):
    resolution = forms.TypedChoiceField(label=_("Resolution"), coerce=int)
    topics = forms.CharField(
        label=_("Topics"),
        max_length=500,
        help_text=_("Separated by commas, e.g. Party building, digital transformation."),
    )
    note = text_field(_("Why it is a good example"), rows=3, required=False, max_length=5000)

    def __init__(self, *args, resolutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.resolutions = {r.pk: r for r in resolutions}
        self.fields["resolution"].choices = [(r.pk, f"{r.number_display} – {r.title}") for r in resolutions]

    def clean_resolution(self):
        return self.resolutions[self.cleaned_data["resolution"]]


class ExampleFilterForm(forms.Form):
    topic = forms.CharField(required=False, max_length=80)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class ProposalForm(forms.Form):
    org = OrgChoiceField(label=_("Committee of"), queryset=None, empty_label=None)
    text = text_field(_("Proposal to improve the quality of resolutions"), rows=5, max_length=10000)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
