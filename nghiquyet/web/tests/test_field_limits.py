"""#17.3: no typed field takes unbounded text. Every text field of every form the application shows has a
maximum length (the browser stops typing there, the form says so before anything is saved)."""

import importlib
import pkgutil

import pytest
from django import forms

import nghiquyet


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(nghiquyet.__path__, "nghiquyet."):
        name = module.name
        if ".tests" in name or ".migrations" in name:
            continue
        if ".forms" in name or name.endswith(".views") or ".views." in name:
            importlib.import_module(name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {c for c in subclasses(forms.BaseForm) if c.__module__.startswith("nghiquyet.")},
        key=lambda c: (c.__module__, c.__name__),
    )


def test_r45_every_typed_field_of_every_form_is_bounded():
    found = _project_forms()
    assert len(found) > 40, len(found)
    unbounded = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in found
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert not unbounded, unbounded


def test_r45_a_million_characters_in_an_items_content_are_refused_by_the_form(in_english):
    from nghiquyet.resolutions.forms.drafting import ItemForm

    field = ItemForm.base_fields["content"]
    assert field.widget.attrs.get("maxlength") == str(field.max_length)
    assert field.max_length < 1_000_000
    with pytest.raises(forms.ValidationError) as error:
        field.clean("x" * 1_000_000)
    assert "at most" in str(error.value)
