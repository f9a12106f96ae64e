"""One resolution from draft to review in a real browser, in Vietnamese, as the demo users (R14, R15,
R20, R21, R23, R25, R26, R09).

The secretary (`bithu`) drafts the resolution of a meeting that has voted it, adds two items — the second
without anyone to inspect and urge it — and is stopped when issuing, with exactly that problem shown; he
sets the supervisor and issues it as "Số 01-NQ/ĐU". The person in charge of the first item (`capuy`)
reports 50% and a difficulty; the secretary answers it; `capuy` reports the item done; the secretary, its
supervisor, sends it back as not accepted with the reason, which `capuy` finds on the item and in "my
work"; `capuy` reports it done again and the secretary confirms it. The next regular meeting's review of last month shows the item done on time.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from nghiquyet.demo import registry as demo
from nghiquyet.meetings import queries as meeting_queries
from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.calendar import is_working_day
from nghiquyet.meetings.models import AttendanceStatus, Meeting, MeetingKind, MeetingStatus
from nghiquyet.orgs.models import DocumentCounter
from nghiquyet.resolutions import queries as resolution_queries
from nghiquyet.resolutions import texts as resolution_texts
from nghiquyet.resolutions.models import (
    DOC_TYPE,
    DeadlineKind,
    Difficulty,
    DifficultyStatus,
    ItemStatus,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
)
from nghiquyet.testing.demo import demo_committee, regular_meeting_on
from nghiquyet.testing.resolutions import SECTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng này"
FIRST = "Cập nhật, chuẩn hóa dữ liệu đảng viên trên phần mềm quản lý cơ sở dữ liệu đảng viên"
SECOND = "Tổ chức học tập, quán triệt nghị quyết của cấp trên cho cán bộ, đảng viên"
DIFFICULTY = "Một số chi bộ trực thuộc chậm cung cấp số liệu."
SUPPORT = "Đề nghị cấp ủy chỉ đạo các chi bộ gửi số liệu trước ngày 20."
ANSWER = "Thường trực đã nhắc các chi bộ; đồng chí tổng hợp số liệu đã có, báo cáo bổ sung sau."
NOT_ACCEPTED = "Chưa có biên bản đối chiếu dữ liệu của từng chi bộ; đề nghị bổ sung."
MISSING_SUPERVISOR = "Nhiệm vụ 2 chưa có người kiểm tra, đôn đốc."


def logout(page):
    page.context.clear_cookies()


def held_meeting(org, secretary, member, deputy) -> tuple[Meeting, Meeting]:
    """This month's regular meeting, held today (or on the last working day) and voted; and the next one."""
    day = timezone.localdate()
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    meeting = regular_meeting_on(org, day, next_year=True)
    meeting_services.prepare(
        meeting,
        topics=["Cập nhật hồ sơ đảng viên trên phần mềm", "Học tập, quán triệt nghị quyết"],
        drafter=deputy,
    )
    committee = meeting_queries.committee_on(org, day)
    meeting_services.record_attendance(
        meeting,
        {p.pk: (AttendanceStatus.PRESENT, "") for p in committee},
        chair=secretary,
        recorder=member,
    )
    meeting_services.record_vote(
        meeting, subject=TITLE, votes_for=len(committee), votes_against=0, votes_abstain=0
    )
    following = (
        Meeting.objects.filter(org=org, kind=MeetingKind.REGULAR, date__gt=day).order_by("date").first()
    )
    return meeting, following


def test_r15_r21_r23_r26_r09_resolution_from_draft_to_review_in_the_browser(page, login):
    committee = demo_committee()
    org, secretary, member, deputy = committee.org, committee.secretary, committee.member, committee.deputy
    meeting, following = held_meeting(org, secretary, member, deputy)
    assert meeting.vote.adopted and meeting.status == MeetingStatus.HELD
    in_twenty_days = timezone.localdate() + dt.timedelta(days=20)

    # The secretary drafts the resolution for the meeting that adopted it.
    login("bithu", demo.DEMO_PASSWORD)
    page.goto(f"/resolutions/org/{org.code}/new/?meeting={meeting.pk}")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    form = page.locator("#draft-form")
    form.locator("#id_title").fill(TITLE)
    expect(form.locator("#id_meeting")).to_have_value(str(meeting.pk))
    form.get_by_role("button", name="Bắt đầu dự thảo").click()
    expect(page.get_by_text("Đã tạo dự thảo: đề nghị thêm các nhiệm vụ.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#draft-mark")).to_have_text("DỰ THẢO")
    draft_url = page.url

    # Sections I, II and IV are written on the draft's edit page: nothing empty is issued (R45).
    page.goto(draft_url.rstrip("/") + "/edit/")
    edit = page.locator("#draft-form")
    for name, text in SECTIONS.items():
        edit.locator(f"#id_{name}").fill(text)
    edit.locator("button[type=submit]").click()
    page.wait_for_url(draft_url)

    # Two items (R15, R20): the first complete, the second with nobody to inspect and urge it.
    for content, deadline, assignee, supervisor in (
        (FIRST, "trong tháng", member, secretary),
        (SECOND, f"{in_twenty_days:%d/%m/%Y}", deputy, None),
    ):
        page.locator("#add-item").click()
        item_form = page.locator("#item-form")
        item_form.locator("#id_content").fill(content)
        item_form.locator("#id_requirement").fill("Đầy đủ, chính xác, đúng hướng dẫn của cấp trên")
        item_form.locator("#id_measures").fill("Văn phòng Đảng ủy hướng dẫn, kiểm tra từng chi bộ")
        item_form.locator("#id_deadline_text").fill(deadline)
        item_form.locator("#id_assignee").select_option(label=assignee.full_name)
        if supervisor is not None:
            item_form.locator("#id_supervisor").select_option(label=supervisor.full_name)
        item_form.get_by_role("button", name="Lưu nhiệm vụ").click()
        expect(page.get_by_text("Đã lưu nhiệm vụ.")).to_be_visible()
    expect(page.locator("#item-table tbody tr")).to_have_count(2)

    # Issuing is stopped, naming exactly which item lacks which field (R15).
    problems = page.locator("#issue-problems li")
    expect(problems).to_have_count(1)
    expect(problems).to_have_text(MISSING_SUPERVISOR)
    expect(problems).to_have_attribute("data-field", "supervisor")
    issue_button = page.get_by_role("button", name="Ban hành nghị quyết")
    expect(issue_button).to_be_disabled()
    # Even when the form is sent anyway, the server refuses it with the same problem.
    issue_button.evaluate("b => { b.removeAttribute('disabled'); b.removeAttribute('aria-disabled'); }")
    issue_button.click()
    expect(page.locator(".messages").get_by_text("Chưa thể ban hành nghị quyết:")).to_be_visible()
    expect(page.locator(".messages").get_by_text(MISSING_SUPERVISOR)).to_be_visible()
    draft = Resolution.objects.get(org=org, title=TITLE)
    assert draft.status == ResolutionStatus.DRAFT and draft.number is None
    second = draft.items.get(content=SECOND)

    # The secretary sets the supervisor and issues: the first number of the term's series (R14, R21).
    page.locator(f"#item-{second.pk}").get_by_role("button", name="Sửa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa nhiệm vụ")
    page.locator("#item-form #id_supervisor").select_option(label=secretary.full_name)
    page.locator("#item-form").get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(page.get_by_text("Đã lưu nhiệm vụ.")).to_be_visible()
    expect(page.locator("#issue-problems")).to_have_count(0)
    expect(page.locator("#issue-ready")).to_be_visible()
    page.get_by_role("button", name="Ban hành nghị quyết").click()
    expect(page.get_by_text("Đã ban hành nghị quyết số 01-NQ/ĐU.")).to_be_visible()
    expect(page.locator("#doc-number")).to_have_text("Số 01-NQ/ĐU")
    expect(page.locator("#resolution-status")).to_have_text("Đã ban hành")
    expect(page.locator("#signed-by")).to_have_text(secretary.full_name)
    expect(page.locator("#edit-draft")).to_have_count(0)
    first = draft.items.get(content=FIRST)
    item_url = f"/resolutions/items/{first.pk}/"
    logout(page)

    # The person in charge finds the item in their work and reports 50% and a difficulty (R23, R26).
    login("capuy", demo.DEMO_PASSWORD)
    page.goto("/resolutions/mine/")
    expect(page.get_by_role("heading", name="Việc của tôi", level=1)).to_be_visible()
    page.get_by_role("link", name=FIRST).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FIRST)
    progress = page.locator("#progress-form")
    progress.get_by_label("Đang thực hiện", exact=True).check()
    progress.locator("#id_percent").fill("50")
    progress.locator("#id_note").fill("Đã rà soát xong hồ sơ của 5/10 chi bộ trực thuộc.")
    progress.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.get_by_text("Đã ghi nhận báo cáo tiến độ của đồng chí.")).to_be_visible()
    expect(page.locator("#updates tbody tr")).to_have_count(1)
    expect(page.locator("#updates tbody tr").first).to_contain_text("50%")
    page.get_by_text("Báo cáo khó khăn, vướng mắc và đề nghị hỗ trợ").click()
    difficulty = page.locator("#difficulty-form")
    difficulty.locator("#id_text").fill(DIFFICULTY)
    difficulty.locator("#id_support_needed").fill(SUPPORT)
    difficulty.get_by_role("button", name="Báo cáo khó khăn, vướng mắc").click()
    expect(page.locator("#difficulties article")).to_have_count(1)
    expect(page.locator("#difficulties article")).to_contain_text(DIFFICULTY)
    expect(page.locator("#difficulties article .badge")).to_have_text("Chờ trả lời")
    expect(page.locator("hgroup .st")).to_have_text("Vướng mắc: cần hỗ trợ")
    logout(page)

    # The secretary answers the difficulty (R26).
    login("bithu", demo.DEMO_PASSWORD)
    page.goto(item_url)
    page.locator(".answer-form textarea").fill(ANSWER)
    page.locator(".answer-form").get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text(f"Đã gửi trả lời đến {member.full_name}.")).to_be_visible()
    expect(page.locator("#difficulties .answer")).to_contain_text(ANSWER)
    logout(page)

    # The person in charge reports the item done …
    login("capuy", demo.DEMO_PASSWORD)
    page.goto(item_url)
    progress = page.locator("#progress-form")
    progress.get_by_label("Đã báo cáo hoàn thành", exact=True).check()
    progress.locator("#id_note").fill("Đã cập nhật đầy đủ dữ liệu của 10/10 chi bộ.")
    progress.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.locator("#updates tbody tr")).to_have_count(2)
    expect(page.locator("#updates tbody tr").first).to_contain_text("100%")
    expect(page.locator("#confirm-form")).to_have_count(0)  # the supervisor confirms, not the assignee
    expect(page.locator("#send-back-form")).to_have_count(0)
    logout(page)

    # … its supervisor, the secretary, does not accept it yet: sent back with the reason (R25) …
    login("bithu", demo.DEMO_PASSWORD)
    page.goto(item_url)
    expect(page.locator("#confirm-form")).to_be_visible()
    send_back = page.locator("#send-back-form")
    send_back.locator("textarea").fill(NOT_ACCEPTED)
    send_back.locator("button[type=submit]").click()
    expect(page.locator("hgroup .st")).to_have_text("Đang thực hiện")
    expect(page.locator("#sent-back")).to_contain_text(NOT_ACCEPTED)
    expect(page.locator("#confirm-form")).to_have_count(0)
    logout(page)

    # … the person in charge finds the reason in their work and on the item, and reports it done again …
    login("capuy", demo.DEMO_PASSWORD)
    page.goto("/resolutions/mine/")
    expect(page.locator(".sent-back")).to_contain_text(NOT_ACCEPTED)
    page.get_by_role("link", name=FIRST).click()
    expect(page.locator("#sent-back")).to_contain_text(NOT_ACCEPTED)
    expect(page.locator("#sent-back")).to_contain_text(secretary.full_name)
    expect(page.locator("#updates tbody tr")).to_have_count(3)
    expect(page.locator("#updates tbody tr").first).to_contain_text(NOT_ACCEPTED)
    expect(page.locator("#updates tbody tr").first).to_contain_text("99%")
    progress = page.locator("#progress-form")
    progress.get_by_label("Đã báo cáo hoàn thành", exact=True).check()
    progress.locator("#id_note").fill("Đã bổ sung biên bản đối chiếu của 10/10 chi bộ.")
    progress.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.locator("#updates tbody tr")).to_have_count(4)
    expect(page.locator("#sent-back")).to_have_count(0)
    logout(page)

    # … and the secretary confirms it (R23, R25).
    login("bithu", demo.DEMO_PASSWORD)
    page.goto(item_url)
    page.locator("#confirm-form").get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(page.get_by_text("Đã xác nhận hoàn thành nhiệm vụ.")).to_be_visible()
    expect(page.locator("hgroup .st")).to_have_text("Hoàn thành (đã xác nhận)")
    expect(page.locator("#completed")).to_contain_text(secretary.full_name)
    expect(page.locator("#progress-form")).to_have_count(0)

    # The next regular meeting's review of last month shows the item done on time (R09, R25).
    page.goto(f"/resolutions/meeting/{following.pk}/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kiểm điểm việc thực hiện nghị quyết tháng trước"
    )
    row = page.locator(f"#rev-item-{first.pk}")
    expect(row).to_have_attribute("data-state", "on_time")
    expect(row).to_contain_text(FIRST)
    expect(row.locator(".state")).to_have_text("Hoàn thành đúng hạn")
    page.get_by_role("button", name="Điền nội dung kiểm điểm tháng trước").click()
    expect(page.get_by_text("Đã điền nội dung kiểm điểm tháng trước vào ghi chép hội nghị.")).to_be_visible()
    expect(page.locator("#rev-entry")).to_contain_text("Nghị quyết số 01-NQ/ĐU")
    expect(page.locator("#rev-entry")).to_contain_text(f"1. {FIRST} (đ/c {member.full_name}")
    expect(page.locator("#rev-entry")).to_contain_text("hoàn thành đúng hạn")
    assert page.url.endswith(f"/resolutions/meeting/{following.pk}/review/#rev-text")
    assert draft_url.endswith(f"/resolutions/{draft.pk}/")

    # What the pages wrote.
    today = timezone.localdate()
    resolution = Resolution.objects.get(pk=draft.pk)
    assert resolution.status == ResolutionStatus.ISSUED and resolution.kind == ResolutionKind.REGULAR
    assert (resolution.number, resolution.number_display) == (1, "01-NQ/ĐU")
    assert (resolution.issued_on, resolution.signed_by, resolution.meeting) == (today, secretary, meeting)
    assert resolution.drafter == deputy
    assert DocumentCounter.objects.get(org=org, doc_type=DOC_TYPE).last_number == 1
    assert resolution.versions.count() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.assignee, first.supervisor) == (member, secretary)
    assert first.deadline_kind == DeadlineKind.MONTH and first.deadline >= today
    assert (first.status, first.percent, first.completed_on, first.confirmed_by) == (
        ItemStatus.DONE,
        100,
        today,
        secretary,
    )
    assert [(u.author, u.status, u.percent) for u in first.updates.order_by("created_at")] == [
        (member, ItemStatus.IN_PROGRESS, 50),
        (member, ItemStatus.REPORTED_DONE, 100),
        (secretary, ItemStatus.IN_PROGRESS, 99),
        (member, ItemStatus.REPORTED_DONE, 100),
    ]
    assert first.updates.get(author=secretary).note == NOT_ACCEPTED
    [reported] = Difficulty.objects.filter(item=first)
    assert (reported.text, reported.support_needed, reported.reporter) == (DIFFICULTY, SUPPORT, member)
    assert (reported.status, reported.answer, reported.answered_by) == (
        DifficultyStatus.ANSWERED,
        ANSWER,
        secretary,
    )
    assert (second.supervisor, second.deadline_kind, second.deadline) == (
        secretary,
        DeadlineKind.DATE,
        in_twenty_days,
    )
    assert second.status == ItemStatus.NOT_STARTED
    summary = resolution_queries.review_summary(following)
    assert [r.resolution.pk for r in summary.resolutions] == [resolution.pk]
    assert summary.items[0].state == resolution_queries.State.ON_TIME
    assert following.agenda.get(section="review").text == resolution_texts.review_text(summary)

    # Every service this walk went through kept the search index current (#16.1).
    call_command("reindex", "--check", stdout=io.StringIO())
