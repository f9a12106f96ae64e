"""R39 in the demo: the 2025 transfer to the Đảng bộ các cơ quan Đảng thành phố (decision 8152-QĐ/TU,
7 February 2025) is recorded through the reorganization service; the tree of January 2025 still shows the
moved organizations under the bloc, today's under the new committee, and nothing is orphaned."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from nghiquyet.demo import registry as demo
from nghiquyet.demo import reorganization as reorganization_demo
from nghiquyet.orgs import history
from nghiquyet.orgs.continuity import orphans
from nghiquyet.orgs.models import (
    BodyKind,
    BodyStaff,
    CommitteeMembership,
    Organization,
    OrgKind,
    Person,
    Reorganization,
    ReorganizationStatus,
    Term,
)
from nghiquyet.orgs.tests.factories import OrganizationFactory, PersonFactory
from nghiquyet.oversight.access import dashboard_scope_for


def _tiny_bloc_with_a_newspaper() -> Organization:
    """The tiny demo bloc and one newspaper's cell, which the transfer moves."""
    demo.generate(demo.TINY)
    bloc = Organization.objects.get(code=demo.BLOC_CODE)
    return OrganizationFactory(
        code="BAOHNM", name="Chi bộ Báo Hànộimới", kind=OrgKind.GRASSROOTS_CELL, issuer_code="CB", parent=bloc
    )


@pytest.mark.django_db
def test_r39_the_demo_records_the_end_of_the_bloc_as_it_happened():
    newspaper = _tiny_bloc_with_a_newspaper()
    PersonFactory(full_name="Ngô Thị Hoa", home_org=newspaper)
    bloc = Organization.objects.get(code=demo.BLOC_CODE)
    children = set(Organization.objects.filter(parent=bloc))
    personas_org = CommitteeMembership.objects.current().get(person__user__username="bithu").term.org
    members_before = Person.objects.in_subtree(bloc).count()

    moved = reorganization_demo.transfer_2025(demo.BLOC_CODE)

    # Every organization of the bloc passed on, by what it is: the newspaper to the Party agencies'
    # committee, the departments (the demo members' own among them) and the bloc's office cell to the city
    # government's, each with its decision.
    assert set(moved) == children
    agencies = Organization.objects.get(code=reorganization_demo.PARTY_AGENCIES.code)
    government = Organization.objects.get(code=reorganization_demo.CITY_GOVERNMENT.code)
    assert agencies.active_from == government.active_from == reorganization_demo.FOUNDED
    placed = dict(
        Organization.objects.filter(pk__in=[o.pk for o in children]).values_list("code", "parent_id")
    )
    for org in children:
        expected = agencies if reorganization_demo.PARTY_AGENCIES.takes(org) else government
        assert placed[org.code] == expected.pk, org.name
    assert placed["BAOHNM"] == agencies.pk
    assert placed[personas_org.code] == government.pk == placed[demo.OFFICE_CELL_CODE]
    assert any(" Sở " in f" {o.name} " for o in children if placed[o.code] == government.pk)
    # The bloc ended the day before: no organization, committee nor post of it in office after.
    bloc.refresh_from_db()
    assert bloc.active_to == dt.date(2025, 2, 6)
    assert not Organization.objects.filter(parent=bloc).exists()
    assert not Term.objects.current(reorganization_demo.FOUNDED).filter(org=bloc).exists()
    assert not Term.objects.filter(org=bloc, start_date__gte=reorganization_demo.FOUNDED).exists()
    assert not BodyStaff.objects.current(reorganization_demo.FOUNDED).filter(body__org=bloc).exists()
    # Nobody lost on the way: the people are under the successors now.
    assert Person.objects.in_subtree(bloc).count() == 0
    assert (
        Person.objects.in_subtree(agencies).count() + Person.objects.in_subtree(government).count()
        == members_before
    )
    january = {o.code: o for o in history.tree_on(dt.date(2025, 1, 1))}
    assert "DCQD" not in january and "DUBND" not in january
    assert all(january[o.code].path == f"DUK/{o.code}/" for o in children)
    march = {o.code for o in history.tree_on(dt.date(2025, 3, 1), under=["DCQD/"])}
    assert march == {"DCQD", *(o.code for o in children if placed[o.code] == agencies.pk)}
    assert "DUK" not in {o.code for o in history.tree_on(dt.date(2025, 3, 1))}
    assert set(Reorganization.objects.values_list("kind", "decision_number", "status")) == {
        ("create", "8152-QĐ/TU", ReorganizationStatus.CONFIRMED),
        ("move", "8152-QĐ/TU", ReorganizationStatus.CONFIRMED),
        ("create", "8153-QĐ/TU", ReorganizationStatus.CONFIRMED),
        ("dissolve", "8153-QĐ/TU", ReorganizationStatus.CONFIRMED),
    }
    dissolution = Reorganization.objects.get(kind="dissolve")
    assert list(dissolution.successors.all()) == [government]
    assert orphans() == []
    # Idempotent: the seed may run it again over the same data without a second transfer.
    assert reorganization_demo.transfer_2025(demo.BLOC_CODE) == []


@pytest.mark.django_db
def test_r39_at_the_city_scale_a_sample_moves_and_the_bloc_stays():
    newspaper = _tiny_bloc_with_a_newspaper()
    bloc = Organization.objects.get(code=demo.BLOC_CODE)
    personas_org = CommitteeMembership.objects.current().get(person__user__username="bithu").term.org

    moved = reorganization_demo.transfer_2025(demo.BLOC_CODE, whole=False)

    assert newspaper in moved and personas_org not in moved
    assert len(moved) <= 2 * reorganization_demo.MAX_MOVED
    bloc.refresh_from_db()
    assert bloc.active_to is None
    assert Organization.objects.filter(parent=bloc).exists()
    assert not Reorganization.objects.filter(kind="dissolve").exists()
    assert orphans() == []


@pytest.mark.django_db
def test_r40_each_new_committee_serves_its_appointed_term_until_its_first_congress():
    """Founded on 7 February 2025 (8152-QĐ/TU, 8153-QĐ/TU), each committee is appointed for the rest of
    2020–2025 and elects its 2025–2030 committee at its first congress (8 and 16 August 2025): the day a
    document's series changes (orgs.numbering)."""
    _tiny_bloc_with_a_newspaper()
    reorganization_demo.transfer_2025(demo.BLOC_CODE)

    for spec in reorganization_demo.SUCCESSORS:
        terms = Term.objects.filter(org__code=spec.code).order_by("start_date")
        assert list(terms.values_list("label", "start_date", "end_date")) == [
            ("2020–2025", reorganization_demo.FOUNDED, spec.congress - dt.timedelta(days=1)),
            ("2025–2030", spec.congress, demo.TERM_END),
        ]
        assert Term.objects.current(spec.congress - dt.timedelta(days=1)).get(org__code=spec.code).label == (
            "2020–2025"
        )
        assert Term.objects.current(spec.congress).get(org__code=spec.code).label == "2025–2030"
    assert [s.decision for s in reorganization_demo.SUCCESSORS] == ["8152-QĐ/TU", "8153-QĐ/TU"]


@pytest.mark.django_db
def test_r39_the_bloc_staff_pass_to_the_new_committee_and_its_officer_still_reads_2024(client):
    newspaper = _tiny_bloc_with_a_newspaper()
    personas_org = CommitteeMembership.objects.current().get(person__user__username="bithu").term.org
    reorganization_demo.transfer_2025(demo.BLOC_CODE)
    government = reorganization_demo.CITY_GOVERNMENT

    logins = {x.username: x for x in demo.demo_logins()}
    assert list(logins) == list(demo.DEMO_USERNAMES)
    new = logins[demo.SUCCESSOR_USERNAME]
    assert new.who.startswith("Cán bộ Ban Tổ chức Đảng ủy các cơ quan Đảng thành phố: ")
    assert new.org_code == reorganization_demo.SUCCESSOR_CODE
    officer = get_user_model().objects.get(username=demo.SUCCESSOR_USERNAME)
    assert officer.check_password(demo.DEMO_PASSWORD) and officer.is_active
    staff = BodyStaff.objects.get(person__user=officer)
    assert (staff.body.kind, staff.start_date) == (BodyKind.ORGANIZATION_BOARD, reorganization_demo.FOUNDED)
    # The bloc's own officers: their posts at the bloc ended with it, the same posts at the city
    # government's committee from the next day; the board is the one its own officer staffs.
    for username, kind, title in (
        ("bantochuc", BodyKind.ORGANIZATION_BOARD, "Cán bộ Ban Tổ chức Đảng ủy Ủy ban nhân dân thành phố: "),
        ("ubkt", BodyKind.INSPECTION_COMMITTEE, "Cán bộ Ủy ban Kiểm tra Đảng ủy Ủy ban nhân dân thành phố: "),
    ):
        assert logins[username].who.startswith(title) and logins[username].org_code == government.code
        posts = BodyStaff.objects.filter(person__user__username=username).order_by("start_date")
        assert [(p.body.org.code, p.body.kind, p.end_date) for p in posts] == [
            (demo.BLOC_CODE, kind, dt.date(2025, 2, 6)),
            (government.code, kind, None),
        ]
    assert BodyStaff.objects.get(person__user__username="bantochuc", end_date=None).body == (
        BodyStaff.objects.get(person__user__username=demo.GOVERNMENT_SUCCESSOR_USERNAME).body
    )

    def user(username):
        return get_user_model().objects.get(username=username)

    def rows(username, day, root=""):
        return set(dashboard_scope_for(user(username), root).orgs_on(day).values_list("code", flat=True))

    # Today the bloc's officer supervises the demo members' committee under its new upper level; its own
    # committee's 2024 is empty, the bloc's 2024 holds every organization, the newspaper included.
    assert personas_org.code in rows("bantochuc", dt.date(2026, 6, 30))
    assert newspaper.code not in rows("bantochuc", dt.date(2026, 6, 30))
    assert rows("bantochuc", dt.date(2024, 12, 31)) == set()
    assert {newspaper.code, personas_org.code} <= rows("bantochuc", dt.date(2024, 12, 31), demo.BLOC_CODE)
    assert demo.BLOC_CODE in {o.code for o in dashboard_scope_for(user("bantochuc"), choices=True).roots}
    # The newspaper is the Party agencies' committee's from 2025; the bloc is not its to read.
    assert newspaper.code in rows(demo.SUCCESSOR_USERNAME, dt.date(2026, 6, 30))
    assert newspaper.code not in rows(demo.SUCCESSOR_USERNAME, dt.date(2024, 12, 31))
    client.force_login(user(demo.SUCCESSOR_USERNAME))
    dashboard = reverse("oversight:dashboard")
    assert client.get(dashboard, {"year": 2024, "root": demo.BLOC_CODE}).status_code == 404
    client.force_login(user("bantochuc"))
    assert client.get(dashboard, {"year": 2024, "root": demo.BLOC_CODE}).status_code == 200
    assert client.get(reverse("orgs:org", args=[newspaper.code])).status_code == 200


@pytest.mark.django_db
def test_r40_the_receiving_committee_reads_the_report_of_what_moved_to_it(client):
    _tiny_bloc_with_a_newspaper()
    reorganization_demo.transfer_2025(demo.BLOC_CODE)
    agencies = Organization.objects.get(code=reorganization_demo.PARTY_AGENCIES.code)
    to_agencies = Reorganization.objects.filter(kind="move", sources__parent=agencies).distinct().get()
    dissolution = Reorganization.objects.get(kind="dissolve")

    def status(username, reorg):
        client.force_login(get_user_model().objects.get(username=username))
        return client.get(reverse("orgs:reorganization", args=[reorg.pk])).status_code

    # The move to the Party agencies' committee: that committee, and the bloc's staff (who decided it and
    # received the bloc's records); the dissolution: the committee that received the bloc.
    assert status(demo.SUCCESSOR_USERNAME, to_agencies) == 200
    assert status("bantochuc", to_agencies) == 200
    assert status("dangvien", to_agencies) == 404
    assert status("bantochuc", dissolution) == 200
    assert status(demo.GOVERNMENT_SUCCESSOR_USERNAME, dissolution) == 200
    assert status(demo.SUCCESSOR_USERNAME, dissolution) == 404
    assert status("dangvien", dissolution) == 404
    # A moved organization's history links its decision to the report for the committee that received it.
    moved = to_agencies.sources.first()
    client.force_login(get_user_model().objects.get(username=demo.SUCCESSOR_USERNAME))
    page = client.get(reverse("orgs:org", args=[moved.code])).content.decode()
    assert f'href="{reverse("orgs:reorganization", args=[to_agencies.pk])}"' in page


@pytest.mark.django_db
def test_r39_the_demo_papers_name_the_upper_committee_of_their_day():
    """The demo's texts speak of the upper committee ("gửi Đảng ủy Khối", "Kết luận của Ban Thường vụ Đảng ủy
    Khối"): from the bloc's end they name the committee the organization passed to."""
    from nghiquyet.demo import meetings as history_demo
    from nghiquyet.demo import resolutions as resolutions_demo
    from nghiquyet.meetings.models import Meeting
    from nghiquyet.resolutions.models import Item, Resolution

    newspaper = _tiny_bloc_with_a_newspaper()
    personas_org = CommitteeMembership.objects.current().get(person__user__username="bithu").term.org
    reorganization_demo.transfer_2025(demo.BLOC_CODE)
    founded = reorganization_demo.FOUNDED
    day_before = founded - dt.timedelta(days=1)

    uppers = history_demo.upper_names_of(personas_org)
    assert history_demo.upper_on(uppers, day_before) == "Đảng ủy Khối"
    assert history_demo.upper_on(uppers, founded) == "Đảng ủy Ủy ban nhân dân thành phố"
    newspaper_uppers = history_demo.upper_names_of(newspaper)
    assert history_demo.upper_on(newspaper_uppers, founded) == "Đảng ủy các cơ quan Đảng thành phố"
    text = "Báo cáo gửi Đảng ủy Khối"
    assert history_demo.retarget(text, uppers, day_before) == text
    assert history_demo.retarget(text, uppers, founded) == "Báo cáo gửi Đảng ủy Ủy ban nhân dân thành phố"

    # A history across the end: no paper dated after it names the bloc's committee.
    today = dt.date(2025, 4, 10)
    history_demo.generate_history(months=3, today=today)
    resolutions_demo.generate_resolutions(today=today)
    after = Meeting.objects.filter(date__gte=founded)
    assert after.exists() and Meeting.objects.filter(date__lt=founded).exists()
    texts = [
        *after.values_list("preparation_notes", flat=True),
        *after.values_list("theme_reason", flat=True),
        *Resolution.objects.filter(meeting__date__gte=founded).values_list("assessment", flat=True),
        *Item.objects.filter(resolution__meeting__date__gte=founded).values_list("content", flat=True),
    ]
    assert not [t for t in texts if "Đảng ủy Khối" in t]
    assert any("Đảng ủy Ủy ban nhân dân thành phố" in t for t in texts)
    before = Meeting.objects.filter(date__lt=founded).values_list("preparation_notes", flat=True)
    assert any("Đảng ủy Khối" in t for t in before)
