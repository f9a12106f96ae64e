"""Documents fixtures: G1's December 2026 meeting adopted its resolution (`draft`, from the resolutions
fixtures); `issued` is that resolution issued on 5 December 2026, the day after, by G1's secretary, and archived. Files go
to a temporary media directory; English is the interface language so assertions do not depend on the
Vietnamese catalogue (the documents themselves are Vietnamese whatever the language)."""

import datetime as dt

import pytest
from django.utils import timezone

from nghiquyet.resolutions import documents_context as resolution_documents
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions.tests.conftest import adopted_meeting, committee, day_after_meeting, draft, meeting  # noqa: F401
from nghiquyet.testing.clock import HANOI

ISSUE_DAY = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def tmp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def issued(draft, committee, pinned_clock):  # noqa: F811
    """Issued on its day (a resolution is never issued with a date still to come, R45): the clock moves
    there, unless the test's own `now` is later."""
    moment = dt.datetime.combine(ISSUE_DAY, dt.time(10, 0), tzinfo=HANOI)
    if timezone.now() < moment:
        pinned_clock.move_to(moment)
    return resolution_services.issue(draft, signer=committee.members[0], on=ISSUE_DAY)


@pytest.fixture
def archived(issued, world):
    return resolution_documents.archive_resolution(issued, by=world.secretary)
