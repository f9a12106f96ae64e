"""The inspection conclusion in search (R25, R33, R21, R38): once a record is concluded, its archived
conclusion is found without diacritics by exactly those who may open the record — the upper level over
the inspecting committee, and the committee members of the organization inspected, who receive the
conclusion to act on it — and the result opens the record. Nobody else finds it: not another grassroots
organization's secretary, not a plain member of the inspected organization, not the committee of a cell
under it, not the bloc's committee members without an upper-level post, not the officer of a body of the
inspected organization itself, not the staff of another bloc. A record being written is found by nobody.

Personas: ubkt (Inspection Committee) concludes; btc (Organization Board) reads; G1's secretary and
committee member are inspected; the outsider (G2's secretary) and the plain member; `others` adds a bloc
committee member without a post, a committee member of cell C1 under G1, the officer of G1's own
Inspection Committee and the Organization Board officer of another bloc.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.documents import archive
from nghiquyet.documents.models import ArchivedDocument, DocType, SearchEntry, SearchKind
from nghiquyet.orgs.models import BodyKind, OrgKind, Position
from nghiquyet.orgs.tests.factories import (
    BodyFactory,
    BodyStaffFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
)
from nghiquyet.oversight import documents_context, services
from nghiquyet.oversight.models import InspectionRecord

from .test_inspections import _plan, _record

pytestmark = pytest.mark.django_db

QUERY = "ket luan kiem tra ban hanh nghi quyet"  # "Kết luận kiểm tra việc ban hành nghị quyết", no diacritics


def _user(name, home, username):
    return PersonFactory(full_name=name, home_org=home, user=UserFactory(username=username)).user


@pytest.fixture
def others(world):
    """The bloc's committee term (the conclusions' series runs in it) and the personas of the edges."""
    bloc_member = _user("Phạm Văn Long", world.office, "bloc-member")
    MembershipFactory(term=TermFactory(org=world.bloc), person=bloc_member.person, position=Position.MEMBER)
    cell_member = _user("Đỗ Thị Hoa", world.c1, "cell-member")
    MembershipFactory(term=TermFactory(org=world.c1), person=cell_member.person, position=Position.SECRETARY)
    g1_inspector = _user("Bùi Văn Toàn", world.c1, "g1-inspector")
    own_body = BodyFactory(
        org=world.g1, kind=BodyKind.INSPECTION_COMMITTEE, name="Ủy ban Kiểm tra Đảng ủy Sở"
    )
    BodyStaffFactory(body=own_body, person=g1_inspector.person)
    other_bloc = OrganizationFactory(code="DUK2", name="Đảng bộ Khối doanh nghiệp", kind=OrgKind.BLOC)
    board = BodyFactory(org=other_bloc, kind=BodyKind.ORGANIZATION_BOARD, name="Ban Tổ chức khác")
    other_board = _user("Ngô Văn Nam", other_bloc, "other-board")
    BodyStaffFactory(body=board, person=other_board.person)
    return SimpleNamespace(
        bloc_member=bloc_member, cell_member=cell_member, g1_inspector=g1_inspector, other_board=other_board
    )


def _concluded(world, plan=None, org=None) -> tuple[InspectionRecord, ArchivedDocument]:
    record = _record(world, plan, org=org, conclude=True)
    return record, documents_context.archived_conclusion(record)


def _found(client, query=QUERY) -> set[int]:
    """The archived documents a search finds (the conclusions are archived documents)."""
    response = client.get(reverse("documents:search"), {"q": query, "kind": SearchKind.ARCHIVED})
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'id="result-archived-(\d+)"', response.content.decode())}


def _opens(client, url) -> bool:
    status = client.get(url).status_code
    assert status in (200, 404), (url, status)
    return status == 200


def test_r25_r33_the_inspected_committee_finds_its_conclusion_and_the_result_opens(world, others, client_for):
    response = client_for(world.ubkt).post(reverse("oversight:record_conclude", args=[_record(world).pk]))
    assert response.status_code == 302
    record = InspectionRecord.objects.get()
    doc = documents_context.archived_conclusion(record)
    for user in (world.secretary, world.committee_member):
        client = client_for(user)
        assert _found(client) == {doc.pk}, user.username
        assert _found(client, "KẾT LUẬN KIỂM TRA SỞ TƯ PHÁP") == {doc.pk}
        assert _found(client, "01-kl/ubktduk") == {doc.pk}  # by its number too
        page = client.get(reverse("documents:search"), {"q": QUERY}).content.decode()
        # The result links to the record, which the inspected committee may open, with the file.
        assert f'href="{record.get_absolute_url()}"' in page
        assert _opens(client, record.get_absolute_url())
        assert _opens(client, reverse("oversight:record_document", args=[record.pk, "docx"]))


def test_r25_r33_nobody_else_below_the_upper_level_finds_it(world, others, client_for):
    record, doc = _concluded(world)
    for user in (world.btc, world.ubkt):
        client = client_for(user)
        assert _found(client) == {doc.pk}, user.username
        assert _opens(client, record.get_absolute_url())
    for user in (world.outsider, world.member, *vars(others).values()):
        client = client_for(user)
        assert _found(client) == set(), user.username
        assert not _opens(client, record.get_absolute_url()), user.username
    # Not through the organization filter either, nor through the archive's own page.
    client = client_for(world.outsider)
    response = client.get(reverse("documents:search"), {"q": QUERY, "org": "DUK"})
    assert "result-archived" not in response.content.decode()
    assert not _opens(client, reverse("documents:archived", args=[doc.pk]))


def test_r25_found_is_exactly_what_opens_for_every_persona(world, others, client_for):
    """Conclusions of G1 and of G2 and a record still being written: what each persona finds in search is
    exactly the concluded records they may open."""
    plan = _plan(world)
    g1_record, g1_doc = _concluded(world, plan)
    g2_record, g2_doc = _concluded(world, plan, org=world.g2)
    draft = _record(world, plan)
    by_record = {g1_record.pk: g1_doc.pk, g2_record.pk: g2_doc.pk}
    personas = [
        world.btc,
        world.ubkt,
        world.secretary,
        world.committee_member,
        world.outsider,
        world.member,
        *vars(others).values(),
    ]
    for user in personas:
        client = client_for(user)
        opened = {
            doc for pk, doc in by_record.items() if _opens(client, reverse("oversight:record", args=[pk]))
        }
        assert _found(client) == opened, user.username
    assert _found(client_for(world.secretary)) == {g1_doc.pk}
    assert _found(client_for(world.outsider)) == {g2_doc.pk}  # G2 inspected: its own, never G1's
    assert _found(client_for(world.btc)) == {g1_doc.pk, g2_doc.pk}
    # The record being written is archived nowhere and found by nobody, the upper level included.
    assert not ArchivedDocument.objects.filter(
        source_id=draft.pk, doc_type=DocType.INSPECTION_CONCLUSION
    ).exists()
    assert not _opens(client_for(world.secretary), draft.get_absolute_url())


def test_r21_the_entry_reaches_the_inspected_committee_alone_and_links_to_the_record(world, others):
    record, doc = _concluded(world)
    entry = SearchEntry.objects.get(kind=SearchKind.ARCHIVED, object_id=doc.pk)
    assert (entry.org_code, entry.org_path, entry.org_name) == ("DUK", world.bloc.path, world.bloc.name)
    assert entry.title == f"01-KL/UBKTĐUK {doc.title}"
    assert entry.audience == f",={world.g1.path},"  # G1's committee, not the cells under G1
    assert entry.url == record.get_absolute_url()
    assert "Cơ bản thực hiện tốt." in entry.text


def test_r21_reindex_rebuilds_the_conclusion_as_it_was(world, others):
    record, doc = _concluded(world)
    before = list(
        SearchEntry.objects.filter(kind=SearchKind.ARCHIVED).values_list("object_id", "audience", "url")
    )
    SearchEntry.objects.all().delete()
    call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(SearchEntry.objects.values_list("object_id", "audience", "url")) == before
    # Rebuilding the other archived documents leaves the conclusion's entry alone.
    archive.reindex_all()
    assert list(SearchEntry.objects.values_list("object_id", "audience", "url")) == before
    # A record removed in the admin leaves its conclusion found as in the archive: by the upper level.
    InspectionRecord.objects.filter(pk=record.pk).delete()
    assert documents_context.reindex_conclusions() == 1
    entry = SearchEntry.objects.get(kind=SearchKind.ARCHIVED, object_id=doc.pk)
    assert (entry.audience, entry.url) == ("", reverse("documents:archived", args=[doc.pk]))


@pytest.mark.parametrize("rows", [2, 12])
def test_r21_reindexing_conclusions_takes_a_fixed_number_of_queries(world, rows):
    plan = _plan(world)
    for n in range(rows):
        _record(world, plan, org=world.g1 if n % 2 else world.g2, conclude=True)
    with CaptureQueriesContext(connection) as queries:
        assert documents_context.reindex_conclusions() == rows
    # the conclusions, their records' organizations, the committee's name, the old entries out, the new
    # ones in; then the empty batch that ends the loop
    assert len(queries) == 6, [q["sql"] for q in queries]
    # Concluding indexes its one conclusion: the old entry out, the new one in, whatever the index holds.
    record = services.conclude_record(_record(world, plan))
    doc = documents_context.archived_conclusion(record)
    with CaptureQueriesContext(connection) as queries:
        documents_context.index_conclusion(doc, record, world.bloc)
    assert len(queries) == 2, [q["sql"] for q in queries]
    assert SearchEntry.objects.filter(kind=SearchKind.ARCHIVED).count() == rows + 1


@pytest.mark.parametrize("rows", [3, 22])
def test_r25_conclusion_search_queries_do_not_grow(world, client_for, rows):
    plan = _plan(world)
    for _n in range(rows):
        _record(world, plan, conclude=True)
    client = client_for(world.committee_member)
    with CaptureQueriesContext(connection) as queries:
        found = _found(client)
    assert len(found) == min(rows, 20)
    # session, user, scope (person, body posts, seats), the viewer's posts and seats, how many entries
    # lie under the organizations seen, the matches, the page, the base template's user.person, and the
    # organizations since moved out of the subtrees seen or received with the records of one that ended
    # (R40: a former upper level's period; two)
    assert len(queries) <= 12, [q["sql"] for q in queries]
