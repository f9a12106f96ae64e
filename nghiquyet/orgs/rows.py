"""Validation of one row of an imported member workbook (R01): a Django form used as a validator by the
import service — no page shows it — with the sheet's date and label fields."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.lib.vietnamese import fold, nfc

from . import xlsx
from .models import Organization, Person

ADULT_AGE = 18


class SheetDateField(forms.DateField):
    """A date cell: an Excel date, or text dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd.

    A date may not lie in the future, nor before 1900 (a two-digit year typed as a four-digit one).
    """

    input_formats = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in self.input_formats:
            try:
                parsed = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
            except ValueError:
                continue
            if parsed.year >= 1900:
                return parsed
        raise ValidationError(
            _("“%(value)s” is not a valid date (dd/mm/yyyy)."), code="invalid", params={"value": text}
        )

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(
                _("%(value)s is in the future."), code="future", params={"value": value.strftime("%d/%m/%Y")}
            )


class LabelChoiceField(forms.Field):
    """A choice written as its Vietnamese label, in any case, with or without diacritics.

    The stored value itself ("male", "master") is accepted too. An empty cell gives `empty_value`.
    """

    def __init__(self, labels: dict[str, str], *, empty_value: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.labels = labels
        self.empty_value = empty_value
        self.lookup = {fold(label): value for value, label in labels.items()}
        self.lookup.update({str(value): value for value in labels})

    def to_python(self, value):
        if value in self.empty_values:
            return self.empty_value
        text = str(value).strip()
        choice = self.lookup.get(fold(text))
        if choice is None:
            raise ValidationError(
                _("“%(value)s” is not one of: %(choices)s."),
                code="invalid_choice",
                params={"value": text, "choices": ", ".join(self.labels.values())},
            )
        return choice


def _default(field_name: str) -> str:
    return Person._meta.get_field(field_name).get_default()


def _empty_means(labels: dict[str, str], field_name: str):
    """Help text naming the level an empty cell stands for, translated when shown."""
    return lazy(lambda: _("Empty means “%(default)s”.") % {"default": labels[_default(field_name)]}, str)()


class MemberRowForm(forms.ModelForm):
    """One row of a member workbook, validated as a new `Person` would be (model rules included).

    `subtree` maps codes to the organizations under the importing one, loaded once for the whole file,
    so a row costs no query. After `is_valid()`, `instance` is the unsaved person and `warnings` lists
    (field, message) pairs that do not block the import.
    """

    gender = LabelChoiceField(xlsx.GENDER_LABELS, label=gettext_lazy("gender"))
    birth_date = SheetDateField(required=False, help_text=gettext_lazy("Not in the future."))
    party_entry_date = SheetDateField(
        required=False, help_text=gettext_lazy("After the date of birth; a warning below the age of 18.")
    )
    full_membership_date = SheetDateField(
        required=False, help_text=gettext_lazy("Not before the date of admission.")
    )
    education = LabelChoiceField(
        xlsx.EDUCATION_LABELS,
        empty_value=_default("education"),
        required=False,
        help_text=_empty_means(xlsx.EDUCATION_LABELS, "education"),
    )
    theory = LabelChoiceField(
        xlsx.THEORY_LABELS,
        empty_value=_default("theory"),
        required=False,
        help_text=_empty_means(xlsx.THEORY_LABELS, "theory"),
    )
    cell = forms.CharField(
        max_length=40,
        help_text=gettext_lazy(
            "Code of the party cell where the member is registered; it must lie under the importing organization."
        ),
    )

    class Meta:
        model = Person
        fields = [c.field for c in xlsx.COLUMNS if c.field != "cell"]
        help_texts = {
            "full_name": gettext_lazy("Family name first, as in the Party records."),
            "workplace": gettext_lazy("Free text."),
            "job_title": gettext_lazy("Free text."),
            "email": gettext_lazy("Optional."),
        }

    def __init__(self, data, *, org: Organization, subtree: dict[str, Organization], **kwargs):
        super().__init__(data, **kwargs)
        self.org = org
        self.subtree = subtree
        self.warnings: list[tuple[str, str]] = []

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data["full_name"])

    def clean_cell(self) -> Organization:
        code = self.cleaned_data["cell"].upper()
        found = self.subtree.get(code)
        if found is None:
            # Codes outside the subtree read as unknown: the message does not disclose other units.
            raise ValidationError(
                _("There is no organization with code “%(code)s” under %(org)s."),
                code="unknown_cell",
                params={"code": code, "org": self.org.name},
            )
        if not found.is_cell:
            raise ValidationError(
                _("“%(code)s” is %(kind)s, not a party cell; members are registered in party cells."),
                code="not_a_cell",
                params={"code": code, "kind": found.get_kind_display().lower()},
            )
        # Set before the model's own validation, which checks the member's cell.
        self.instance.home_org = found
        return found

    def clean(self):
        cleaned = super().clean()
        birth, entry = cleaned.get("birth_date"), cleaned.get("party_entry_date")
        if birth and entry and entry > birth:
            age = entry.year - birth.year - ((entry.month, entry.day) < (birth.month, birth.day))
            if age < ADULT_AGE:
                self.warnings.append(
                    (
                        "party_entry_date",
                        _("Admitted at the age of %(age)s, under %(adult)s; please check the dates.")
                        % {"age": age, "adult": ADULT_AGE},
                    )
                )
        return cleaned
