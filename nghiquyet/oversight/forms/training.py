"""The forms of the training pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Audience
from .common import OrgChoiceField, PeopleChoiceField, date_field


class CourseForm(forms.Form):
    org = OrgChoiceField(label=_("For the organizations of"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    start_date = date_field(_("From"))
    end_date = date_field(_("To"))
    organizer = forms.CharField(label=_("Organizer"), max_length=300)
    audience = forms.ChoiceField(label=_("For"), choices=Audience.choices)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class AttendeesForm(forms.Form):
    people = PeopleChoiceField(
        label=_("Trainees"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 10})
    )
    completed = forms.BooleanField(label=_("Completed the course"), required=False, initial=True)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class CoverageForm(forms.Form):
    org = forms.ChoiceField(label=_("Organizations of"))
    day = date_field(_("Committees in office on"), required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.name) for o in orgs]
