"""API tokens: a call without a valid token answers 401; keys are stored hashed and revocable."""

import hashlib

import pytest
from django.db import connection
from django.utils import timezone

from nghiquyet.api import services
from nghiquyet.api.models import ApiToken

from .conftest import ApiClient

pytestmark = pytest.mark.django_db
URL = "/api/orgs/"


def test_no_token_answers_401(world, client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"]


def test_session_login_is_not_an_api_token(world, client_for):
    # The API has no cookies, so no CSRF to defend: a logged-in browser session does not open it.
    assert client_for(world.secretary).get(URL).status_code == 401


@pytest.mark.parametrize("header", ["Bearer nq_wrong", "Bearer ", "Token {key}", "{key}", "Basic {key}"])
def test_wrong_or_malformed_token_answers_401(world, client, header):
    _token, key = services.create_token(world.secretary, "e-office")
    response = client.get(URL, headers={"Authorization": header.format(key=key)})
    assert response.status_code == 401


def test_revoked_token_answers_401(world, client):
    token, key = services.create_token(world.secretary, "e-office")
    api = ApiClient(client, key)
    assert api.get(URL).status_code == 200
    services.revoke_token(token)
    assert api.get(URL).status_code == 401


def test_token_of_a_deactivated_user_answers_401(world, client):
    _token, key = services.create_token(world.secretary, "e-office")
    world.secretary.is_active = False
    world.secretary.save(update_fields=["is_active"])
    assert ApiClient(client, key).get(URL).status_code == 401


def test_401_says_what_is_missing(world, client):
    response = client.get(URL, headers={"Accept-Language": "en"})
    assert response.json() == {"detail": "A valid API token is required."}


def test_key_is_stored_hashed_never_in_plain(world):
    token, key = services.create_token(world.secretary, "e-office")
    assert key.startswith("nq_") and len(key) > 40
    assert token.prefix == key[:8]
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        rows = cursor.fetchall()
    stored = " ".join(str(value) for row in rows for value in row)
    assert key not in stored
    assert key[8:] not in stored


def test_last_use_is_recorded_at_most_once_a_minute(world, client):
    token, key = services.create_token(world.secretary, "e-office")
    assert token.last_used_at is None
    ApiClient(client, key).get(URL)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    services.user_for_key(key, now=first + timezone.timedelta(seconds=30))
    token.refresh_from_db()
    assert token.last_used_at == first
    later = first + timezone.timedelta(minutes=2)
    services.user_for_key(key, now=later)
    token.refresh_from_db()
    assert token.last_used_at == later


def test_token_needs_a_name(world):
    with pytest.raises(Exception) as error:
        services.create_token(world.secretary, "   ")
    assert "name" in error.value.message_dict


def test_docs_and_schema_are_served_without_cdn(client):
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    schema = client.get("/api/openapi.json").json()
    assert "/api/meetings/{meeting_id}/opinions/" in schema["paths"]
