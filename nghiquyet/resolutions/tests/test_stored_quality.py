"""Stored quality scores (#7; R11, R13, R16-R18): issuing a resolution stores the score its draft page
showed, closing a meeting's record stores the meeting's score, `refresh_quality` backfills both, the bloc
dashboard averages them, and the meeting page shows the meeting's score with its reasons.

Personas: the secretary of G1 drafts and runs the meetings; the outsider (G2's secretary) gets 404.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import Indicators, Meeting, MeetingStatus, Stance
from nghiquyet.oversight import dashboard
from nghiquyet.resolutions import quality_data, services
from nghiquyet.resolutions.models import Correction, Resolution, ResolutionStatus
from nghiquyet.resolutions.quality_data import meeting_quality, meeting_scores, resolution_quality

from .test_quality_pages import _resolution
from .test_review import NOV_4, held_meeting

# The December meetings are held and their resolutions issued (up to the 9th): the scores are read after
# them, never recorded ahead of the day (R45).
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-12-10 10:00")]

DEC_4 = dt.date(2026, 12, 4)
OCT_5 = dt.date(2026, 10, 5)
# A second honest resolution, on other work than ITEMS, so that two months do not look alike.
OTHER_ITEMS = [
    (
        "Tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2026 và triển khai nhiệm vụ năm 2027",
        "Hoàn thành báo cáo tổng kết trước ngày 15/12, đánh giá đúng 5 nhóm nhiệm vụ trọng tâm",
        "Văn phòng cấp ủy dự thảo báo cáo, các chi bộ gửi số liệu trước ngày 10/12",
    ),
    (
        "Kiểm điểm, đánh giá, xếp loại chất lượng đảng viên và tổ chức đảng năm 2026",
        "100% chi bộ trực thuộc tổ chức kiểm điểm đúng hướng dẫn của Đảng ủy Khối",
        "Ủy ban kiểm tra thẩm định kết quả, cấp ủy xét và công bố trước ngày 25/12",
    ),
]
OTHER_TEXT = {
    "assessment": "Tháng 11 cơ quan đã tổ chức thành công hội nghị cán bộ, công chức và đón đoàn kiểm tra.",
    "objectives": "Kết thúc năm 2026 với toàn bộ chỉ tiêu đạt và vượt kế hoạch đề ra từ đầu năm.",
    "implementation": "Văn phòng theo dõi, đôn đốc và báo cáo cấp ủy vào ngày 30/12.",
}


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages asserted in English: the pages through the language cookie, the rest by override."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _page_score(client, resolution) -> int:
    html = client.get(resolution.get_absolute_url()).content.decode()
    return int(re.search(r'id="quality-score"[^>]*>(\d+)<', html).group(1))


def _discuss(meeting, people):
    for person in people:
        meeting_services.add_opinion(
            meeting, author=person, stance=Stance.AGREE, text="Nhất trí với dự thảo."
        )


def _sign(meeting, committee):
    meeting_services.sign_minutes(meeting, committee.members[0])
    meeting_services.sign_minutes(meeting, committee.members[2])


# ---------------------------------------------------------------- issuing stores the score (R16-R18)


def test_issue_7_r17_issuing_stores_the_score_the_draft_page_shows(
    world, committee, adopted_meeting, client_for
):
    november = held_meeting(world, committee, NOV_4)
    last = services.issue(
        _resolution(world, committee, november, "Nghị quyết tháng 11/2026"),
        signer=committee.members[0],
        on=dt.date(2026, 11, 5),
    )
    # December copies November: a near copy (R17) and no discussion (R11) cost points.
    draft = _resolution(world, committee, adopted_meeting, "Nghị quyết tháng 12/2026")
    client = client_for(world.secretary)
    shown = _page_score(client, draft)
    assert shown < 100 and draft.quality_score is None
    issued = services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 5))
    assert issued.quality_score == shown
    assert Resolution.objects.get(pk=draft.pk).quality_score == shown
    codes = {d.code for d in resolution_quality(draft).score.deductions}
    assert {"near_copy_previous", "adopted_without_discussion"} <= codes
    # November's was stored when it was issued, as its page showed it then.
    assert last.quality_score is not None


def test_issue_7_r16_a_correction_gets_its_own_score_and_the_original_keeps_its(
    world, committee, draft, client_for
):
    original = services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 5))
    kept = original.quality_score
    assert kept is not None
    correction = services.start_correction(original, mode=Correction.REPLACES)
    assert correction.quality_score is None
    adopting = held_meeting(world, committee, dt.date(2026, 12, 8), title="Hội nghị cấp ủy bất thường")
    services.update_draft(correction, meeting=adopting, **OTHER_TEXT)
    item = correction.items.order_by("order").first()
    services.save_item(correction, item, content=OTHER_ITEMS[0][0], requirement=OTHER_ITEMS[0][1])
    shown = _page_score(client_for(world.secretary), correction)
    services.issue(correction, signer=committee.members[0], on=dt.date(2026, 12, 9))
    assert Resolution.objects.get(pk=correction.pk).quality_score == shown
    assert Resolution.objects.get(pk=original.pk).quality_score == kept


# ---------------------------------------------------------------- closing a meeting's record (R11, R13)


def test_issue_7_r11_r13_the_meeting_score_is_stored_when_its_indicators_are_computed(
    world, committee, adopted_meeting
):
    held_meeting(world, committee, NOV_4)
    _discuss(adopted_meeting, committee.members[:2])
    assert not Indicators.objects.filter(meeting=adopted_meeting).exists()
    _sign(adopted_meeting, committee)
    adopted_meeting.refresh_from_db()
    assert adopted_meeting.status == MeetingStatus.SIGNED
    stored = Indicators.objects.get(meeting=adopted_meeting).quality_score
    assert stored is not None
    assert stored == meeting_quality(adopted_meeting).score.score
    # Computing again stores the same; the returned indicators carry it.
    assert meeting_services.compute_indicators(adopted_meeting).quality_score == stored


def test_issue_7_r11_adopted_with_no_opinion_recorded_lowers_the_stored_scores(world, committee):
    november, december = held_meeting(world, committee, NOV_4), held_meeting(world, committee, DEC_4)
    _discuss(november, committee.members)  # every member present speaks
    discussed = services.issue(
        _resolution(world, committee, november, "Nghị quyết tháng 11/2026"),
        signer=committee.members[0],
        on=dt.date(2026, 11, 5),
    )
    silent = services.issue(  # December: adopted with no opinion recorded
        _resolution(world, committee, december, "Nghị quyết tháng 12/2026", items=OTHER_ITEMS, **OTHER_TEXT),
        signer=committee.members[0],
        on=dt.date(2026, 12, 5),
    )
    for meeting in (november, december):
        _sign(meeting, committee)
    discussed.refresh_from_db()
    silent.refresh_from_db()
    assert silent.quality_score < discussed.quality_score
    assert "adopted_without_discussion" in {d.code for d in resolution_quality(silent).score.deductions}
    assert "adopted_without_discussion" not in {
        d.code for d in resolution_quality(discussed).score.deductions
    }
    scores = dict(Indicators.objects.values_list("meeting_id", "quality_score"))
    assert scores[december.pk] < scores[november.pk]
    assert scores[november.pk] - scores[december.pk] >= 30  # the weight of a meeting without discussion


def test_issue_7_batch_scores_equal_the_single_ones(world, committee):
    meetings = [held_meeting(world, committee, dt.date(2026, m, 4)) for m in range(1, 13)]
    for i, meeting in enumerate(meetings):
        _discuss(meeting, committee.members[: i % 4])
    with CaptureQueriesContext(connection) as ctx:
        batch = meeting_scores(meetings)
    assert len(ctx.captured_queries) == 8
    for meeting in meetings:
        assert batch[meeting.pk] == meeting_quality(meeting).score


# ---------------------------------------------------------------- the meeting page (R11, R13)


def test_issue_7_r11_r13_the_meeting_page_shows_the_score_and_its_reasons(world, committee, client_for):
    absent = committee.members[3]
    meeting = held_meeting(world, committee, DEC_4)
    meeting_services.record_attendance(
        meeting,
        {p.pk: ("absent" if p == absent else "present", "") for p in committee.members},
        chair=committee.members[0],
        recorder=committee.members[2],
    )
    html = client_for(world.secretary).get(meeting.get_absolute_url()).content.decode()
    quality = meeting_quality(meeting)
    score = int(re.search(r'id="meeting-quality-score"[^>]*>(\d+)<', html).group(1))
    assert score == quality.score.score < 100
    breakdown = re.search(r'id="meeting-quality-breakdown".*?</table>', html, re.S).group(0)
    assert "Adopted with no opinion recorded." in breakdown  # R11
    assert "1 absence without a reason." in breakdown  # R13
    findings = re.search(r'id="meeting-quality-findings".*?</ul>', html, re.S).group(0)
    assert f"{absent.full_name} was absent without a reason." in findings
    assert "no discussion took place" in findings


def test_issue_7_the_meeting_page_shows_no_score_before_the_meeting_is_held(world, meeting, client_for):
    html = client_for(world.secretary).get(meeting.get_absolute_url()).content.decode()
    assert 'id="meeting-quality"' not in html


def test_issue_7_r11_outsider_gets_404_on_the_scored_meeting_page(world, adopted_meeting, client_for):
    assert client_for(world.outsider).get(adopted_meeting.get_absolute_url()).status_code == 404


def test_issue_7_r11_held_meeting_page_queries_do_not_grow_with_the_history(world, committee, client_for):
    client = client_for(world.secretary)
    client.get(reverse("web:home"))
    december = held_meeting(world, committee, DEC_4)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(december.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for month in range(1, 12):
        _discuss(held_meeting(world, committee, dt.date(2026, month, 4)), committee.members[:3])
    assert count() == few
    # The meeting page's own bound (18, see meetings/tests/test_prep_views.py) plus the 7 queries of
    # meeting_quality: the history with the votes, attendance, opinions, focus topics, reviews,
    # regulations, names.
    assert few <= 18 + 7


# ---------------------------------------------------------------- backfill


def _issued_and_signed(world, committee):
    november, december = held_meeting(world, committee, NOV_4), held_meeting(world, committee, DEC_4)
    _discuss(november, committee.members[:5])
    resolutions = [
        services.issue(
            _resolution(world, committee, november, "Nghị quyết tháng 11/2026"),
            signer=committee.members[0],
            on=dt.date(2026, 11, 5),
        ),
        services.issue(
            _resolution(
                world, committee, december, "Nghị quyết tháng 12/2026", items=OTHER_ITEMS, **OTHER_TEXT
            ),
            signer=committee.members[0],
            on=dt.date(2026, 12, 5),
        ),
    ]
    for meeting in (november, december):
        _sign(meeting, committee)
    return resolutions, [november, december]


def _stored():
    return (
        dict(Resolution.objects.values_list("pk", "quality_score")),
        dict(Indicators.objects.values_list("meeting_id", "quality_score")),
    )


def test_issue_7_refresh_quality_fills_missing_scores_and_is_idempotent(world, committee, settings):
    settings.LANGUAGE_CODE = "en"
    resolutions, meetings = _issued_and_signed(world, committee)
    expected = _stored()
    assert None not in expected[0].values() and None not in expected[1].values()
    Resolution.objects.update(quality_score=None)
    Indicators.objects.update(quality_score=None)
    out = io.StringIO()
    call_command("refresh_quality", "--missing-only", stdout=out)
    assert _stored() == expected
    text = out.getvalue()
    assert "Issued resolutions: 2 of 2 scored." in text
    assert "Held meetings: 2 of 2 scored." in text
    assert "Quality scores stored: 2 issued resolutions, 2 held meetings" in text
    # Nothing is missing any more; recomputing everything stores the same values.
    out = io.StringIO()
    call_command("refresh_quality", "--missing-only", stdout=out)
    assert "0 issued resolutions, 0 held meetings" in out.getvalue()
    call_command("refresh_quality", "--batch-size", "1", stdout=io.StringIO())
    assert _stored() == expected
    # The scores are those of the pages.
    for resolution in resolutions:
        assert expected[0][resolution.pk] == resolution_quality(resolution).score.score
    for meeting in meetings:
        assert expected[1][meeting.pk] == meeting_quality(meeting).score.score


def test_issue_7_refresh_quality_selects_by_org_and_date(world, committee, settings):
    settings.LANGUAGE_CODE = "en"
    resolutions, meetings = _issued_and_signed(world, committee)
    Resolution.objects.update(quality_score=None)
    Indicators.objects.update(quality_score=None)
    call_command("refresh_quality", "--org", "G2", stdout=io.StringIO())
    assert set(_stored()[0].values()) == {None}
    call_command("refresh_quality", "--org", "DUK", "--since", "2026-12-01", stdout=io.StringIO())
    resolution_scores, meeting_scores_ = _stored()
    assert resolution_scores[resolutions[0].pk] is None and resolution_scores[resolutions[1].pk] is not None
    assert meeting_scores_[meetings[0].pk] is None and meeting_scores_[meetings[1].pk] is not None


def test_issue_7_refresh_quality_names_the_bad_option(db, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError, match="--org"):
        call_command("refresh_quality", "--org", "NOPE", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--since"):
        call_command("refresh_quality", "--since", "5/12/2026", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--batch-size"):
        call_command("refresh_quality", "--batch-size", "0", stdout=io.StringIO())


def test_issue_7_nothing_is_scored_while_deferred_and_the_batch_fills_it(world, committee, settings):
    settings.LANGUAGE_CODE = "en"
    with quality_data.deferred():
        resolutions, meetings = _issued_and_signed(world, committee)
    assert set(_stored()[0].values()) == {None} and set(_stored()[1].values()) == {None}
    call_command("refresh_quality", "--missing-only", stdout=io.StringIO())
    resolution_scores, meeting_scores_ = _stored()
    assert resolution_scores == {r.pk: resolution_quality(r).score.score for r in resolutions}
    assert meeting_scores_ == {m.pk: meeting_quality(m).score.score for m in meetings}


def test_issue_7_seed_demo_stores_the_scores_of_the_tiny_bloc(db):
    call_command("seed_demo", "--scale", "tiny", "--months", "2", stdout=io.StringIO())
    issued = Resolution.objects.filter(status__in=(ResolutionStatus.ISSUED, ResolutionStatus.CLOSED))
    assert issued.exists() and not issued.filter(quality_score__isnull=True).exists()
    signed = Indicators.objects.filter(meeting__status__in=quality_data.HELD)
    assert signed.exists() and not signed.filter(quality_score__isnull=True).exists()
    meeting = Meeting.objects.filter(indicators__isnull=False).order_by("-date").first()
    assert meeting.indicators.quality_score == meeting_quality(meeting).score.score


# ---------------------------------------------------------------- the bloc dashboard (R31)


def test_issue_7_r31_the_dashboard_quality_column_averages_the_stored_scores(world, committee):
    resolutions, _meetings = _issued_and_signed(world, committee)
    Resolution.objects.filter(pk=resolutions[0].pk).update(quality_score=70)
    Resolution.objects.filter(pk=resolutions[1].pk).update(quality_score=91)
    window = dashboard.Window.of(dt.date(2026, 11, 1), dt.date(2026, 12, 31), today=dt.date(2026, 12, 31))
    board = dashboard.compute(dashboard.grassroots_in(ids=[world.g1.pk]), window, trend=False)
    (row,) = board.rows
    assert row.quality == round((70 + 91) / 2) == board.totals.quality
    # Resolutions issued outside the period do not count.
    december = dashboard.Window.of(dt.date(2026, 12, 1), dt.date(2026, 12, 31), today=dt.date(2026, 12, 31))
    (row,) = dashboard.compute(dashboard.grassroots_in(ids=[world.g1.pk]), december, trend=False).rows
    assert row.quality == 91
