"""A month in real use, as one walk in a real browser, in Vietnamese, as the demo personas (#16, R44, R45).

The secretary (`bithu`) prepares the regular meeting (focus topics, the drafter) and starts its draft
resolution from the meeting page; the notice carries that draft by itself (#16.7). A committee member
(`capuy`) finds the notice in the inbox (#16.8), opens it and writes a dissenting opinion on the draft.
Before the meeting's day the secretary cannot record anything: the record page says so in Vietnamese and a
posted attendance is refused (#16.4). On the day he records attendance, a dissenting opinion spoken in the
meeting, the vote and the minutes, signed by both. Issuing with empty sections is refused, naming them
(#16.3); an item deadline already past is refused at its field (#16.4); with the sections written and the
deadline set the resolution is issued. The member reports progress on the item; a week later the
Organization Board officer (`bantochuc`) finds the meeting and the overdue item on the bloc dashboard.

Screenshots of the main steps go to the test's temporary directory (`MONTH_SHOTS` to keep them elsewhere).
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nghiquyet.demo import registry as demo
from nghiquyet.meetings.calendar import next_working_day
from nghiquyet.meetings.models import MeetingStatus, Phase, Stance
from nghiquyet.resolutions.models import ItemStatus, Resolution, ResolutionStatus
from nghiquyet.testing.clock import HANOI
from nghiquyet.testing.demo import demo_committee, regular_meeting_on
from nghiquyet.testing.resolutions import SECTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPICS = ["Công tác phát triển đảng viên", "Cải cách hành chính, chuyển đổi số"]
TITLE = "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026"
ITEM = "Cập nhật, chuẩn hóa dữ liệu đảng viên trên phần mềm quản lý cơ sở dữ liệu đảng viên"
WRITTEN = "Không nhất trí giao chỉ tiêu kết nạp 05 đảng viên trong quý: chưa có đủ nguồn quần chúng ưu tú."
SPOKEN = "Không nhất trí đưa chỉ tiêu chuyển đổi số vào tháng này: các chi bộ chưa được trang bị máy."
PROGRESS = "Đã rà soát xong hồ sơ của 5/10 chi bộ trực thuộc."


def logout(page):
    page.context.clear_cookies()


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=HANOI)


@pytest.fixture
def shots(tmp_path):
    """Where the screenshots of the walk go, numbered in order."""
    folder = Path(os.environ.get("MONTH_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    taken = []

    def shot(page, name):
        path = folder / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        taken.append(path)

    shot.taken = taken
    return shot


def test_r44_r45_a_month_in_real_use_in_the_browser(page, login, pinned_clock, shots):
    committee = demo_committee()
    org, secretary, member, deputy = committee.org, committee.secretary, committee.member, committee.deputy
    committee_size = committee.size

    # This month's regular meeting, a few days ahead on the day the committee's regulation fixes.
    day = next_working_day(timezone.localdate() + dt.timedelta(days=5))
    meeting = regular_meeting_on(org, day)
    meeting_url = f"/meetings/{meeting.pk}/"

    # 1. The secretary prepares the meeting: the drafter and the focus topics (R06) …
    login("bithu", demo.DEMO_PASSWORD)
    page.goto(meeting_url)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_role("button", name="Ghi nội dung chuẩn bị").click()
    page.get_by_label("Cấp ủy viên được phân công dự thảo nghị quyết").select_option(label=deputy.full_name)
    page.get_by_label("Nội dung trọng tâm", exact=True).fill("\n".join(TOPICS))
    page.get_by_role("button", name="Lưu nội dung chuẩn bị").click()
    expect(page.get_by_text("Đã lưu nội dung chuẩn bị hội nghị.")).to_be_visible()

    # … starts the draft resolution from the meeting page: one action, for this meeting (#16.7) …
    expect(page.locator("#draft-action")).to_have_text("Soạn dự thảo nghị quyết")
    page.locator("#draft-action").click()
    form = page.locator("#draft-form")
    expect(form.locator("#id_meeting")).to_have_value(str(meeting.pk))
    form.locator("#id_title").fill(TITLE)
    form.get_by_role("button", name="Bắt đầu dự thảo").click()
    expect(page.get_by_text("Đã tạo dự thảo: đề nghị thêm các nhiệm vụ.")).to_be_visible()
    draft_url = page.url
    draft = Resolution.objects.get(org=org, title=TITLE)

    # … and sends the notice, which carries the application's draft: no download and upload again.
    page.goto(meeting_url)
    expect(page.locator("#draft-action")).to_have_text("Mở dự thảo nghị quyết")
    expect(page.locator("#app-draft")).to_contain_text(TITLE)
    page.get_by_role("button", name="Gửi thông báo").click()
    expect(page.get_by_text(f"Đã gửi thông báo đến {committee_size} cấp ủy viên.")).to_be_visible()
    expect(page.locator("#meeting-status")).to_have_text("Đã gửi thông báo")
    expect(page.locator("#nav-unread")).to_have_count(0)  # no inbox entry of his own sending
    shots(page, "secretary-notice-sent")
    logout(page)

    # 2. The committee member finds the notice in the inbox (R44, #16.8) and gives a dissenting opinion.
    login("capuy", demo.DEMO_PASSWORD)
    expect(page.locator("#nav-unread")).to_have_text("1")
    page.click("#nav-inbox")
    expect(page).to_have_url("/inbox/")
    notice = page.locator("#inbox li.unread")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(f"Thông báo triệu tập: {meeting.title}")
    shots(page, "member-inbox")
    notice.locator("a").first.click()
    expect(page).to_have_url(meeting_url)
    expect(page.locator("#nav-unread")).to_have_count(0)
    expect(page.locator("#own-notice + pre.agenda")).to_contain_text(TOPICS[0])
    expect(page.locator("#own-notice + pre.agenda")).to_contain_text(TITLE)
    expect(page.locator("#app-draft a").first).to_have_attribute("href", draft.get_absolute_url())
    opinion = page.locator("#opinion-form")
    opinion.get_by_label("Không nhất trí", exact=True).check()
    opinion.get_by_label("Về nội dung").fill(TOPICS[0])
    opinion.get_by_label("Ý kiến", exact=True).fill(WRITTEN)
    opinion.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.locator("#opinion-table tbody tr.dissent")).to_contain_text(WRITTEN)
    shots(page, "member-opinion")
    logout(page)

    # 3. Before the meeting's day nothing of it is recorded (R45, #16.4): the page says so in Vietnamese,
    # and an attendance posted anyway is refused with the same words.
    ahead = f"Chức năng này mở từ ngày {day:%d/%m/%Y}, ngày họp hội nghị"
    login("bithu", demo.DEMO_PASSWORD)
    page.goto(meeting_url)
    expect(page.locator("#meeting-ahead")).to_contain_text(f"{day:%d/%m/%Y}")
    page.goto(f"{meeting_url}record/")
    expect(page.locator("#rec-ahead")).to_contain_text(ahead)
    expect(page.locator("#rec-attendance")).to_have_count(0)
    refused = page.request.post(
        f"{meeting_url}record/attendance/",
        form={"csrfmiddlewaretoken": _csrf(page)},
        max_redirects=0,
    )
    assert refused.status == 302
    page.goto(refused.headers["location"])
    expect(page.locator(".messages")).to_contain_text(ahead)
    shots(page, "record-refused-before-the-day")
    assert not meeting.attendance.exists()

    # 4. On the day: attendance, a dissent spoken in the meeting, the vote, the minutes signed by both.
    pinned_clock.move_to(at(day))
    page.goto(f"{meeting_url}record/")
    attendance = page.locator("#rec-attendance")
    attendance.get_by_label("Chủ trì").select_option(label=secretary.full_name)
    attendance.get_by_label("Thư ký").select_option(label=member.full_name)
    attendance.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator("#rec-attendance .rec-saved")).to_have_text("Đã lưu.")
    spoken = page.locator("#rec-opinions")
    spoken.get_by_label("Người phát biểu").select_option(label=deputy.full_name)
    spoken.get_by_label("Không nhất trí", exact=True).check()
    spoken.get_by_label("Ý kiến", exact=True).fill(SPOKEN)
    spoken.get_by_role("button", name="Thêm ý kiến").click()
    expect(page.locator("#rec-opinions ol.rec-opinions li")).to_contain_text(SPOKEN)
    vote = page.locator("#rec-vote")
    vote.get_by_label("Tán thành", exact=True).fill(str(committee_size - 1))
    vote.get_by_label("Không tán thành", exact=True).fill("1")
    vote.get_by_label("Không biểu quyết", exact=True).fill("0")
    vote.get_by_role("button", name="Ghi kết quả biểu quyết").click()
    expect(page.locator("#rec-vote .rec-result.rec-adopted")).to_contain_text("Được thông qua")
    shots(page, "record-on-the-day")
    page.get_by_role("button", name="Dự thảo và ký biên bản").click()
    minutes = page.locator(".rec-minutes")
    expect(minutes).to_contain_text("BIÊN BẢN")
    expect(minutes).to_contain_text(SPOKEN)
    page.get_by_label("Biên bản đã được đọc lại tại hội nghị").check()
    page.get_by_role("button", name="Ký với tư cách chủ trì").click()
    expect(page.get_by_text("Đã ký. Biên bản đang chờ chữ ký còn lại.")).to_be_visible()
    logout(page)
    login("capuy", demo.DEMO_PASSWORD)
    expect(page.locator("#nav-unread")).to_have_text("1")  # asked to sign, in the inbox (R44)
    page.goto(f"{meeting_url}minutes/")
    page.get_by_label("Biên bản đã được đọc lại tại hội nghị").check()
    page.get_by_role("button", name="Ký với tư cách thư ký").click()
    expect(page.get_by_text("Đã đủ hai chữ ký: biên bản và ghi chép hội nghị đã khóa.")).to_be_visible()
    shots(page, "minutes-signed")
    logout(page)

    # 5. The resolution: an item whose deadline has passed is refused at its field (R45, #16.4) …
    login("bithu", demo.DEMO_PASSWORD)
    page.goto(draft_url)
    page.locator("#add-item").click()
    item_form = page.locator("#item-form")
    item_form.locator("#id_content").fill(ITEM)
    item_form.locator("#id_requirement").fill("Đầy đủ, chính xác, đúng hướng dẫn của cấp trên")
    item_form.locator("#id_measures").fill("Văn phòng Đảng ủy hướng dẫn, kiểm tra từng chi bộ")
    item_form.locator("#id_deadline_text").fill(f"{day - dt.timedelta(days=1):%d/%m/%Y}")
    item_form.locator("#id_assignee").select_option(label=member.full_name)
    item_form.locator("#id_supervisor").select_option(label=secretary.full_name)
    item_form.get_by_role("button", name="Lưu nhiệm vụ").click()
    passed = f"Thời hạn {day - dt.timedelta(days=1):%d/%m/%Y} đã qua"
    # Said under the deadline as typed, not under the date picker left empty.
    expect(page.locator("#id_deadline_text_error")).to_contain_text(passed)
    expect(page.locator("#id_deadline_error")).to_have_count(0)
    shots(page, "item-deadline-refused")
    assert not draft.items.exists()
    deadline = day + dt.timedelta(days=5)
    page.locator("#item-form #id_deadline_text").fill(f"{deadline:%d/%m/%Y}")
    page.locator("#item-form").get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(page.get_by_text("Đã lưu nhiệm vụ.")).to_be_visible()

    # Every crumb after the first is separated from the one before, an unlinked ancestor included.
    separators = page.locator("nav.breadcrumb > *").evaluate_all(
        "els => els.slice(1).map(e => getComputedStyle(e, '::before').content)"
    )
    assert len(separators) >= 4 and set(separators) == {'" › "'}, separators

    # … issuing with sections I, II and IV empty is refused, naming each (R45, #16.3) …
    problems = page.locator("#issue-problems li")
    expect(problems).to_have_count(3)
    for label in ("đánh giá tình hình", "mục tiêu, yêu cầu", "tổ chức thực hiện"):
        expect(page.locator("#issue-problems")).to_contain_text(f"Phần “{label}” chưa được soạn.")
    issue_button = page.get_by_role("button", name="Ban hành nghị quyết")
    expect(issue_button).to_be_disabled()
    issue_button.evaluate("b => { b.removeAttribute('disabled'); b.removeAttribute('aria-disabled'); }")
    issue_button.click()
    expect(page.locator(".messages").get_by_text("Chưa thể ban hành nghị quyết:")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Phần “đánh giá tình hình” chưa được soạn.")
    shots(page, "issue-refused-empty-sections")
    assert Resolution.objects.get(pk=draft.pk).status == ResolutionStatus.DRAFT

    # … with the sections written, it is issued on the meeting's day.
    page.goto(draft_url.rstrip("/") + "/edit/")
    edit = page.locator("#draft-form")
    for name, text in SECTIONS.items():
        edit.locator(f"#id_{name}").fill(text)
    edit.locator("button[type=submit]").click()
    page.wait_for_url(draft_url)
    expect(page.locator("#issue-problems")).to_have_count(0)
    page.get_by_role("button", name="Ban hành nghị quyết").click()
    expect(page.get_by_text("Đã ban hành nghị quyết số 01-NQ/ĐU.")).to_be_visible()
    expect(page.locator("#resolution-status")).to_have_text("Đã ban hành")
    shots(page, "issued")
    logout(page)

    # 6. The next day the member reports progress on the item (R23).
    pinned_clock.move_to(at(day + dt.timedelta(days=1)))
    item = Resolution.objects.get(pk=draft.pk).items.get()
    login("capuy", demo.DEMO_PASSWORD)
    page.goto("/resolutions/mine/")
    page.get_by_role("link", name=ITEM).click()
    progress = page.locator("#progress-form")
    progress.get_by_label("Đang thực hiện", exact=True).check()
    progress.locator("#id_percent").fill("50")
    progress.locator("#id_note").fill(PROGRESS)
    progress.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.get_by_text("Đã ghi nhận báo cáo tiến độ của đồng chí.")).to_be_visible()
    shots(page, "member-progress")
    logout(page)

    # 7. A week after the deadline the upper level sees the meeting and the overdue item on the dashboard.
    pinned_clock.move_to(at(deadline + dt.timedelta(days=2)))
    login("bantochuc", demo.DEMO_PASSWORD)
    page.goto("/oversight/dashboard/")
    row = page.locator(f'#dashboard-table tbody tr[data-org="{org.code}"]')
    expect(row.locator("td[data-col=overdue]")).to_have_text("1")
    shots(page, "officer-dashboard")
    row.locator("td a").first.click()
    expect(page.locator("h1")).to_have_text(org.name)
    meeting_row = page.locator(f'#org-meetings tr[data-meeting="{meeting.pk}"]')
    expect(meeting_row).to_have_attribute("data-counts", "held")
    expect(meeting_row).to_contain_text("Đã ký biên bản")
    overdue = page.locator(f'#org-overdue tr[data-item="{item.pk}"]')
    expect(overdue).to_contain_text(ITEM[:60])
    expect(overdue).to_contain_text("01-NQ/ĐU")
    expect(overdue).to_contain_text("Đang thực hiện")
    shots(page, "officer-organization")

    # What the pages wrote.
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SIGNED and meeting.is_locked
    assert {(o.phase, o.stance, o.text) for o in meeting.opinions.all()} == {
        (Phase.BEFORE, Stance.DISAGREE, WRITTEN),
        (Phase.DURING, Stance.DISAGREE, SPOKEN),
    }
    resolution = Resolution.objects.get(pk=draft.pk)
    assert (resolution.status, resolution.number_display, resolution.issued_on) == (
        ResolutionStatus.ISSUED,
        "01-NQ/ĐU",
        day,
    )
    item.refresh_from_db()
    assert (item.deadline, item.status, item.percent, item.assignee) == (
        deadline,
        ItemStatus.IN_PROGRESS,
        50,
        member,
    )
    assert len(shots.taken) == 12 and all(p.stat().st_size > 10_000 for p in shots.taken)


def _csrf(page) -> str:
    """The CSRF token of the page's first form, to post what the page no longer offers."""
    return page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
