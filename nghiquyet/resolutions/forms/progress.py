"""Forms for carrying resolutions out: progress, difficulties, answers, sending back, urging, and the task
board's filters (R23, R25, R26). File contents are checked by the upload service, not here."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from nghiquyet.documents.uploads import ALLOWED_EXTENSIONS

from ..models import MAX_EVIDENCE_FILES, MAX_SEND_BACK_REASON, REPORTABLE_STATUSES, ItemStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[(s.value, s.label) for s in ItemStatus if s in REPORTABLE_STATUSES],
        widget=forms.RadioSelect,
    )
    percent = forms.IntegerField(label=gettext_lazy("% done"), min_value=0, max_value=100)
    note = forms.CharField(
        label=gettext_lazy("What was done"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(
        label=gettext_lazy("Evidence files"),
        required=False,
        help_text=gettext_lazy("PDF, Word, Excel, images or text; at most 20 MB each."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_EVIDENCE_FILES:
            raise ValidationError(
                gettext_lazy("At most %(limit)s files per update."), params={"limit": MAX_EVIDENCE_FILES}
            )
        return files


class DifficultyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Difficulty"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    support_needed = forms.CharField(
        label=gettext_lazy("Support needed from the committee"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the item is not accepted"),
        max_length=MAX_SEND_BACK_REASON,
        help_text=gettext_lazy(
            "The person in charge is notified with the reason; the item returns to “in progress”."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UrgeForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Message to the person in charge"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BoardFilterForm(forms.Form):
    """The task board's filters; the choices are the organization's own assignees and resolutions."""

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    assignee = forms.TypedChoiceField(
        label=gettext_lazy("Person in charge"), required=False, coerce=int, empty_value=None
    )
    resolution = forms.TypedChoiceField(
        label=gettext_lazy("Resolution"), required=False, coerce=int, empty_value=None
    )
    overdue = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)

    def __init__(self, *args, assignees, resolutions, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", gettext_lazy("All"))]
        self.fields["status"].choices = everyone + list(ItemStatus.choices)
        self.fields["assignee"].choices = everyone + [(p.pk, p.full_name) for p in assignees]
        self.fields["resolution"].choices = everyone + [
            (r.pk, f"{r.number_display} – {r.title}") for r in resolutions
        ]
