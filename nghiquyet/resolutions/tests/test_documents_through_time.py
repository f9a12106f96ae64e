"""R39: every record keeps the organization as it was when it was made. A document's issuer block names the
organization and the body above it as they were on the document's date: a 2024 resolution of an
organization that passed from the bloc to the committee founded in February 2025 keeps the bloc over it,
one of 2026 the new committee; a renamed organization issues under its name of the day."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from nghiquyet.documents import party
from nghiquyet.oversight.tests.test_dashboard_through_time import (
    move_g2_to_a_new_committee,
    rename_g1,
)
from nghiquyet.resolutions.documents_context import resolution_document
from nghiquyet.resolutions.models import Resolution

from .test_successor_numbering import _issued_on


def _document(org, day, number):
    """The document of an issued resolution of `org` dated `day`, read back as the pages read it."""
    return resolution_document(Resolution.objects.get(pk=_issued_on(org, day, number).pk))


@pytest.mark.django_db
def test_r39_a_document_names_its_superior_and_issuer_as_they_were_on_its_date(world, client_for):
    successor, officer = move_g2_to_a_new_committee(world)
    old = _document(world.g2, dt.date(2024, 6, 10), 6)
    new = _document(world.g2, dt.date(2026, 3, 10), 2)
    assert old.superior == world.bloc.name != successor.name
    assert new.superior == successor.name
    assert old.issuer == new.issuer == party.issuer_name(world.g2)
    # The page shows the document as the file prints it.
    client = client_for(officer)
    for document, resolution in (
        (old, Resolution.objects.get(number=6)),
        (new, Resolution.objects.get(number=2)),
    ):
        html = client.get(reverse("resolutions:resolution", args=[resolution.pk])).content.decode()
        head = re.search(r'<div class="doc-head">(.*?)<div class="party">', html, re.S).group(1)
        assert f'<div class="superior">{document.superior}</div>' in head
        assert f'<div class="issuer">{document.issuer}</div>' in head


@pytest.mark.django_db
def test_r39_a_renamed_organization_issued_its_earlier_documents_under_its_former_name(world):
    former = party.issuer_name(world.g1)
    rename_g1(world)
    before = _document(world.g1, dt.date(2024, 6, 10), 6)
    after = _document(world.g1, dt.date(2026, 3, 10), 2)
    assert before.issuer == former
    assert after.issuer == "Đảng ủy Sở Tư pháp và Nội vụ"
    assert before.superior == after.superior == world.bloc.name
