"""R40 "access before and after the move", everywhere a former upper level looks: the document archive, the
search box, the meetings lists (page and API) and classified resolutions keep to the period the
organization lay under it — records dated up to its last day there, nothing after — as its direct pages
do (test_r40_past_access.py); the new upper level finds both periods; a stranger neither.

The tree is that of test_r40_past_access.py: G1 lies under the bloc DUK (its Organization Board officer
`btc`, its Inspection Committee officer `ubkt`) until 6 February 2025, then under DCQD (officer `btc2`);
DUC (officer `btc3`) is unrelated. G1's archive holds a report of June 2024 and one of June 2026, both
archived before the move was entered (the path stored with them is the bloc's: it must follow G1), and
one of January 2025 archived after it (stored under DCQD's path: the former period must still find it).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from nghiquyet.api import services as api_services
from nghiquyet.documents import archive, rendering
from nghiquyet.documents.models import (
    ArchivedDocument,
    Confidentiality,
    DocType,
    Role,
    SearchEntry,
    roles_text,
)
from nghiquyet.meetings.models import Meeting, MeetingKind
from nghiquyet.orgs.access import scope_for
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import undo_reorganization
from nghiquyet.orgs.tests.factories import OrganizationFactory
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions.access import resolutions_of, visible_items, visible_resolutions
from nghiquyet.resolutions.documents_context import reindex_resolution
from nghiquyet.resolutions.models import ResolutionKind

from .test_r40_past_access import AFTER, BEFORE, _move_under_a_new_committee, _officer, _records

IN_THE_PERIOD = dt.date(2025, 1, 20)


def _report(org, day, title, n):
    """An archived periodic report of `org` issued on `day` (indexed in search as an archived document)."""
    return archive.archive(
        org_id=org.pk,
        org_code=org.code,
        org_path=org.path,
        doc_type=DocType.PERIODIC_REPORT,
        title=title,
        issued_on=day,
        canonical_text=f"{title}: tình hình thực hiện nghị quyết.",
        docx=rendering.render_docx(rendering.OfficialDocument(DocType.PERIODIC_REPORT, "Đảng ủy", "ĐU")),
        filename="bao-cao.docx",
        source_kind="r40-report",
        source_id=n,
    )


def _secret(org, day, label):
    """A classified draft resolution of `org`, for a meeting on `day`, that its upper level's Inspection
    Committee may read (#17.1)."""
    meeting = Meeting.objects.create(
        org=org, kind=MeetingKind.REGULAR, title=f"Hội nghị kiểm tra {label}", date=day, nominal_date=day
    )
    return resolution_services.create_draft(
        org,
        title=f"Nghị quyết mật {label}",
        kind=ResolutionKind.REGULAR,
        meeting=meeting,
        confidentiality=Confidentiality.SECRET,
        roles=roles_text([Role.INSPECTION_COMMITTEE]),
    )


@pytest.fixture
def moved(world):
    before = _records(world.g1, BEFORE, "tháng 6/2024")
    after = _records(world.g1, AFTER, "tháng 6/2026")
    for records in (before, after):
        reindex_resolution(records.resolution)  # with its item, as the service adding one does
    docs = SimpleNamespace(
        before=_report(world.g1, BEFORE, "Báo cáo quý II năm 2024", 1),
        after=_report(world.g1, AFTER, "Báo cáo quý II năm 2026", 2),
    )
    secret = SimpleNamespace(before=_secret(world.g1, BEFORE, "2024"), after=_secret(world.g1, AFTER, "2026"))
    successor = _move_under_a_new_committee(world, [world.g1])
    world.g1.refresh_from_db()
    docs.late = _report(world.g1, IN_THE_PERIOD, "Báo cáo tháng 1 năm 2025", 3)
    other_bloc = OrganizationFactory(code="DUC", name="Đảng bộ Khối doanh nghiệp", kind=OrgKind.BLOC)
    return SimpleNamespace(
        before=before,
        after=after,
        docs=docs,
        secret=secret,
        successor=successor,
        a=world.btc,
        b=_officer(successor, "Ngô Thị Thu", "btc2"),
        c=_officer(other_bloc, "Phan Văn Lộc", "btc3"),
    )


def _archive_ids(client) -> set[int]:
    response = client.get(reverse("documents:archive"))
    assert response.status_code == 200
    return {doc.pk for doc in response.context["page"]}


def _found(client, query: str) -> set[tuple[str, int]]:
    response = client.get(reverse("documents:search"), {"q": query})
    assert response.status_code == 200
    return {(r.entry.kind, r.entry.object_id) for r in response.context["page"].results}


def _opens(client, doc) -> int:
    return client.get(reverse("documents:archived", args=[doc.pk])).status_code


def _api_meetings(client, user, code="G1"):
    key = api_services.create_token(user, "Hệ thống văn phòng điện tử")[1]
    response = client.get(f"/api/orgs/{code}/meetings/", headers={"Authorization": f"Bearer {key}"})
    return response.status_code, {m["id"] for m in response.json().get("items", [])}


@pytest.mark.django_db
def test_r40_the_archive_and_its_entries_follow_the_moved_organization(world, moved):
    """The stored paths follow G1 to DCQD (the scopes find the archive by path), and back on undo."""
    paths = set(ArchivedDocument.objects.filter(org_id=world.g1.pk).values_list("org_path", flat=True))
    assert paths == {"DCQD/G1/"}
    assert set(SearchEntry.objects.filter(org_id=world.g1.pk).values_list("org_path", flat=True)) == {
        "DCQD/G1/"
    }
    reorg = world.g1.versions.get(valid_to__isnull=True).opened_by
    undo_reorganization(reorg)
    assert set(ArchivedDocument.objects.filter(org_id=world.g1.pk).values_list("org_path", flat=True)) == {
        "DUK/G1/"
    }
    assert set(SearchEntry.objects.filter(org_id=world.g1.pk).values_list("org_path", flat=True)) == {
        "DUK/G1/"
    }


@pytest.mark.django_db
def test_r40_the_former_upper_level_finds_its_period_in_the_archive_and_search(world, moved, client_for):
    client = client_for(moved.a)
    docs = moved.docs
    # The archive: the reports issued by 6 February 2025, whatever path they were archived under.
    assert {docs.before.pk, docs.late.pk} <= _archive_ids(client)
    assert docs.after.pk not in _archive_ids(client)
    assert (_opens(client, docs.before), _opens(client, docs.late), _opens(client, docs.after)) == (
        200,
        200,
        404,
    )
    assert client.get(reverse("documents:archived_file", args=[docs.after.pk, "docx"])).status_code == 404
    # Search: the same reports; the resolution and item of the meeting of June 2024, not of June 2026.
    assert _found(client, "Báo cáo") == {("archived", docs.before.pk), ("archived", docs.late.pk)}
    found = _found(client, "Nghị quyết tháng 6")
    assert ("resolution", moved.before.resolution.pk) in found
    assert ("resolution", moved.after.resolution.pk) not in found
    found = _found(client, "Nhiệm vụ tháng 6")
    assert ("item", moved.before.item.pk) in found and ("item", moved.after.item.pk) not in found


@pytest.mark.django_db
def test_r40_the_former_upper_level_lists_the_meetings_of_its_period(world, moved, client, client_for):
    page = client_for(moved.a).get(reverse("meetings:list", args=["G1"]), {"year": 2024})
    assert moved.before.meeting in page.context["meetings"]
    page = client_for(moved.a).get(reverse("meetings:list", args=["G1"]), {"year": 2026})
    assert page.status_code == 200 and moved.after.meeting not in page.context["meetings"]
    status, ids = _api_meetings(client, moved.a)
    assert status == 200
    assert moved.before.meeting.pk in ids and moved.after.meeting.pk not in ids
    assert all(m.date <= dt.date(2025, 2, 6) for m in Meeting.objects.filter(pk__in=ids))


@pytest.mark.django_db
def test_r40_the_new_upper_level_finds_both_periods(world, moved, client, client_for):
    browser = client_for(moved.b)
    assert {moved.docs.before.pk, moved.docs.after.pk, moved.docs.late.pk} <= _archive_ids(browser)
    assert _opens(browser, moved.docs.before) == 200
    assert _found(browser, "Báo cáo") == {
        ("archived", moved.docs.before.pk),
        ("archived", moved.docs.after.pk),
        ("archived", moved.docs.late.pk),
    }
    found = _found(browser, "Nghị quyết tháng 6")
    assert {("resolution", moved.before.resolution.pk), ("resolution", moved.after.resolution.pk)} <= found
    status, ids = _api_meetings(client, moved.b)
    assert status == 200 and {moved.before.meeting.pk, moved.after.meeting.pk} <= ids


@pytest.mark.django_db
def test_r40_a_stranger_finds_neither_period(world, moved, client, client_for):
    browser = client_for(moved.c)
    docs = moved.docs
    assert not _archive_ids(browser) & {docs.before.pk, docs.after.pk, docs.late.pk}
    assert (_opens(browser, docs.before), _opens(browser, docs.late), _opens(browser, docs.after)) == (
        404,
        404,
        404,
    )
    assert _found(browser, "Báo cáo") == set()
    assert _found(browser, "Nghị quyết tháng 6") == set()
    assert _api_meetings(client, moved.c)[0] == 404


@pytest.mark.django_db
def test_r40_classified_resolutions_of_the_period_for_the_roles_held_then(world, moved, client_for):
    """The bloc's Inspection Committee was G1's upper level's until the move: it reads a classified
    resolution of that period naming it, as it did then, and nothing classified after; the bloc's
    Organization Board, not named, reads neither, as before the move; nor does the new upper level's."""
    secret = moved.secret
    page = reverse("resolutions:resolution", args=[secret.before.pk])
    later = reverse("resolutions:resolution", args=[secret.after.pk])
    ubkt = client_for(world.ubkt)
    assert (ubkt.get(page).status_code, ubkt.get(later).status_code) == (200, 404)
    listed = ubkt.get(reverse("resolutions:list", args=["G1"]), {"year": 2024}).context["resolutions"]
    assert secret.before in listed
    assert set(visible_resolutions(world.ubkt).filter(org=world.g1)) == {
        moved.before.resolution,
        secret.before,
    }
    assert set(resolutions_of(world.ubkt, world.g1)) == {moved.before.resolution, secret.before}
    assert ("resolution", secret.before.pk) in _found(ubkt, "Nghị quyết mật")
    assert ("resolution", secret.after.pk) not in _found(ubkt, "Nghị quyết mật")
    for user in (moved.a, moved.b):
        browser = client_for(user)
        assert (browser.get(page).status_code, browser.get(later).status_code) == (404, 404)
        assert not {secret.before, secret.after} & set(visible_resolutions(user))
        assert not {secret.before, secret.after} & set(resolutions_of(user, world.g1))
        assert not _found(browser, "Nghị quyết mật")
    assert set(visible_items(moved.a).filter(resolution__org=world.g1)) == {moved.before.item}


def _fresh(user):
    """The same account without its cached scope, as a new request has it."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [1, 12])
def test_r40_the_archive_search_and_meetings_list_stay_bounded(
    world, client, client_for, django_assert_max_num_queries, extra
):
    """The same bounds with one or twelve organizations moved out of the bloc's reach."""
    orgs = []
    for i in range(extra):
        org = OrganizationFactory(
            code=f"GX{i}", name=f"Chi bộ {i}", kind=OrgKind.GRASSROOTS_CELL, parent=world.bloc
        )
        _records(org, BEFORE, f"GX{i} 2024")
        _records(org, AFTER, f"GX{i} 2026")
        _report(org, BEFORE, f"Báo cáo GX{i} năm 2024", 100 + 2 * i)
        _report(org, AFTER, f"Báo cáo GX{i} năm 2026", 101 + 2 * i)
        orgs.append(org)
    _move_under_a_new_committee(world, orgs)
    browser = client_for(world.btc)
    with django_assert_max_num_queries(11):
        response = browser.get(reverse("documents:archive"))
    titles = {doc.title for doc in response.context["page"]}
    assert titles == {f"Báo cáo GX{i} năm 2024" for i in range(extra)}
    with django_assert_max_num_queries(12):
        response = browser.get(reverse("documents:search"), {"q": "Báo cáo GX"})
    assert {r.entry.title for r in response.context["page"].results} == titles
    key = api_services.create_token(world.btc, "Hệ thống")[1]
    with django_assert_max_num_queries(10):
        response = client.get("/api/orgs/GX0/meetings/", headers={"Authorization": f"Bearer {key}"})
    assert [m["title"] for m in response.json()["items"]] == ["Hội nghị GX0 2024"]
    assert len(scope_for(_fresh(world.btc)).past) == extra
