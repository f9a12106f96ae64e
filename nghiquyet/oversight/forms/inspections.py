"""The forms of the inspections pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import (
    OrgChoiceField,
    OrgsChoiceField,
    PeopleChoiceField,
    PeriodForm,
    PersonChoiceField,
    date_field,
    text_field,
)


class PlanForm(PeriodForm):
    body = forms.ModelChoiceField(label=_("Inspection body"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    content = text_field(_("Content of the inspection"), rows=6)
    targets = OrgsChoiceField(
        label=_("Organizations inspected"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    team = PeopleChoiceField(
        label=_("Inspection team"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    field_order = [
        "body",
        "title",
        "period_kind",
        "year",
        "number",
        "period_start",
        "period_end",
        "content",
        "targets",
        "team",
    ]

    def __init__(self, *args, bodies, orgs, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["targets"].queryset = orgs
        self.fields["team"].queryset = people


class RecordOpenForm(forms.Form):
    org = OrgChoiceField(label=_("Organization inspected"), queryset=None)
    date = date_field(_("Date of the inspection"))

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class RecordForm(forms.Form):
    date = date_field(_("Date of the inspection"))
    findings_spirit = text_field(_("1. Spirit and capacity of carrying out the resolutions"), required=False)
    findings_targets = text_field(
        _("2. Targets or measures found unrealistic, to amend, and new issues"), required=False
    )
    findings_results = text_field(
        _("3. Results of each unit and person, with commendation and criticism"), required=False
    )
    conclusions = text_field(_("Conclusions"), required=False)


class RecommendationForm(forms.Form):
    text = text_field(_("Recommendation"), rows=2, max_length=5000)
    assignee = PersonChoiceField(label=_("Person in charge"), queryset=None)
    deadline = date_field(_("Deadline"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class DoneForm(forms.Form):
    done_note = text_field(_("What was done"), rows=2, max_length=5000)
