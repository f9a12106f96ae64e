"""R40: when G2 merges into another cell G4, the oversight records still at work pass to G4 and are counted
before and after: the inspection of G2 still being written, the open recommendations of G2's concluded
inspection (the record itself stays G2's history) and G2's read receipts of guidance still in force (where
G4 read the same guidance itself, its own receipt stands); nothing is left orphaned, G4's secretary carries
the recommendation on, and undoing the merge gives everything back."""

import datetime as dt

import pytest
from django.core.management import call_command

from nghiquyet.orgs import carriers
from nghiquyet.orgs.continuity import orphans
from nghiquyet.orgs.models import BodyKind, OrgKind, Position, ReorganizationKind
from nghiquyet.orgs.services import Spec, reorganize, undo_reorganization
from nghiquyet.orgs.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
)
from nghiquyet.oversight import services
from nghiquyet.oversight.access import get_recommendation_for_user, get_record_for_user
from nghiquyet.oversight.models import (
    GuidanceReceipt,
    InspectionRecord,
    Recommendation,
    RecommendationStatus,
    RecordStatus,
)
from nghiquyet.oversight.periods import PeriodKind

from .test_guidance import _guidance

pytestmark = pytest.mark.django_db

EFFECTIVE = dt.date(2026, 11, 20)
OVERSIGHT = ("inspection_records", "recommendations", "guidance_receipts")


def _held(org) -> dict[str, int]:
    return {name: len(carriers.get(name).held([org.pk], EFFECTIVE)) for name in OVERSIGHT}


@pytest.fixture
def g4(world):
    g4 = OrganizationFactory(
        code="G4",
        name="Chi bộ Sở Ngoại vụ",
        kind=OrgKind.GRASSROOTS_CELL,
        issuer_code="CB",
        parent=world.bloc,
    )
    secretary = PersonFactory(full_name="Phạm Văn Đức", home_org=g4, user=UserFactory(username="bithu4"))
    MembershipFactory(term=TermFactory(org=g4), person=secretary, position=Position.SECRETARY)
    g4.secretary = secretary
    return g4


def test_r40_inspections_recommendations_and_receipts_pass_to_the_successor(world, g4):
    outsider = world.people.outsider
    body = world.bloc.bodies.get(kind=BodyKind.INSPECTION_COMMITTEE)
    plan = services.create_plan(
        body,
        title="Kiểm tra việc thực hiện nghị quyết năm 2026",
        content="Kiểm tra chất lượng thực hiện nghị quyết.",
        period_kind=PeriodKind.QUARTER,
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 12, 31),
        targets=[world.g1, world.g2],
        team=[world.people.ubkt],
    )
    concluded = services.open_record(plan, org=world.g2, date=dt.date(2026, 10, 15))
    waiting = services.add_recommendation(
        concluded, text="Bổ sung quy chế làm việc", assignee=outsider, deadline=dt.date(2027, 1, 31)
    )
    done = services.add_recommendation(
        concluded, text="Kiện toàn chi ủy", assignee=outsider, deadline=dt.date(2026, 11, 1)
    )
    InspectionRecord.objects.filter(pk=concluded.pk).update(status=RecordStatus.CONCLUDED)
    Recommendation.objects.filter(pk=done.pk).update(status=RecommendationStatus.DONE)
    draft = services.open_record(plan, org=world.g2, date=dt.date(2026, 11, 18))

    december = _guidance(world)
    chosen = _guidance(
        world,
        title="Hướng dẫn chuyên đề",
        start=dt.date(2026, 11, 1),
        end=dt.date(2026, 11, 30),
        targets=[world.g2],
    )
    january = _guidance(world, title="Hướng dẫn tháng 1", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    for guidance in (december, chosen, january):
        services.record_receipt(guidance, world.g2, outsider)
    own = services.record_receipt(december, g4, g4.secretary)  # G4 read December's itself

    before = _held(world.g2)
    assert before == {"inspection_records": 1, "recommendations": 1, "guidance_receipts": 2}
    assert _held(g4) == {"inspection_records": 0, "recommendations": 0, "guidance_receipts": 1}

    reorg = reorganize(
        Spec(
            kind=ReorganizationKind.MERGE,
            decision_number="41-QĐ/ĐUK",
            decision_date=dt.date(2026, 11, 16),
            issuer=world.bloc,
            effective_date=EFFECTIVE,
            sources=[world.g2, g4],
            target=g4,
        )
    )

    # Counted after: G2 holds nothing, G4 holds what G2 held (December's receipt once, its own).
    assert _held(world.g2) == dict.fromkeys(OVERSIGHT, 0)
    assert _held(g4) == {"inspection_records": 1, "recommendations": 1, "guidance_receipts": 2}
    assert {name: reorg.moves.filter(carrier=name).count() for name in OVERSIGHT} == before
    draft.refresh_from_db(), concluded.refresh_from_db(), waiting.refresh_from_db(), done.refresh_from_db()
    assert draft.org == g4 and concluded.org == world.g2  # the concluded record stays G2's history
    assert (waiting.carried_by, done.carried_by) == (g4, None)
    receipts = {(r.guidance_id, r.org_id) for r in GuidanceReceipt.objects.all()}
    assert receipts == {(december.pk, g4.pk), (chosen.pk, g4.pk), (january.pk, world.g2.pk)}
    assert GuidanceReceipt.objects.get(guidance=december).pk == own.pk
    assert chosen.addresses(g4)  # the guidance addressed to G2 reaches its successor
    assert orphans() == []
    call_command("check_orphans")  # exits 0

    # G4's secretary sees the concluded record and carries its open recommendation on.
    assert get_recommendation_for_user(g4.secretary.user, waiting.pk, "carry") == waiting
    assert get_record_for_user(g4.secretary.user, concluded.pk) == concluded

    undo_reorganization(reorg)
    draft.refresh_from_db(), waiting.refresh_from_db()
    assert (draft.org, waiting.carried_by) == (world.g2, None)
    receipts = {(r.guidance_id, r.org_id) for r in GuidanceReceipt.objects.all()}
    assert receipts == {
        (december.pk, world.g2.pk),
        (december.pk, g4.pk),
        (chosen.pk, world.g2.pk),
        (january.pk, world.g2.pk),
    }
    assert not chosen.addresses(g4)
    assert _held(world.g2) == before
