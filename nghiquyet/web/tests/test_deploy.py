"""Production settings: `check --deploy` is clean with DEBUG off, and collectstatic builds the hashed,
compressed files whitenoise serves."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings


def _manage(tmp_path, *args, **env):
    # Not the test process's own switches (the browser tests allow sync ORM calls in an event loop).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "NGHIQUYET_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_reports_no_issues_in_production(tmp_path):
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_a_debug_production(tmp_path):
    """The check is real: the technical pages asked for (DEBUG_PAGES=1 on a local set-up) are reported,
    and the local set-up itself (plain HTTP) is no production."""
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", DEBUG="1", DEBUG_PAGES="1")
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout
    local = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", DEBUG="1")
    assert local.returncode != 0
    assert "security.W008" in local.stderr + local.stdout  # no redirect to HTTPS
    assert "security.W018" not in local.stderr + local.stdout  # but no technical pages either


def test_collectstatic_builds_hashed_compressed_files(tmp_path):
    result = _manage(tmp_path, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    static = tmp_path / "static"
    assert (static / "staticfiles.json").exists()
    assert list(static.glob("web/app.*.css"))
    assert list(static.glob("web/app.*.css.gz"))
    assert list(static.glob("ninja/swagger-ui-bundle.*.js"))


def test_a_misspelt_yes_or_no_setting_stops_the_start(monkeypatch):
    """SECURE_COOKIES=ture must not quietly mean insecure cookies (fail loud, as healthchecks does)."""
    from django.core.exceptions import ImproperlyConfigured

    from nghiquyet.settings import env_bool, env_int

    for value, expected in (
        ("1", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("off", False),
        ("", True),
    ):
        monkeypatch.setenv("SECURE_COOKIES", value)
        assert env_bool("SECURE_COOKIES", True) is expected, value
    monkeypatch.setenv("SECURE_COOKIES", "ture")
    with pytest.raises(ImproperlyConfigured, match="SECURE_COOKIES='ture'"):
        env_bool("SECURE_COOKIES", False)
    monkeypatch.setenv("HUEY_WORKERS", "two")
    with pytest.raises(ImproperlyConfigured, match="HUEY_WORKERS"):
        env_int("HUEY_WORKERS", 2)
