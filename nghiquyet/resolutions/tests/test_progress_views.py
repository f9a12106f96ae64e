"""Carrying resolutions out through HTTP: progress with evidence, difficulties and answers, confirmation,
urging, "my work" and the task board (R23, R25, R26).

Personas: G1's resolution is issued with two items — item 1 carried by the committee member persona and
supervised by the secretary, item 2 carried by the deputy secretary (cuv1) and supervised by the committee
member. cuv2 is a plain committee member of G1; the plain member and the outsider (G2's secretary) see
nothing of G1.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nghiquyet.documents.models import Attachment
from nghiquyet.notify.models import Notification
from nghiquyet.orgs.tests.factories import PersonFactory, UserFactory
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import (
    Difficulty,
    DifficultyStatus,
    Item,
    ItemStatus,
    ProgressUpdate,
    Resolution,
    ResolutionStatus,
)
from nghiquyet.testing.files import PDF

pytestmark = pytest.mark.django_db

DEC_5 = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def english_and_tmp_media(client, settings, tmp_path):
    # English is the source language: assertions do not depend on the Vietnamese catalogue.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def issued(draft, committee):
    return services.issue(draft, signer=committee.members[0], on=DEC_5)


@pytest.fixture
def items(issued):
    first, second = issued.items.order_by("order")
    return first, second


def _pdf(name="bao-cao-tien-do.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _url(name, *args):
    return reverse(f"resolutions:{name}", args=args)


def _notified(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("id"))


def _issued_resolution(org, number, n, *, assignee, supervisor, deadline, status=ItemStatus.IN_PROGRESS):
    """An issued resolution with `n` items, written straight to the tables (issuance is tested elsewhere)."""
    resolution = Resolution.objects.create(org=org, title=f"Nghị quyết số {number}")
    Item.objects.bulk_create(
        Item(
            resolution=resolution,
            order=i,
            content=f"Việc {number}.{i}",
            requirement="Yêu cầu",
            measures="Biện pháp",
            deadline=deadline,
            assignee=assignee,
            supervisor=supervisor,
            status=status,
            percent=100 if status == ItemStatus.DONE else 10,
            completed_on=timezone.localdate() if status == ItemStatus.DONE else None,
        )
        for i in range(1, n + 1)
    )
    Resolution.objects.filter(pk=resolution.pk).update(
        status=ResolutionStatus.ISSUED,
        number=number,
        number_display=f"{number:02d}-NQ/ĐU",
        issued_on=timezone.localdate() - dt.timedelta(days=40),
    )
    return resolution


def _status(client, method, url, data=None) -> int:
    response = getattr(client, method)(url, data or {})
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def _every_url(item, difficulty, attachment, org_code="G1"):
    return [
        ("get", _url("item", item.pk), {}),
        ("post", _url("progress", item.pk), {"status": "in_progress", "percent": 30}),
        ("post", _url("difficulty", item.pk), {"text": "Thiếu kinh phí"}),
        ("post", _url("answer", difficulty.pk), {"answer": "Đã bố trí"}),
        ("post", _url("confirm", item.pk), {}),
        ("post", _url("send_back", item.pk), {"reason": "Chưa đạt yêu cầu"}),
        ("post", _url("urge", item.pk), {"note": "Khẩn trương"}),
        ("get", _url("evidence", item.pk, attachment.pk), {}),
        ("get", _url("board", org_code), {}),
    ]


def _with_history(world, items):
    """Item 1 with a progress update carrying a file and an open difficulty."""
    first = items[0]
    update = services.post_update(
        first, world.people.committee_member, ItemStatus.IN_PROGRESS, 40, "Đã họp", [_pdf()], by=None
    )
    difficulty = services.report_difficulty(first, world.people.committee_member, "Thiếu người")
    return update.evidence.get(), difficulty


# ---------------------------------------------------------------- access


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_r26_outsider_and_plain_member_get_404_on_every_view(world, items, client_for, persona):
    attachment, difficulty = _with_history(world, items)
    before = (ProgressUpdate.objects.count(), Difficulty.objects.count(), Notification.objects.count())
    client = client_for(getattr(world, persona))
    for method, url, data in _every_url(items[0], difficulty, attachment):
        assert _status(client, method, url, data) == 404, (method, url)
    assert (
        ProgressUpdate.objects.count(),
        Difficulty.objects.count(),
        Notification.objects.count(),
    ) == before
    difficulty.refresh_from_db()
    assert difficulty.status == DifficultyStatus.OPEN
    # "My work" is everyone's own page: it lists nothing of G1.
    response = client.get(_url("mine"))
    assert response.status_code == 200 and "Việc" not in response.content.decode()
    assert "Tổng kết công tác" not in response.content.decode()


def test_r26_a_committee_member_not_carrying_the_item_cannot_post_progress(
    world, committee, items, client_for
):
    first = items[0]
    for user in (committee.extra[1].user, world.secretary):
        client = client_for(user)
        response = client.post(_url("progress", first.pk), {"status": "in_progress", "percent": 50})
        assert response.status_code == 404
        response = client.post(_url("difficulty", first.pk), {"text": "Khó"})
        assert response.status_code == 404
    first.refresh_from_db()
    assert (first.status, first.percent) == (ItemStatus.NOT_STARTED, 0)
    assert not ProgressUpdate.objects.exists() and not Difficulty.objects.exists()
    # The plain committee member sees the item, without any form.
    body = client_for(committee.extra[1].user).get(_url("item", first.pk)).content.decode()
    for form_id in ("progress-form", "difficulty-form", "confirm-form", "send-back-form", "urge-form"):
        assert form_id not in body


def test_r23_assignee_cannot_confirm_and_plain_committee_member_cannot_supervise(
    world, committee, items, client_for
):
    first = items[0]
    services.post_update(first, world.people.committee_member, ItemStatus.REPORTED_DONE, 100)
    for user in (world.committee_member, committee.extra[1].user):
        client = client_for(user)
        assert client.post(_url("confirm", first.pk)).status_code == 404
        assert client.post(_url("send_back", first.pk), {"reason": "x"}).status_code == 404
        assert client.post(_url("urge", first.pk), {"note": "x"}).status_code == 404
    first.refresh_from_db()
    assert first.status == ItemStatus.REPORTED_DONE and first.confirmed_by is None


# ---------------------------------------------------------------- progress and confirmation


def test_r23_progress_then_reported_done_then_confirmed(world, items, client_for):
    first = items[0]
    client = client_for(world.committee_member)
    response = client.post(
        _url("progress", first.pk),
        {"status": "in_progress", "percent": 50, "note": "Đã gửi công văn đến các phòng", "files": [_pdf()]},
    )
    assert response.status_code == 302 and response.url.endswith("#progress")
    first.refresh_from_db()
    assert (first.status, first.percent) == (ItemStatus.IN_PROGRESS, 50)
    update = ProgressUpdate.objects.get()
    assert update.author == world.people.committee_member and update.note == "Đã gửi công văn đến các phòng"
    assert [a.original_name for a in update.evidence.all()] == ["bao-cao-tien-do.pdf"]

    response = client.post(_url("progress", first.pk), {"status": "reported_done", "percent": 80})
    assert response.status_code == 302
    first.refresh_from_db()
    # Reporting done means 100%, and it is not DONE until the supervisor confirms.
    assert (first.status, first.percent) == (ItemStatus.REPORTED_DONE, 100)
    asked = _notified(world.secretary)
    assert len(asked) == 1 and "to confirm" in asked[0].title and asked[0].url == _url("item", first.pk)

    page = client_for(world.secretary).get(_url("item", first.pk)).content.decode()
    assert "confirm-form" in page and "urge-form" in page and "progress-form" not in page
    response = client_for(world.secretary).post(_url("confirm", first.pk))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ItemStatus.DONE
    assert first.completed_on == timezone.localdate(ProgressUpdate.objects.latest("id").created_at)
    assert first.confirmed_by == world.people.secretary and first.confirmed_at is not None
    assert any("confirmed" in n.title for n in _notified(world.committee_member))
    # Done: no more reports, no confirming twice.
    response = client_for(world.committee_member).post(
        _url("progress", first.pk), {"status": "in_progress", "percent": 10}
    )
    assert response.status_code == 302
    assert "The supervisor has confirmed this item as done." in _messages(response)
    response = client_for(world.secretary).post(_url("confirm", first.pk))
    assert any("nothing to confirm" in m for m in _messages(response))
    first.refresh_from_db()
    assert first.status == ItemStatus.DONE and ProgressUpdate.objects.count() == 2


def test_r23_done_cannot_be_self_reported(world, items, client_for):
    first = items[0]
    client = client_for(world.committee_member)
    response = client.post(_url("progress", first.pk), {"status": "done", "percent": 100})
    assert response.status_code == 200
    assert response.context["progress_form"].errors["status"]
    first.refresh_from_db()
    assert first.status == ItemStatus.NOT_STARTED and not ProgressUpdate.objects.exists()
    with pytest.raises(Exception, match="supervisor confirms"):
        services.post_update(first, world.people.committee_member, ItemStatus.DONE, 100)


def test_r23_bad_evidence_is_refused_naming_the_file(world, items, client_for):
    first = items[0]
    client = client_for(world.committee_member)
    files_before = Attachment.objects.count()  # the issued resolution's archived DOCX is one
    response = client.post(
        _url("progress", first.pk),
        {"status": "in_progress", "percent": 20, "files": [_pdf("bien-ban.pdf", b"MZ\x90\x00 not a pdf")]},
    )
    assert response.status_code == 200
    errors = response.context["progress_form"].errors["files"]
    assert "bien-ban.pdf" in errors[0]
    # #16.11: the message is by the file field, announced, and the field focused (so in view).
    html = response.content.decode()
    field = html[html.index('name="files"') :]
    assert "autofocus" in field[: field.index(">")] and 'aria-invalid="true"' in field[: field.index(">")]
    assert 'role="alert" id="id_files-errors"' in html
    assert not ProgressUpdate.objects.exists() and Attachment.objects.count() == files_before
    first.refresh_from_db()
    assert first.percent == 0


def test_r23_a_draft_item_takes_no_progress(world, draft, client_for):
    item = draft.items.order_by("order").first()
    response = client_for(world.committee_member).post(
        _url("progress", item.pk), {"status": "in_progress", "percent": 5}
    )
    assert response.status_code == 302
    assert _messages(response) == ["Progress is reported only on the items of an issued resolution."]
    assert not ProgressUpdate.objects.exists()


def test_r23_co_assignee_reports_too(world, committee, issued, client_for):
    first = issued.items.order_by("order").first()
    first.co_assignees.add(committee.extra[3])
    response = client_for(committee.extra[3].user).post(
        _url("progress", first.pk), {"status": "in_progress", "percent": 15}
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().author == committee.extra[3]


# ---------------------------------------------------------------- evidence


def test_r23_evidence_downloads_for_those_who_see_the_item_only_through_its_own_item(
    world, committee, items, client_for
):
    attachment, _ = _with_history(world, items)
    for user in (world.committee_member, world.secretary, committee.extra[1].user, world.btc):
        response = client_for(user).get(_url("evidence", items[0].pk, attachment.pk))
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
    # The same file through the other item's URL, or a file that is not evidence at all.
    client = client_for(world.secretary)
    assert _status(client, "get", _url("evidence", items[1].pk, attachment.pk)) == 404
    assert _status(client, "get", _url("evidence", items[0].pk, attachment.pk + 999)) == 404


def test_r23_item_page_lists_history_with_evidence_links(world, items, client_for):
    attachment, _ = _with_history(world, items)
    body = client_for(world.secretary).get(_url("item", items[0].pk)).content.decode()
    assert _url("evidence", items[0].pk, attachment.pk) in body
    assert "Đã họp" in body and "Thiếu người" in body and "40%" in body


# ---------------------------------------------------------------- difficulties


def test_r26_difficulty_reaches_leaders_and_supervisor_and_the_answer_reaches_the_reporter(
    world, committee, items, client_for
):
    first = items[0]
    deputy, plain = committee.extra[0].user, committee.extra[1].user
    response = client_for(world.committee_member).post(
        _url("difficulty", first.pk),
        {"text": "Các phòng chậm gửi báo cáo", "support_needed": "Văn bản đôn đốc"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ItemStatus.BLOCKED
    difficulty = Difficulty.objects.get()
    # The secretary is both a leader and the supervisor: notified once.
    assert [n.title for n in _notified(world.secretary)] == [n.title for n in _notified(deputy)]
    assert len(_notified(world.secretary)) == 1 and "Difficulty reported" in _notified(deputy)[0].title
    assert "Văn bản đôn đốc" in _notified(deputy)[0].body
    assert not _notified(plain) and not _notified(world.committee_member)

    # Only the leaders answer: a plain committee member and the reporter get 404.
    for user in (plain, world.committee_member):
        assert client_for(user).post(_url("answer", difficulty.pk), {"answer": "x"}).status_code == 404
    page = client_for(world.secretary).get(_url("item", first.pk)).content.decode()
    assert _url("answer", difficulty.pk) in page
    response = client_for(world.secretary).post(_url("answer", difficulty.pk), {"answer": ""})
    assert response.status_code == 200
    response = client_for(deputy).post(
        _url("answer", difficulty.pk), {"answer": "Văn phòng ban hành công văn đôn đốc"}
    )
    assert response.status_code == 302
    difficulty.refresh_from_db()
    assert difficulty.status == DifficultyStatus.ANSWERED and difficulty.answered_by == committee.extra[0]
    answered = _notified(world.committee_member)
    assert len(answered) == 1 and "answered" in answered[0].title and "công văn đôn đốc" in answered[0].body
    first.refresh_from_db()
    assert first.status == ItemStatus.IN_PROGRESS
    # Answering twice is refused.
    response = client_for(world.secretary).post(_url("answer", difficulty.pk), {"answer": "Lần hai"})
    assert "This difficulty has already been answered." in _messages(response)


# ---------------------------------------------------------------- urging


def test_r23_supervisor_urges_the_assignee(world, committee, items, client_for):
    first, second = items
    response = client_for(world.secretary).post(
        _url("urge", first.pk), {"note": "Đề nghị hoàn thành trước 20/12"}
    )
    assert response.status_code == 302
    urged = _notified(world.committee_member)
    assert len(urged) == 1 and urged[0].title.startswith("Urged")
    assert "Đề nghị hoàn thành trước 20/12" in urged[0].body and urged[0].url == _url("item", first.pk)
    # The committee member supervises item 2: they urge its assignee, the deputy secretary.
    assert client_for(world.committee_member).post(_url("urge", second.pk)).status_code == 302
    assert len(_notified(committee.extra[0].user)) == 1


# ---------------------------------------------------------------- my work


def test_r23_my_work_groups_items_by_due_date_across_organizations(world, committee, items, client_for):
    me = world.people.committee_member
    today = timezone.localdate()
    other = committee.extra[1]
    _issued_resolution(world.g1, 11, 1, assignee=me, supervisor=other, deadline=today - dt.timedelta(days=3))
    _issued_resolution(world.g1, 12, 1, assignee=other, supervisor=me, deadline=today + dt.timedelta(days=2))
    _issued_resolution(world.g1, 13, 1, assignee=me, supervisor=other, deadline=today, status=ItemStatus.DONE)
    _issued_resolution(world.g1, 14, 1, assignee=other, supervisor=other, deadline=today)  # not mine
    response = client_for(world.committee_member).get(_url("mine"))
    assert response.status_code == 200
    groups = {key: [i.content for i in rows] for key, _title, rows in response.context["groups"]}
    assert groups["overdue"] == ["Việc 11.1"]
    assert groups["soon"] == ["Việc 12.1"]
    # The fixture's items fall due in December (item 1 mine, item 2 supervised by me).
    assert sorted(groups["later"]) == sorted(i.content for i in items)
    assert groups["done"] == ["Việc 13.1"]
    body = response.content.decode()
    assert "overdue by 3 days" in body and "2 days left" in body and "Việc 14.1" not in body
    assert "01-NQ/ĐU" in body and world.g1.name in body


def test_r23_my_work_queries_do_not_grow_with_the_items(world, committee, client_for):
    today = timezone.localdate()
    counts = []
    for number, n in ((21, 3), (22, 30)):
        # A fresh person each round, carrying n items and co-carrying n more.
        me = PersonFactory(
            full_name=f"Nguyễn Thị Mới {n}", home_org=world.c1, user=UserFactory(username=f"moi{n}")
        )
        _issued_resolution(world.g1, number, n, assignee=me, supervisor=committee.extra[1], deadline=today)
        co = _issued_resolution(
            world.g1,
            number + 10,
            n,
            assignee=committee.extra[1],
            supervisor=committee.extra[2],
            deadline=today,
        )
        for item in co.items.all():
            item.co_assignees.add(me)
        client = client_for(me.user)
        client.get(reverse("web:home"))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url("mine"))
        assert response.status_code == 200
        assert response.content.decode().count("Việc ") == 2 * n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    # session, user, the viewer's scope (person, bodies, seats), the items, the viewer's name in the top
    # bar, and the other apps' tasks (mywork: oversight's recommendations).
    assert counts[0] <= 9, [q["sql"] for q in ctx.captured_queries]


# ---------------------------------------------------------------- the task board


def test_r23_board_filters_and_counts(world, committee, items, client_for):
    today = timezone.localdate()
    late = _issued_resolution(
        world.g1,
        31,
        2,
        assignee=committee.extra[1],
        supervisor=world.people.secretary,
        deadline=today - dt.timedelta(days=1),
    )
    _issued_resolution(
        world.g1,
        32,
        1,
        assignee=committee.extra[2],
        supervisor=world.people.secretary,
        deadline=today,
        status=ItemStatus.DONE,
    )
    client = client_for(world.committee_member)
    response = client.get(_url("board", "G1"))
    assert response.status_code == 200
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert counts == {"not_started": 2, "in_progress": 2, "blocked": 0, "reported_done": 0, "done": 1}
    assert response.context["total"] == 5 and response.context["overdue_count"] == 2
    shown = [i.content for i in response.context["page"]]
    assert shown[-1] == "Việc 32.1"  # done last

    def contents(**params):
        return sorted(i.content for i in client.get(_url("board", "G1"), params).context["page"])

    assert contents(overdue="on") == ["Việc 31.1", "Việc 31.2"]
    assert contents(status="done") == ["Việc 32.1"]
    assert contents(assignee=committee.extra[1].pk) == ["Việc 31.1", "Việc 31.2"]
    assert contents(resolution=items[0].resolution_id) == sorted(i.content for i in items)
    assert contents(resolution=late.pk, status="not_started") == []
    # A filter naming another organization's person is not understood: ignored, not an error page.
    response = client.get(_url("board", "G1"), {"assignee": world.people.outsider.pk})
    assert response.status_code == 200 and response.context["form"].errors


def test_r23_board_of_another_organization_is_404(world, items, client_for):
    assert client_for(world.outsider).get(_url("board", "G1")).status_code == 404
    assert client_for(world.secretary).get(_url("board", "G2")).status_code == 404
    assert client_for(world.btc).get(_url("board", "G1")).status_code == 200


def test_r23_board_queries_do_not_grow_with_the_items(world, committee, client_for, settings):
    settings.PAGE_SIZE = 100
    today = timezone.localdate()
    counts = []
    for number, n in ((41, 3), (42, 30)):
        Item.objects.all().delete()
        for k in range(3):
            _issued_resolution(
                world.g1,
                number * 10 + k,
                n,
                assignee=committee.members[k + 1],
                supervisor=committee.members[0],
                deadline=today,
            )
        client = client_for(world.secretary)
        client.get(reverse("web:home"))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url("board", "G1"), {"status": "in_progress"})
        assert response.status_code == 200 and len(response.context["page"]) == 3 * n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    # session, user, scope (person, bodies, seats), the organization, resolutions and assignees for the
    # filters, the counts (one aggregate), the page's count and rows, ancestors, the viewer's name; the
    # viewer's posts and co-assigned items (classified resolutions are shown to their readers, #17.1).
    assert counts[0] <= 15, [q["sql"] for q in ctx.captured_queries]


def test_r23_item_page_queries_do_not_grow_with_its_history(world, committee, items, client_for):
    first, second = items
    counts = []
    for item, n in ((first, 3), (second, 30)):
        assignee = item.assignee
        for i in range(n):
            update = services.post_update(
                item, assignee, ItemStatus.IN_PROGRESS, i % 100, f"Lần {i}", [_pdf()]
            )
            assert update.evidence.count() == 1
            services.answer_difficulty(
                services.report_difficulty(item, assignee, f"Khó {i}"), world.people.secretary, "Đáp"
            )
            if i % 3 == 0:  # reported done and sent back: the supervisor's entries in the history
                services.post_update(item, assignee, ItemStatus.REPORTED_DONE, 100)
                services.send_back(item, item.supervisor, f"Chưa đạt {i}")
        client = client_for(world.secretary)
        client.get(reverse("web:home"))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url("item", item.pk))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    # session, user, the item (with resolution, org, people) and its co-assignees, the viewer's scope,
    # difficulties, ancestors, updates (sent-back ones included) and their files, reminders, the viewer's
    # name in the top bar.
    assert counts[0] <= 14, [q["sql"] for q in ctx.captured_queries]


def test_r23_pages_render_in_vietnamese(world, items, client_for, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    _with_history(world, items)
    client = client_for(world.committee_member)
    for url in (_url("mine"), _url("board", "G1"), _url("item", items[0].pk)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "ngày 5 tháng 12 năm 2026" in response.content.decode() or url != _url("item", items[0].pk)
