"""Documents fixtures: G1's December 2026 meeting adopted its resolution (`draft`, from the resolutions
fixtures); `issued` is that resolution issued on 5 December 2026, the day after, by G1's secretary, and archived. Files go
to a temporary media directory; English is the interface language so assertions do not depend on the
Vietnamese catalogue (the documents themselves are Vietnamese whatever the language)."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from nghiquyet.documents import archive
from nghiquyet.resolutions import documents_context as resolution_documents
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions.tests.conftest import adopted_meeting, committee, day_after_meeting, draft, meeting  # noqa: F401
from nghiquyet.testing import clock, tokens
from nghiquyet.testing.clock import HANOI

ISSUE_DAY = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def tmp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def issued(draft, committee, pinned_clock):  # noqa: F811
    """Issued on its day (a resolution is never issued with a date still to come, R45): the clock moves
    there, unless the test's own `now` is later."""
    moment = dt.datetime.combine(ISSUE_DAY, dt.time(10, 0), tzinfo=HANOI)
    if timezone.now() < moment:
        pinned_clock.move_to(moment)
    return resolution_services.issue(draft, signer=committee.members[0], on=ISSUE_DAY)


@pytest.fixture
def archived(issued, world):
    return resolution_documents.archive_resolution(issued, by=world.secretary)


# ---------------------------------------------------------------- digital signatures (R42)

SIGNER = "Nguyễn Văn Bình"  # G1's secretary: the resolution's signer, and the name on the test certificate
_PDFS: dict[str, bytes] = {}


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """The test CA, the signer's certificate and a SoftHSM2 token holding the key: one per session, since a
    PKCS#11 module reads its configuration once per process (hence here, shared by every module)."""
    directory = tmp_path_factory.mktemp("pki")
    made, key = tokens.make_pki(directory, SIGNER, clock.NOW - dt.timedelta(days=365))
    tokens.make_token(directory, made, key)
    return made


@pytest.fixture
def converted_once(monkeypatch):
    """LibreOffice converts one DOCX once per session: the fixtures archive the same resolution each time."""
    convert = archive.convert_to_pdf

    def cached(docx: bytes) -> bytes:
        key = hashlib.sha256(docx).hexdigest()
        if key not in _PDFS:
            _PDFS[key] = convert(docx)
        return _PDFS[key]

    monkeypatch.setattr(archive, "convert_to_pdf", cached)


@pytest.fixture
def token(settings, pki, converted_once):
    """The signing settings pointing at the session's SoftHSM2 token, the PIN given, no time-stamping."""
    settings.SIGNING_PKCS11_MODULE = tokens.SOFTHSM_MODULE
    settings.SIGNING_PKCS11_TOKEN_LABEL = tokens.TOKEN_LABEL
    settings.SIGNING_PKCS11_KEY_LABEL = tokens.KEY_LABEL
    settings.SIGNING_PKCS11_PIN = tokens.PIN
    settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_TIMESTAMP_URL = ""
    settings.SIGNING_TRUST_ROOTS = [str(pki.ca_pem)]
    settings.INTERNET_FACING = False
    return pki
