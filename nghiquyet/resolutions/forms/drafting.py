"""Forms of the drafting pages: the draft, its items, versions, corrections and plans (R15-R22, R24)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.documents.models import Confidentiality, Role
from nghiquyet.lib.forms import LONG_TEXT, SHORT_TEXT, DateField
from nghiquyet.meetings.models import DocumentKind, Meeting, MeetingDocument
from nghiquyet.orgs.models import Person

from .. import deadlines
from ..models import Correction, DeadlineKind, ResolutionKind, ResolutionStatus


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.date:%d/%m/%Y} – {meeting.title}"


def _document_label(document: MeetingDocument) -> str:
    return f"{document.number} – {document.title}" if document.number else document.title


def _people_choices(people: list[Person], empty: str | None) -> list[tuple]:
    choices = [(p.pk, p.full_name) for p in people]
    return [("", empty), *choices] if empty is not None else choices


class DraftForm(forms.Form):
    """The draft's kind, subject, reason for a theme (R19), meeting, drafter, sections and upper-level texts.

    `meetings` are the meetings that may adopt it, `committee` the members who may draft it, and
    `documents` the upper-level documents of the chosen meeting that it may be linked to.
    """

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ResolutionKind.choices)
    title = forms.CharField(label=gettext_lazy("Subject"), max_length=500)
    theme_reason = forms.CharField(
        max_length=SHORT_TEXT,
        label=gettext_lazy("Why this topic was chosen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required for a thematic resolution: why the committee chose this topic."),
    )
    assessment = forms.CharField(
        max_length=LONG_TEXT,
        label=gettext_lazy("I. Assessment of the situation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    objectives = forms.CharField(
        max_length=LONG_TEXT,
        label=gettext_lazy("II. Objectives and requirements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    implementation = forms.CharField(
        max_length=LONG_TEXT,
        label=gettext_lazy("IV. Organization of implementation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label=gettext_lazy("Meeting that will adopt it"),
        empty_label=gettext_lazy("(not chosen yet)"),
    )
    drafter = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=gettext_lazy("Drafter")
    )
    upper_documents = forms.ModelMultipleChoiceField(
        queryset=MeetingDocument.objects.none(),
        required=False,
        label=gettext_lazy("Upper-level documents it implements"),
        widget=forms.CheckboxSelectMultiple,
    )

    SECTIONS = ("assessment", "objectives", "implementation")

    def __init__(
        self,
        *args,
        meetings,
        committee: list[Person],
        documents,
        sections: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.committee = {p.pk: p for p in committee}
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = _meeting_label
        self.fields["drafter"].choices = _people_choices(committee, _("(the meeting's drafter)"))
        self.fields["upper_documents"].queryset = documents
        self.fields["upper_documents"].label_from_instance = _document_label
        if not sections:
            for name in self.SECTIONS:
                del self.fields[name]

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_drafter(self) -> Person | None:
        pk = self.cleaned_data["drafter"]
        if pk is None:
            return None
        if pk not in self.committee:
            raise ValidationError(_("Choose a member of the committee."))
        return self.committee[pk]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ResolutionKind.THEMATIC and not data.get("theme_reason", "").strip():
            self.add_error(
                "theme_reason", _("A thematic resolution states why the topic was chosen: give the reason.")
            )
        return data

    def draft_fields(self) -> dict:
        """The cleaned values as services.create_draft / update_draft take them (links apart)."""
        data = self.cleaned_data
        fields = {
            "kind": data["kind"],
            "title": data["title"],
            "theme_reason": data["theme_reason"].strip(),
            "meeting": data["meeting"],
        }
        for name in self.SECTIONS:
            if name in data:
                fields[name] = data[name].strip()
        if data["drafter"] is not None or data["meeting"] is None:
            fields["drafter"] = data["drafter"]
        elif data["meeting"] is not None:
            fields["drafter"] = data["meeting"].drafter
        return fields


def upper_documents_of(meeting: Meeting | None):
    """The upper-level documents given with `meeting`: those a resolution adopted there implements."""
    if meeting is None:
        return MeetingDocument.objects.none()
    return MeetingDocument.objects.filter(meeting=meeting, kind=DocumentKind.UPPER).order_by("id")


class ItemForm(forms.Form):
    """One item (R15): content, requirement, measures, deadline (R20), assignee, co-assignees, supervisor.

    The deadline is either typed as people write it ("ngay", "trong tháng", "trong quý", dd/mm/yyyy)
    or chosen with the kind and the date; the typed text wins.
    """

    content = forms.CharField(
        max_length=SHORT_TEXT, label=gettext_lazy("Content"), widget=forms.Textarea(attrs={"rows": 3})
    )
    requirement = forms.CharField(
        max_length=SHORT_TEXT,
        label=gettext_lazy("Requirement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    measures = forms.CharField(
        max_length=SHORT_TEXT,
        label=gettext_lazy("Implementation measures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline_text = forms.CharField(
        label=gettext_lazy("Completion time, as written"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("“ngay”, “trong tháng”, “trong quý” or a date dd/mm/yyyy; or choose below."),
    )
    deadline_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of completion time"), choices=DeadlineKind.choices, initial=DeadlineKind.DATE
    )
    deadline = DateField(label=gettext_lazy("Completion date"), required=False)
    assignee = forms.TypedChoiceField(
        label=gettext_lazy("Person in charge"), required=False, coerce=int, empty_value=None
    )
    co_assignees = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Co-assignees"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    supervisor = forms.TypedChoiceField(
        label=gettext_lazy("Person who inspects and urges"), required=False, coerce=int, empty_value=None
    )
    related_units = forms.CharField(label=gettext_lazy("Related units"), required=False, max_length=500)

    def __init__(self, *args, committee: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = {p.pk: p for p in committee}
        for name in ("assignee", "supervisor"):
            self.fields[name].choices = _people_choices(committee, _("(not chosen yet)"))
        self.fields["co_assignees"].choices = _people_choices(committee, None)

    def _person(self, name: str) -> Person | None:
        pk = self.cleaned_data[name]
        if pk is None:
            return None
        if pk not in self.committee:
            raise ValidationError(_("Choose a member of the committee."))
        return self.committee[pk]

    def clean_assignee(self) -> Person | None:
        return self._person("assignee")

    def clean_supervisor(self) -> Person | None:
        return self._person("supervisor")

    def clean_co_assignees(self) -> list[Person]:
        return [self.committee[pk] for pk in self.cleaned_data["co_assignees"] if pk in self.committee]

    def clean(self):
        data = super().clean()
        text = data.get("deadline_text", "").strip()
        if text:
            try:
                data["deadline_kind"], data["deadline"] = deadlines.parse(text)
            except ValueError as error:
                self.add_error(
                    "deadline_text",
                    _("Completion time: %(error)s") % {"error": error},
                )
        elif data.get("deadline_kind") != DeadlineKind.DATE:
            # A relative deadline is resolved from the meeting (then from the day of issue).
            data["deadline"] = None
        assignee = data.get("assignee")
        if assignee is not None and assignee in data.get("co_assignees", []):
            data["co_assignees"] = [p for p in data["co_assignees"] if p != assignee]
        return data

    def item_fields(self) -> dict:
        """The cleaned values as services.save_item takes them."""
        data = self.cleaned_data
        return {
            "content": data["content"].strip(),
            "requirement": data["requirement"].strip(),
            "measures": data["measures"].strip(),
            "deadline_kind": data["deadline_kind"],
            "deadline": data["deadline"],
            "assignee": data["assignee"],
            "supervisor": data["supervisor"],
            "related_units": data["related_units"].strip(),
            "co_assignees": data["co_assignees"],
        }


class VersionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=255)


class IssueForm(forms.Form):
    """The classification given at issue (#17.1): MẬT or TỐI MẬT, and who may read it then."""

    confidentiality = forms.ChoiceField(
        label=gettext_lazy("Confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.NONE,
        required=False,  # not given: not classified
    )
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Who may read it"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Only for a classified resolution: its page, items, search results and files are shown to these "
            "roles alone; those who carry or supervise an item still see their item."
        ),
    )

    def clean(self):
        data = super().clean()
        data["confidentiality"] = data.get("confidentiality") or Confidentiality.NONE
        if data["confidentiality"] != Confidentiality.NONE and not data.get("roles"):
            self.add_error("roles", _("A classified resolution names who may read it."))
        return data


class CorrectionForm(forms.Form):
    mode = forms.ChoiceField(label=gettext_lazy("Correction"), choices=Correction.choices)


class ListFilterForm(forms.Form):
    """Filters of an organization's resolutions; anything malformed is ignored rather than refused."""

    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *ResolutionKind.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *ResolutionStatus.choices],
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        # A select of the years that have resolutions; another year typed in the address still filters.
        self.fields["year"].widget = forms.Select(
            choices=[("", _("All years")), *((y, str(y)) for y in years)]
        )

    def filters(self) -> dict:
        """The valid filters; an invalid one is dropped, the others still apply."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class PlanForm(forms.Form):
    objectives = forms.CharField(
        max_length=LONG_TEXT,
        label=gettext_lazy("Objectives and requirements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    notes = forms.CharField(
        max_length=LONG_TEXT,
        label=gettext_lazy("Points of attention"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PlanRowForm(forms.Form):
    content = forms.CharField(
        max_length=SHORT_TEXT, label=gettext_lazy("Content"), widget=forms.Textarea(attrs={"rows": 3})
    )
    method = forms.CharField(
        max_length=SHORT_TEXT,
        label=gettext_lazy("Method"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    who = forms.CharField(label=gettext_lazy("Who"), required=False, max_length=255)
    when = forms.CharField(label=gettext_lazy("When"), required=False, max_length=120)
    coordination = forms.CharField(label=gettext_lazy("Coordination"), required=False, max_length=255)
