"""The forms of the member import and export pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from .. import xlsx


class MemberUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel workbook (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{xlsx.CONTENT_TYPE}"}),
    )
