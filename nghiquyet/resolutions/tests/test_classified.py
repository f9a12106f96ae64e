"""#17.1, #17.2 (R21): a classified resolution's text is read by the roles named on it, on every view.

The resolution is issued MẬT for the secretary and the Inspection Committee. Every view that shows a
resolution's or its items' text — its page, versions, items, file, the organization's list and task board,
the meeting's page, the bloc dashboard's page of the organization, search, the REST API, the examples —
is asked by each persona: readers find the text, everyone else finds neither the text nor a link (404 on
the record's own pages). Those who carry or supervise an item still open their item: they must carry it
out. The text carries a word found nowhere else (MARK), so its absence means something.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nghiquyet.api import services as api_services
from nghiquyet.orgs.tests.factories import UserFactory
from nghiquyet.oversight import services as oversight_services
from nghiquyet.oversight.models import Example
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import Resolution

pytestmark = pytest.mark.django_db

MARK = "Quýtrọngmật"
READERS = ("secretary", "inspection")
CARRIERS = ("committee_member", "deputy")  # carry or supervise an item, read nothing else of it
NOBODY_ELSE = ("member", "board", "admin")


@pytest.fixture
def classified(world, draft, committee):
    Resolution.objects.filter(pk=draft.pk).update(
        title=f"Nghị quyết về bảo vệ bí mật {MARK}", assessment=f"Đánh giá tình hình {MARK} trong tháng."
    )
    first = draft.items.order_by("order").first()
    type(first).objects.filter(pk=first.pk).update(content=f"Rà soát tài liệu {MARK}")
    draft.refresh_from_db()
    return services.issue(
        draft,
        signer=committee.members[0],
        confidentiality="secret",
        roles=["secretary", "inspection_committee"],
    )


@pytest.fixture
def personas(world, committee):
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    return {
        "secretary": world.secretary,
        "inspection": world.ubkt,
        "committee_member": world.committee_member,  # carries item 1, supervises item 2
        "deputy": committee.extra[0].user,  # deputy secretary: carries item 2
        "member": committee.extra[2].user,  # a committee member with no item of it
        "board": world.btc,  # the Organization Board's officer
        "admin": admin,
    }


def _pages(resolution, meeting):
    items = list(resolution.items.order_by("order"))
    return {
        "page": reverse("resolutions:resolution", args=[resolution.pk]),
        "versions": reverse("resolutions:versions", args=[resolution.pk]),
        "docx": reverse("resolutions:document", args=[resolution.pk, "docx"]),
        "item 1": reverse("resolutions:item", args=[items[0].pk]),
        "item 2": reverse("resolutions:item", args=[items[1].pk]),
    }, {
        "list": reverse("resolutions:list", args=["G1"]),
        "board": reverse("resolutions:board", args=["G1"]),
        "meeting": meeting.get_absolute_url(),
        "dashboard": reverse("oversight:dashboard_org", args=["G1"]) + "?period=year&year=2026",
        "search": reverse("documents:search") + "?q=bảo vệ bí mật",
        "examples": reverse("oversight:example_list"),
    }


def _expected(persona: str, page: str) -> bool:
    if persona in READERS:
        return True
    own = {"committee_member": {"item 1", "item 2"}, "deputy": {"item 2"}}
    return page in own.get(persona, set())


@pytest.mark.parametrize("persona", [*READERS, *CARRIERS, *NOBODY_ELSE])
def test_17_1_every_view_shows_a_classified_resolution_to_its_readers_alone(
    persona, classified, personas, adopted_meeting, client
):
    user = personas[persona]
    client.force_login(user)
    records, lists = _pages(classified, adopted_meeting)
    for name, url in records.items():
        response = client.get(url)
        if _expected(persona, name):
            assert response.status_code == 200, (persona, name)
        else:
            assert response.status_code == 404, (persona, name, response.status_code)
    for name, url in lists.items():
        response = client.get(url)
        if response.status_code in (403, 404):
            continue  # the page itself is not theirs (the board for the bloc's officer, say)
        assert response.status_code == 200, (persona, name, response.status_code)
        body = response.content.decode()
        # The meeting's page names its resolutions by number, with a link.
        shown = MARK in body or f'href="{records["page"]}"' in body
        if persona in READERS and name in ("list", "board", "meeting", "search"):
            assert shown, (persona, name)
        elif persona not in READERS and name != "board":
            assert not shown, (persona, name)
        if name == "board" and persona in CARRIERS:
            # Their own items are on the board: the item's content shows, the resolution's title may not.
            assert f"Rà soát tài liệu {MARK}" in body or persona == "deputy"
    record_links = [records["page"], records["versions"]]
    for name, url in lists.items():
        if persona not in READERS:
            body = client.get(url).content.decode()
            assert not any(f'href="{link}"' in body for link in record_links), (persona, name)


@pytest.mark.parametrize("persona", [*READERS, *CARRIERS, *NOBODY_ELSE])
def test_17_1_the_api_answers_as_the_pages(persona, classified, personas, client):
    from nghiquyet.api.tests.conftest import ApiClient

    user = personas[persona]
    api = ApiClient(client, api_services.create_token(user, "Văn phòng điện tử")[1])
    items = list(classified.items.order_by("order"))
    detail = api.get(f"/api/resolutions/{classified.pk}/")
    assert detail.status_code == (200 if persona in READERS else 404), persona
    listed = {r["id"] for r in api.get("/api/resolutions/", {"limit": 100}).json()["items"]}
    assert (classified.pk in listed) == (persona in READERS), persona
    for index, item in enumerate(items, start=1):
        answer = api.get(f"/api/items/{item.pk}/")
        assert answer.status_code == (200 if _expected(persona, f"item {index}") else 404), (persona, index)


def test_17_2_a_classified_resolution_is_never_an_example(classified, personas, client):
    with pytest.raises(ValidationError) as refused:
        oversight_services.share_resolution(classified, person=classified.signed_by, topics=["bảo mật"])
    assert "resolution" in refused.value.message_dict
    client.force_login(personas["secretary"])
    share = client.get(reverse("oversight:share")).content.decode()
    assert MARK not in share  # not among the resolutions offered
    # Shared before it was marked (a row written behind the application): shown to nobody.
    example = Example.objects.create(
        resolution=classified, shared_by=classified.signed_by, shared_at=timezone.now()
    )
    for persona in ("secretary", "member", "board"):
        client.force_login(personas[persona])
        assert client.get(reverse("oversight:example", args=[example.pk])).status_code == 404
        assert MARK not in client.get(reverse("oversight:example_list")).content.decode()


def test_17_1_the_issuing_form_offers_the_mark_and_who_reads(world, draft, committee, client):
    client.force_login(world.secretary)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert 'name="confidentiality"' in body and 'value="inspection_committee"' in body
    url = reverse("resolutions:issue", args=[draft.pk])
    refused = client.post(url, {"confidentiality": "secret"}, follow=True)
    assert any("Ai được đọc" in str(m) or "Who may read" in str(m) for m in refused.context["messages"])
    draft.refresh_from_db()
    assert draft.is_draft
    client.post(url, {"confidentiality": "top_secret", "roles": ["secretary"]})
    draft.refresh_from_db()
    assert not draft.is_draft and draft.confidentiality == "top_secret" and draft.role_list() == ["secretary"]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="classification"' in page
    client.force_login(world.committee_member)  # carries an item, but the resolution is for the secretary
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_17_1_notifications_quoting_it_go_to_its_readers(classified, committee, world):
    """A difficulty on an item of a classified resolution is sent to the leaders who may read it (the
    secretary), not to the deputy whom the classification leaves out, and to the item's supervisor."""
    from nghiquyet.notify.models import Notification
    from nghiquyet.resolutions.queries import leaders

    assert committee.extra[0] in leaders(world.g1)  # so leaving the deputy out means something
    item = classified.items.order_by("order").first()  # carried by the committee member
    services.report_difficulty(item, world.people.committee_member, f"Thiếu tài liệu {MARK}")
    told = set(Notification.objects.filter(body__contains=MARK).values_list("recipient__username", flat=True))
    assert "bithu" in told
    assert committee.extra[0].user.username not in told  # the deputy secretary
