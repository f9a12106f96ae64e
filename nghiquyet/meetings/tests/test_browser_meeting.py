"""One whole meeting in a real browser, in Vietnamese, as the demo users (R06, R07, R09–R14).

The demo secretary (`bithu`) prepares the meeting and sends the notice; an ordinary committee member
(`capuy`) writes a dissenting opinion on the draft; the secretary records attendance (one member away
with a reason), an opinion spoken in the meeting, the conclusion and the vote, then signs the minutes as
chair; `capuy`, the recorder, signs last and the meeting is locked.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from nghiquyet.demo import registry as demo
from nghiquyet.meetings.calendar import next_working_day
from nghiquyet.meetings.models import (
    AttendanceStatus,
    MeetingStatus,
    MinutesStatus,
    Phase,
    Section,
    Stance,
)
from nghiquyet.testing.clock import HANOI
from nghiquyet.testing.demo import demo_committee, regular_meeting_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPICS = ["Công tác phát triển đảng viên", "Cải cách hành chính, chuyển đổi số"]
WRITTEN = "Không nhất trí giao chỉ tiêu kết nạp 05 đảng viên trong quý: chưa có đủ nguồn quần chúng ưu tú."
SPOKEN = "Đề nghị giao chỉ tiêu cụ thể cho từng chi bộ trực thuộc và người chịu trách nhiệm."
CONCLUSION = (
    "Đồng chí Bí thư kết luận: hội nghị nhất trí hai nội dung trọng tâm; giao đồng chí Phó Bí thư hoàn "
    "chỉnh nghị quyết, trình ký trước ngày 10."
)


def logout(page):
    page.context.clear_cookies()


def test_r06_r14_whole_meeting_in_the_browser(page, login, pinned_clock):
    committee = demo_committee()
    org, secretary, member, deputy = committee.org, committee.secretary, committee.member, committee.deputy
    away = next(p for p in committee.members if p not in (secretary, member, deputy))
    committee_size = committee.size

    # A regular meeting a few days ahead, on the day the committee's regulation fixes.
    day = next_working_day(timezone.localdate() + dt.timedelta(days=5))
    meeting = regular_meeting_on(org, day)
    meeting_url = f"/meetings/{meeting.pk}/"

    # The secretary prepares the meeting (R06) and sends the notice (R07).
    login("bithu", demo.DEMO_PASSWORD)
    page.goto(meeting_url)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    page.get_by_role("button", name="Ghi nội dung chuẩn bị").click()
    page.get_by_label("Cấp ủy viên được phân công dự thảo nghị quyết").select_option(label=deputy.full_name)
    page.get_by_label("Nội dung trọng tâm", exact=True).fill("\n".join(TOPICS))
    page.get_by_role("button", name="Lưu nội dung chuẩn bị").click()
    expect(page.get_by_text("Đã lưu nội dung chuẩn bị hội nghị.")).to_be_visible()
    expect(page.locator("#focus-topics li")).to_have_text(TOPICS)
    expect(page.locator("#preparation")).to_contain_text(deputy.full_name)
    page.get_by_role("button", name="Gửi thông báo").click()
    expect(page.get_by_text(f"Đã gửi thông báo đến {committee_size} cấp ủy viên.")).to_be_visible()
    expect(page.locator("#notice-table tbody tr")).to_have_count(committee_size)
    expect(page.locator("#meeting-status")).to_have_text("Đã gửi thông báo")
    logout(page)

    # A committee member reads the notice and writes a dissenting opinion on the draft (R07, R11).
    login("capuy", demo.DEMO_PASSWORD)
    page.goto(meeting_url)
    expect(page.locator("#own-notice + pre.agenda")).to_contain_text(TOPICS[0])
    form = page.locator("#opinion-form")
    expect(form.get_by_role("heading", name="Góp ý vào dự thảo")).to_be_visible()
    form.get_by_label("Không nhất trí", exact=True).check()
    form.get_by_label("Về nội dung").fill(TOPICS[0])
    form.get_by_label("Ý kiến", exact=True).fill(WRITTEN)
    form.get_by_role("button", name="Gửi ý kiến").click()
    row = page.locator("#opinion-table tbody tr.dissent")
    expect(row).to_contain_text(WRITTEN)
    expect(row).to_contain_text(member.full_name)
    expect(row.locator(".stance")).to_have_text("Không nhất trí")
    logout(page)

    # On the day, the secretary keeps the record: attendance, a spoken opinion, the conclusion, the vote.
    # Not before: the record opens on the meeting's day (R45).
    pinned_clock.move_to(dt.datetime.combine(day, dt.time(9, 0), tzinfo=HANOI))
    login("bithu", demo.DEMO_PASSWORD)
    page.goto(meeting_url)
    page.get_by_role("button", name="Ghi chép hội nghị").click()
    expect(page.get_by_role("heading", name="Ghi chép hội nghị", level=1)).to_be_visible()

    attendance = page.locator("#rec-attendance")
    attendance.get_by_label("Chủ trì").select_option(label=secretary.full_name)
    attendance.get_by_label("Thư ký").select_option(label=member.full_name)
    absentee = attendance.get_by_role("group", name=away.full_name, exact=True)
    absentee.get_by_label("Vắng có lý do", exact=True).check()
    absentee.get_by_label(f"Lý do vắng mặt của đồng chí {away.full_name}").fill("Đi công tác")
    attendance.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator("#rec-attendance .rec-saved")).to_have_text("Đã lưu.")
    expect(page.locator("#rec-quorum")).to_contain_text(f"{committee_size - 1}")

    spoken = page.locator("#rec-opinions")
    spoken.get_by_label("Người phát biểu").select_option(label=deputy.full_name)
    spoken.get_by_label("Đề nghị sửa đổi, bổ sung", exact=True).check()
    spoken.get_by_label("Ý kiến", exact=True).fill(SPOKEN)
    spoken.get_by_role("button", name="Thêm ý kiến").click()
    expect(page.locator("#rec-opinions ol.rec-opinions li")).to_have_count(1)
    expect(page.locator("#rec-opinions ol.rec-opinions li")).to_contain_text(SPOKEN)

    conclusion = page.locator("#rec-section-conclusion")
    conclusion.get_by_text("Kết luận của đồng chí Bí thư").click()
    conclusion.get_by_label("Nội dung phát biểu").fill(CONCLUSION)
    conclusion.get_by_role("button", name="Lưu phần này").click()
    expect(page.locator("#rec-section-conclusion .rec-saved")).to_have_text("Đã lưu.")

    present = committee_size - 1
    vote = page.locator("#rec-vote")
    vote.get_by_label("Tán thành", exact=True).fill(str(present))
    vote.get_by_label("Không tán thành", exact=True).fill("0")
    vote.get_by_label("Không biểu quyết", exact=True).fill("0")
    vote.get_by_role("button", name="Ghi kết quả biểu quyết").click()
    expect(page.locator("#rec-vote .rec-result.rec-adopted")).to_contain_text(
        f"Được thông qua: {present}/{committee_size} cấp ủy viên đương nhiệm tán thành"
    )
    expect(page.locator("#rec-discussion")).to_be_empty()  # opinions were given: no R11 warning

    # The minutes (R14): a Vietnamese document assembled from the record, signed by the chair.
    page.get_by_role("button", name="Dự thảo và ký biên bản").click()
    text = page.locator(".rec-minutes")
    expect(text).to_have_attribute("lang", "vi")
    expect(text).to_contain_text("BIÊN BẢN")
    expect(text).to_contain_text(f"Chủ trì: {secretary.full_name}")
    expect(text).to_contain_text(f"Thư ký: {member.full_name}")
    expect(text).to_contain_text(f"Có mặt: {present}/{committee_size} đồng chí cấp ủy viên.")
    expect(text).to_contain_text(f"Đồng chí {away.full_name}: vắng có lý do (Đi công tác)")
    expect(text).to_contain_text(SPOKEN)
    expect(text).to_contain_text(CONCLUSION)
    expect(text).to_contain_text("Nghị quyết được thông qua.")
    page.get_by_label("Biên bản đã được đọc lại tại hội nghị").check()
    page.get_by_role("button", name="Ký với tư cách chủ trì").click()
    expect(page.get_by_text("Đã ký. Biên bản đang chờ chữ ký còn lại.")).to_be_visible()
    expect(page.get_by_text("Đã bắt đầu ký — ghi chép đã khóa.")).to_be_visible()
    logout(page)

    # The recorder signs last: the minutes and the meeting are locked.
    login("capuy", demo.DEMO_PASSWORD)
    page.goto(f"{meeting_url}minutes/")
    page.get_by_label("Biên bản đã được đọc lại tại hội nghị").check()
    page.get_by_role("button", name="Ký với tư cách thư ký").click()
    expect(page.get_by_text("Đã đủ hai chữ ký: biên bản và ghi chép hội nghị đã khóa.")).to_be_visible()
    expect(page.locator(".rec-locked")).to_contain_text("Đã ký — đã khóa.")
    expect(page.get_by_role("button", name="Ký với tư cách thư ký")).to_have_count(0)
    page.goto(meeting_url)
    expect(page.locator("#meeting-status")).to_have_text("Đã ký biên bản")
    expect(page.get_by_text("Biên bản đã được ký: cuộc họp này đã khóa, không thể thay đổi.")).to_be_visible()
    expect(page.locator("#opinion-form")).to_have_count(0)

    # What the pages wrote.
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SIGNED and meeting.is_locked
    assert (meeting.chair, meeting.recorder, meeting.drafter) == (secretary, member, deputy)
    assert list(meeting.focus_topics.values_list("title", flat=True)) == TOPICS
    notices = list(meeting.notices.all())
    assert len(notices) == committee_size and not any(n.late for n in notices)
    minutes = meeting.minutes
    assert minutes.status == MinutesStatus.SIGNED and minutes.read_back
    assert minutes.chair_signed_at <= minutes.recorder_signed_at
    assert minutes.text.startswith("BIÊN BẢN\n")
    vote = meeting.vote
    assert (vote.votes_for, vote.votes_against, vote.votes_abstain) == (present, 0, 0)
    assert vote.members_total == committee_size and vote.adopted
    rows = {a.person_id: (a.status, a.reason) for a in meeting.attendance.all()}
    assert len(rows) == committee_size
    assert rows[away.pk] == (AttendanceStatus.ABSENT_EXCUSED, "Đi công tác")
    assert all(status == AttendanceStatus.PRESENT for pk, (status, _r) in rows.items() if pk != away.pk)
    written = meeting.opinions.get(phase=Phase.BEFORE)
    assert (written.author, written.stance, written.section, written.text) == (
        member,
        Stance.DISAGREE,
        TOPICS[0],
        WRITTEN,
    )
    said = meeting.opinions.get(phase=Phase.DURING)
    assert (said.author, said.stance, said.text, said.order) == (deputy, Stance.SUGGESTION, SPOKEN, 1)
    assert meeting.agenda.get(section=Section.CONCLUSION).text == CONCLUSION
    indicators = meeting.indicators
    assert indicators.dissent_recorded and indicators.opinions_before == 1
    assert indicators.notice_lead_days >= 3 and indicators.focus_topics == 2

    # Every service this walk went through kept the search index current (#16.1).
    call_command("reindex", "--check", stdout=io.StringIO())
