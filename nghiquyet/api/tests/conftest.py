"""API fixtures: a personal token per persona, and a client that sends it.

`api_as(world.secretary)` returns a client whose requests carry `Authorization: Bearer <key>`;
`api_as(None)` sends no token at all.
"""

import pytest

from nghiquyet.api import services


class ApiClient:
    def __init__(self, client, key: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, url, data=None, **headers):
        return self.client.get(url, data, headers={**self.headers, **headers})

    def post(self, url, data, **headers):
        return self.client.post(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )


@pytest.fixture
def api_as(client):
    def make(user, name="Hệ thống văn phòng điện tử"):
        key = services.create_token(user, name)[1] if user is not None else None
        return ApiClient(client, key)

    return make


# The meeting fixtures (G1's committee of nine and its December 2026 meeting) for the meeting endpoints.
from nghiquyet.meetings.tests.conftest import committee, meeting, meeting_day  # noqa: E402, F401

# G1's December meeting adopted and a draft resolution with two items, for the resolution endpoints.
from nghiquyet.resolutions.tests.conftest import adopted_meeting, day_after_meeting, draft  # noqa: E402, F401
