"""Issuance: complete items, adoption by vote, numbering per type per term, immutability (R14, R15, R20, R21)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from nghiquyet.lib.errors import ImmutableError
from nghiquyet.orgs.models import DocumentCounter
from nghiquyet.resolutions import deadlines, services
from nghiquyet.resolutions import queries as resolution_queries
from nghiquyet.resolutions.models import DeadlineKind, Item, Resolution, ResolutionStatus
from nghiquyet.testing.resolutions import SECTIONS

from .conftest import another_meeting

pytestmark = pytest.mark.django_db
DEC_5 = dt.date(2026, 12, 5)


def test_r15_issuance_refused_with_exact_list_of_missing_fields(draft, committee, in_english):
    item = draft.items.order_by("order").last()
    Item.objects.filter(pk=item.pk).update(supervisor=None, measures="")
    with pytest.raises(ValidationError) as error:
        services.issue(draft, signer=committee.members[0], on=DEC_5)
    assert error.value.messages == [
        "Item 2 has no implementation measures.",
        "Item 2 has no person who inspects and urges.",
    ]
    draft.refresh_from_db()
    assert draft.status == ResolutionStatus.DRAFT and draft.number is None
    assert not DocumentCounter.objects.exists()


def test_r14_issuance_needs_an_adopting_vote(draft, committee, adopted_meeting):
    vote = adopted_meeting.vote
    type(vote).objects.filter(pk=vote.pk).update(votes_for=4, adopted=False)
    problems = [p.field for p in resolution_queries.issue_problems(Resolution.objects.get(pk=draft.pk))]
    assert problems == ["vote"]


def test_r21_numbers_follow_per_type_per_term(draft, committee, world):
    first = services.issue(draft, signer=committee.members[0], on=DEC_5)
    assert (first.number, first.number_display) == (1, "01-NQ/ĐU")
    second = services.start_correction(first, mode="amends")
    second.meeting = first.meeting
    second.save()
    second = services.issue(second, signer=committee.members[0], on=DEC_5)
    assert second.number_display == "02-NQ/ĐU"
    assert second.corrects == first


def test_r20_relative_deadlines_resolve_from_the_issue_day(draft, committee):
    issued = services.issue(draft, signer=committee.members[0], on=DEC_5)
    month_item = issued.items.get(deadline_kind=DeadlineKind.MONTH)
    assert month_item.deadline == dt.date(2026, 12, 31)
    assert deadlines.resolve(DeadlineKind.QUARTER, dt.date(2026, 11, 5)) == dt.date(2026, 12, 31)
    assert deadlines.resolve(DeadlineKind.IMMEDIATELY, DEC_5) == dt.date(2026, 12, 12)
    assert deadlines.parse("Trong quý") == (DeadlineKind.QUARTER, None)
    assert deadlines.parse("25/12/2026") == (DeadlineKind.DATE, dt.date(2026, 12, 25))
    with pytest.raises(ValueError):
        deadlines.parse("31/02/2026")


def test_r21_issued_resolution_refuses_edits(draft, committee):
    issued = services.issue(draft, signer=committee.members[0], on=DEC_5)
    issued.title = "Sửa lén"
    with pytest.raises(ImmutableError):
        issued.save()
    item = issued.items.first()
    item.content = "Sửa lén"
    with pytest.raises(ImmutableError):
        item.save()
    with pytest.raises(ImmutableError):
        services.save_item(issued, content="Thêm việc")
    # Progress fields stay writable: the item is carried out after issuance.
    item.refresh_from_db()
    item.percent = 50
    item.save()


def test_r16_versions_and_diff(draft):
    v1 = services.save_version(draft)
    assert services.save_version(draft) == v1  # unchanged text: no new version
    services.update_draft(draft, objectives="Hoàn thành 100% chỉ tiêu năm 2026.")
    v2 = services.save_version(draft)
    changes = [(tag, line) for tag, line in resolution_queries.diff_versions(v1, v2) if tag != " "]
    assert changes == [("-", "Hoàn thành chỉ tiêu năm 2026."), ("+", "Hoàn thành 100% chỉ tiêu năm 2026.")]


@pytest.mark.django_db(transaction=True)
def test_r21_concurrent_issuance_gives_no_duplicate_and_no_gap(world, committee, adopted_meeting):
    """Several threads issue at once; on PostgreSQL they race on the counter row lock."""
    drafts = []
    for i in range(6):
        # One draft per meeting (R07, #16.7): six adopted meetings of the same day.
        meeting = adopted_meeting if i == 0 else another_meeting(adopted_meeting, str(i), committee=committee)
        resolution = services.create_draft(
            world.g1, title=f"Nghị quyết chuyên đề {i}", meeting=meeting, **SECTIONS
        )
        services.save_item(
            resolution,
            content="Việc",
            requirement="Yêu cầu",
            measures="Biện pháp",
            deadline_kind=DeadlineKind.MONTH,
            assignee=committee.members[1],
            supervisor=committee.members[0],
        )
        drafts.append(resolution)
    errors = []
    barrier = threading.Barrier(len(drafts))

    def run(resolution):
        try:
            barrier.wait()
            services.issue(resolution, signer=committee.members[0], on=DEC_5)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(r,)) for r in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Resolution.objects.filter(status="issued").values_list("number", flat=True))
    assert numbers == list(range(1, len(drafts) + 1))
    assert DocumentCounter.objects.get().last_number == len(drafts)
    assert connection.vendor in ("postgresql", "sqlite")


def test_r45_nothing_empty_is_issued_each_unwritten_section_is_named(draft, committee, in_english):
    """#16.3: a resolution was issued with sections I, II and IV empty ("Chưa soạn.") and scored 100."""
    Resolution.objects.filter(pk=draft.pk).update(assessment="", objectives="…", implementation="  -  ")
    item = draft.items.order_by("order").first()
    Item.objects.filter(pk=item.pk).update(content="...")
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.issue(draft, signer=committee.members[0], on=DEC_5)
    assert error.value.messages == [
        "The section “assessment of the situation” is not written.",
        "The section “objectives and requirements” is not written.",
        "The section “organization of implementation” is not written.",
        "Item 1 has no content.",
    ]
    draft.refresh_from_db()
    assert draft.status == ResolutionStatus.DRAFT and draft.number is None


def test_r45_the_quality_score_falls_for_unwritten_sections(draft, in_english):
    from nghiquyet.resolutions.quality_data import resolution_quality

    written = resolution_quality(draft).score.score
    Resolution.objects.filter(pk=draft.pk).update(assessment="", implementation="Như trên.")
    draft.refresh_from_db()
    empty = resolution_quality(draft)
    assert empty.score.score == written - 20
    assert (20, "2 sections of the resolution are not written.") in empty.score.breakdown
    fields = {f.field for f in empty.findings if f.code == "section_missing"}
    assert fields == {"assessment", "implementation"}
