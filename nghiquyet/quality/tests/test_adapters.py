"""The bridge from resolutions and meetings to the quality checks (nghiquyet/resolutions/quality_data.py):
plain data, near copies of earlier and upper-level texts, highlights, scores, participation, bounded queries."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import AttendanceStatus, DocumentKind, Meeting, MeetingKind, Phase, Stance
from nghiquyet.quality import similarity
from nghiquyet.resolutions import quality_data, services
from nghiquyet.resolutions.models import Item, Resolution, ResolutionStatus
from nghiquyet.testing.files import PDF

from .conftest import corpus_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def issued(org, text: str, issued_on: dt.date, title: str = "Nghị quyết tháng") -> Resolution:
    """An issued resolution of `org` whose sections and items carry `text` (rows written directly: the
    issuance path is tested in the resolutions app)."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    resolution = Resolution.objects.create(
        org=org,
        title=title,
        assessment="\n".join(paragraphs[: len(paragraphs) // 2]),
        status=ResolutionStatus.ISSUED,
        issued_on=issued_on,
        number_display=f"{issued_on.month:02d}-NQ/ĐU",
    )
    Item.objects.bulk_create(
        Item(resolution=resolution, order=i, content=p)
        for i, p in enumerate(paragraphs[len(paragraphs) // 2 :], start=1)
    )
    return resolution


def fill_draft(draft, text: str) -> None:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    services.update_draft(draft, assessment="\n".join(paragraphs[: len(paragraphs) // 2]))
    for item in paragraphs[len(paragraphs) // 2 :]:
        services.save_item(draft, content=item)


def test_r15_r08_resolution_data_from_the_draft(draft, committee):
    quality = quality_data.resolution_quality(draft)
    data = quality.data
    assert [(i.number, i.content, i.assignee_id, i.supervisor_id) for i in data.items] == [
        (1, "Tổng kết công tác chuyên môn năm 2026", committee.members[1].pk, committee.members[0].pk),
        (
            2,
            "Kiểm điểm, đánh giá, xếp loại đảng viên năm 2026",
            committee.members[2].pk,
            committee.members[1].pk,
        ),
    ]
    assert data.items[1].deadline_kind == "month"
    assert (data.focus_topics_count, data.max_focus_topics) == (0, 3)
    # The comparable text has the sections and items, not the labels or names.
    assert "Tổng kết công tác chuyên môn" in data.text and "Người thực hiện" not in data.text
    assert committee.members[1].full_name not in data.text
    # Items complete, no focus topic yet, adopted by a vote with no opinion recorded (R11).
    assert [f.code for f in quality.findings] == ["no_focus"]
    assert quality.score.breakdown == [
        (15, "Adopted with no opinion recorded."),
        (5, "No explicit focus topic."),
    ]
    assert quality.previous == [] and quality.upper == [] and quality.highlights == {}


def test_r08_focus_topics_of_the_adopting_meeting(draft, adopted_meeting, committee):
    committee.regulation.max_focus_topics = 2
    committee.regulation.save()
    meeting_services.prepare(
        adopted_meeting, topics=["Tổng kết năm", "Kiểm điểm", "Chuyển đổi số"], drafter=None
    )
    quality = quality_data.resolution_quality(draft)
    assert (quality.data.focus_topics_count, quality.data.max_focus_topics) == (3, 2)
    assert "too_many_topics" in [f.code for f in quality.findings]


def test_r17_draft_nearly_the_same_as_last_month_is_flagged_with_passages(world, draft):
    last_month = issued(world.g1, corpus_text("a01.txt"), dt.date(2026, 11, 6), "Nghị quyết tháng 11")
    issued(world.g1, corpus_text("a07.txt"), dt.date(2026, 10, 6), "Nghị quyết chuyên đề")
    issued(world.g2, corpus_text("a01.txt"), dt.date(2026, 11, 6))  # another committee: not compared
    fill_draft(draft, corpus_text("a01_copy.txt"))
    quality = quality_data.resolution_quality(draft)
    assert [m.key.pk for m in quality.previous][:1] == [last_month.pk]
    best = quality.previous[0]
    assert best.near_copy and best.key.label == "11-NQ/ĐU Nghị quyết tháng 11"
    assert best.key.url == last_month.get_absolute_url()
    assert all(not m.near_copy for m in quality.previous[1:])
    assert quality.near_copies == [best]
    assert "Nearly the same as an earlier resolution of the committee." in dict(
        (r, p) for p, r in quality.score.breakdown
    )
    # The repeated passages are character spans of the draft's own fields.
    draft.refresh_from_db()
    spans = quality.highlights["assessment"]
    assert spans and all(0 <= s < e <= len(draft.assessment) for s, e in spans)
    assert "Phòng đã tiếp nhận, xử lý" in " ".join(draft.assessment[s:e] for s, e in spans)
    item_keys = [k for k in quality.highlights if k.startswith("item-")]
    assert item_keys


def test_r17_an_honest_next_resolution_is_not_flagged(world, draft):
    issued(world.g1, corpus_text("a01.txt"), dt.date(2026, 10, 6))
    fill_draft(draft, corpus_text("a01_t11_new.txt"))
    quality = quality_data.resolution_quality(draft)
    assert quality.previous and not quality.near_copies


def test_r17_a_correction_is_not_compared_with_the_resolution_it_corrects(world, draft, committee):
    original = services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 5))
    correction = services.start_correction(original, mode="amends")
    assert quality_data.resolution_quality(correction).previous == []


def test_r17_an_issued_resolution_is_compared_only_with_earlier_ones(world):
    older = issued(world.g1, corpus_text("a03.txt"), dt.date(2026, 6, 6))
    middle = issued(world.g1, corpus_text("a03_copy.txt"), dt.date(2026, 7, 6))
    issued(world.g1, corpus_text("a03_reworded.txt"), dt.date(2026, 8, 6))
    quality = quality_data.resolution_quality(middle)
    assert [m.key.pk for m in quality.previous] == [older.pk]


def docx_bytes(text: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("\n"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
        )
    return buffer.getvalue()


def test_r18_draft_copying_the_upper_level_text_is_flagged(world, draft, adopted_meeting):
    upper_txt = meeting_services.attach_document(
        adopted_meeting,
        kind=DocumentKind.UPPER,
        title="Kế hoạch kiểm điểm năm 2026",
        number="125-KH/ĐUK",
        uploaded=SimpleUploadedFile("ke-hoach.txt", corpus_text("u1.txt").encode()),
        by=None,
    )
    upper_docx = meeting_services.attach_document(
        adopted_meeting,
        kind=DocumentKind.DOCUMENT,
        title="Hướng dẫn học tập chuyên đề",
        uploaded=SimpleUploadedFile("huong-dan.docx", docx_bytes(corpus_text("u2.txt"))),
        by=None,
    )
    pdf = meeting_services.attach_document(
        adopted_meeting,
        kind=DocumentKind.UPPER,
        title="Chỉ thị (bản quét)",
        uploaded=SimpleUploadedFile("chi-thi.pdf", PDF),
        by=None,
    )
    draft.upper_documents.add(upper_docx)  # linked to the draft, though filed as a meeting document
    fill_draft(draft, corpus_text("d_u1.txt"))
    quality = quality_data.resolution_quality(draft)
    by_pk = {m.key.pk: m for m in quality.upper}
    assert (
        by_pk[upper_txt.pk].near_copy
        and by_pk[upper_txt.pk].key.label == "125-KH/ĐUK Kế hoạch kiểm điểm năm 2026"
    )
    assert upper_docx.pk in by_pk and not by_pk[upper_docx.pk].near_copy
    assert [s.pk for s in quality.unreadable_upper] == [pdf.pk]
    assert (25, "Copies the upper level's text.") in quality.score.breakdown


def test_r18_extra_upper_texts_from_the_caller(draft):
    fill_draft(draft, corpus_text("d_u3.txt"))
    source = quality_data.Source("upper", 99, "KH phát triển đảng viên")
    quality = quality_data.resolution_quality(draft, extra_upper=[(source, corpus_text("u3.txt"))])
    assert quality.upper[0].key == source and quality.upper[0].near_copy


def test_r17_query_count_does_not_grow_with_ten_years_of_resolutions(world, draft):
    fill_draft(draft, corpus_text("a02_copy.txt"))
    texts = [corpus_text(n) for n in ("a01.txt", "a02.txt", "a03.txt")]

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            quality_data.resolution_quality(draft)
        return len(ctx)

    for i in range(3):
        issued(world.g1, texts[i % 3], dt.date(2016, 1, 1) + dt.timedelta(days=30 * i))
    few = count()
    for i in range(3, 30):
        issued(world.g1, texts[i % 3], dt.date(2016, 1, 1) + dt.timedelta(days=30 * i))
    assert count() == few
    quality = quality_data.resolution_quality(draft)
    assert len(quality.previous) == 30


def test_r17_many_resolutions_in_a_fixed_number_of_queries(world):
    def count(resolutions) -> int:
        with CaptureQueriesContext(connection) as ctx:
            result = quality_data.resolution_quality_many(resolutions)
        assert set(result) == {r.pk for r in resolutions}
        return len(ctx)

    rows = [issued(world.g1, corpus_text("a04.txt"), dt.date(2026, 1, 6))]
    few = count(rows)
    for month in range(2, 11):
        rows.append(
            issued(world.g1 if month % 2 else world.g2, corpus_text("a05.txt"), dt.date(2026, month, 6))
        )
    assert count(rows) == few


# ---------------------------------------------------------------- meetings


def held_meeting(world, committee, day: dt.date, speakers, absent=()) -> Meeting:
    meeting = Meeting.objects.create(
        org=world.g1,
        kind=MeetingKind.REGULAR,
        title=f"Hội nghị tháng {day.month}",
        date=day,
        nominal_date=day,
        regulation=committee.regulation,
    )
    rows = {
        p.pk: (AttendanceStatus.ABSENT if p in absent else AttendanceStatus.PRESENT, "")
        for p in committee.members
    }
    meeting_services.record_attendance(meeting, rows)
    for person in speakers:
        meeting_services.add_opinion(
            meeting, author=person, stance=Stance.AGREE, text="Nhất trí.", phase=Phase.DURING
        )
    meeting_services.record_vote(meeting, subject="NQ", votes_for=6, votes_against=0, votes_abstain=0)
    return meeting


def test_r11_member_silent_for_three_meetings_and_adoption_without_discussion(
    world, committee, adopted_meeting
):
    quiet = committee.members[8]
    talkers = committee.members[:4]
    held_meeting(world, committee, dt.date(2026, 10, 5), talkers)
    held_meeting(world, committee, dt.date(2026, 11, 5), talkers)
    quality = quality_data.meeting_quality(adopted_meeting)  # December: nobody spoke
    codes = [f.code for f in quality.findings]
    assert codes[0] == "adopted_without_discussion"
    silent = {s.person_id: s for s in quality.silent}
    assert quiet.pk in silent and len(silent[quiet.pk].meetings) == 3
    assert f"{quiet.full_name} has given no opinion at 3 meetings in a row." in [
        f.message for f in quality.findings
    ]
    assert quality.score.breakdown[0] == (30, "Adopted with no opinion recorded.")
    assert quality.data.members_total == 9 and quality.data.last_month_reviewed is False


def test_r13_repeated_absences_from_the_records(world, committee, adopted_meeting):
    away = committee.members[5]
    for month in (9, 10, 11):
        held_meeting(world, committee, dt.date(2026, month, 5), committee.members[:6], absent=[away])
    quality = quality_data.meeting_quality(adopted_meeting)
    assert [(a.person_id, a.absences, a.without_reason) for a in quality.absences] == [(away.pk, 3, 3)]


def test_r11_meeting_quality_in_a_fixed_number_of_queries(world, committee, adopted_meeting):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            quality_data.meeting_quality(adopted_meeting)
        return len(ctx)

    held_meeting(world, committee, dt.date(2026, 11, 5), committee.members[:3])
    few = count()
    for month in range(1, 11):
        held_meeting(world, committee, dt.date(2026, month, 5), committee.members[:3])
    assert count() == few


# ---------------------------------------------------------------- the bloc-wide scan


def test_r18_bloc_scan_finds_the_same_text_issued_by_two_committees(world):
    a = issued(world.g1, corpus_text("d_u1.txt"), dt.date(2026, 11, 20))
    b = issued(
        world.g2, corpus_text("u1.txt").replace("Đảng bộ Khối", "Chi bộ Ban Dân tộc"), dt.date(2026, 11, 25)
    )
    issued(world.g2, corpus_text("a09.txt"), dt.date(2026, 10, 25))
    with CaptureQueriesContext(connection) as ctx:
        documents = list(quality_data.bloc_documents())
    assert len(documents) == 3 and len(ctx) == 2
    clusters = similarity.find_near_duplicates(documents)
    assert [sorted(s.pk for s in c.keys) for c in clusters] == [sorted([a.pk, b.pk])]
    assert [s.pk for s, _text in quality_data.bloc_documents(since=dt.date(2026, 11, 21))] == [b.pk]
