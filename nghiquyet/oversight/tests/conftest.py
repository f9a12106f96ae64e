"""Fixtures of the upper level's work on top of the shared `world`.

- `standing`: the bloc's Standing Committee with one member, `btv` (directs, like the Organization Board);
- `english`: pages in English, the source language, so assertions do not depend on the catalogue;
- `urls_status`: the status codes a persona gets on a list of (method, url, data).
"""

from types import SimpleNamespace

import pytest

from nghiquyet.orgs.models import BodyKind
from nghiquyet.orgs.tests.factories import BodyFactory, BodyStaffFactory, PersonFactory, UserFactory


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def tmp_media(settings, tmp_path):
    """Concluded inspections archive their DOCX: the files go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def standing(world):
    body = BodyFactory(org=world.bloc, kind=BodyKind.STANDING_COMMITTEE, name="Ban Thường vụ Đảng ủy Khối")
    person = PersonFactory(full_name="Phan Văn Khải", home_org=world.office, user=UserFactory(username="btv"))
    BodyStaffFactory(body=body, person=person)
    return SimpleNamespace(body=body, person=person, user=person.user)


def status_of(client, method: str, url: str, data: dict | None = None) -> int:
    response = getattr(client, method)(url, data or {})
    return response.status_code
