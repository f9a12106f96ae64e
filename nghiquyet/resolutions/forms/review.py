"""Forms of the review pages: item evaluations, commendations and criticisms, the closing review, the
yearly assessment (R09, R25, R27, R35)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.lib.forms import LONG_TEXT, SHORT_TEXT
from nghiquyet.orgs.models import Organization, Person

from ..models import Item, ItemEvaluation, Rating, Recognition


class EvaluationForm(forms.Form):
    """One rating and comment per item of last month's resolutions; items left unrated are skipped."""

    def __init__(self, *args, items: list[Item], evaluations: dict[int, ItemEvaluation], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            current = evaluations.get(item.pk)
            # The table shows no label per cell; screen readers get the item's content.
            about = item.content[:80]
            self.fields[f"rating_{item.pk}"] = forms.ChoiceField(
                label=gettext_lazy("Evaluation"),
                choices=[("", "—"), *Rating.choices],
                required=False,
                initial=current.rating if current else "",
                widget=forms.Select(attrs={"aria-label": _("Evaluation: %(item)s") % {"item": about}}),
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=gettext_lazy("Comment"),
                required=False,
                initial=current.comment if current else "",
                widget=forms.TextInput(attrs={"aria-label": _("Comment: %(item)s") % {"item": about}}),
            )

    def rating_field(self, item: Item):
        return self[f"rating_{item.pk}"]

    def comment_field(self, item: Item):
        return self[f"comment_{item.pk}"]

    def clean(self):
        data = super().clean()
        for item in self.items:
            if data.get(f"comment_{item.pk}", "").strip() and not data.get(f"rating_{item.pk}"):
                self.add_error(f"rating_{item.pk}", _("Choose an evaluation for this comment."))
        return data

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (self.cleaned_data[f"rating_{item.pk}"], self.cleaned_data[f"comment_{item.pk}"])
            for item in self.items
            if self.cleaned_data.get(f"rating_{item.pk}")
        }


class CommendationForm(forms.Form):
    """A commendation or criticism of one member or one unit of the organization (R25)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=Recognition.choices,
        widget=forms.RadioSelect,
        initial=Recognition.COMMEND,
    )
    person = forms.TypedChoiceField(
        label=gettext_lazy("Party member"), coerce=int, empty_value=None, required=False
    )
    unit = forms.TypedChoiceField(label=gettext_lazy("Unit"), coerce=int, empty_value=None, required=False)
    text = forms.CharField(
        max_length=SHORT_TEXT, label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, people: list[Person], units: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.units = {u.pk: u for u in units}
        self.fields["person"].choices = [("", _("(none)"))] + [(p.pk, p.full_name) for p in people]
        self.fields["unit"].choices = [("", _("(none)"))] + [(u.pk, u.name) for u in units]

    def clean(self):
        data = super().clean()
        person, unit = data.get("person"), data.get("unit")
        if "person" in data and "unit" in data and (person is None) == (unit is None):
            raise ValidationError(_("Choose either a party member or a unit."))
        data["person"] = self.people.get(person) if person is not None else None
        data["unit"] = self.units.get(unit) if unit is not None else None
        return data


class CloseForm(forms.Form):
    """The closing review of a resolution: its results and the lessons learned (R27)."""

    results = forms.CharField(
        max_length=LONG_TEXT,
        label=gettext_lazy("Results"),
        required=False,
        help_text=gettext_lazy("Prefilled from the items' states; complete it."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    lessons = forms.CharField(
        max_length=LONG_TEXT,
        label=gettext_lazy("Lessons learned"),
        help_text=gettext_lazy("Shown to the drafter of the next resolution."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_lessons(self) -> str:
        lessons = self.cleaned_data["lessons"].strip()
        if not lessons:
            raise ValidationError(_("Write the lessons learned."))
        return lessons


class AssessmentForm(forms.Form):
    """The committee's assessment of the year, written over the compiled figures (R35)."""

    assessment = forms.CharField(
        max_length=LONG_TEXT,
        label=gettext_lazy("The committee's assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
