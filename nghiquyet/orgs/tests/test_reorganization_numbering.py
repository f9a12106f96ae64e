"""R40, R41: a reorganization and the document number series.

Numbers run from 01 for each document type within a committee term (orgs/numbering.py, Hướng dẫn
36-HD/VPTW). An organization a reorganization creates gets a committee term from the effective date, the
seats passed to it land there, and undoing the reorganization removes it; a move or a rename keeps the
organization, its term and its series; the preview and the report say which. The shared `world` is the
bloc DUK with G1 (committee term 2025–2030: the secretary and a committee member), its cells C1 and
P1C1 (under the partial committee P1) and the grassroots cell G2.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from nghiquyet.orgs import carriers, numbering
from nghiquyet.orgs.continuity import orphans
from nghiquyet.orgs.models import (
    CommitteeMembership,
    Organization,
    OrgKind,
    Position,
    ReorganizationKind,
    ReorganizationMove,
    Term,
)
from nghiquyet.orgs.services import NewOrg, Spec, preview, reorganize, undo_reorganization
from nghiquyet.orgs.tests.factories import MembershipFactory, OrganizationFactory, TermFactory

DECIDED = dt.date(2026, 2, 3)
EFFECTIVE = dt.date(2026, 2, 7)
Kind = ReorganizationKind


def _spec(world, kind, **kw) -> Spec:
    return Spec(
        kind=kind,
        decision_number="8152-QĐ/ĐUK",
        decision_date=DECIDED,
        issuer=world.bloc,
        effective_date=EFFECTIVE,
        **kw,
    )


def _next(term, doc_type="NQ"):
    with transaction.atomic():
        return numbering.allocate(term.org, term, doc_type)


@pytest.fixture
def cell_terms(world):
    """C1 and P1C1 each with a cell committee of one (their secretaries), and C1's series at NQ 03."""
    c1_term, c2_term = TermFactory(org=world.c1), TermFactory(org=world.c2)
    MembershipFactory(term=c1_term, person=world.people.member, position=Position.SECRETARY)
    MembershipFactory(term=c2_term, person=world.people.committee_member, position=Position.SECRETARY)
    for _ in range(3):
        _next(c1_term)
    return c1_term, c2_term


def _merge_into_new(world):
    return reorganize(
        _spec(
            world,
            Kind.MERGE,
            sources=[world.c1, world.c2],
            parts=[NewOrg("G1C9", "Chi bộ Văn phòng – Thanh tra")],
        )
    )


@pytest.mark.django_db
def test_r40_a_merge_into_a_new_cell_appoints_its_term_and_its_series_starts_at_01(world, cell_terms):
    c1_term, c2_term = cell_terms
    reorg = _merge_into_new(world)
    successor = reorg.successors.get()
    term = successor.terms.get()
    assert (term.label, term.start_date, term.end_date) == ("2025–2030", EFFECTIVE, None)
    seated = CommitteeMembership.objects.filter(term=term)
    assert set(seated.values_list("person_id", flat=True)) == {
        world.people.member.pk,
        world.people.committee_member.pk,
    }
    assert set(seated.values_list("start_date", flat=True)) == {EFFECTIVE}
    assert _next(term) == 1
    # The sources' own series are untouched: C1's stood at 03, P1C1 had numbered nothing.
    assert (_next(c1_term), _next(c2_term)) == (4, 1)


@pytest.mark.django_db
def test_r40_undo_removes_the_appointed_term_and_its_seats(world, cell_terms):
    reorg = _merge_into_new(world)
    term_id = reorg.successors.get().terms.get().pk
    undo_reorganization(reorg)
    assert not Term.objects.filter(pk=term_id).exists()
    assert not CommitteeMembership.objects.filter(term_id=term_id).exists()
    assert not Organization.objects.filter(code="G1C9").exists()
    assert CommitteeMembership.objects.current(EFFECTIVE).filter(term__in=cell_terms).count() == 2


@pytest.mark.django_db
def test_r40_undo_is_refused_once_the_successor_numbered_a_document(world, cell_terms, in_english):
    reorg = _merge_into_new(world)
    _next(reorg.successors.get().terms.get())
    with pytest.raises(ValidationError) as refused:
        undo_reorganization(reorg)
    assert "already numbered documents" in " ".join(refused.value.messages)
    assert Organization.objects.filter(code="G1C9").exists()


@pytest.mark.django_db
def test_r40_a_created_organization_gets_a_term_labelled_by_its_date(world):
    reorg = reorganize(
        _spec(
            world,
            Kind.CREATE,
            target=world.g1,
            parts=[NewOrg("G1C9", "Chi bộ Tổng hợp", OrgKind.SUBORDINATE_CELL, "CB")],
        )
    )
    assert reorg.successors.get().terms.get().label == "2025–2030"
    assert numbering.term_label(dt.date(2029, 12, 31)) == "2025–2030"
    assert numbering.term_label(dt.date(2030, 1, 1)) == "2030–2035"


@pytest.mark.django_db
def test_r40_a_committee_appointed_before_the_congress_serves_out_its_upper_level_s_term(world, in_english):
    """Founded in February 2025, before the 2025 congresses: the term of the upper level then in office
    (2020–2025), not the cycle the date falls in."""
    world.g1.terms.update(label="2020–2025", start_date=dt.date(2020, 10, 1))
    spec = _spec(
        world,
        Kind.CREATE,
        target=world.g1,
        parts=[NewOrg("G1C9", "Chi bộ Tổng hợp", OrgKind.SUBORDINATE_CELL, "CB")],
    )
    assert any("committee term 2020–2025" in line for line in preview(spec).changes)
    reorg = reorganize(spec)
    assert reorg.successors.get().terms.get().label == "2020–2025"


@pytest.mark.django_db
def test_r40_a_move_keeps_the_term_and_the_next_number_continues(world):
    p1_term = TermFactory(org=world.p1)
    assert [_next(p1_term), _next(p1_term)] == [1, 2]
    g3 = OrganizationFactory(code="G3", name="Đảng bộ Sở Nội vụ", parent=world.bloc)
    reorganize(_spec(world, Kind.MOVE, sources=[world.p1], target=g3))
    assert list(world.p1.terms.all()) == [p1_term]
    assert _next(p1_term) == 3


@pytest.mark.django_db
def test_r40_a_rename_keeps_the_term_and_the_next_number_continues(world):
    assert _next(world.term1) == 1
    reorganize(_spec(world, Kind.RENAME, sources=[world.g1], new_name="Đảng bộ Sở Tư pháp mới"))
    assert list(world.g1.terms.all()) == [world.term1]
    assert _next(world.term1) == 2


@pytest.mark.django_db
def test_r40_the_preview_says_which_series_start_and_which_continue(world, in_english):
    merge_new = preview(
        _spec(world, Kind.MERGE, sources=[world.c1, world.c2], parts=[NewOrg("G1C9", "Chi bộ Tổng hợp")])
    )
    assert any(
        "“Chi bộ Tổng hợp” gets a committee term 2025–2030 from 07/02/2026" in c for c in merge_new.changes
    )
    assert any("new series from 01" in c for c in merge_new.changes)
    moved = preview(_spec(world, Kind.MOVE, sources=[world.g2], target=world.bloc)).changes
    assert any(
        "“Chi bộ Ban Dân tộc” keep their committee term" in c and "numbers continue" in c for c in moved
    )
    assert not any("from 01" in c for c in moved)
    g3 = OrganizationFactory(code="G3", name="Đảng bộ Sở Nội vụ", parent=world.bloc)
    TermFactory(org=g3)  # in office on the effective day: its series continues
    into = preview(_spec(world, Kind.MERGE, sources=[world.g1, g3], target=g3)).changes
    assert any("“Đảng bộ Sở Nội vụ” keeps its committee term" in c for c in into)
    assert not any("from 01" in c for c in into)


@pytest.mark.django_db
def test_r40_the_report_lists_the_new_series(world, cell_terms, client_for, django_assert_max_num_queries):
    reorg = _merge_into_new(world)
    client = client_for(world.btc)
    url = reverse("orgs:reorganization", args=[reorg.pk])
    with django_assert_max_num_queries(13):
        page = client.get(url).content.decode()
    assert 'id="number-series"' in page and "Chi bộ Văn phòng – Thanh tra" in page
    assert "2025–2030" in page
    assert client_for(world.outsider).get(url).status_code == 404
    undo_reorganization(reorg)
    assert 'id="number-series"' not in client_for(world.btc).get(url).content.decode()


# ---------------------------------------------------------------- an existing successor without a term


def _g3(world):
    """An existing grassroots committee with no committee term recorded."""
    return OrganizationFactory(code="G3", name="Đảng bộ Sở Nội vụ", parent=world.bloc)


def _seated(org, day):
    return set(
        CommitteeMembership.objects.current(day).filter(term__org=org).values_list("person_id", flat=True)
    )


@pytest.mark.django_db
def test_r40_a_merge_into_an_organization_without_a_term_appoints_one_and_keeps_every_seat(
    world, in_english, client_for, django_assert_max_num_queries
):
    g3 = _g3(world)
    seats_before = _seated(world.g1, EFFECTIVE)
    assert len(seats_before) == 2 and not g3.terms.exists()
    spec = _spec(world, Kind.MERGE, sources=[world.g1, g3], target=g3)

    changes = preview(spec).changes
    assert any(
        "“Đảng bộ Sở Nội vụ” has no committee term in office on 07/02/2026: it gets a committee term "
        "2025–2030 from that day"
        in c
        and "new series from 01" in c
        for c in changes
    )
    assert not any("keeps its committee term" in c for c in changes)
    assert not g3.terms.exists()  # a preview writes nothing

    reorg = reorganize(spec)
    term = g3.terms.get()
    assert (term.label, term.start_date, term.end_date) == ("2025–2030", EFFECTIVE, None)
    assert reorg.plan["terms"] == [term.pk]
    assert _seated(g3, EFFECTIVE) == seats_before  # every seat moved, none dropped
    assert _seated(world.g1, EFFECTIVE) == set()
    assert reorg.moves.filter(carrier="seats").count() == len(seats_before)
    assert orphans(EFFECTIVE) == []
    call_command("check_orphans")  # exits 0
    assert _next(term) == 1

    client = client_for(world.btc)
    url = reverse("orgs:reorganization", args=[reorg.pk])
    with django_assert_max_num_queries(13):
        page = client.get(url).content.decode()
    series = page[page.index('id="number-series"') :]
    assert "Đảng bộ Sở Nội vụ" in series and "2025–2030" in series
    assert "keeps its committee term" not in series


@pytest.mark.django_db
def test_r40_undo_removes_the_term_appointed_to_an_existing_successor(world):
    g3 = _g3(world)
    seats_before = _seated(world.g1, EFFECTIVE)
    reorg = reorganize(_spec(world, Kind.MERGE, sources=[world.g1, g3], target=g3))
    term_id = g3.terms.get().pk
    undo_reorganization(reorg)
    assert not Term.objects.filter(pk=term_id).exists()
    assert not CommitteeMembership.objects.filter(term_id=term_id).exists()
    assert _seated(world.g1, EFFECTIVE) == seats_before
    assert Organization.objects.filter(pk=g3.pk).exists()  # not created by it: it stays, without a term
    assert not g3.terms.exists()


@pytest.mark.django_db
def test_r40_undo_is_refused_once_the_existing_successor_numbered_in_its_appointed_term(world, in_english):
    g3 = _g3(world)
    reorg = reorganize(_spec(world, Kind.MERGE, sources=[world.g1, g3], target=g3))
    _next(g3.terms.get())
    with pytest.raises(ValidationError) as refused:
        undo_reorganization(reorg)
    assert "“Đảng bộ Sở Nội vụ” has already numbered documents" in " ".join(refused.value.messages)
    assert g3.terms.count() == 1
    assert ReorganizationMove.objects.filter(reorganization=reorg).exists()


@pytest.mark.django_db
def test_r40_a_dissolution_s_successor_without_a_term_is_appointed_one_ending_before_its_next_term(world):
    g3 = _g3(world)
    TermFactory(org=g3, label="2020–2025", start_date=dt.date(2020, 6, 1), end_date=dt.date(2025, 5, 31))
    TermFactory(org=g3, label="2026–2031", start_date=dt.date(2026, 9, 1), end_date=None)
    seats_before = _seated(world.g1, EFFECTIVE)
    plan = preview(_spec(world, Kind.DISSOLVE, sources=[world.g1], target=g3))
    assert plan.appointment is not None and plan.appointment.end_date == dt.date(2026, 8, 31)
    reorganize(_spec(world, Kind.DISSOLVE, sources=[world.g1], target=g3))
    term = g3.terms.get(start_date=EFFECTIVE)
    assert (term.label, term.end_date) == ("2025–2030", dt.date(2026, 8, 31))
    assert _seated(g3, EFFECTIVE) == seats_before
    assert orphans(EFFECTIVE) == []


@pytest.mark.django_db
def test_r40_the_appointed_label_already_used_by_the_successor_is_refused_on_the_target(world, in_english):
    g3 = _g3(world)
    TermFactory(org=g3, label="2025–2030", start_date=dt.date(2025, 6, 1), end_date=dt.date(2026, 1, 31))
    with pytest.raises(ValidationError) as refused:
        preview(_spec(world, Kind.MERGE, sources=[world.g1, g3], target=g3))
    assert "correct that term's dates" in " ".join(refused.value.message_dict["target"])
    assert g3.terms.count() == 1


@pytest.mark.django_db
def test_r40_seats_passed_to_an_organization_without_a_term_are_refused_never_dropped(world, in_english):
    g3 = _g3(world)
    seats = list(CommitteeMembership.objects.filter(term=world.term1).values_list("pk", flat=True))
    with pytest.raises(ValidationError) as refused:
        carriers.get("seats").give(seats, g3, EFFECTIVE)
    assert "would be lost" in " ".join(refused.value.messages)
    assert CommitteeMembership.objects.current(EFFECTIVE).filter(pk__in=seats).count() == len(seats)
