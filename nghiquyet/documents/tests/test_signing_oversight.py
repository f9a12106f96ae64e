"""Digital signatures of the oversight's documents (R42): an inspection conclusion is signed by the head of
the Inspection Committee that concluded it, a periodic report by the Standing Committee member who
signed it at issuance — the names printed in their signature blocks. Each is asked in their inbox once the
document is archived (R44), finds "Ký số" on the record's page, and signs with the SoftHSM2 token; the
request clears. Others who see the document get 403; another organization, which does not, 404.

Personas: ubkt (the bloc's Inspection Committee, its head here) concludes G1's inspection; G1's committee
member sees the conclusion (the inspected organization); btc (the bloc's organization department) sees
the report; the outsider (G2's secretary) does not see G1's conclusion."""

import datetime as dt

from django.urls import reverse

from nghiquyet.documents import signing
from nghiquyet.documents.models import ArchivedDocument, SignedCopy
from nghiquyet.notify.models import Notification
from nghiquyet.orgs.models import Position
from nghiquyet.orgs.tests.factories import MembershipFactory
from nghiquyet.oversight import documents_context, services
from nghiquyet.oversight.tests.test_inspection_conclusion import _conclude, numbered  # noqa: F401
from nghiquyet.oversight.tests.test_inspection_conclusion import _draft as _record_draft
from nghiquyet.oversight.tests.test_reports import ISSUE_DAY, NARRATIVE, bloc_committee  # noqa: F401
from nghiquyet.oversight.tests.test_reports import _draft as _report_draft

# The same marks (the database, the test URLs, English, LibreOffice) and helpers as the resolution's.
from .test_signing import _read, _validate, pytestmark  # noqa: F401

START = dt.date(2025, 10, 1)  # the bloc committee term (bloc_committee)


def _valid(copy: SignedCopy, ca_pem) -> bool:
    status = _validate(_read(copy.pdf), ca_pem)
    return status.intact and status.valid and status.trusted


def test_r42_r44_the_inspection_committee_head_signs_the_conclusion(
    world,
    numbered,  # noqa: F811
    token,
    client_for,
    django_assert_max_num_queries,
):
    record = _conclude(world, client_for, _record_draft(world))
    doc = ArchivedDocument.objects.get(source_kind=documents_context.CONCLUSION_SOURCE, source_id=record.pk)
    assert [s.person_id for s in signing.named_signers(doc)] == [world.people.ubkt.pk]
    sign_url = reverse("documents:sign", args=[doc.pk])
    page_url = reverse("oversight:record", args=[record.pk])
    # The request reaches the head's inbox, and no one else's.
    assert list(Notification.objects.filter(url=sign_url).values_list("recipient_id", flat=True)) == [
        world.ubkt.pk
    ]
    client = client_for(world.ubkt)
    with django_assert_max_num_queries(40):
        assert sign_url in client.get(page_url).content.decode()
    assert sign_url not in client_for(world.committee_member).get(page_url).content.decode()
    assert client_for(world.committee_member).post(sign_url).status_code == 403
    assert client_for(world.outsider).post(sign_url).status_code == 404
    client = client_for(world.ubkt)
    assert client.post(sign_url).status_code == 302
    copy = SignedCopy.objects.get(document=doc)
    assert copy.signer_person_id == world.people.ubkt.pk and _valid(copy, token.ca_pem)
    assert not Notification.objects.filter(url=sign_url, read_at__isnull=True).exists()
    assert sign_url not in client.get(page_url).content.decode()


def test_r42_r44_the_reports_signer_signs_the_issued_report(
    world,
    bloc_committee,  # noqa: F811
    token,
    client_for,
    django_assert_max_num_queries,
):
    # The Organization Board officer sits on the bloc's Standing Committee: he signs, and reads the report
    # (the upper level's staff read it here; oversight.supervise).
    signer = world.people.btc
    MembershipFactory(
        term=bloc_committee.term, person=signer, position=Position.DEPUTY_SECRETARY, start_date=START
    )
    report = _report_draft(world, **NARRATIVE)
    page_url = reverse("oversight:report", args=[report.pk])
    services.issue_report(report, signer=signer, on=ISSUE_DAY)
    doc = ArchivedDocument.objects.get(source_kind=documents_context.REPORT_SOURCE, source_id=report.pk)
    assert [s.person_id for s in signing.named_signers(doc)] == [signer.pk]
    sign_url = reverse("documents:sign", args=[doc.pk])
    assert list(Notification.objects.filter(url=sign_url).values_list("recipient_id", flat=True)) == [
        signer.user.pk
    ]
    with django_assert_max_num_queries(40):
        assert sign_url in client_for(signer.user).get(page_url).content.decode()
    assert sign_url not in client_for(world.ubkt).get(page_url).content.decode()
    assert client_for(world.ubkt).post(sign_url).status_code == 403
    # G2's secretary reads the bloc's archived report (the archive's rule), yet may not sign it either.
    assert client_for(world.outsider).post(sign_url).status_code == 403
    assert client_for(signer.user).post(sign_url).status_code == 302
    assert _valid(SignedCopy.objects.get(document=doc), token.ca_pem)
    assert not Notification.objects.filter(url=sign_url, read_at__isnull=True).exists()
