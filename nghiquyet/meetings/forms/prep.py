"""Forms of the preparation pages: the preparation, a document upload and a written opinion (R06-R08, R11)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.documents.uploads import ALLOWED_EXTENSIONS
from nghiquyet.lib.forms import LONG_TEXT, SHORT_TEXT
from nghiquyet.orgs.models import Person

from ..models import DocumentKind, Meeting, MeetingForm, MeetingKind, Stance

MAX_TOPIC_LENGTH = 500


class PrepareForm(forms.Form):
    """What the Standing Committee agreed for a meeting: the study, the drafter, the focus topics (R06)."""

    prepared_in = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label=gettext_lazy("Agreed in the Standing Committee meeting"),
        empty_label=gettext_lazy("(not recorded)"),
    )
    preparation_notes = forms.CharField(
        max_length=LONG_TEXT,
        required=False,
        label=gettext_lazy("Study of upper-level resolutions and directions and of the unit's situation"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    drafter = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label=gettext_lazy("Committee member assigned to draft the resolution"),
    )
    topics = forms.CharField(
        max_length=SHORT_TEXT,
        label=gettext_lazy("Focus topics"),
        help_text=gettext_lazy("One topic per line. Keep them few and explicit."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # The form of the meeting (R41): the service judges it by the online rule of the meeting's date.
    meeting_form = forms.ChoiceField(
        required=False,
        choices=MeetingForm.choices,
        initial=MeetingForm.IN_PERSON,
        label=gettext_lazy("Meeting form"),
        help_text=gettext_lazy(
            "Online or hybrid only when more than half of the members counted cannot meet in person at one "
            "place (Hướng dẫn 03-HD/TW of 27/12/2022)."
        ),
    )
    remote_members = forms.IntegerField(
        required=False,
        min_value=0,
        label=gettext_lazy("Members unable to meet in person"),
        help_text=gettext_lazy(
            "For an online or hybrid meeting. Members exempt from work and activity and members suspended "
            "are not counted."
        ),
    )
    form_reason = forms.CharField(
        max_length=255,
        required=False,
        label=gettext_lazy("Special nature or circumstances"),
        help_text=gettext_lazy("For an online or hybrid meeting: why the members cannot meet at one place."),
    )

    def __init__(self, *args, meeting: Meeting, committee: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = {p.pk: p for p in committee}
        self.fields["prepared_in"].queryset = Meeting.objects.filter(
            org_id=meeting.org_id, kind=MeetingKind.STANDING, date__lte=meeting.date
        ).order_by("-date", "-id")
        self.fields["prepared_in"].label_from_instance = lambda m: f"{m.date:%d/%m/%Y} – {m.title}"
        self.fields["drafter"].choices = [("", _("(not assigned yet)"))] + [
            (p.pk, p.full_name) for p in committee
        ]

    def clean_meeting_form(self) -> str | None:
        # Not sent (an older page): the recorded form is kept.
        return self.cleaned_data["meeting_form"] or None

    def clean_drafter(self) -> Person | None:
        pk = self.cleaned_data["drafter"]
        return None if pk is None else self.committee[pk]

    def clean_topics(self) -> list[str]:
        topics = [line.strip() for line in self.cleaned_data["topics"].splitlines() if line.strip()]
        if not topics:
            raise ValidationError(_("Name at least one focus topic."))
        for topic in topics:
            if len(topic) > MAX_TOPIC_LENGTH:
                raise ValidationError(
                    _("A focus topic is at most %(limit)s characters: “%(start)s…”."),
                    params={"limit": MAX_TOPIC_LENGTH, "start": topic[:40]},
                )
        return topics


class DocumentForm(forms.Form):
    """A file given to members before the meeting (R07); its content is checked by the upload service."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Empty: the file name."),
    )
    number = forms.CharField(
        label=gettext_lazy("Number"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("For example 15-NQ/ĐUK."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )


class OpinionForm(forms.Form):
    """A committee member's written opinion on the draft, dissent included (R11)."""

    stance = forms.ChoiceField(
        label=gettext_lazy("Stance"), choices=Stance.choices, widget=forms.RadioSelect, initial=Stance.AGREE
    )
    section = forms.CharField(
        label=gettext_lazy("On"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("A focus topic or a part of the draft; empty for the draft as a whole."),
        widget=forms.TextInput(attrs={"list": "opinion-topics"}),
    )
    text = forms.CharField(
        max_length=LONG_TEXT, label=gettext_lazy("Opinion"), widget=forms.Textarea(attrs={"rows": 4})
    )
