"""Forms of the periodic reports (R31, R35): the issuer and period of a draft, its narrative, its issue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from ..models import SECTION_LABELS
from ..periods import REPORT_KINDS, PeriodKind
from .common import MAX_YEAR, MIN_YEAR, OrgChoiceField, date_field, text_field


class ReportForm(forms.Form):
    """The issuer and the period; the service checks the period (bounds, not in the future)."""

    issuer = OrgChoiceField(label=gettext_lazy("Issued by"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label=gettext_lazy("Period"),
        choices=[(k.value, k.label) for k in REPORT_KINDS],
        initial=PeriodKind.QUARTER,
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    number = forms.IntegerField(
        label=gettext_lazy("Month or quarter"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=gettext_lazy("Month 1-12 or quarter 1-4; leave empty for a year."),
    )

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers


class NarrativeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Subject"), max_length=300)
    results = text_field(SECTION_LABELS["results"], rows=8, required=False)
    shortcomings = text_field(SECTION_LABELS["shortcomings"], rows=6, required=False)
    causes = text_field(SECTION_LABELS["causes"], rows=5, required=False)
    lessons = text_field(SECTION_LABELS["lessons"], rows=5, required=False)
    next_tasks = text_field(SECTION_LABELS["next_tasks"], rows=6, required=False)


class IssueForm(forms.Form):
    signer = forms.TypedChoiceField(label=gettext_lazy("Signed by"), coerce=int)
    issued_on = date_field(gettext_lazy("Date of issue"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["signer"].choices = [(p.pk, p.full_name) for p in people]

    def clean_signer(self):
        return self.people[self.cleaned_data["signer"]]
