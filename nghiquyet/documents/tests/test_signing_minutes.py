"""Digital signatures of signed minutes (R42, R14): the chair and the recorder both sign the archived PDF,
in turn, the second signature added over the first (an incremental update); the archive keeps and
recipients download the twice-signed copy, which pyHanko's validator finds with two valid signatures
and which one changed byte breaks. Each is asked in their inbox once the minutes are archived (R44), and
the request clears when they have signed.

Personas: G1's secretary chairs the December meeting; the third committee member records it; G1's other
committee member sees the minutes but may not sign them (403); G2's secretary does not see them (404)."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from nghiquyet.documents import archive, signing
from nghiquyet.documents.models import SignedCopy
from nghiquyet.meetings import documents_context as meeting_documents
from nghiquyet.meetings import services as meeting_services
from nghiquyet.notify.models import Notification

# The same marks (the database, the test URLs, English, LibreOffice) and file helpers as the resolution's.
from .test_signing import _read, _tampered, pytestmark  # noqa: F401


@pytest.fixture
def people(committee):
    chair, recorder = committee.members[0], committee.members[2]
    return chair, recorder


@pytest.fixture
def minutes_doc(adopted_meeting, people, token):
    """The minutes signed on paper by both (the signing key configured): archived, signers asked."""
    chair, recorder = people
    meeting_services.sign_minutes(adopted_meeting, chair)
    meeting_services.sign_minutes(adopted_meeting, recorder)
    adopted_meeting.refresh_from_db()
    return meeting_documents.archived_minutes(adopted_meeting)


def _statuses(data: bytes, ca_pem):
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_pem))], allow_fetching=False)
    embedded = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    return [validate_pdf_signature(sig, context) for sig in embedded]


def _intact(data: bytes, ca_pem) -> int:
    """How many signatures pyHanko finds intact; none when the file no longer reads as a signed PDF."""
    try:
        return sum(1 for s in _statuses(data, ca_pem) if s.intact)
    except Exception:  # the changed byte may break the file's structure rather than a signed hash
        return 0


def test_r42_minutes_are_signed_by_the_chair_and_the_recorder_in_turn(minutes_doc, people, token):
    chair, recorder = people
    assert [s.person_id for s in signing.named_signers(minutes_doc)] == [chair.pk, recorder.pk]
    first = signing.sign_archived(minutes_doc, person_id=chair.pk)
    second = signing.sign_archived(minutes_doc, person_id=recorder.pk)
    # The second signature is over the first one's signed PDF: the archive keeps the twice-signed copy.
    assert second.unsigned_sha256 == first.pdf.sha256 and first.unsigned_sha256 == minutes_doc.pdf.sha256
    assert signing.signed_pdf(minutes_doc) == second.pdf
    data = _read(second.pdf)
    assert data.startswith(_read(first.pdf))  # an incremental update: the first revision untouched
    statuses = _statuses(data, token.ca_pem)
    assert len(statuses) == 2
    assert all(s.intact and s.valid and s.trusted for s in statuses)
    assert statuses[1].coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert [s.signer_name for s in (first, second)] == [chair.full_name, recorder.full_name]
    # Each visible signature in its own signer's place: two fields, apart, on the last page.
    last = PdfReader(io.BytesIO(data)).pages[-1]
    boxes = [
        [float(v) for v in a.get_object()["/Rect"]]
        for a in last.get("/Annots", [])
        if a.get_object().get("/FT") == "/Sig"
    ]
    assert len(boxes) == 2 and (boxes[0][2] <= boxes[1][0] or boxes[1][2] <= boxes[0][0])
    report = signing.verify_pdf(data)
    assert len(report.signatures) == 2 and not report.altered and report.archived == second
    # One byte changed inside what both signatures cover: pyHanko's validator no longer finds them intact
    # (or cannot read the file at all), and the verification says altered.
    assert _intact(data, token.ca_pem) == 2 and _intact(_tampered(data), token.ca_pem) == 0
    assert signing.verify_pdf(_tampered(data)).altered
    assert archive.verify() == [] and signing.verify_copies() == []


def test_r42_each_signs_the_minutes_once_and_no_one_else_does(minutes_doc, people, world, token):
    chair, recorder = people
    with pytest.raises(PermissionDenied):
        signing.sign_archived(minutes_doc, person_id=world.people.committee_member.pk)
    signing.sign_archived(minutes_doc, person_id=recorder.pk)  # either may sign first
    with pytest.raises(PermissionDenied):
        signing.sign_archived(minutes_doc, person_id=recorder.pk)
    signing.sign_archived(minutes_doc, person_id=chair.pk)
    assert SignedCopy.objects.filter(document=minutes_doc).count() == 2


def test_r42_r44_signers_are_asked_in_their_inbox_and_the_request_clears_when_signed(
    minutes_doc, adopted_meeting, people, world, client_for
):
    chair, recorder = people
    url = reverse("documents:sign", args=[minutes_doc.pk])
    requests = Notification.objects.filter(url=url)
    assert sorted(requests.values_list("recipient_id", flat=True)) == sorted(
        [chair.user_id, recorder.user_id]
    )
    assert not requests.filter(recipient=world.committee_member).exists()
    # Archiving again asks no one again.
    assert meeting_documents.archive_minutes(adopted_meeting) == minutes_doc
    assert requests.count() == 2
    client = client_for(chair.user)
    assert client.post(url).status_code == 302
    assert requests.get(recipient=chair.user).read_at is not None
    assert requests.get(recipient=recorder.user).read_at is None
    assert client_for(recorder.user).post(url).status_code == 302
    assert not requests.filter(read_at__isnull=True).exists()


def test_r42_the_minutes_page_offers_sign_to_its_signers_only(
    minutes_doc, adopted_meeting, people, world, client_for, django_assert_max_num_queries
):
    chair, recorder = people
    page_url = reverse("meetings:minutes", args=[adopted_meeting.pk])
    sign_url = reverse("documents:sign", args=[minutes_doc.pk])
    # client_for logs the one test client in as each: the chair again after the others.
    with django_assert_max_num_queries(40):
        assert sign_url in client_for(chair.user).get(page_url).content.decode()
    assert sign_url in client_for(recorder.user).get(page_url).content.decode()
    assert sign_url not in client_for(world.committee_member).get(page_url).content.decode()
    client = client_for(chair.user)
    assert client.post(sign_url).status_code == 302
    assert sign_url not in client.get(page_url).content.decode()  # signed: no longer offered to the chair
    assert sign_url in client_for(recorder.user).get(page_url).content.decode()
    # Others: a committee member who is neither 403, another organization 404.
    assert client_for(world.committee_member).post(sign_url).status_code == 403
    assert client_for(world.outsider).post(sign_url).status_code == 404
    assert client_for(world.outsider).get(sign_url).status_code == 404
