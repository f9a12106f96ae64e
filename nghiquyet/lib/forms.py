"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

# How much a typed field takes (#17.3: a million characters in an item's content were accepted, and its
# page then took 2 s, its PDF a minute). The browser stops typing there (maxlength), the form says so.
SHORT_TEXT = 3_000  # an item's content, requirement or measures, a topic list, a reason
LONG_TEXT = 30_000  # a section of a resolution or a report, an opinion, notes (a dozen pages)

# Dates are typed and shown dd/mm/yyyy (R43), the Vietnamese order, whatever the browser's language:
# `<input type="date">` shows the browser's own format (mm/dd/yyyy in an English Chromium) and a picker
# that is awkward on a phone. ISO stays accepted for old bookmarks, scripts and the tests' own posts;
# "27.11.2026", "27-11-2026" and "27112026" because a phone's number pad may have no slash.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d%m%Y"]


class DateInput(forms.DateInput):
    """A text box for a date in dd/mm/yyyy, with the phone's number pad (R43)."""

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "numeric",
            "placeholder": gettext_lazy("dd/mm/yyyy"),
            "autocomplete": "off",
            "maxlength": 10,
            "size": 10,
            "class": "date",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    """A date typed dd/mm/yyyy (DATE_INPUT_FORMATS), with an error that shows the expected form."""

    widget = DateInput
    default_error_messages = {
        "invalid": gettext_lazy("Enter a date as dd/mm/yyyy, for example 27/11/2026."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to the field it names when the form has that
    field, above the form otherwise (a refusal of the whole action, or a field the form does not show)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def add_upload_errors(form: forms.Form, error: ValidationError, file_field: str = "file") -> None:
    """Put a refused upload's messages next to the file field: the upload check (its content does not match
    its extension, too large, empty) names no field, and a message above the form is out of view."""
    if hasattr(error, "error_dict"):
        add_service_errors(form, error)
    else:
        form.add_error(file_field if file_field in form.fields else None, error.messages)


def mark_invalid(form: forms.Form) -> None:
    """Mark the fields in error for assistive technology (aria-invalid, the message as description) and
    focus the first one, so the browser scrolls it and its message into view when the page opens."""
    first = True
    for name in form.fields:
        if name not in form.errors:
            continue
        attrs = form.fields[name].widget.attrs
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{form[name].auto_id}-errors"
        if first:
            attrs["autofocus"] = True
            first = False
