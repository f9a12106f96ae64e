"""Vietnamese by default: the web UI ignores the browser's Accept-Language and follows only the language
chosen with the switch (Django's language cookie); the API keeps honouring Accept-Language."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}


def lang_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_an_english_browser_gets_vietnamese_pages(world, client_for):
    client = client_for(world.secretary)
    response = client.get(reverse("orgs:tree"), headers=ENGLISH_BROWSER)
    assert lang_of(response) == "vi"
    assert "Tổ chức" in response.content.decode()
    assert response["Content-Language"] == "vi"
    # The page depends on the language cookie, not on the browser's languages.
    assert "Cookie" in response["Vary"] and "Accept-Language" not in response["Vary"]


def test_the_login_page_too(client):
    assert lang_of(client.get(reverse("login"), headers=ENGLISH_BROWSER)) == "vi"


def test_the_language_cookie_gives_english(world, client_for):
    client = client_for(world.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("orgs:tree"))
    assert lang_of(response) == "en"
    assert "Organizations" in response.content.decode()
    assert response["Content-Language"] == "en"
    # The cookie wins over the browser either way.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert lang_of(client.get(reverse("orgs:tree"), headers=ENGLISH_BROWSER)) == "vi"
    # A regional variant of a supported language is that language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-us"
    assert lang_of(client.get(reverse("orgs:tree"))) == "en"


def test_an_unknown_cookie_language_falls_back_to_vietnamese(world, client_for):
    client = client_for(world.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert lang_of(client.get(reverse("orgs:tree"), headers=ENGLISH_BROWSER)) == "vi"


def test_the_switch_in_the_top_bar_goes_to_english_and_back(world, client_for):
    client = client_for(world.secretary)
    page = client.get(reverse("orgs:tree"), headers=ENGLISH_BROWSER).content.decode()
    assert f'action="{reverse("set_language")}"' in page and 'value="en"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"}, headers=ENGLISH_BROWSER)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert lang_of(client.get(reverse("orgs:tree"), headers=ENGLISH_BROWSER)) == "en"
    client.post(reverse("set_language"), {"language": "vi", "next": "/"}, headers=ENGLISH_BROWSER)
    assert lang_of(client.get(reverse("orgs:tree"), headers=ENGLISH_BROWSER)) == "vi"


def test_the_api_still_answers_in_the_language_asked_for(world, client):
    english = client.get("/api/dashboard/", headers={"Accept-Language": "en"})
    assert english.status_code == 401
    assert english.json() == {"detail": "A valid API token is required."}
    assert english["Content-Language"] == "en" and "Accept-Language" in english["Vary"]
    vietnamese = client.get("/api/dashboard/")
    assert vietnamese.status_code == 401
    assert vietnamese.json()["detail"] != "A valid API token is required."
    assert vietnamese["Content-Language"] == "vi"
