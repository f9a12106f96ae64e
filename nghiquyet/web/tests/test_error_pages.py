"""#16.6: a user never sees an English or technical page. Django's technical pages are off unless a
developer asks (DEBUG_PAGES=1); 400, 403, 404 and the CSRF refusal are the application's own pages, in
Vietnamese, in its layout; a request too large to read says what to do and that nothing was saved."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_r45_make_runs_defaults_show_no_technical_page(tmp_path):
    """The settings `make run` uses (DEBUG unset: the local demo) keep Django's debug pages off."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEBUG_PAGES", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env["NGHIQUYET_VAR_DIR"] = str(tmp_path)
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.LOCAL, s.SECURE_SSL_REDIRECT)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "nghiquyet.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["False", "True", "False"], result.stderr
    asked = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "nghiquyet.settings", "DEBUG_PAGES": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert asked.stdout.split()[0] == "True", asked.stderr


def test_r45_an_unknown_address_answers_the_vietnamese_not_found_page(world, client_for):
    response = client_for(world.member).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy" in body and 'href="/"' in body
    assert "URLconf" not in body and "Page not found" not in body


def test_r45_text_too_large_to_read_answers_a_vietnamese_400_saying_nothing_was_saved(
    world, client_for, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client = client_for(world.secretary)
    response = client.post(reverse("password_change"), {"old_password": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "RequestDataTooBig" not in body
    assert "Không có gì được lưu" in body and "1 MB" in body
    # The page has the application's navigation: the user is still in the application.
    assert reverse("resolutions:mine") in body


def test_r45_a_malformed_request_answers_the_vietnamese_400(world, client_for):
    client = client_for(world.secretary)
    # A header Django refuses (SuspiciousOperation → 400): an unknown host.
    response = client.get(reverse("orgs:tree"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in response.content.decode()


def test_r45_an_expired_form_answers_the_vietnamese_csrf_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.secretary)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in body and "CSRF verification failed" not in body


def test_r45_the_favicon_is_served(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
