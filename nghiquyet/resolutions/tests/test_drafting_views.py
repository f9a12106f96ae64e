"""Drafting pages through HTTP: list, draft, items, versions, issuance, corrections (R15, R16, R19-R21).

Personas: the secretary of G1 leads (drafts, issues, corrects); a committee member sees the resolutions
and, once made the drafter, edits the draft but does not issue it; an Organization Board officer of the
bloc sees them; a plain member and the outsider (G2's secretary) get 404 on every view.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import DocumentKind, Meeting, MeetingKind, MeetingStatus
from nghiquyet.resolutions import services
from nghiquyet.resolutions import texts as resolution_texts
from nghiquyet.resolutions.models import (
    ClosingReview,
    DeadlineKind,
    Item,
    ItemStatus,
    Plan,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
    ResolutionVersion,
)
from nghiquyet.testing.files import PDF
from nghiquyet.testing.resolutions import SECTIONS

from .conftest import another_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_and_tmp_media(client, settings, tmp_path):
    # English is the source language: assertions do not depend on the Vietnamese catalogue.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.MEDIA_ROOT = tmp_path


def _messages(response) -> list[str]:
    """The messages of this response; the client's message cookie is emptied so the next starts afresh."""
    response.client.cookies.pop("messages", None)
    return [str(m) for m in get_messages(response.wsgi_request)]


def _upper(meeting, world, title="Nghị quyết Đảng ủy Khối về chuyển đổi số", number="15-NQ/ĐUK"):
    return meeting_services.attach_document(
        meeting,
        kind=DocumentKind.UPPER,
        title=title,
        number=number,
        uploaded=SimpleUploadedFile("nq-15.pdf", PDF, content_type="application/pdf"),
        by=world.secretary,
    )


def _item_data(committee, **changes) -> dict:
    data = {
        "content": "Triển khai phần mềm quản lý văn bản",
        "requirement": "Hoàn thành đúng tiến độ",
        "measures": "Văn phòng chủ trì, các phòng phối hợp",
        "deadline_text": "",
        "deadline_kind": DeadlineKind.DATE,
        "deadline": "2026-12-20",
        "assignee": committee.members[3].pk,
        "supervisor": committee.members[0].pk,
        "co_assignees": [committee.members[4].pk],
        "related_units": "Văn phòng, Phòng Tổ chức",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _urls(world, draft, committee):
    pk = draft.pk
    item = draft.items.order_by("order").first()
    return [
        ("get", reverse("resolutions:list", args=["G1"]), {}),
        ("get", reverse("resolutions:create", args=["G1"]), {}),
        ("post", reverse("resolutions:create", args=["G1"]), {"kind": "regular", "title": "Nghị quyết mới"}),
        ("get", reverse("resolutions:resolution", args=[pk]), {}),
        ("get", reverse("resolutions:edit", args=[pk]), {}),
        ("post", reverse("resolutions:edit", args=[pk]), {"kind": "regular", "title": "Đổi tên"}),
        ("get", reverse("resolutions:item_add", args=[pk]), {}),
        ("post", reverse("resolutions:item_add", args=[pk]), _item_data(committee)),
        ("get", reverse("resolutions:item_edit", args=[pk, item.pk]), {}),
        ("post", reverse("resolutions:item_edit", args=[pk, item.pk]), _item_data(committee)),
        ("post", reverse("resolutions:item_delete", args=[pk, item.pk]), {}),
        ("get", reverse("resolutions:versions", args=[pk]), {}),
        ("post", reverse("resolutions:versions", args=[pk]), {"note": "Bản 1"}),
        ("post", reverse("resolutions:issue", args=[pk]), {}),
        ("post", reverse("resolutions:correct", args=[pk]), {"mode": "amends"}),
        ("get", reverse("resolutions:plan", args=[pk, "implementation"]), {}),
        ("post", reverse("resolutions:plan", args=[pk, "implementation"]), {"action": "generate"}),
    ]


def _state(draft) -> tuple:
    draft = Resolution.objects.get(pk=draft.pk)
    return (
        Resolution.objects.count(),
        draft.title,
        draft.status,
        resolution_texts.render_text(draft),
        ResolutionVersion.objects.count(),
        Plan.objects.count(),
    )


# ---------------------------------------------------------------- access


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_r15_outsider_and_plain_member_get_404_on_every_view(world, draft, committee, client_for, persona):
    before = _state(draft)
    client = client_for(getattr(world, persona))
    for method, url, data in _urls(world, draft, committee):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    assert _state(draft) == before


def test_r15_committee_member_sees_but_does_not_draft_issue_or_plan(world, draft, committee, client_for):
    before = _state(draft)
    client = client_for(world.committee_member)
    seen = {"resolutions:list", "resolutions:resolution", "resolutions:versions", "resolutions:plan"}
    for method, url, data in _urls(world, draft, committee):
        status = getattr(client, method)(url, data).status_code
        name = f"resolutions:{_url_name(url)}"
        if method == "get" and name in seen:
            assert status == 200, (method, url)
        else:
            assert status == 404, (method, url)
    assert _state(draft) == before


def _url_name(url: str) -> str:
    from django.urls import resolve

    return resolve(url).url_name


def test_r15_the_drafter_edits_the_draft_but_does_not_issue_it(world, draft, committee, client_for):
    services.update_draft(draft, drafter=world.people.committee_member)
    client = client_for(world.committee_member)
    pk = draft.pk
    assert client.get(reverse("resolutions:edit", args=[pk])).status_code == 200
    response = client.post(
        reverse("resolutions:item_add", args=[pk]), _item_data(committee, content="Việc của người soạn")
    )
    assert response.status_code == 302
    assert draft.items.filter(content="Việc của người soạn").exists()
    assert client.post(reverse("resolutions:versions", args=[pk])).status_code == 302
    assert client.post(reverse("resolutions:issue", args=[pk])).status_code == 404
    assert client.get(reverse("resolutions:create", args=["G1"])).status_code == 404
    assert (
        client.post(reverse("resolutions:plan", args=[pk, "inspection"]), {"action": "generate"}).status_code
        == 404
    )
    body = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="edit-draft"' in body and 'id="add-item"' in body
    assert 'id="issue-form"' not in body
    draft.refresh_from_db()
    assert draft.status == ResolutionStatus.DRAFT


def test_r15_upper_level_officer_sees_but_does_not_draft(world, draft, committee, client_for):
    client = client_for(world.btc)
    assert client.get(reverse("resolutions:list", args=["G1"])).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("resolutions:edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("resolutions:issue", args=[draft.pk])).status_code == 404


def test_r15_secretary_reaches_every_view(world, draft, committee, client_for):
    client = client_for(world.secretary)
    for method, url, data in _urls(world, draft, committee):
        if "issue" in url or "correct" in url:
            continue  # issuance and corrections have tests of their own
        assert getattr(client, method)(url, data).status_code in (200, 302), (method, url)


# ---------------------------------------------------------------- the list


def _issue(draft, committee, on=dt.date(2026, 12, 5)):
    return services.issue(draft, signer=committee.members[0], on=on)


def test_r15_list_shows_numbers_counts_and_filters(world, draft, committee, adopted_meeting, client_for):
    issued = _issue(draft, committee)
    first, second = issued.items.order_by("order")
    Item.objects.filter(pk=first.pk).update(status=ItemStatus.DONE, percent=100)
    Item.objects.filter(pk=second.pk).update(deadline=timezone.localdate() - dt.timedelta(days=3))
    thematic = services.create_draft(
        world.g1,
        title="Nghị quyết chuyên đề chuyển đổi số",
        kind=ResolutionKind.THEMATIC,
        theme_reason="Yêu cầu",
    )
    services.create_draft(world.g2, title="Nghị quyết của G2")
    client = client_for(world.secretary)
    response = client.get(reverse("resolutions:list", args=["G1"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert [r.pk for r in response.context["resolutions"]] == [thematic.pk, issued.pk]
    row = next(r for r in response.context["resolutions"] if r.pk == issued.pk)
    assert (row.items_total, row.items_done, row.items_overdue) == (2, 1, 1)
    assert "01-NQ/ĐU" in body and "Nghị quyết của G2" not in body
    assert 'id="new-draft"' in body
    response = client.get(reverse("resolutions:list", args=["G1"]), {"kind": "thematic"})
    assert [r.pk for r in response.context["resolutions"]] == [thematic.pk]
    response = client.get(reverse("resolutions:list", args=["G1"]), {"status": "issued", "year": "2026"})
    assert [r.pk for r in response.context["resolutions"]] == [issued.pk]
    response = client.get(reverse("resolutions:list", args=["G1"]), {"year": "2025"})
    assert list(response.context["resolutions"]) == []
    body = client_for(world.committee_member).get(reverse("resolutions:list", args=["G1"])).content.decode()
    assert 'id="new-draft"' not in body


def _resolutions(world, committee, meeting, n):
    for i in range(n):
        resolution = services.create_draft(
            world.g1, title=f"Nghị quyết số {i}", meeting=another_meeting(meeting, f"{n}-{i}")
        )
        for j in range(3):
            services.save_item(
                resolution,
                content=f"Việc {j}",
                deadline=dt.date(2026, 12, 20),
                assignee=committee.members[1],
                supervisor=committee.members[0],
            )


def test_r15_list_queries_do_not_grow_with_the_data(world, committee, meeting, client_for):
    client = client_for(world.secretary)
    client.get(reverse("web:home"))
    url = reverse("resolutions:list", args=["G1"])
    counts = []
    for n in (3, 27):
        _resolutions(world, committee, meeting, n)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert len(response.context["resolutions"]) == 30
    # session, user, the viewer's scope (person, bodies, seats), org, years, the page count, the page with
    # its meetings and item counts
    assert counts[0] == counts[1], counts


# ---------------------------------------------------------------- creating a draft (R19, R27)


def test_r19_create_refuses_a_thematic_draft_without_its_reason(world, meeting, client_for):
    client = client_for(world.secretary)
    response = client.post(
        reverse("resolutions:create", args=["G1"]),
        {"kind": "thematic", "title": "Chuyên đề cải cách hành chính", "meeting": meeting.pk},
    )
    assert response.status_code == 200
    assert "A thematic resolution states why the topic was chosen" in response.content.decode()
    assert not Resolution.objects.exists()
    response = client.post(
        reverse("resolutions:create", args=["G1"]),
        {
            "kind": "thematic",
            "title": "Chuyên đề cải cách hành chính",
            "theme_reason": "Chỉ số cải cách hành chính năm 2026 giảm 5 bậc.",
            "meeting": meeting.pk,
        },
    )
    resolution = Resolution.objects.get()
    assert response.status_code == 302 and response["Location"] == resolution.get_absolute_url()
    assert resolution.kind == ResolutionKind.THEMATIC
    assert resolution.theme_reason == "Chỉ số cải cách hành chính năm 2026 giảm 5 bậc."
    assert resolution.created_by == world.secretary
    body = client.get(resolution.get_absolute_url()).content.decode()
    assert "Chỉ số cải cách hành chính năm 2026 giảm 5 bậc." in body


def test_r19_create_form_says_the_reason_is_required_for_a_thematic_resolution(world, meeting, client_for):
    body = client_for(world.secretary).get(reverse("resolutions:create", args=["G1"])).content.decode()
    assert "Required for a thematic resolution" in body


def test_r16_create_defaults_to_the_next_regular_meeting_and_its_drafter(
    world, committee, meeting, client_for
):
    meeting_services.prepare(meeting, topics=["Chuyển đổi số"], drafter=committee.extra[0])
    signed = Meeting.objects.create(
        org=world.g1, kind=MeetingKind.REGULAR, title="Tháng 10", date=dt.date(2026, 10, 5)
    )
    Meeting.objects.filter(pk=signed.pk).update(status=MeetingStatus.SIGNED)
    other = Meeting.objects.create(
        org=world.g2, kind=MeetingKind.REGULAR, title="G2", date=dt.date(2026, 12, 3)
    )
    document = _upper(meeting, world)
    client = client_for(world.secretary)
    response = client.get(reverse("resolutions:create", args=["G1"]))
    form = response.context["form"]
    assert form.initial["meeting"] == meeting.pk
    assert form.initial["drafter"] == committee.extra[0].pk
    assert form.initial["upper_documents"] == [document.pk]
    choices = list(form.fields["meeting"].queryset)
    assert meeting in choices and signed not in choices and other not in choices
    body = response.content.decode()
    assert "15-NQ/ĐUK – Nghị quyết Đảng ủy Khối về chuyển đổi số" in body

    response = client.post(
        reverse("resolutions:create", args=["G1"]),
        {
            "kind": "regular",
            "title": "Nghị quyết tháng 12",
            "meeting": meeting.pk,
            "drafter": "",
            "upper_documents": [document.pk],
        },
    )
    resolution = Resolution.objects.get()
    assert resolution.meeting == meeting and resolution.drafter == committee.extra[0]
    assert list(resolution.upper_documents.all()) == [document]
    body = client.get(resolution.get_absolute_url()).content.decode()
    assert "Nghị quyết Đảng ủy Khối về chuyển đổi số" in body
    assert reverse("meetings:document", args=[meeting.pk, document.pk]) in body


def test_r16_choosing_a_meeting_reloads_its_upper_documents(world, committee, meeting, client_for):
    thematic = meeting_services.add_meeting(
        world.g1, MeetingKind.THEMATIC, dt.date(2026, 12, 18), "Chuyên đề", theme_reason="Lý do"
    )
    _upper(thematic, world, title="Kế hoạch 20-KH/ĐUK", number="20-KH/ĐUK")
    response = client_for(world.secretary).get(
        reverse("resolutions:create", args=["G1"]), {"meeting": thematic.pk}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.startswith('<div id="upper-documents">')
    assert "Kế hoạch 20-KH/ĐUK" in body


def test_r27_create_page_shows_the_lessons_of_the_three_latest_closed_resolutions(world, meeting, client_for):
    for i in range(4):
        resolution = services.create_draft(world.g1, title=f"Nghị quyết cũ {i}")
        ClosingReview.objects.create(resolution=resolution, results="Kết quả", lessons=f"Bài học số {i}")
    elsewhere = services.create_draft(world.g2, title="Nghị quyết G2")
    ClosingReview.objects.create(resolution=elsewhere, results="x", lessons="Bài học của G2")
    body = client_for(world.secretary).get(reverse("resolutions:create", args=["G1"])).content.decode()
    assert "Bài học số 3" in body and "Bài học số 2" in body and "Bài học số 1" in body
    assert "Bài học số 0" not in body and "Bài học của G2" not in body


# ---------------------------------------------------------------- the draft and its items (R15, R20)


def test_r15_detail_shows_the_draft_as_a_document(world, draft, committee, client_for):
    Item.objects.filter(pk=draft.items.order_by("order").last().pk).update(supervisor=None)
    body = client_for(world.committee_member).get(draft.get_absolute_url()).content.decode()
    assert 'id="draft-mark">DỰ THẢO' in body
    assert "NGHỊ QUYẾT" in body and "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026" in body
    assert "Tổng kết công tác chuyên môn năm 2026" in body and "25/12/2026" in body
    assert "Trần Thị Lan" in body and "Nguyễn Văn Bình" in body  # the first item's assignee, supervisor
    assert "Hội nghị cấp ủy thường kỳ tháng 12/2026" in body
    assert "Vote: 8 for, 0 against, 1 abstaining, of 9 committee members" in body
    # The committee member sees what stops issuance only if they draft or lead.
    assert 'id="issue-problems"' not in body and 'id="edit-draft"' not in body


def test_r15_issue_panel_lists_problems_and_disables_the_button(world, draft, committee, client_for):
    Item.objects.filter(pk=draft.items.order_by("order").last().pk).update(supervisor=None, measures="")
    body = client_for(world.secretary).get(draft.get_absolute_url()).content.decode()
    assert "Item 2 has no implementation measures." in body
    assert "Item 2 has no person who inspects and urges." in body
    assert 'type="submit" disabled' in body


def test_r15_issue_refused_with_the_exact_list_then_fixed_and_issued(world, draft, committee, client_for):
    second = draft.items.order_by("order").last()
    Item.objects.filter(pk=second.pk).update(supervisor=None)
    client = client_for(world.secretary)

    response = client.post(reverse("resolutions:issue", args=[draft.pk]))
    assert response.status_code == 302
    assert _messages(response) == [
        "The resolution cannot be issued yet:",
        "Item 2 has no person who inspects and urges.",
    ]
    draft.refresh_from_db()
    assert draft.status == ResolutionStatus.DRAFT and draft.number is None

    response = client.post(
        reverse("resolutions:item_edit", args=[draft.pk, second.pk]),
        _item_data(
            committee,
            content=second.content,
            requirement=second.requirement,
            measures=second.measures,
            deadline_text="trong tháng",
            assignee=committee.members[2].pk,
            supervisor=committee.members[1].pk,
            co_assignees=None,
        ),
    )
    assert response.status_code == 302
    body = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="issue-ready"' in body and 'type="submit" disabled' not in body

    response = client.post(reverse("resolutions:issue", args=[draft.pk]))
    assert _messages(response) == ["The resolution is issued as number 01-NQ/ĐU."]
    draft.refresh_from_db()
    assert draft.status == ResolutionStatus.ISSUED
    assert draft.number_display == "01-NQ/ĐU" and draft.signed_by == world.people.secretary
    assert draft.issued_on == timezone.localdate()
    body = client.get(draft.get_absolute_url()).content.decode()
    assert "Số 01-NQ/ĐU" in body and 'id="draft-mark"' not in body
    assert "T/M ĐẢNG ỦY" in body and "BÍ THƯ" in body and 'id="signed-by">Nguyễn Văn Bình' in body
    assert 'id="amend-form"' in body and 'id="replace-form"' in body and 'id="edit-draft"' not in body
    assert reverse("resolutions:close", args=[draft.pk]) in body


def test_r21_issued_resolution_refuses_edits_through_every_view(world, draft, committee, client_for):
    issued = _issue(draft, committee)
    item = issued.items.order_by("order").first()
    before = _state(issued)
    history = (Resolution.history.count(), Item.history.count())
    client = client_for(world.secretary)
    pk = issued.pk
    for url, data in [
        (reverse("resolutions:edit", args=[pk]), {"kind": "regular", "title": "Sửa lén"}),
        (reverse("resolutions:item_add", args=[pk]), _item_data(committee)),
        (reverse("resolutions:item_edit", args=[pk, item.pk]), _item_data(committee, content="Sửa lén")),
        (reverse("resolutions:item_delete", args=[pk, item.pk]), {}),
        (reverse("resolutions:versions", args=[pk]), {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"] == issued.get_absolute_url(), url
        assert _messages(response) == [
            "This resolution is issued and can no longer be changed: amend or replace it with a new resolution."
        ]
    assert client.get(reverse("resolutions:edit", args=[pk])).status_code == 302
    assert _state(issued) == before
    assert (Resolution.history.count(), Item.history.count()) == history


def test_r21_the_issue_view_refuses_a_second_issuance(world, draft, committee, client_for):
    issued = _issue(draft, committee)
    response = client_for(world.secretary).post(reverse("resolutions:issue", args=[issued.pk]))
    assert _messages(response) == ["This resolution is already issued."]
    issued.refresh_from_db()
    assert issued.number == 1


def test_r16_edit_changes_the_sections(world, draft, committee, client_for):
    client = client_for(world.secretary)
    response = client.get(reverse("resolutions:edit", args=[draft.pk]))
    assert response.context["form"].initial["objectives"] == "Hoàn thành chỉ tiêu năm 2026."
    response = client.post(
        reverse("resolutions:edit", args=[draft.pk]),
        {
            "kind": "regular",
            "title": "Nghị quyết tháng 12 năm 2026",
            "assessment": "Đánh giá mới",
            "objectives": "Mục tiêu mới",
            "implementation": "Tổ chức thực hiện mới",
            "meeting": draft.meeting_id,
            "drafter": committee.members[2].pk,
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.assessment, draft.objectives, draft.implementation) == (
        "Nghị quyết tháng 12 năm 2026",
        "Đánh giá mới",
        "Mục tiêu mới",
        "Tổ chức thực hiện mới",
    )
    assert draft.drafter == committee.members[2]


def test_r20_item_deadline_typed_as_people_write_it(world, draft, committee, client_for):
    client = client_for(world.secretary)
    url = reverse("resolutions:item_add", args=[draft.pk])
    response = client.post(url, _item_data(committee, content="Việc ngay", deadline_text="Ngay", deadline=""))
    assert response.status_code == 302
    item = draft.items.get(content="Việc ngay")
    assert item.deadline_kind == DeadlineKind.IMMEDIATELY
    assert item.deadline == dt.date(2026, 12, 11)  # a week from the meeting; recomputed at issuance
    assert list(item.co_assignees.all()) == [committee.members[4]]

    response = client.post(url, _item_data(committee, content="Việc quý", deadline_text="trong quý"))
    assert draft.items.get(content="Việc quý").deadline_kind == DeadlineKind.QUARTER

    response = client.post(url, _item_data(committee, content="Việc ngày", deadline_text="15/01/2027"))
    item = draft.items.get(content="Việc ngày")
    assert (item.deadline_kind, item.deadline) == (DeadlineKind.DATE, dt.date(2027, 1, 15))

    response = client.post(url, _item_data(committee, content="Sai", deadline_text="31/02/2026"))
    assert response.status_code == 200
    errors = response.context["form"].errors["deadline_text"]
    assert errors == [
        "Completion time: “31/02/2026” is not a deadline: write a date (dd/mm/yyyy), “ngay”, "
        "“trong tháng” or “trong quý”."
    ]
    assert not draft.items.filter(content="Sai").exists()


def test_r26_item_people_are_chosen_among_the_committee(world, draft, committee, client_for):
    client = client_for(world.secretary)
    response = client.get(reverse("resolutions:item_add", args=[draft.pk]))
    names = [label for value, label in response.context["form"].fields["assignee"].choices if value != ""]
    assert len(names) == 9 and "Đặng Văn Hùng" not in names
    response = client.post(
        reverse("resolutions:item_add", args=[draft.pk]),
        _item_data(committee, content="Người ngoài", assignee=world.people.member.pk),
    )
    assert response.status_code == 200 and "assignee" in response.context["form"].errors
    assert not draft.items.filter(content="Người ngoài").exists()


def test_r15_item_edit_shows_the_item_and_delete_removes_it(world, draft, committee, client_for):
    client = client_for(world.secretary)
    first = draft.items.order_by("order").first()
    response = client.get(reverse("resolutions:item_edit", args=[draft.pk, first.pk]))
    assert response.context["form"].initial["content"] == "Tổng kết công tác chuyên môn năm 2026"
    response = client.post(reverse("resolutions:item_delete", args=[draft.pk, first.pk]))
    assert response.status_code == 302 and not Item.objects.filter(pk=first.pk).exists()
    # An item of another resolution is not reachable through this one.
    other = services.create_draft(world.g1, title="Khác")
    foreign = services.save_item(other, content="Việc khác")
    assert client.get(reverse("resolutions:item_edit", args=[draft.pk, foreign.pk])).status_code == 404
    assert client.post(reverse("resolutions:item_delete", args=[draft.pk, foreign.pk])).status_code == 404


def _fill_detail(resolution, world, committee, n):
    for i in range(n):
        item = services.save_item(
            resolution,
            content=f"Nhiệm vụ {i}",
            requirement="Yêu cầu",
            measures="Biện pháp",
            deadline=dt.date(2026, 12, 20),
            assignee=committee.members[i % 9],
            supervisor=committee.members[(i + 1) % 9],
            co_assignees=committee.members[2:5],
        )
        assert item.pk
    for i in range(min(n, 5)):
        doc = _upper(resolution.meeting, world, title=f"Văn bản {resolution.pk}-{i}", number="")
        resolution.upper_documents.add(doc)


def test_r15_detail_queries_do_not_grow_with_the_items(world, committee, adopted_meeting, client_for):
    small = services.create_draft(world.g1, title="Nhỏ", meeting=adopted_meeting, **SECTIONS)
    large = services.create_draft(
        world.g1,
        title="Lớn",
        meeting=another_meeting(adopted_meeting, "lớn", committee=committee),
        **SECTIONS,
    )
    _fill_detail(small, world, committee, 3)
    _fill_detail(large, world, committee, 30)
    client = client_for(world.secretary)
    client.get(reverse("web:home"))
    counts = []
    for resolution in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(resolution.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    # session, user, resolution, scope, ancestors, items, co-assignees, vote, issue problems (items),
    # upper documents, corrections, plans
    assert counts[0] == counts[1], counts
    issued_counts = []
    for resolution in (small, large):
        services.issue(resolution, signer=committee.members[0], on=dt.date(2026, 12, 5))
        with CaptureQueriesContext(connection) as ctx:
            client.get(resolution.get_absolute_url())
        issued_counts.append(len(ctx.captured_queries))
    assert issued_counts[0] == issued_counts[1], issued_counts


# ---------------------------------------------------------------- versions (R16)


def test_r16_versions_are_saved_and_compared(world, draft, client_for):
    client = client_for(world.secretary)
    url = reverse("resolutions:versions", args=[draft.pk])
    response = client.post(url, {"note": "Bản trình Thường vụ"})
    assert response.status_code == 302 and _messages(response) == ["Version 1 is saved."]
    response = client.post(url)
    assert _messages(response) == ["Nothing changed since version 1: no new version."]
    services.update_draft(draft, objectives="Hoàn thành 100% chỉ tiêu năm 2026.")
    client.post(url)
    services.update_draft(draft, objectives="Hoàn thành vượt chỉ tiêu năm 2026.")
    client.post(url)
    assert list(draft.versions.values_list("number", "note")) == [
        (1, "Bản trình Thường vụ"),
        (2, ""),
        (3, ""),
    ]
    assert draft.versions.get(number=1).author == world.secretary

    response = client.get(url)  # the two latest by default
    assert (response.context["a"], response.context["b"]) == (2, 3)
    response = client_for(world.committee_member).get(url, {"a": 1, "b": 3})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<span class="line removed">Hoàn thành chỉ tiêu năm 2026.</span>' in body
    assert '<span class="line added">Hoàn thành vượt chỉ tiêu năm 2026.</span>' in body
    assert [(t, line) for t, line in response.context["diff"] if t != " "] == [
        ("-", "Hoàn thành chỉ tiêu năm 2026."),
        ("+", "Hoàn thành vượt chỉ tiêu năm 2026."),
    ]
    assert "Bản trình Thường vụ" in body and 'id="version-form"' not in body
    # Unknown version numbers are ignored, not an error.
    assert client.get(url, {"a": 9, "b": "x"}).status_code == 200


def test_r16_versions_page_queries_do_not_grow(world, draft, client_for):
    client = client_for(world.secretary)
    client.get(reverse("web:home"))
    url = reverse("resolutions:versions", args=[draft.pk])
    counts = []
    for n in (3, 30):
        while draft.versions.count() < n:
            services.update_draft(draft, objectives=f"Mục tiêu {draft.versions.count()}")
            services.save_version(draft, by=world.secretary)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"a": 1, "b": n})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


# ---------------------------------------------------------------- corrections (R21)


def test_r21_correction_starts_a_linked_draft(world, draft, committee, client_for):
    issued = _issue(draft, committee)
    client = client_for(world.secretary)
    response = client.post(reverse("resolutions:correct", args=[issued.pk]), {"mode": "replaces"})
    correction = Resolution.objects.get(corrects=issued)
    assert response.status_code == 302 and response["Location"] == correction.get_absolute_url()
    assert correction.is_draft and correction.correction == "replaces"
    assert correction.items.count() == 2
    body = client.get(correction.get_absolute_url()).content.decode()
    assert 'id="corrects"' in body and "01-NQ/ĐU" in body and "Replaces" in body
    body = client.get(issued.get_absolute_url()).content.decode()
    assert 'id="corrected-by"' in body and correction.get_absolute_url() in body

    response = client.post(reverse("resolutions:correct", args=[issued.pk]), {"mode": "rewrites"})
    assert _messages(response) == ["Choose whether the new resolution amends or replaces this one."]
    response = client.post(reverse("resolutions:correct", args=[correction.pk]), {"mode": "amends"})
    assert _messages(response) == ["Only an issued resolution is corrected; a draft is simply edited."]
    assert Resolution.objects.filter(corrects__isnull=False).count() == 1


def test_r42_the_signer_finds_the_digital_signature_on_the_resolution_page(
    world, draft, committee, client_for
):
    """Issued and archived, the resolution offers "Ký số" to its signer alone (R42); the sign page is the
    archive's (documents:sign), which checks the signer again."""
    from nghiquyet.documents.models import ArchivedDocument

    services.issue(draft, signer=committee.members[0], by=world.secretary)
    archived = ArchivedDocument.objects.get(source_kind="resolution", source_id=draft.pk)
    link = f'href="{reverse("documents:sign", args=[archived.pk])}"'
    assert link in client_for(world.secretary).get(draft.get_absolute_url()).content.decode()
    assert link not in client_for(world.committee_member).get(draft.get_absolute_url()).content.decode()
