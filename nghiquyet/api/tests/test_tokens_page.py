"""The "API tokens" page: one's own tokens only; the key is shown once; revoking stops it at once."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from nghiquyet.api import services
from nghiquyet.api.models import ApiToken

from .conftest import ApiClient

pytestmark = pytest.mark.django_db
URL = reverse("api_tokens:list")


def test_page_needs_login(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_page_lists_only_ones_own_tokens(world, client_for):
    services.create_token(world.secretary, "Văn phòng điện tử")
    services.create_token(world.outsider, "Ứng dụng của Ban Dân tộc")
    html = client_for(world.secretary).get(URL).content.decode()
    assert "Văn phòng điện tử" in html
    assert "Ứng dụng của Ban Dân tộc" not in html


def test_create_shows_the_key_once_and_it_works(world, client_for, client):
    browser = client_for(world.secretary)
    response = browser.post(URL, {"name": "Văn phòng điện tử"})
    assert response.status_code == 201
    key = response.context["new_key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=world.secretary)
    assert token.name == "Văn phòng điện tử"
    # Shown once: the list afterwards has the prefix only.
    html = browser.get(URL).content.decode()
    assert token.prefix in html
    assert key not in html
    client.logout()
    assert ApiClient(client, key).get("/api/orgs/").status_code == 200


def test_create_without_a_name_names_the_field(world, client_for):
    response = client_for(world.secretary).post(URL, {"name": "  "})
    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_revoke_own_token(world, client_for):
    token, _key = services.create_token(world.secretary, "Văn phòng điện tử")
    response = client_for(world.secretary).post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_another_users_token(world, client_for):
    token, _key = services.create_token(world.outsider, "Ứng dụng của Ban Dân tộc")
    response = client_for(world.secretary).post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_needs_post(world, client_for):
    token, _key = services.create_token(world.secretary, "Văn phòng điện tử")
    assert client_for(world.secretary).get(reverse("api_tokens:revoke", args=[token.pk])).status_code == 405


def test_administrator_revokes_a_leaked_token_in_the_admin(world, client_for):
    token, _key = services.create_token(world.outsider, "Ứng dụng của Ban Dân tộc")
    admin = get_user_model().objects.create_superuser("quantri", password="x-quantri-2026")
    response = client_for(admin).post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client_for(admin).get(reverse("admin:api_apitoken_add")).status_code == 403
