"""Forms of the documents pages: search filters, and the upload of an organization's own template."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.lib.forms import DateField

from .models import DocType, SearchKind, TemplateOverride
from .rendering import Block, OfficialDocument, Signature, render_template_bytes
from .uploads import check_upload, store


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *SearchKind.choices],
    )
    org = forms.CharField(label=gettext_lazy("Organization code"), max_length=40, required=False)
    date_from = DateField(label=gettext_lazy("From"), required=False)
    date_to = DateField(label=gettext_lazy("To"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise ValidationError({"date_to": _("The end of the period is before its start.")})
        return data


class ArchiveFilterForm(forms.Form):
    org = forms.CharField(label=gettext_lazy("Organization code"), max_length=40, required=False)
    doc_type = forms.ChoiceField(
        label=gettext_lazy("Document type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *DocType.choices],
    )


def sample_document(doc_type: str) -> OfficialDocument:
    """A small document of every part a template may use, to try an uploaded template with."""
    return OfficialDocument(
        doc_type=doc_type,
        issuer="Đảng ủy",
        issuer_code="ĐU",
        superior="Đảng bộ",
        number_display="01-NQ/ĐU",
        date=dt.date(2026, 2, 5),
        subject="Thử mẫu",
        blocks=[Block("I. THỬ", heading=True), Block("Nội dung.")],
        rows=[
            {
                "content": "a",
                "method": "b",
                "who": "c",
                "when": "d",
                "coordination": "e",
                "label": "f",
                "count": 1,
                "percent": "100",
            }
        ],
        signatures=[Signature("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn A"), Signature("", "THƯ KÝ", "B")],
        recipients=["Như trên"],
    )


class TemplateOverrideForm(forms.ModelForm):
    """The administrator's upload of an organization's own Word template for one document type."""

    upload = forms.FileField(label=gettext_lazy("Word template (.docx)"), required=False)

    class Meta:
        model = TemplateOverride
        fields = ["org_id", "doc_type", "note"]

    def clean(self):
        data = super().clean()
        uploaded = data.get("upload")
        if uploaded is None:
            if self.instance.pk is None:
                raise ValidationError({"upload": _("Choose the Word template to upload.")})
            return data
        checked = check_upload(uploaded)
        if checked.extension != ".docx":
            raise ValidationError({"upload": _("A template is a Word file (.docx).")})
        try:
            render_template_bytes(checked.data, sample_document(data.get("doc_type") or DocType.RESOLUTION))
        except Exception as exc:  # any template error: Jinja syntax, a broken package
            raise ValidationError(
                {"upload": _("The template cannot be filled: %(error)s") % {"error": exc}}
            ) from exc
        self.checked = checked
        return data

    def save(self, commit=True):
        checked = getattr(self, "checked", None)
        if checked is not None:
            self.instance.attachment = store(checked, getattr(self, "user", None))
        return super().save(commit=commit)
