"""Classified documents (MẬT, TỐI MẬT) are seen only by the roles named on them: in the archive pages,
their files and search (R21). Roles here: G1's secretary and the bloc's Inspection Committee."""

import pytest
from django.urls import reverse

from nghiquyet.documents import search
from nghiquyet.documents.confidentiality import Viewer, can_see_archived
from nghiquyet.documents.models import ArchivedDocument, Confidentiality, SearchEntry
from nghiquyet.orgs.access import viewer_for
from nghiquyet.resolutions import documents_context as resolution_documents
from nghiquyet.resolutions import services as resolution_services

from .conftest import ISSUE_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.urls("nghiquyet.documents.tests.urls_for_tests")]

ROLES = ["secretary", "inspection_committee"]


@pytest.fixture
def secret(draft, committee, world):
    """The resolution issued as MẬT: classified from the moment it is issued and archived."""
    issued = resolution_services.issue(
        draft,
        signer=committee.members[0],
        on=ISSUE_DAY,
        by=world.secretary,
        confidentiality=Confidentiality.SECRET,
        roles=ROLES,
    )
    return resolution_documents.archived_resolution(issued)


def test_r21_roles_named_on_the_document_decide(secret, world):
    allowed = {u.username for u in (world.secretary, world.ubkt)}
    for user in (
        world.secretary,
        world.ubkt,
        world.committee_member,
        world.btc,
        world.member,
        world.outsider,
    ):
        assert can_see_archived(viewer_for(user), secret) == (user.username in allowed), user.username


def test_r21_seat_ranks_include_the_ranks_above():
    doc = ArchivedDocument(
        org_id=7, org_path="DUK/G7/", confidentiality="top_secret", roles=",standing_member,"
    )
    assert can_see_archived(Viewer(seats={7: "secretary"}), doc)
    assert can_see_archived(Viewer(seats={7: "deputy_secretary"}), doc)
    assert can_see_archived(Viewer(seats={7: "standing_member"}), doc)
    assert not can_see_archived(Viewer(seats={7: "member"}), doc)
    assert not can_see_archived(Viewer(seats={8: "secretary"}), doc)
    # A body role reaches down its organization's subtree only.
    doc.roles = ",office,"
    assert can_see_archived(Viewer(bodies=frozenset({("office", "DUK/")})), doc)
    assert not can_see_archived(Viewer(bodies=frozenset({("office", "DUK/G8/")})), doc)


def test_r21_classified_files_are_served_only_to_their_roles(secret, world, client_for):
    urls = [
        reverse("documents:archived", args=[secret.pk]),
        reverse("documents:archived_file", args=[secret.pk, "docx"]),
        reverse("resolutions:document", args=[secret.source_id, "docx"]),
    ]
    for user in (world.committee_member, world.btc, world.member, world.outsider):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
    for user in (world.secretary, world.ubkt):
        client = client_for(user)
        assert client.get(urls[0]).status_code == 200
        for url in urls[1:]:
            response = client.get(url)
            assert response.status_code == 200 and response["Content-Type"].endswith("document"), url
            assert b"".join(response.streaming_content).startswith(b"PK")
            if response.file_to_stream is not None:
                response.file_to_stream.close()


def test_r21_classified_documents_are_left_out_of_the_archive_list(secret, world, client_for):
    url = reverse("documents:archive")
    assert f"archived-{secret.pk}" in client_for(world.secretary).get(url).content.decode()
    for user in (world.committee_member, world.btc):
        assert f"archived-{secret.pk}" not in client_for(user).get(url).content.decode()


def test_r21_classified_resolution_is_left_out_of_others_search_results(secret, world, client_for):
    assert SearchEntry.objects.filter(confidentiality="secret").count() == 3  # the resolution, its 2 items
    url = reverse("documents:search") + "?q=tong+ket+cong+tac"
    assert "Tổng kết công tác" in client_for(world.secretary).get(url).content.decode()
    for user in (world.committee_member, world.btc, world.outsider):
        page = client_for(user).get(url).content.decode()
        assert "result-item-" not in page and "result-resolution-" not in page, user.username
    paths, viewer = ["DUK/"], viewer_for(world.committee_member)
    assert search.search("tong ket", paths, viewer=viewer).total == 0
