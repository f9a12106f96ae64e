"""The forms of the difficulties pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import OrgChoiceField, date_field, text_field


class DifficultyForm(forms.Form):
    org = OrgChoiceField(label=_("Organization"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Subject"), max_length=300)
    text = text_field(_("Difficulty"), rows=5, max_length=10000)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Assigned to"), coerce=int)
    deadline = date_field(_("Answer due by"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["assignee"].choices = [(p.pk, p.full_name) for p in people]

    def clean_assignee(self):
        return self.people[self.cleaned_data["assignee"]]
