"""Forms of the meeting record (R09-R14): attendance, a standing section, a spoken opinion, the vote and
the signature of the minutes. They validate input; the services enforce the rules again."""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.lib.forms import LONG_TEXT
from nghiquyet.orgs.models import Person

from ..models import Attendance, AttendanceStatus, Meeting, Section, Stance

MAX_VOTES = 999


def _member_choices(committee: list[Person], blank: bool = False) -> list[tuple[str, str]]:
    choices = [(str(p.pk), p.full_name) for p in committee]
    return [("", "—"), *choices] if blank else choices


class AttendanceForm(forms.Form):
    """One status and reason per committee member (R13), and the chair and the recorder of the meeting.

    Fields `status_<person id>` and `reason_<person id>` carry the names the attendance service uses in
    its errors, so each message lands next to its member.
    """

    chair = forms.ChoiceField(label=gettext_lazy("Chair"), required=False)
    recorder = forms.ChoiceField(label=gettext_lazy("Recorder"), required=False)

    def __init__(
        self,
        *args,
        meeting: Meeting,
        committee: list[Person],
        attendance: dict[int, Attendance],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["chair"].choices = _member_choices(committee, blank=True)
        self.fields["chair"].initial = str(meeting.chair_id or "")
        self.fields["recorder"].choices = _member_choices(committee, blank=True)
        self.fields["recorder"].initial = str(meeting.recorder_id or "")
        for person in committee:
            row = attendance.get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                # Most members attend: the recorder only marks the exceptions.
                initial=row.status if row else AttendanceStatus.PRESENT,
            )
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                label=_("Reason for %(name)s's absence") % {"name": person.full_name},
                required=False,
                max_length=255,
                initial=row.reason if row else "",
            )

    def members(self) -> Iterator[tuple[Person, forms.BoundField, forms.BoundField]]:
        """Each committee member with the bound status and reason fields, for the template."""
        for person in self.committee:
            yield person, self[f"status_{person.pk}"], self[f"reason_{person.pk}"]

    def clean(self):
        data = super().clean()
        for person in self.committee:
            status = data.get(f"status_{person.pk}")
            if status == AttendanceStatus.ABSENT_EXCUSED and not data.get(f"reason_{person.pk}", "").strip():
                self.add_error(
                    f"reason_{person.pk}",
                    _("%(name)s: give the reason for the absence.") % {"name": person.full_name},
                )
        return data

    def rows(self) -> dict[int, tuple[str, str]]:
        """The attendance as the service takes it: person id → (status, reason)."""
        return {
            p.pk: (self.cleaned_data[f"status_{p.pk}"], self.cleaned_data[f"reason_{p.pk}"])
            for p in self.committee
        }

    def person(self, field: str) -> Person | None:
        chosen = self.cleaned_data.get(field)
        return next((p for p in self.committee if str(p.pk) == chosen), None)


class SectionForm(forms.Form):
    """What was said under one standing section (R09, R10, R12); an empty text removes the section."""

    section = forms.ChoiceField(choices=Section.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        max_length=LONG_TEXT,
        label=gettext_lazy("What was said"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class OpinionForm(forms.Form):
    """A member's opinion spoken in the meeting, written down by the recorder (R11)."""

    speaker = forms.ChoiceField(label=gettext_lazy("Speaker"))
    stance = forms.ChoiceField(
        label=gettext_lazy("Stance"), choices=Stance.choices, widget=forms.RadioSelect, initial=Stance.AGREE
    )
    section = forms.CharField(
        label=gettext_lazy("On which section or point"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("Leave empty for the draft as a whole."),
        widget=forms.TextInput(attrs={"list": "rec-section-names"}),
    )
    text = forms.CharField(
        max_length=LONG_TEXT, label=gettext_lazy("Opinion"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, committee: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["speaker"].choices = _member_choices(committee, blank=True)

    def speaker_person(self) -> Person:
        return next(p for p in self.committee if str(p.pk) == self.cleaned_data["speaker"])


class VoteForm(forms.Form):
    """The show of hands (R14). There is no 'adopted' field: adoption is computed from the counts."""

    subject = forms.CharField(
        label=gettext_lazy("Subject of the vote"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Empty for the meeting's title."),
    )
    votes_for = forms.IntegerField(label=gettext_lazy("For"), min_value=0, max_value=MAX_VOTES)
    votes_against = forms.IntegerField(
        label=gettext_lazy("Against"), min_value=0, max_value=MAX_VOTES, initial=0
    )
    votes_abstain = forms.IntegerField(
        label=gettext_lazy("Abstain"), min_value=0, max_value=MAX_VOTES, initial=0
    )


class SignForm(forms.Form):
    read_back = forms.BooleanField(
        label=gettext_lazy("The minutes were read back to the meeting"),
        required=True,
        error_messages={
            "required": gettext_lazy("The minutes must be read back to the meeting before signing.")
        },
    )
