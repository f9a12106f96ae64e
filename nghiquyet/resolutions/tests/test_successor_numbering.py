"""R40, R41: document numbering starts a new series where the rules say so.

The Party's guidance numbers a committee's documents from 01 for each document type within a committee
term (Hướng dẫn 36-HD/VPTW, 2018, II.1.3.1 a; orgs/numbering.py). An organization a reorganization creates
gets its committee term from the effective date, so the successor of a merge starts at 01 while its
sources' series stay as they were; a rename keeps the organization and its series. Each resolution page
names the version of the rule in force on its date of issue.

The merge is of G1's two cells, each with a cell committee of two taken from G1's committee of nine
(`committee`: the extra members live alternately in C1 and C2), decided on 1 November 2026, in force from
2 November; the successor meets on 20 November and issues on the suite's day, 27 November 2026.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import AttendanceStatus, Meeting, MeetingKind
from nghiquyet.orgs.models import CommitteeMembership, DocumentCounter, Position, ReorganizationKind
from nghiquyet.orgs.numbering import allocate
from nghiquyet.orgs.services import NewOrg, Spec, reorganize
from nghiquyet.orgs.tests.factories import MembershipFactory, TermFactory
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import DOC_TYPE, DeadlineKind, Resolution, ResolutionKind, ResolutionStatus

from .conftest import another_meeting

DECIDED = dt.date(2026, 11, 1)
MERGED = dt.date(2026, 11, 2)
SUCCESSOR_MEETS = dt.date(2026, 11, 20)


def _spec(world, kind, effective, decided=None, **kw) -> Spec:
    return Spec(
        kind=kind,
        decision_number="14-QĐ/ĐUK",
        decision_date=decided or effective,
        issuer=world.bloc,
        effective_date=effective,
        **kw,
    )


def _numbers(term, count):
    """`count` resolution numbers taken in the term's series (as issued resolutions would take them)."""
    with transaction.atomic():
        return [allocate(term.org, term, DOC_TYPE) for _ in range(count)]


def _draft(org, meeting, assignee, supervisor, title):
    resolution = services.create_draft(
        org,
        title=title,
        kind=ResolutionKind.REGULAR,
        meeting=meeting,
        assessment="Chi bộ đã lãnh đạo hoàn thành cơ bản các nhiệm vụ đề ra trong tháng.",
        objectives="Ổn định tổ chức chi bộ mới, hoàn thành nhiệm vụ chính trị năm 2026.",
        implementation="Các đồng chí chi ủy viên theo nhiệm vụ được phân công tổ chức thực hiện.",
    )
    services.save_item(
        resolution,
        content="Kiện toàn sổ sách, hồ sơ đảng viên của chi bộ sau hợp nhất",
        requirement="Đầy đủ, đúng quy định",
        measures="Chi ủy rà soát, bàn giao hồ sơ từ hai chi bộ cũ",
        deadline_kind=DeadlineKind.DATE,
        deadline=dt.date(2026, 12, 20),
        assignee=assignee,
        supervisor=supervisor,
    )
    return resolution


@pytest.fixture
def cell_committees(world, committee):
    """Each of G1's cells has its committee of 2025–2030 (two members each) and has numbered resolutions
    of its own: C1 two, C2 one."""
    extra = committee.extra  # extra[0], [2] live in C1; extra[1], [3] in C2
    c1_term, c2_term = TermFactory(org=world.c1), TermFactory(org=world.c2)
    MembershipFactory(term=c1_term, person=extra[0], position=Position.SECRETARY)
    MembershipFactory(term=c1_term, person=extra[2], position=Position.MEMBER)
    MembershipFactory(term=c2_term, person=extra[1], position=Position.SECRETARY)
    MembershipFactory(term=c2_term, person=extra[3], position=Position.MEMBER)
    assert _numbers(c1_term, 2) == [1, 2] and _numbers(c2_term, 1) == [1]
    return c1_term, c2_term, [extra[0], extra[2], extra[1], extra[3]]


@pytest.mark.django_db
def test_r40_the_successor_of_a_merge_numbers_its_first_resolution_01_and_the_sources_keep_theirs(
    world, cell_committees, client_for
):
    c1_term, c2_term, cell_members = cell_committees
    reorg = reorganize(
        _spec(
            world,
            ReorganizationKind.MERGE,
            MERGED,
            DECIDED,
            sources=[world.c1, world.c2],
            parts=[NewOrg("G1C9", "Chi bộ Văn phòng – Thanh tra")],
        )
    )
    successor = reorg.successors.get()

    # Its committee term starts on the effective date, appointed until its congress.
    term = successor.terms.get()
    assert (term.label, term.start_date, term.end_date) == ("2025–2030", MERGED, None)
    # The four cell committee members came across as committee members of that term.
    seated = CommitteeMembership.objects.current(MERGED).filter(term=term)
    assert set(seated.values_list("person_id", flat=True)) == {p.pk for p in cell_members}
    assert not CommitteeMembership.objects.current(MERGED).filter(term__in=[c1_term, c2_term]).exists()

    meeting = Meeting.objects.create(
        org=successor,
        kind=MeetingKind.REGULAR,
        title="Hội nghị chi ủy tháng 11/2026",
        date=SUCCESSOR_MEETS,
        nominal_date=SUCCESSOR_MEETS,
        place="Phòng họp tầng 2",
        start_time=dt.time(8, 0),
    )
    rows = {p.pk: (AttendanceStatus.PRESENT, "") for p in cell_members}
    meeting_services.record_attendance(meeting, rows, chair=cell_members[0], recorder=cell_members[1])
    vote = meeting_services.record_vote(
        meeting, subject=meeting.title, votes_for=4, votes_against=0, votes_abstain=0
    )
    assert (vote.adopted, vote.members_total) == (True, 4)
    draft = _draft(successor, meeting, cell_members[1], cell_members[0], "Nghị quyết tháng 11 năm 2026")
    issued = services.issue(draft, signer=cell_members[0], on=timezone.localdate())

    assert (issued.number, issued.number_display, issued.term_id) == (1, "01-NQ/CB", term.pk)
    series = dict(DocumentCounter.objects.filter(doc_type=DOC_TYPE).values_list("term_id", "last_number"))
    assert series == {c1_term.pk: 2, c2_term.pk: 1, term.pk: 1}

    # Its page says which rule numbered it; another organization's reader gets 404.
    page = client_for(world.secretary).get(issued.get_absolute_url()).content.decode()
    assert 'data-rule="hd36-2018"' in page and "Hướng dẫn 36-HD/VPTW" in page
    assert client_for(world.outsider).get(issued.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_r40_a_renamed_committee_keeps_its_series_and_the_next_number_continues(
    world, draft, committee, adopted_meeting
):
    first = services.issue(draft, signer=committee.members[0], on=timezone.localdate())
    assert first.number_display == "01-NQ/ĐU"
    day = timezone.localdate()
    reorganize(
        _spec(world, ReorganizationKind.RENAME, day, sources=[world.g1], new_name="Đảng bộ Sở Tư pháp mới")
    )
    assert world.g1.terms.count() == 1  # a rename appoints no new committee
    other = another_meeting(adopted_meeting, "bổ sung", committee=committee)
    second = services.issue(
        _draft(
            world.g1, other, committee.members[1], committee.members[0], "Nghị quyết bổ sung tháng 12/2026"
        ),
        signer=committee.members[0],
        on=day,
    )
    assert (second.number_display, second.term_id) == ("02-NQ/ĐU", first.term_id)


def _issued_on(org, day, number):
    """An issued resolution of `org` dated `day`, as one carried over from the records of that year."""
    resolution = Resolution.objects.create(
        org=org, kind=ResolutionKind.REGULAR, title=f"Nghị quyết năm {day.year}"
    )
    Resolution.objects.filter(pk=resolution.pk).update(
        status=ResolutionStatus.ISSUED, number=number, number_display=f"{number:02d}-NQ/ĐU", issued_on=day
    )
    return resolution


@pytest.mark.django_db
def test_r41_a_2017_a_2024_and_a_2026_resolution_name_their_numbering_rules(
    world, client_for, django_assert_max_num_queries
):
    old = _issued_on(world.g1, dt.date(2017, 3, 10), 4)
    mid = _issued_on(world.g1, dt.date(2024, 3, 10), 4)
    new = _issued_on(world.g1, dt.date(2026, 3, 10), 4)
    client = client_for(world.secretary)
    pages = {}
    for resolution in (old, mid, new):
        url = reverse("resolutions:resolution", args=[resolution.pk])
        # The rule is computed from the date of issue: no query of its own (16 for the page as it was).
        with django_assert_max_num_queries(16):
            pages[resolution.pk] = client.get(url).content.decode()
    assert 'data-rule="hd11-2004"' in pages[old.pk] and "Hướng dẫn 11-HD/VPTW" in pages[old.pk]
    assert 'data-rule="hd36-2018"' in pages[new.pk] and "Hướng dẫn 36-HD/VPTW" in pages[new.pk]
    assert "hd36-2018" not in pages[old.pk]
    assert 'data-rule="hd36-2018"' in pages[mid.pk] and "hd11-2004" not in pages[mid.pk]
    # Numbered by its own date: the same view, the same number, a different version.
    assert 'id="numbering-rule"' in pages[old.pk] and 'id="numbering-rule"' in pages[new.pk]
