"""In a real browser, in Vietnamese: G1's secretary, the resolution's signer, signs its archived PDF with the
key on the SoftHSM2 token (typing the PIN), downloads the signed PDF, and checks it on the verification
page (R42)."""

import hashlib
import os

import pytest
from playwright.sync_api import expect

from nghiquyet.documents import archive, rendering
from nghiquyet.documents.models import SignedCopy
from nghiquyet.documents.tests.conftest import SIGNER
from nghiquyet.testing import tokens

pytestmark = [
    pytest.mark.browser,
    # CI installs LibreOffice (.ci/run): the PDF signed is the one made from the archived DOCX.
    pytest.mark.skipif(
        rendering.soffice_path() is None and not os.environ.get("CI"),
        reason="LibreOffice is not installed here",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("nghiquyet.documents.tests.urls_for_tests"),
]


def test_r42_signer_signs_downloads_and_verifies_in_the_browser(page, login, archived, token, settings):
    settings.SIGNING_PKCS11_PIN = ""  # the signer types it
    archive.ensure_pdf(archived)  # LibreOffice's conversion done before the page waits for it
    login("bithu")

    page.goto(f"/documents/archive/{archived.pk}/")
    page.click("#sign-link")
    page.fill("#id_secret", tokens.PIN)
    page.click("#sign-form button[type=submit]")
    expect(page.locator("#signature dl")).to_contain_text("PAdES B-B")
    expect(page.locator("#sign-link")).to_have_count(0)
    copy = SignedCopy.objects.get(document=archived)

    with page.expect_download() as download_info:
        page.click("#download-pdf")
    data = download_info.value.path().read_bytes()
    assert hashlib.sha256(data).hexdigest() == copy.pdf.sha256

    page.goto("/documents/verify/")
    page.select_option("#id_document", str(archived.pk))
    page.click("#verify-form button[type=submit]")
    expect(page.locator("#unchanged")).to_be_visible()
    expect(page.locator("#verification")).to_contain_text(SIGNER)
