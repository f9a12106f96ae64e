"""Forms of the signature pages (R42): the PIN or passphrase when the settings hold none, and the PDF to
verify — uploaded, or picked among the signed documents the user may see."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .uploads import check_upload


class SignForm(forms.Form):
    secret = forms.CharField(
        label=gettext_lazy("PIN of the token or passphrase of the certificate"),
        max_length=128,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, needs_secret: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_secret:
            self.fields["secret"].required = True
            self.fields["secret"].error_messages["required"] = _(
                "Type the PIN of the token or the passphrase of the certificate."
            )
        else:
            del self.fields["secret"]


class VerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("A signed PDF"), required=False)
    document = forms.TypedChoiceField(
        label=gettext_lazy("or a signed document of the archive"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, documents: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", "—"), *documents]

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded:
            return None
        checked = check_upload(uploaded)
        if checked.extension != ".pdf":
            raise ValidationError(_("“%(name)s” is not a PDF file."), params={"name": checked.name})
        return checked

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("document"):
            raise ValidationError(_("Choose a PDF file to upload or a signed document of the archive."))
        return data
