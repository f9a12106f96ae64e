"""Digital signatures (R42): an issued resolution's archived PDF signed by its signer with a key on a real
PKCS#11 token (SoftHSM2, made for the session with a test CA), or from a PKCS#12 file; verified with
pyHanko's validator, on the verification page and by `manage.py verify_signature`; one byte changed is
found. The signed copy is chained (`verify_archive`); a system facing the Internet never signs or sends a
classified document.

Personas: G1's secretary signed the resolution at issuance (its named signer); G1's committee member sees
it but may not sign it (403); the outsider (G2's secretary) does not see it (404)."""

import hashlib
import io
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from nghiquyet.documents import archive, rendering, signing
from nghiquyet.documents.models import Confidentiality, SignedCopy
from nghiquyet.documents.tests.conftest import SIGNER
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.testing import clock, tokens

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("nghiquyet.documents.tests.urls_for_tests"),
    pytest.mark.usefixtures("english"),
    # CI installs LibreOffice (.ci/run), so there these tests always run: the PDF signed is the archived one.
    pytest.mark.skipif(
        rendering.soffice_path() is None and not os.environ.get("CI"),
        reason="LibreOffice is not installed here",
    ),
]


@pytest.fixture
def signed(archived, world, token):
    return signing.sign_archived(archived, person_id=world.people.secretary.pk, by=world.secretary)


def _read(attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def _tampered(data: bytes) -> bytes:
    """One byte of the page content changed: inside what the signature covers."""
    changed = bytearray(data)
    at = data.index(b"stream", len(data) // 4) + 40
    changed[at] ^= 0x01
    return bytes(changed)


def _validate(data: bytes, ca_pem):
    sig = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures[0]
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_pem))], allow_fetching=False)
    return validate_pdf_signature(sig, context)


# ---------------------------------------------------------------- signing


def test_r42_signed_resolution_verifies_with_pyhanko_and_fails_after_tampering(signed, archived, token):
    data = _read(signed.pdf)
    status = _validate(data, token.ca_pem)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == SIGNER
    assert signed.level == "PAdES B-B" and signed.signer_name == SIGNER
    assert signed.unsigned_sha256 == archived.pdf.sha256 != signed.pdf.sha256

    tampered = _validate(_tampered(data), token.ca_pem)
    assert not tampered.intact


def test_r42_visible_signature_sits_in_the_signers_place_on_the_last_page(signed):
    reader = PdfReader(io.BytesIO(_read(signed.pdf)))
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", []) if a.get_object().get("/FT") == "/Sig"]
    assert len(widgets) == 1
    x1, y1, x2, y2 = (float(v) for v in widgets[0]["/Rect"])
    assert x2 - x1 > 100 and y2 - y1 >= signing.BOX_MIN_HEIGHT
    runs = []
    last.extract_text(
        visitor_text=lambda text, cm, tm, *_: runs.append((text.strip(), tm[4] + cm[4], tm[5] + cm[5]))
    )
    name = next(r for r in runs if r[0] == SIGNER)
    title = next(r for r in runs if r[0] == "BÍ THƯ")
    # Between the signer's title and printed name, over the name's column.
    assert name[2] < y1 < y2 <= title[2]
    assert x1 < name[1] + 40 < x2


def test_r42_signing_with_a_pkcs12_file_asks_the_passphrase_when_not_configured(
    archived, world, token, settings
):
    settings.SIGNING_PKCS11_MODULE = ""
    settings.SIGNING_PKCS12_FILE = str(token.signer_p12)
    settings.SIGNING_PKCS12_PASSPHRASE = ""
    assert signing.key_source() == "pkcs12" and signing.needs_secret()
    with pytest.raises(signing.SigningError):
        signing.sign_archived(archived, person_id=world.people.secretary.pk, secret="sai")
    assert not SignedCopy.objects.exists()
    copy = signing.sign_archived(archived, person_id=world.people.secretary.pk, secret=tokens.PASSPHRASE)
    assert _validate(_read(copy.pdf), token.ca_pem).intact


def test_r42_a_wrong_pin_signs_nothing(archived, world, token, settings):
    settings.SIGNING_PKCS11_PIN = ""
    with pytest.raises(signing.SigningError):
        signing.sign_archived(archived, person_id=world.people.secretary.pk, secret="000000")
    assert not SignedCopy.objects.exists()


def test_r42_only_the_named_signer_signs_and_only_once(archived, world, token):
    with pytest.raises(PermissionDenied):
        signing.sign_archived(archived, person_id=world.people.committee_member.pk)
    signing.sign_archived(archived, person_id=world.people.secretary.pk)
    with pytest.raises(PermissionDenied):
        signing.sign_archived(archived, person_id=world.people.secretary.pk)
    assert SignedCopy.objects.count() == 1


def test_r42_timestamp_service_makes_it_b_lt(settings):
    assert signing.level() == "PAdES B-B"
    settings.SIGNING_TIMESTAMP_URL = "http://tsa.example.invalid/"
    assert signing.level() == "PAdES B-LT"


# ---------------------------------------------------------------- the chain


def test_r21_r42_signed_copy_is_chained_and_verify_archive_finds_a_changed_signed_file(signed, archived):
    assert archive.verify() == [] and signing.verify_copies() == []
    assert signed.seq == 1 and signed.prev_sha256 == ""
    assert signed.chain_sha256 == signing.seal(signed, archived.chain_sha256, signed.pdf.sha256)
    call_command("verify_archive")  # intact: no error
    data = _read(signed.pdf)
    with open(signed.pdf.file.path, "wb") as handle:
        handle.write(_tampered(data))
    problems = signing.verify_copies()
    assert [p.problem for p in problems] == ["the signed PDF is missing or no longer matches its SHA-256"]
    with pytest.raises(CommandError):
        call_command("verify_archive")


def test_r42_signed_copies_are_append_only(signed):
    with pytest.raises(ImmutableError):
        signed.save()
    with pytest.raises(ImmutableError):
        SignedCopy.objects.all().update(level="x")
    with pytest.raises(ImmutableError):
        signed.delete()


# ---------------------------------------------------------------- pages


def test_r42_signer_signs_on_the_page_and_recipients_download_the_signed_pdf(
    archived, world, token, client_for
):
    client = client_for(world.secretary)
    page = client.get(reverse("documents:archived", args=[archived.pk]))
    assert reverse("documents:sign", args=[archived.pk]) in page.content.decode()
    assert client.get(reverse("documents:sign", args=[archived.pk])).status_code == 200
    response = client.post(reverse("documents:sign", args=[archived.pk]))
    assert response.status_code == 302
    copy = SignedCopy.objects.get(document=archived)
    # A recipient (the committee member) downloads the signed PDF.
    download = client_for(world.committee_member).get(
        reverse("documents:archived_file", args=[archived.pk, "pdf"])
    )
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == copy.pdf.sha256
    detail = client.get(reverse("documents:archived", args=[archived.pk])).content.decode()
    assert "Signed by" in detail and SIGNER in detail
    assert reverse("documents:sign", args=[archived.pk]) not in detail  # signed once


def test_r42_others_may_not_sign(archived, world, token, client_for):
    url = reverse("documents:sign", args=[archived.pk])
    assert client_for(world.committee_member).post(url).status_code == 403
    assert client_for(world.outsider).post(url).status_code == 404
    assert not SignedCopy.objects.exists()


def test_r42_the_page_asks_for_the_pin_when_the_settings_hold_none(
    archived, world, token, settings, client_for
):
    settings.SIGNING_PKCS11_PIN = ""
    client = client_for(world.secretary)
    url = reverse("documents:sign", args=[archived.pk])
    response = client.post(url, {"secret": ""})
    assert response.status_code == 200 and "Type the PIN" in response.content.decode()
    response = client.post(url, {"secret": "000000"})
    assert "could not be opened" in response.content.decode()
    assert client.post(url, {"secret": tokens.PIN}).status_code == 302
    assert SignedCopy.objects.filter(document=archived).exists()


def test_r42_verification_page_shows_signer_chain_time_and_alteration(
    signed, world, client_for, django_assert_max_num_queries
):
    client = client_for(world.committee_member)
    url = reverse("documents:verify")
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    data = _read(signed.pdf)
    page = client.post(url, {"file": SimpleUploadedFile("nq.pdf", data, "application/pdf")}).content.decode()
    assert 'id="unchanged"' in page and SIGNER in page and "CA thử nghiệm nghiquyet" in page
    assert 'id="archived-copy"' in page
    assert signed.signed_at.astimezone(clock.HANOI).strftime("%d/%m/%Y") in page
    page = client.post(url, {"file": SimpleUploadedFile("nq.pdf", _tampered(data), "application/pdf")})
    assert 'id="altered"' in page.content.decode()
    picked = client.post(url, {"document": signed.document_id}).content.decode()
    assert 'id="unchanged"' in picked


def test_r42_verification_page_names_bad_input(signed, world, client_for):
    client = client_for(world.committee_member)
    url = reverse("documents:verify")
    assert "Choose a PDF file" in client.post(url, {}).content.decode()
    page = client.post(url, {"file": SimpleUploadedFile("a.txt", b"hello", "text/plain")}).content.decode()
    assert "a.txt" in page
    # Another organization's signed document is not offered, and picking it anyway finds nothing.
    outsider = client_for(world.outsider)
    assert outsider.post(url, {"document": signed.document_id}).status_code == 200
    assert 'id="unchanged"' not in outsider.post(url, {"document": signed.document_id}).content.decode()


def test_r42_verify_signature_command(signed, tmp_path):
    good = tmp_path / "signed.pdf"
    good.write_bytes(_read(signed.pdf))
    out = io.StringIO()
    call_command("verify_signature", str(good), stdout=out)
    assert SIGNER in out.getvalue() and "Unchanged since it was signed." in out.getvalue()
    bad = tmp_path / "altered.pdf"
    bad.write_bytes(_tampered(good.read_bytes()))
    with pytest.raises(CommandError, match="ALTERED"):
        call_command("verify_signature", str(bad), stdout=io.StringIO())


# ---------------------------------------------------------------- Internet-facing systems


def test_r42_an_internet_facing_system_never_signs_or_sends_classified_documents(
    archived, world, token, settings, in_english
):
    settings.INTERNET_FACING = True
    assert not archived.is_classified
    assert signing.refusal(archived, world.people.secretary.pk) == ""
    archived.confidentiality = Confidentiality.SECRET  # in memory only: the rule looks at the document
    assert "classified" in signing.refusal(archived, world.people.secretary.pk)
    with pytest.raises(ValidationError) as error:
        archive.archive(
            org_id=1,
            org_code="X",
            org_path="/x/",
            doc_type="resolution",
            title="Mật",
            issued_on=clock.TODAY,
            canonical_text="…",
            docx=b"PK",
            filename="x.docx",
            source_kind="test",
            source_id=1,
            confidentiality=Confidentiality.SECRET,
            roles=["secretary"],
        )
    assert "confidentiality" in error.value.message_dict


def test_r42_an_unsigned_or_broken_pdf_is_said_so(signed, archived, world, client_for):
    client = client_for(world.committee_member)
    url = reverse("documents:verify")
    unsigned = _read(archived.pdf)
    page = client.post(
        url, {"file": SimpleUploadedFile("nq.pdf", unsigned, "application/pdf")}
    ).content.decode()
    assert 'id="unsigned"' in page
    cut = _read(signed.pdf)[: len(unsigned) // 2]  # a signed file cut in half
    result = signing.verify_pdf(cut)
    assert result.altered


def test_r42_the_resolution_page_download_is_the_signed_pdf(signed, issued, world, client_for):
    response = client_for(world.committee_member).get(
        reverse("resolutions:document", args=[issued.pk, "pdf"])
    )
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == signed.pdf.sha256
