"""Guidance in search (R28 orientation found again, R21): once published, a guidance is found without
diacritics by exactly those who may open it — the upper level over its issuer and the committee members
of the organizations it addresses (and of the cells under them) — and by nobody else: not a committee
of an organization it does not address, not the bloc's own committee members who hold no upper-level
post, not a plain member, not the staff of another bloc.

Personas: btc (Organization Board) and ubkt (Inspection Committee) of the bloc; G1's secretary and
committee member; the outsider (G2's secretary); a plain member; `extra` adds a bloc committee member
without a post, a committee member of cell C1 under G1, and the Organization Board officer of another bloc.
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.documents import search
from nghiquyet.documents.models import SearchEntry, SearchKind
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
from nghiquyet.oversight.periods import PeriodKind

pytestmark = pytest.mark.django_db

QUERY = "kiem diem cuoi nam chuyen doi so"  # "kiểm điểm cuối năm … chuyển đổi số", without diacritics


def _guidance(world, title, *, targets=None, publish=True):
    guidance = services.create_guidance(
        world.bloc,
        title=title,
        period_kind=PeriodKind.MONTH,
        period_start=dt.date(2026, 12, 1),
        period_end=dt.date(2026, 12, 31),
        content="Tập trung kiểm điểm cuối năm; sinh hoạt chuyên đề về chuyển đổi số.",
        topics="Kiểm điểm cuối năm",
        target_all=targets is None,
        targets=targets or [],
    )
    return services.publish_guidance(guidance) if publish else guidance


def _user(name, home, username):
    return PersonFactory(full_name=name, home_org=home, user=UserFactory(username=username)).user


@pytest.fixture
def extra(world):
    bloc_term = TermFactory(org=world.bloc)
    bloc_member = _user("Phạm Văn Long", world.office, "bloc-member")
    MembershipFactory(term=bloc_term, person=bloc_member.person, position=Position.MEMBER)
    cell_member = _user("Đỗ Thị Hoa", world.c1, "cell-member")
    MembershipFactory(term=TermFactory(org=world.c1), person=cell_member.person, position=Position.MEMBER)
    other_bloc = OrganizationFactory(code="DUK2", name="Đảng bộ Khối doanh nghiệp", kind=OrgKind.BLOC)
    board = BodyFactory(org=other_bloc, kind=BodyKind.ORGANIZATION_BOARD, name="Ban Tổ chức khác")
    other_board = _user("Ngô Văn Nam", other_bloc, "other-board")
    BodyStaffFactory(body=board, person=other_board.person)
    return SimpleNamespace(bloc_member=bloc_member, cell_member=cell_member, other_board=other_board)


def _found(client, query=QUERY) -> set[int]:
    response = client.get(reverse("documents:search"), {"q": query, "kind": SearchKind.GUIDANCE})
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'id="result-guidance-(\d+)"', response.content.decode())}


def _openable(client, guidance_ids) -> set[int]:
    return {
        pk for pk in guidance_ids if client.get(reverse("oversight:guidance", args=[pk])).status_code == 200
    }


def test_r28_published_guidance_is_found_without_diacritics_by_an_addressed_committee_member(
    world, client_for
):
    guidance = _guidance(world, "Hướng dẫn sinh hoạt tháng 12", targets=[world.g1])
    client = client_for(world.committee_member)
    assert _found(client) == {guidance.pk}
    assert _found(client, "huong dan sinh hoat thang 12") == {guidance.pk}
    assert _found(client, "HƯỚNG DẪN") == {guidance.pk}
    page = client.get(reverse("documents:search"), {"q": "chuyen doi so"}).content.decode()
    # The result links to the guidance page, which the member may open.
    assert f'href="{guidance.get_absolute_url()}"' in page
    assert client.get(guidance.get_absolute_url()).status_code == 200


def test_r28_guidance_to_chosen_organizations_is_not_found_by_others(world, extra, client_for):
    guidance = _guidance(world, "Hướng dẫn riêng cho G1", targets=[world.g1])
    assert _found(client_for(world.secretary)) == {guidance.pk}
    assert _found(client_for(extra.cell_member)) == {guidance.pk}  # a cell follows its committee
    assert _found(client_for(world.btc)) == {guidance.pk}
    assert _found(client_for(world.ubkt)) == {guidance.pk}
    for user in (world.outsider, world.member, extra.bloc_member, extra.other_board):
        assert _found(client_for(user)) == set(), user.username
    # Not found through another filter either.
    client = client_for(world.outsider)
    response = client.get(reverse("documents:search"), {"q": QUERY, "org": "DUK"})
    assert "result-guidance" not in response.content.decode()


def test_r28_a_draft_is_found_by_nobody_until_it_is_published(world, client_for):
    draft = _guidance(world, "Hướng dẫn dự thảo", publish=False)
    assert not SearchEntry.objects.filter(kind=SearchKind.GUIDANCE).exists()
    assert _found(client_for(world.btc)) == set()
    services.publish_guidance(draft)
    assert _found(client_for(world.btc)) == {draft.pk}
    assert _found(client_for(world.outsider)) == {draft.pk}  # addressed to all: G2 too


def test_r28_nobody_finds_guidance_they_could_not_open(world, extra, client_for):
    """For every persona and every kind of addressing, what search finds is exactly what opens."""
    published = [
        _guidance(world, "Hướng dẫn cho tất cả"),
        _guidance(world, "Hướng dẫn cho G1", targets=[world.g1]),
        _guidance(world, "Hướng dẫn cho G2", targets=[world.g2]),
        _guidance(world, "Hướng dẫn cho G1 và G2", targets=[world.g1, world.g2]),
    ]
    draft = _guidance(world, "Hướng dẫn chưa ban hành", publish=False)
    ids = {g.pk for g in published} | {draft.pk}
    personas = [
        world.btc,
        world.ubkt,
        world.secretary,
        world.committee_member,
        world.outsider,
        world.member,
        *vars(extra).values(),
    ]
    for user in personas:
        client = client_for(user)
        found = _found(client)
        assert found == _openable(client, ids) - {draft.pk}, user.username
    assert _found(client_for(world.outsider)) == {published[0].pk, published[2].pk, published[3].pk}
    assert _found(client_for(extra.cell_member)) == {published[0].pk, published[1].pk, published[3].pk}


def test_r28_guidance_entry_carries_issuer_content_and_documents(world):
    guidance = _guidance(world, "Hướng dẫn có tài liệu", publish=False)
    guidance.documents.create(
        file="x.pdf", original_name="Kế hoạch 15-KH/ĐUK.pdf", extension=".pdf", content_type="x", size=1
    )
    services.publish_guidance(guidance)
    entry = SearchEntry.objects.get(kind=SearchKind.GUIDANCE, object_id=guidance.pk)
    assert (entry.org_code, entry.org_path, entry.url) == (
        "DUK",
        world.bloc.path,
        guidance.get_absolute_url(),
    )
    assert "chuyển đổi số" in entry.text and "Kế hoạch 15-KH/ĐUK.pdf" in entry.text
    assert entry.audience == ",*,"
    assert search.search("15-kh/duk", None).results[0].entry.object_id == guidance.pk


def test_r28_reindex_command_rebuilds_published_guidance_only(world):
    published = _guidance(world, "Hướng dẫn đã ban hành", targets=[world.g2])
    _guidance(world, "Hướng dẫn nháp", publish=False)
    SearchEntry.objects.filter(kind=SearchKind.GUIDANCE).delete()
    call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    entry = SearchEntry.objects.get(kind=SearchKind.GUIDANCE)
    assert entry.object_id == published.pk and entry.audience == f",{world.g2.path},"
    documents_context.unindex_guidance(published.pk)
    assert not SearchEntry.objects.filter(kind=SearchKind.GUIDANCE).exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_r28_guidance_search_queries_do_not_grow(world, client_for, rows):
    for n in range(rows):
        _guidance(world, f"Hướng dẫn số {n}", targets=[world.g1] if n % 2 else None)
    client = client_for(world.committee_member)
    with CaptureQueriesContext(connection) as queries:
        found = _found(client)
    assert len(found) == min(rows, 20)
    # session, user, scope (person, body posts, seats), the viewer's posts and seats, how many entries
    # lie under the organizations seen, the matches, the page, the base template's user.person, and the
    # organizations since moved out of the subtrees seen or received with the records of one that ended
    # (R40: a former upper level's period; two)
    assert len(queries) <= 12, [q["sql"] for q in queries]
