"""The forms of the recognition pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Decision
from .common import MAX_YEAR, MIN_YEAR, OrgChoiceField, PersonChoiceField, text_field


class NominationForm(forms.Form):
    nominated_by = OrgChoiceField(label=_("Nominated by"), queryset=None, empty_label=None)
    person = PersonChoiceField(label=_("Secretary"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    reason = text_field(_("Achievements"), rows=5, max_length=10000)

    def __init__(self, *args, orgs, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominated_by"].queryset = orgs
        self.fields["person"].queryset = people


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Decision.APPROVED, Decision.APPROVED.label), (Decision.DECLINED, Decision.DECLINED.label)],
        widget=forms.RadioSelect,
    )
    note = text_field(_("Note on the decision"), rows=2, required=False, max_length=5000)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
