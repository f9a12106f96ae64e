"""R43: dates are typed and shown dd/mm/yyyy in every form, never the browser's mm/dd/yyyy: one widget
(nghiquyet.lib.forms.DateInput) for every date field, parsed on the server."""

import datetime as dt

import pytest
from django import forms

from nghiquyet.documents.forms import SearchForm
from nghiquyet.lib.forms import DateField
from nghiquyet.meetings.forms.calendar import AddMeetingForm
from nghiquyet.oversight.forms.reports import IssueForm
from nghiquyet.resolutions.forms.drafting import ItemForm


class _Form(forms.Form):
    day = DateField(label="day")


@pytest.mark.parametrize(
    "typed", ["27/11/2026", "2026-11-27", "27-11-2026", "27.11.2026", "27112026", " 27/11/2026 "]
)
def test_r43_a_date_typed_the_vietnamese_way_is_read_day_first(typed):
    form = _Form({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 11, 27)


def test_r43_a_date_in_the_american_order_is_refused_naming_the_format():
    form = _Form({"day": "11/27/2026"})
    assert not form.is_valid()
    # The message shows the expected form (its Vietnamese text: translations-phone.json).
    [message] = form.errors["day"]
    assert "dd/mm/yyyy" in message and "27/11/2026" in message


def test_r43_the_date_box_is_a_text_box_showing_dd_mm_yyyy():
    html = str(_Form(initial={"day": dt.date(2026, 3, 5)})["day"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="05/03/2026"' in html
    assert 'inputmode="numeric"' in html and "placeholder=" in html


@pytest.mark.parametrize(
    ("form_class", "name"),
    [(SearchForm, "date_from"), (AddMeetingForm, "date"), (IssueForm, "issued_on"), (ItemForm, "deadline")],
)
def test_r43_every_app_uses_the_one_date_widget(form_class, name):
    field = form_class.base_fields[name]
    assert isinstance(field, DateField) and field.widget.input_type == "text"
    assert field.widget.format == "%d/%m/%Y"
