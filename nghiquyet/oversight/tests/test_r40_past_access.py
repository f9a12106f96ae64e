"""R40 "access before and after the move": the former upper level keeps read access to the records of the
period an organization was under it, nothing after it and no writes (Quy định 294-QĐ/TW and 296-QĐ/TW of
2025: a violation found after a move, committed at the former place, is handled by the upper levels of
the former and of the current place; orgs.access).

The tree: the bloc DUK (upper A, its Organization Board officer `btc`) holds G1 (with its cells); the City
Committee founds the committee DCQD beside it (upper B) and moves G1 under it from 7 February 2025; the
bloc DUC (upper C) is unrelated. G1 has a meeting and a resolution (with an item) of June 2024, before
the move, and of June 2026, after it.
"""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from nghiquyet.meetings.models import Meeting, MeetingKind
from nghiquyet.orgs.access import scope_for
from nghiquyet.orgs.models import BodyKind, OrgKind, ReorganizationKind
from nghiquyet.orgs.services import NewOrg, Spec, reorganize
from nghiquyet.orgs.tests.factories import (
    BodyFactory,
    BodyStaffFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
)
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions.access import visible_items, visible_resolutions
from nghiquyet.resolutions.models import Item, ItemStatus, ProgressUpdate, ResolutionKind

MOVED = dt.date(2025, 2, 7)
LAST_DAY_UNDER_A = dt.date(2025, 2, 6)
BEFORE = dt.date(2024, 6, 4)
AFTER = dt.date(2026, 6, 4)


def _officer(org, name, username):
    board = BodyFactory(org=org, kind=BodyKind.ORGANIZATION_BOARD, name=f"Ban Tổ chức {org.name}")
    person = PersonFactory(full_name=name, home_org=org, user=UserFactory(username=username))
    BodyStaffFactory(body=board, person=person)
    return person.user


def _records(org, day, label):
    """A meeting of `org` on `day`, the draft resolution it adopts and one item of it."""
    meeting = Meeting.objects.create(
        org=org, kind=MeetingKind.REGULAR, title=f"Hội nghị {label}", date=day, nominal_date=day
    )
    resolution = resolution_services.create_draft(
        org, title=f"Nghị quyết {label}", kind=ResolutionKind.REGULAR, meeting=meeting
    )
    item = Item.objects.create(resolution=resolution, order=1, content=f"Nhiệm vụ {label}")
    return SimpleNamespace(meeting=meeting, resolution=resolution, item=item)


def _move_under_a_new_committee(world, sources):
    """As in February 2025: the City Committee founds DCQD beside the bloc and moves `sources` under it."""
    above = dict(
        decision_number="8152-QĐ/TU",
        decision_date=MOVED,
        issuer=world.bloc,
        effective_date=MOVED,
        decided_above="Thành ủy Hà Nội",
    )
    founded = reorganize(
        Spec(
            kind=ReorganizationKind.CREATE,
            parts=[NewOrg("DCQD", "Đảng bộ các cơ quan Đảng thành phố", OrgKind.BLOC, "ĐU")],
            **above,
        )
    )
    successor = founded.successors.get()
    reorganize(Spec(kind=ReorganizationKind.MOVE, sources=sources, target=successor, **above))
    return successor


@pytest.fixture
def moved(world):
    before = _records(world.g1, BEFORE, "tháng 6/2024")
    after = _records(world.g1, AFTER, "tháng 6/2026")
    successor = _move_under_a_new_committee(world, [world.g1])
    other_bloc = OrganizationFactory(code="DUC", name="Đảng bộ Khối doanh nghiệp", kind=OrgKind.BLOC)
    return SimpleNamespace(
        before=before,
        after=after,
        a=world.btc,
        b=_officer(successor, "Ngô Thị Thu", "btc2"),
        c=_officer(other_bloc, "Phan Văn Lộc", "btc3"),
    )


def _reads(client, records) -> dict[str, int]:
    return {
        "meeting": client.get(reverse("meetings:meeting", args=[records.meeting.pk])).status_code,
        "resolution": client.get(reverse("resolutions:resolution", args=[records.resolution.pk])).status_code,
        "item": client.get(reverse("resolutions:item", args=[records.item.pk])).status_code,
        "review": client.get(reverse("resolutions:meeting_review", args=[records.meeting.pk])).status_code,
    }


def _writes(client, records) -> dict[str, int]:
    """Each write on the records, posted as if by hand (empty or minimal data)."""
    meeting, resolution, item = records.meeting.pk, records.resolution.pk, records.item.pk
    return {
        "prepare": client.post(reverse("meetings:prepare", args=[meeting]), {}).status_code,
        "notice": client.post(reverse("meetings:notice", args=[meeting]), {}).status_code,
        "record": client.post(reverse("meetings:attendance", args=[meeting]), {}).status_code,
        "opinion": client.post(reverse("meetings:opinion", args=[meeting]), {"content": "x"}).status_code,
        "review": client.post(reverse("resolutions:meeting_review", args=[meeting]), {}).status_code,
        "edit": client.post(reverse("resolutions:edit", args=[resolution]), {"title": "x"}).status_code,
        "item_add": client.post(reverse("resolutions:item_add", args=[resolution]), {}).status_code,
        "item_delete": client.post(reverse("resolutions:item_delete", args=[resolution, item])).status_code,
        "issue": client.post(reverse("resolutions:issue", args=[resolution]), {}).status_code,
        "confirm": client.post(reverse("resolutions:confirm", args=[item]), {}).status_code,
        "urge": client.post(reverse("resolutions:urge", args=[item]), {}).status_code,
        "progress": client.post(reverse("resolutions:progress", args=[item]), {}).status_code,
    }


ALL_READ = {"meeting": 200, "resolution": 200, "item": 200, "review": 200}
NONE_READ = {"meeting": 404, "resolution": 404, "item": 404, "review": 404}


@pytest.mark.django_db
def test_r40_access_before_and_after_the_move_former_upper_level(world, moved, client_for):
    client = client_for(moved.a)
    # The period G1 lay under the bloc: readable; after it, nothing.
    assert scope_for(moved.a).past[world.g1.pk] == LAST_DAY_UNDER_A
    assert _reads(client, moved.before) == ALL_READ
    assert _reads(client, moved.after) == NONE_READ
    # The item as it stood then: a report made after the move is G1's new upper level's to read.
    ProgressUpdate.objects.create(
        item=moved.before.item,
        author=world.people.secretary,
        status=ItemStatus.IN_PROGRESS,
        percent=40,
        note="Báo cáo 2026",
    )
    assert (
        "Báo cáo 2026"
        not in client.get(reverse("resolutions:item", args=[moved.before.item.pk])).content.decode()
    )
    assert (
        "Báo cáo 2026"
        in client_for(moved.b).get(reverse("resolutions:item", args=[moved.before.item.pk])).content.decode()
    )
    client = client_for(moved.a)
    # No write of the period it reads: every action answers 404.
    assert set(_writes(client, moved.before).values()) == {404}
    assert moved.before.resolution.items.count() == 1
    # Its lists keep to the period: the meetings of 2024 (the default year: the last of the period) …
    meetings = client.get(reverse("meetings:list", args=["G1"]))
    assert meetings.status_code == 200 and meetings.context["year"] == 2025
    meetings = client.get(reverse("meetings:list", args=["G1"]), {"year": 2024}).content.decode()
    assert "Hội nghị tháng 6/2024" in meetings and 'id="past-reach"' in meetings
    later = client.get(reverse("meetings:list", args=["G1"]), {"year": 2026}).content.decode()
    assert "Hội nghị tháng 6/2026" not in later
    resolutions = client.get(reverse("resolutions:list", args=["G1"])).content.decode()
    assert "Nghị quyết tháng 6/2024" in resolutions and "Nghị quyết tháng 6/2026" not in resolutions
    # … and the API's lists too.
    assert set(visible_resolutions(moved.a).filter(org=world.g1)) == {moved.before.resolution}
    assert set(visible_items(moved.a).filter(resolution__org=world.g1)) == {moved.before.item}
    # The organization's page: its name and history, never today's committee nor its members; its cells too.
    page = client.get(reverse("orgs:org", args=["G1"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="history"' in html and 'id="past-reach"' in html
    assert 'id="members-section"' not in html and world.people.secretary.full_name not in html
    assert client.get(reverse("orgs:org", args=["G1C1"])).status_code == 200
    # What plans or acts on the organization today stays its new upper level's.
    for name in ("orgs:members", "meetings:calendar", "resolutions:board", "meetings:regulation"):
        assert client.get(reverse(name, args=["G1"])).status_code == 404, name
    assert client.get(reverse("resolutions:annual", args=["G1", 2024])).status_code == 404


@pytest.mark.django_db
def test_r40_access_before_and_after_the_move_new_upper_level_reads_both(world, moved, client_for):
    client = client_for(moved.b)
    assert scope_for(moved.b).past == {}
    assert _reads(client, moved.before) == ALL_READ
    assert _reads(client, moved.after) == ALL_READ
    assert 'id="members-section"' in client.get(reverse("orgs:org", args=["G1"])).content.decode()


@pytest.mark.django_db
def test_r40_access_before_and_after_the_move_an_unrelated_upper_level_reads_nothing(
    world, moved, client_for
):
    client = client_for(moved.c)
    assert _reads(client, moved.before) == NONE_READ
    assert _reads(client, moved.after) == NONE_READ
    assert set(_writes(client, moved.before).values()) == {404}
    for name in ("orgs:org", "meetings:list", "resolutions:list"):
        assert client.get(reverse(name, args=["G1"])).status_code == 404, name
    assert not visible_resolutions(moved.c).filter(org=world.g1).exists()


@pytest.mark.django_db
def test_r40_the_old_committee_of_the_moved_organization_still_acts_on_it(world, moved, client_for):
    """G1's own secretary is not a former upper level: every record is theirs still."""
    client = client_for(world.secretary)
    assert scope_for(world.secretary).past == {}
    assert _reads(client, moved.before)["resolution"] == 200
    assert _reads(client, moved.after)["resolution"] == 200


def _linked(response) -> set[str]:
    return set(re.findall(r'href="[^"]*/dashboard/([A-Z][A-Z0-9]*)/\?', response.content.decode()))


@pytest.mark.django_db
def test_r40_the_dashboard_of_the_former_period_links_its_rows_again(world, moved, client_for):
    client = client_for(moved.a)
    dashboard = reverse("oversight:dashboard")
    drill_down = reverse("oversight:dashboard_org", args=["G1"])
    assert "G1" in _linked(client.get(dashboard, {"period": "year", "year": 2024, "root": "DUK"}))
    response = client.get(drill_down, {"period": "year", "year": 2024})
    assert response.status_code == 200
    assert [m.pk for m in response.context["meetings"]] == [moved.before.meeting.pk]
    # A period running past the move is the new upper level's.
    assert client.get(drill_down, {"period": "year", "year": 2025}).status_code == 404
    assert client.get(drill_down, {"period": "month", "year": 2025, "number": 1}).status_code == 200
    assert client_for(moved.c).get(drill_down, {"period": "year", "year": 2024}).status_code == 404


def _fresh(user):
    """The same account without its cached scope, as a new request has it."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [1, 12])
def test_r40_past_access_stays_bounded_with_many_moved_organizations(
    world, client_for, django_assert_max_num_queries, extra
):
    """The same bounds with one or twelve more organizations moved out of the bloc's reach."""
    orgs = [world.g1]
    for i in range(extra):
        org = OrganizationFactory(
            code=f"GX{i}", name=f"Chi bộ {i}", kind=OrgKind.GRASSROOTS_CELL, parent=world.bloc
        )
        _records(org, BEFORE, f"GX{i} 2024")
        _records(org, AFTER, f"GX{i} 2026")
        orgs.append(org)
    _move_under_a_new_committee(world, orgs)
    # The scope: one query more than before (four at most), whatever the number moved out.
    user = _fresh(world.btc)
    with django_assert_max_num_queries(4):
        scope = scope_for(user)
    assert len(scope.past) == 1 + extra + 3  # G1's partial committee and cells moved with it
    # The lists: a fixed number of queries (the scope's past is two: the organizations that ended into
    # the subtree, then what lay under either), and only the period's records.
    user = _fresh(world.btc)
    with django_assert_max_num_queries(9):
        titles = {r.title for r in visible_resolutions(user)}
        items = list(visible_items(user))
    assert titles == {f"Nghị quyết GX{i} 2024" for i in range(extra)}
    assert len(items) == extra
    client = client_for(world.btc)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("resolutions:list", args=["GX0"]), {"year": 2024})
    assert [r.title for r in page.context["resolutions"]] == ["Nghị quyết GX0 2024"]
    with django_assert_max_num_queries(20):
        page = client.get(reverse("meetings:list", args=["GX0"]), {"year": 2024})
    assert [m.title for m in page.context["meetings"]] == ["Hội nghị GX0 2024"]
    with django_assert_max_num_queries(20):
        dashboard = client.get(
            reverse("oversight:dashboard"), {"period": "year", "year": 2024, "root": "DUK"}
        )
    assert {"G1", *(f"GX{i}" for i in range(extra))} <= _linked(dashboard)
