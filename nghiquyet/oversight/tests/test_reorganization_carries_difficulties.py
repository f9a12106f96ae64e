"""R40: a difficulty G2 reported to the bloc and still awaiting the answer passes to G2's successor when G2
merges into another cell; an answered one stays with G2's history; undoing the merge gives it back."""

import datetime as dt

import pytest

from nghiquyet.orgs.continuity import orphans
from nghiquyet.orgs.models import OrgKind, ReorganizationKind
from nghiquyet.orgs.services import Spec, reorganize, undo_reorganization
from nghiquyet.orgs.tests.factories import OrganizationFactory
from nghiquyet.oversight.models import UpperDifficulty, UpperDifficultyStatus
from nghiquyet.oversight.services.difficulties import file_difficulty


@pytest.mark.django_db
def test_r40_open_upper_difficulties_pass_to_the_successor(world):
    waiting = file_difficulty(
        world.g2, person=world.people.outsider, title="Thiếu phòng họp", text="Cần hỗ trợ"
    )
    answered = file_difficulty(world.g2, person=world.people.outsider, title="Đã trả lời", text="…")
    UpperDifficulty.objects.filter(pk=answered.pk).update(status=UpperDifficultyStatus.CLOSED)
    g4 = OrganizationFactory(
        code="G4",
        name="Chi bộ Sở Ngoại vụ",
        kind=OrgKind.GRASSROOTS_CELL,
        issuer_code="CB",
        parent=world.bloc,
    )
    reorg = reorganize(
        Spec(
            kind=ReorganizationKind.MERGE,
            decision_number="40-QĐ/ĐUK",
            decision_date=dt.date(2026, 11, 20),
            issuer=world.bloc,
            effective_date=dt.date(2026, 12, 1),
            sources=[world.g2, g4],
            target=g4,
        )
    )
    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert (waiting.org_id, answered.org_id) == (g4.pk, world.g2.pk)
    assert reorg.moves.filter(carrier="upper_difficulties").count() == 1
    assert orphans(dt.date(2026, 12, 2)) == []

    undo_reorganization(reorg)
    waiting.refresh_from_db()
    assert waiting.org_id == world.g2.pk
