"""The `api_token` command (used by `make fuzz`): prints a working key once, stores only its hash."""

import io

import pytest
from django.core.management import CommandError, call_command

from nghiquyet.api.models import ApiToken

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_prints_a_working_key(world, client):
    out = io.StringIO()
    call_command("api_token", "bithu", "--name", "fuzz", stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("nq_")
    token = ApiToken.objects.get(user=world.secretary)
    assert token.name == "fuzz" and token.key_hash != key
    assert ApiClient(client, key).get("/api/orgs/").status_code == 200


def test_unknown_or_inactive_user_is_refused(world):
    with pytest.raises(CommandError):
        call_command("api_token", "nobody")
    world.secretary.is_active = False
    world.secretary.save(update_fields=["is_active"])
    with pytest.raises(CommandError):
        call_command("api_token", "bithu")
    assert not ApiToken.objects.exists()
