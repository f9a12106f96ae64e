"""The Vietnamese catalogue: complete, compiled, and in step with the code's strings."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "nghiquyet" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(po):
    return [e for e in po if not e.obsolete]


def test_every_ui_string_has_a_vietnamese_translation():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in _entries(po) if not e.translated()]
    fuzzy = [e.msgid for e in _entries(po) if "fuzzy" in e.flags]
    assert missing == []
    assert fuzzy == []


def test_compiled_catalogue_is_not_stale():
    po = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in _entries(polib.pofile(str(PO)))}
    mo = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO)) if e.msgid}
    assert mo == po, "django.mo is stale: run `make messages`"


def test_catalogue_holds_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the code finds no string that the committed catalogue lacks."""
    shutil.copytree(
        settings.BASE_DIR / "nghiquyet",
        tmp_path / "nghiquyet",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po", "vendor", "tests"),
    )
    shutil.copy(settings.BASE_DIR / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "NGHIQUYET_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": "sqlite:///:memory:"}
    subprocess.run(
        [sys.executable, "../manage.py", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=tmp_path / "nghiquyet",
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(tmp_path / "nghiquyet/locale/vi/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in _entries(polib.pofile(str(PO)))}
    assert sorted(extracted - committed) == [], "new UI strings: run `make messages` and translate them"
    assert sorted(committed - extracted) == [], "the catalogue has strings the code no longer uses"
