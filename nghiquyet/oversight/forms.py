"""Forms of the upper level's work. Choices (organizations, people) are given by the view from the
user's roles; the services check the rules again."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nghiquyet.documents.uploads import ALLOWED_EXTENSIONS

from .models import Audience, Decision
from .periods import PeriodKind, bounds

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MIN_YEAR, MAX_YEAR = 2000, 2100
FILE_HELP = _("PDF, Word, Excel, images or text; at most 20 MB.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        # The browser's date picker sends ISO dates whatever the display language.
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), input_formats=DATE_FORMATS, **kwargs
    )


def text_field(label, rows=4, required=True, max_length=20000, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def file_field(label, required=False) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text=FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OrgsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


# ---------------------------------------------------------------- periods


class PeriodForm(forms.Form):
    """A month, a quarter, a year or two dates; `cleaned_data` gets period_start and period_end."""

    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    number = forms.IntegerField(
        label=_("Month or quarter"), required=False, min_value=1, max_value=12, help_text=_("1-12 or 1-4.")
    )
    period_start = date_field(_("From"), required=False)
    period_end = date_field(_("To"), required=False)

    def clean(self):
        data = super().clean()
        kind, year, number = data.get("period_kind"), data.get("year"), data.get("number")
        if kind == PeriodKind.DATES:
            if not data.get("period_start") or not data.get("period_end"):
                raise ValidationError(_("Give the first and the last day of the period."))
            if data["period_end"] < data["period_start"]:
                self.add_error("period_end", _("The end of the period is before its start."))
            return data
        if kind is None:
            return data
        if year is None:
            self.add_error("year", _("Give the year."))
            return data
        limit = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}.get(kind)
        if limit is not None and (number is None or number > limit):
            self.add_error("number", _("Give a month from 1 to 12 or a quarter from 1 to 4."))
            return data
        data["period_start"], data["period_end"] = bounds(kind, year, number)
        return data


def period_initial(kind: str, start: dt.date, end: dt.date) -> dict:
    number = {PeriodKind.MONTH: start.month, PeriodKind.QUARTER: (start.month - 1) // 3 + 1}.get(kind)
    return {
        "period_kind": kind,
        "year": start.year,
        "number": number,
        "period_start": start,
        "period_end": end,
    }


class ReportPeriodForm(PeriodForm):
    """The period of a report, defaulting to the current quarter."""

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate()
        if not data:
            data = {
                "period_kind": PeriodKind.QUARTER,
                "year": today.year,
                "number": (today.month - 1) // 3 + 1,
            }
        super().__init__(data, **kwargs)
        self.fields["period_kind"].initial = PeriodKind.QUARTER


# ---------------------------------------------------------------- orientation (R28) and concretization (R32)


class TargetsForm(forms.Form):
    issuer = OrgChoiceField(label=_("Issued by"), queryset=None, empty_label=None)
    target_all = forms.BooleanField(label=_("All grassroots organizations"), required=False, initial=True)
    targets = OrgsChoiceField(
        label=_("Or the chosen organizations"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, issuers, grassroots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers
        self.fields["targets"].queryset = grassroots

    def clean(self):
        data = super().clean()
        if not data.get("target_all") and not data.get("targets"):
            self.add_error("targets", _("Choose the organizations, or address all of them."))
        return data


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


# ---------------------------------------------------------------- inspection (R25, R33)


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


# ---------------------------------------------------------------- difficulties (R34)


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


class AnswerForm(forms.Form):
    answer = text_field(_("Answer"), rows=4, max_length=10000)


# ---------------------------------------------------------------- training (R36)


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


# ---------------------------------------------------------------- recognition (R37)


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


# ---------------------------------------------------------------- sharing and proposals (R29, R30)


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
