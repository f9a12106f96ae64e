from django import forms
from django.utils.translation import gettext_lazy


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What will use the token, e.g. “E-office of the Department of Justice”."),
    )
