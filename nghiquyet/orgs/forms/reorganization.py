"""The reorganization form (R39): the decision, what it does to which organizations, and the new ones."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from nghiquyet.lib.forms import SHORT_TEXT

from ..models import Organization, OrgKind, ReorganizationKind
from ..services import NewOrg, Spec

MAX_PARTS = 20


class ReorganizationForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ReorganizationKind.choices)
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=40)
    decision_date = forms.DateField(
        label=gettext_lazy("Decision date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_date = forms.DateField(
        label=gettext_lazy("Effective date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sources = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organizations reorganized"), queryset=Organization.objects.none(), required=False
    )
    target = forms.ModelChoiceField(
        label=gettext_lazy("Upper body or successor"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "The new upper body of a move or a creation; the organization a merge goes into; the successor of "
            "a dissolution."
        ),
    )
    new_name = forms.CharField(label=gettext_lazy("New name"), max_length=255, required=False)
    parts = forms.CharField(
        label=gettext_lazy("New organizations"),
        max_length=SHORT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: code | name. For a creation, a merge into a new one, a split."),
    )
    new_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of the new organizations"),
        choices=[("", "—"), *OrgKind.choices],
        required=False,
        help_text=gettext_lazy("Empty: the kind of the organization they come from."),
    )

    def __init__(self, *args, issuer: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.issuer = issuer
        under = Organization.objects.subtree(issuer).filter(active_to__isnull=True).order_by("path")
        self.fields["sources"].queryset = under.exclude(pk=issuer.pk)
        self.fields["target"].queryset = under

    def clean_parts(self) -> list[NewOrg]:
        parts = []
        for number, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, name = line.partition("|")
            if not sep or not code.strip() or not name.strip():
                raise ValidationError(
                    gettext("Line {number}: write the code, a vertical bar, then the name.").format(
                        number=number
                    )
                )
            parts.append(NewOrg(code.strip().upper(), name.strip()))
        if len(parts) > MAX_PARTS:
            raise ValidationError(gettext("At most {count} new organizations.").format(count=MAX_PARTS))
        return parts

    def spec(self, assignment: dict[str, dict[int, int]] | None = None) -> Spec:
        data = self.cleaned_data
        kind = data["new_kind"]
        parts = [
            NewOrg(
                p.code,
                p.name,
                kind,
                "CB"
                if kind in (OrgKind.GRASSROOTS_CELL, OrgKind.SUBORDINATE_CELL)
                else ("ĐU" if kind else ""),
            )
            for p in data["parts"]
        ]
        return Spec(
            kind=data["kind"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            issuer=self.issuer,
            effective_date=data["effective_date"],
            sources=list(data["sources"]),
            target=data["target"],
            new_name=data["new_name"],
            parts=parts,
            assignment=assignment or {},
        )
