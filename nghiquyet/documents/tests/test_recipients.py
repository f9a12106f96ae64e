"""The recipients of an archived document open it (R38, "Nơi nhận"): a document of the bloc sent to a
grassroots committee and to a party member by name is listed and opened by that committee's members and by
that member, who are outside the bloc's subtree, and their opening is recorded; nobody else below the bloc
sees it, and a classified document still needs one of the roles named on it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from nghiquyet.documents import archive, rendering
from nghiquyet.documents.archive import RecipientSpec
from nghiquyet.documents.models import ArchivedDocument, Confidentiality, DisseminationRecord, DocType

pytestmark = pytest.mark.django_db


def _sent(world, n: int, **kw) -> ArchivedDocument:
    """A report of the bloc sent to G1 (the organization) and to its plain member Hùng (by name)."""
    return archive.archive(
        org_id=world.bloc.pk,
        org_code=world.bloc.code,
        org_path=world.bloc.path,
        doc_type=DocType.PERIODIC_REPORT,
        title=f"Thông báo kết luận số {n}",
        issued_on=timezone.localdate(),
        canonical_text=f"Thông báo {n}",
        docx=rendering.render_docx(
            rendering.OfficialDocument(DocType.PERIODIC_REPORT, "Đảng ủy Khối", "ĐUK")
        ),
        filename=f"thong-bao-{n}.docx",
        source_kind="report",
        source_id=n,
        recipients=[
            RecipientSpec("Đảng ủy Sở Tư pháp (để thực hiện)", org_ids=(world.g1.pk,)),
            RecipientSpec(
                "Đồng chí Đặng Văn Hùng",
                person_ids=(world.people.member.pk,),
                person_names={world.people.member.pk: "Đặng Văn Hùng"},
            ),
        ],
        **kw,
    )


def _listed(client, doc) -> bool:
    return f"archived-{doc.pk}" in client.get(reverse("documents:archive")).content.decode()


def test_r38_the_recipients_list_and_open_a_document_sent_to_them(world, client_for):
    doc = _sent(world, 1)
    page = reverse("documents:archived", args=[doc.pk])
    docx = reverse("documents:archived_file", args=[doc.pk, "docx"])
    for user in (world.secretary, world.committee_member, world.member):
        client = client_for(user)
        assert _listed(client, doc), user.username
        assert client.get(page).status_code == 200, user.username
        response = client.get(docx)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")
    opened = dict(DisseminationRecord.objects.filter(document=doc).values_list("name", "opened_at"))
    assert all(opened.values()), opened  # G1 (through its committee) and Hùng opened it
    # The upper level sees its own documents; G2's secretary, to whom nothing was sent, gets 404.
    assert _listed(client_for(world.btc), doc)
    outsider = client_for(world.outsider)
    assert not _listed(outsider, doc)
    assert outsider.get(page).status_code == 404 and outsider.get(docx).status_code == 404


def test_r38_a_classified_document_sent_to_a_committee_needs_a_named_role(world, client_for):
    doc = _sent(world, 2, confidentiality=Confidentiality.SECRET, roles=["inspection_committee"])
    page = reverse("documents:archived", args=[doc.pk])
    for user in (world.secretary, world.member):
        client = client_for(user)
        assert not _listed(client, doc) and client.get(page).status_code == 404, user.username
    assert client_for(world.ubkt).get(page).status_code == 200
