"""Forms of the upper level's work. Choices (organizations, people) are given by the view from the
user's roles; the services check the rules again."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nghiquyet.documents.uploads import ALLOWED_EXTENSIONS
from nghiquyet.lib.forms import DateField

from ..periods import MAX_YEAR, MIN_YEAR, PeriodKind, bounds

FILE_HELP = _("PDF, Word, Excel, images or text; at most 20 MB.")


def date_field(label, required=True, **kwargs) -> forms.DateField:
    return DateField(label=label, required=required, **kwargs)


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


# ---------------------------------------------------------------- inspection (R25, R33)


# ---------------------------------------------------------------- difficulties (R34)


class AnswerForm(forms.Form):
    answer = text_field(_("Answer"), rows=4, max_length=10000)


# ---------------------------------------------------------------- training (R36)


# ---------------------------------------------------------------- recognition (R37)


# ---------------------------------------------------------------- sharing and proposals (R29, R30)
