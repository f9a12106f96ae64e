"""R39: the dashboard of a past period names each organization as it was named at the end of that period;
the period after its renaming shows the new name."""

import datetime as dt

import pytest
from django.urls import reverse

from nghiquyet.orgs.models import ReorganizationKind
from nghiquyet.orgs.services import Spec, reorganize


@pytest.mark.django_db
def test_r39_a_past_period_shows_the_names_of_that_period(world, client_for):
    reorganize(
        Spec(
            kind=ReorganizationKind.RENAME,
            decision_number="30-QĐ/ĐUK",
            decision_date=dt.date(2025, 2, 3),
            issuer=world.bloc,
            effective_date=dt.date(2025, 2, 7),
            sources=[world.g1],
            new_name="Đảng bộ Sở Tư pháp và Nội vụ",
        )
    )
    client = client_for(world.btc)
    dashboard = reverse("oversight:dashboard")
    january = client.get(dashboard, {"period": "month", "year": 2025, "number": 1}).content.decode()
    march = client.get(dashboard, {"period": "month", "year": 2025, "number": 3}).content.decode()
    assert "Đảng bộ Sở Tư pháp<" in january and "Đảng bộ Sở Tư pháp và Nội vụ" not in january
    assert "Đảng bộ Sở Tư pháp và Nội vụ" in march
