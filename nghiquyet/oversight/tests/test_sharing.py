"""Sharing and proposals (R29, R30): G1's leaders share an issued resolution; every committee member of
the bloc (the outsider, G2's secretary, included) reads it by topic, read-only; drafts are never shown;
resolutions.access itself is not loosened. Any committee member proposes improvements; the Organization
Board answers and the proposer is notified."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.meetings.tests.conftest import committee, meeting  # noqa: F401  (fixtures)
from nghiquyet.notify.models import Notification
from nghiquyet.oversight import services
from nghiquyet.oversight.models import Example, Proposal, ProposalStatus, Topic
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions.models import Resolution, ResolutionStatus
from nghiquyet.resolutions.tests.conftest import adopted_meeting, day_after_meeting, draft  # noqa: F401  (fixtures)

from .conftest import status_of

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"oversight:{name}", args=args)


@pytest.fixture
def issued(draft, committee):  # noqa: F811
    return resolution_services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 5))


@pytest.fixture
def example(world, issued):
    return services.share_resolution(
        issued,
        person=world.people.secretary,
        topics=["Xây dựng Đảng", "Chuyển đổi số"],
        note="Các nhiệm vụ cụ thể.",
    )


# ---------------------------------------------------------------- sharing (R29)


def test_r29_leader_shares_an_issued_resolution(world, issued, client_for):
    client = client_for(world.secretary)
    form = client.get(_url("share"), {"resolution": issued.pk})
    assert form.status_code == 200
    response = client.post(
        _url("share"),
        {"resolution": issued.pk, "topics": "Xây dựng Đảng, chuyen doi so, Chuyển đổi số", "note": "Tốt"},
    )
    example = Example.objects.get()
    assert response["Location"] == example.get_absolute_url()
    assert (example.resolution, example.shared_by) == (issued, world.people.secretary)
    # Topics are told apart ignoring case and diacritics.
    assert sorted(t.key for t in example.topics.all()) == ["chuyen doi so", "xay dung dang"]


def test_r29_shared_example_is_visible_to_another_orgs_committee_member(world, example, client_for):
    client = client_for(world.outsider)
    listing = client.get(_url("example_list"))
    assert [e.pk for e in listing.context["page"]] == [example.pk]
    response = client.get(example.get_absolute_url())
    assert response.status_code == 200
    assert "Tổng kết công tác chuyên môn năm 2026" in response.content.decode()
    # The exception lives in oversight: the resolution's own pages stay closed to the outsider.
    assert client.get(reverse("resolutions:resolution", args=[example.resolution.pk])).status_code == 404
    # Upper-level officers read it too.
    assert client_for(world.ubkt).get(example.get_absolute_url()).status_code == 200


def test_r29_browse_by_topic_and_search(world, example, client_for):
    Topic.objects.create(name="Công tác cán bộ", key="cong tac can bo")
    client = client_for(world.committee_member)
    response = client.get(_url("example_list"), {"topic": "Chuyển đổi số"})
    assert [e.pk for e in response.context["page"]] == [example.pk]
    assert list(client.get(_url("example_list"), {"topic": "cong tac can bo"}).context["page"]) == []
    assert [e.pk for e in client.get(_url("example_list"), {"q": "nhiem vu thang 12"}).context["page"]] == [
        example.pk
    ]
    # The topic list holds the topics of visible examples, with their counts.
    assert [(t.name, t.n) for t in response.context["topics"]] == [("Chuyển đổi số", 1), ("Xây dựng Đảng", 1)]


def test_r29_drafts_are_never_shared_nor_shown(world, draft, client_for):  # noqa: F811
    with pytest.raises(ValidationError):
        services.share_resolution(draft, person=world.people.secretary, topics=["X"])
    # The share form offers no draft.
    response = client_for(world.secretary).post(_url("share"), {"resolution": draft.pk, "topics": "X"})
    assert response.status_code == 200 and not Example.objects.exists()
    # Even a row pointing at a draft is shown to nobody.
    forced = Example.objects.create(
        resolution=draft, shared_by=world.people.secretary, shared_at=draft.created_at
    )
    for user in (world.secretary, world.outsider, world.btc):
        client = client_for(user)
        assert client.get(forced.get_absolute_url()).status_code == 404
        assert list(client.get(_url("example_list")).context["page"]) == []


def test_r29_only_the_sharing_orgs_leaders_withdraw(world, example, client_for):
    for user in (world.outsider, world.committee_member, world.btc):
        assert client_for(user).post(_url("example_withdraw", example.pk)).status_code == 404
    assert client_for(world.secretary).post(_url("example_withdraw", example.pk)).status_code == 302
    assert not Example.objects.exists()


def test_r29_outsider_cannot_share_another_orgs_resolution(world, issued, client_for):
    response = client_for(world.outsider).post(_url("share"), {"resolution": issued.pk, "topics": "X"})
    assert response.status_code == 200 and not Example.objects.exists()


def test_r29_plain_member_gets_404(world, example, client_for):
    client = client_for(world.member)
    for method, url, data in [
        ("get", _url("example_list"), {}),
        ("get", example.get_absolute_url(), {}),
        ("get", _url("share"), {}),
        ("post", _url("example_withdraw", example.pk), {}),
    ]:
        assert status_of(client, method, url, data) == 404, (method, url)


def test_r29_list_queries_do_not_grow(world, client_for):
    counts = []
    for n in (3, 30):
        Example.objects.all().delete()
        for i in range(n):
            resolution = Resolution.objects.create(
                org=world.g1,
                title=f"Nghị quyết {i}",
                status=ResolutionStatus.ISSUED,
                number_display=f"{i}-NQ/ĐU",
            )
            services.share_resolution(
                resolution, person=world.people.secretary, topics=[f"Chủ đề {i % 5}", "Chung"]
            )
        client = client_for(world.outsider)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url("example_list"))
        assert len(response.context["page"]) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


# ---------------------------------------------------------------- proposals (R30)


def test_r30_committee_member_proposes_and_the_board_answers(world, client_for):
    response = client_for(world.committee_member).post(
        _url("proposal_create"), {"org": world.g1.pk, "text": "Đề nghị mẫu nghị quyết chuyên đề."}
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["btc"]
    Notification.objects.all().delete()
    client_for(world.btc).post(
        _url("proposal_answer", proposal.pk), {"answer": "Ban Tổ chức sẽ ban hành mẫu."}
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ANSWERED and proposal.answered_by == world.people.btc
    notification = Notification.objects.get()
    assert (
        notification.recipient == world.committee_member and notification.url == proposal.get_absolute_url()
    )
    assert client_for(world.committee_member).get(proposal.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "member", "secretary", "ubkt"])
def test_r30_others_get_404(world, client_for, persona):
    proposal = services.file_proposal(world.g1, person=world.people.committee_member, text="Đề xuất")
    client = client_for(getattr(world, persona))
    for method, url, data in [
        ("get", proposal.get_absolute_url(), {}),
        ("post", _url("proposal_answer", proposal.pk), {"answer": "x"}),
    ]:
        assert status_of(client, method, url, data) == 404, (method, url)
    if persona in ("member", "ubkt"):
        assert client.get(_url("proposal_list")).status_code == 404
        assert client.get(_url("proposal_create")).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_r30_list_queries_do_not_grow(world, client_for):
    counts = []
    for n in (3, 30):
        Proposal.objects.all().delete()
        for i in range(n):
            services.file_proposal(world.g1, person=world.people.committee_member, text=f"Đề xuất {i}")
        for user in (world.btc, world.committee_member):
            client = client_for(user)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(_url("proposal_list"))
            assert len(response.context["page"]) == n
            counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:], counts


def test_r29_example_page_queries_do_not_grow_with_its_items(world, client_for):
    from nghiquyet.resolutions.models import Item

    counts = []
    for n in (3, 30):
        resolution = Resolution.objects.create(org=world.g1, title=f"NQ {n}")
        for i in range(n):
            Item.objects.create(
                resolution=resolution,
                order=i,
                content=f"Nhiệm vụ {i}",
                assignee=world.people.committee_member,
                supervisor=world.people.secretary,
            )
        Resolution.objects.filter(pk=resolution.pk).update(status=ResolutionStatus.ISSUED)
        resolution.refresh_from_db()
        example = services.share_resolution(resolution, person=world.people.secretary, topics=["Chung"])
        client = client_for(world.outsider)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(example.get_absolute_url())
        assert len(response.context["items"]) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
