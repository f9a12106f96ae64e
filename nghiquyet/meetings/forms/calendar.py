"""Forms of the calendar pages: the meeting regulation (R04), adding a meeting, programs (R05)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext_lazy as _

from nghiquyet.lib.forms import LONG_TEXT, SHORT_TEXT, DateField

from ..models import DayRule, MeetingKind, ProgramKind

MIN_YEAR, MAX_YEAR = 2000, 2100
WEEK_CHOICES = [
    (1, _("First")),
    (2, _("Second")),
    (3, _("Third")),
    (4, _("Fourth")),
    (-1, _("Last")),
]
WEEKDAY_CHOICES = [(i, WEEKDAYS[i]) for i in range(7)]
MONTH_CHOICES = [(i, MONTHS[i]) for i in range(1, 13)]
ADDED_KINDS = [
    (kind.value, kind.label)
    for kind in (MeetingKind.THEMATIC, MeetingKind.EXTRAORDINARY, MeetingKind.STANDING)
]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _optional_int_choice(choices, label):
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "—"), *choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class RegulationForm(forms.Form):
    """A new meeting regulation: the day rule and the settings that applied with it."""

    effective_from = DateField(label=_("effective from"))
    day_rule = forms.ChoiceField(
        label=_("meeting day rule"), choices=DayRule.choices, widget=forms.RadioSelect
    )
    day = forms.IntegerField(label=_("day of the month"), min_value=1, max_value=31, required=False)
    week = _optional_int_choice(WEEK_CHOICES, _("week of the month"))
    weekday = _optional_int_choice(WEEKDAY_CHOICES, _("weekday"))
    notice_days = forms.IntegerField(label=_("notice lead time (days)"), min_value=0, max_value=30, initial=3)
    quorum_numerator = forms.IntegerField(label=_("quorum numerator"), min_value=1, max_value=100, initial=2)
    quorum_denominator = forms.IntegerField(
        label=_("quorum denominator"), min_value=1, max_value=100, initial=3
    )
    max_focus_topics = forms.IntegerField(
        label=_("focus topics before a warning"), min_value=1, max_value=10, initial=3
    )
    chair_may_record = forms.BooleanField(label=_("the chair may also record the minutes"), required=False)

    def clean(self):
        data = super().clean()
        rule = data.get("day_rule")
        if rule == DayRule.DAY_OF_MONTH:
            if data.get("day") is None and "day" not in self.errors:
                self.add_error("day", _("Choose the day of the month."))
            data["weekday"] = data["week"] = None
        elif rule == DayRule.NTH_WEEKDAY:
            if data.get("weekday") is None and "weekday" not in self.errors:
                self.add_error("weekday", _("Choose the weekday."))
            if data.get("week") is None and "week" not in self.errors:
                self.add_error("week", _("Choose the week of the month."))
            data["day"] = None
        numerator, denominator = data.get("quorum_numerator"), data.get("quorum_denominator")
        if numerator and denominator and numerator > denominator:
            self.add_error("quorum_numerator", _("The quorum must be a fraction no larger than 1."))
        return data

    def service_fields(self) -> dict:
        """The cleaned values as `services.set_regulation` takes them (the date apart)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "effective_from"}


class AddMeetingForm(forms.Form):
    """A meeting outside the regular calendar: thematic, extraordinary or of the Standing Committee."""

    kind = forms.ChoiceField(label=_("kind"), choices=ADDED_KINDS)
    title = forms.CharField(label=_("title"), max_length=255)
    date = DateField(label=_("date"))
    start_time = forms.TimeField(label=_("start time"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("place"), max_length=255, required=False)
    theme_reason = forms.CharField(
        max_length=SHORT_TEXT,
        label=_("why this topic"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a thematic meeting: why the committee chose this topic."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == MeetingKind.THEMATIC and not data.get("theme_reason", "").strip():
            self.add_error("theme_reason", _("Give the reason this topic was chosen."))
        return data

    def clean_date(self):
        date = self.cleaned_data["date"]
        if not MIN_YEAR <= date.year <= MAX_YEAR:
            raise ValidationError(
                _("Choose a date between %(start)s and %(end)s."),
                params={
                    "start": MIN_YEAR,
                    "end": MAX_YEAR,
                },
            )
        return date


class ProgramForm(forms.Form):
    """A new activity program for the term, a year or a month."""

    kind = forms.ChoiceField(label=_("kind"), choices=ProgramKind.choices)
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
    month = _optional_int_choice(MONTH_CHOICES, _("month"))
    title = forms.CharField(label=_("title"), max_length=255)
    notes = forms.CharField(
        max_length=LONG_TEXT, label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        needs_year = kind in (ProgramKind.YEAR, ProgramKind.MONTH)
        if needs_year and data.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("An annual or monthly program needs its year."))
        if kind == ProgramKind.MONTH and data.get("month") is None and "month" not in self.errors:
            self.add_error("month", _("A monthly program needs its month."))
        return data


class ProgramItemForm(forms.Form):
    title = forms.CharField(label=_("content"), max_length=500)
    description = forms.CharField(
        max_length=LONG_TEXT, label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    planned_month = _optional_int_choice(MONTH_CHOICES, _("planned month"))


def initial_date(value: str | None) -> dt.date | None:
    """A date passed in the query string (yyyy-mm-dd) to prefill a form; None when absent or malformed."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
