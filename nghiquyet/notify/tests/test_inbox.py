"""The inbox (R44): each person's notifications in the application, newest first, the unread ones marked;
opening one marks it read and goes to its page (never to another site); "mark all read"; the unread count
in the top bar of every page, one COUNT query. Nobody opens another person's notification (404).

Personas from the shared `world`: the committee member (capuy) receives; the secretary (bithu) and the
outsider (G2's secretary) try to read what is not theirs.
"""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nghiquyet.notify.models import Notification
from nghiquyet.notify.services import notify
from nghiquyet.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notify:inbox")


def _open_url(notification) -> str:
    return reverse("notify:open", args=[notification.pk])


def _send(user, title, url="/meetings/1/", body=""):
    (notification,) = notify([user], title, body, url, email=False)
    return notification


def _rows(user, n: int) -> None:
    """`n` notifications for `user`, a minute apart, the newest last."""
    start = timezone.now() - dt.timedelta(days=1)
    Notification.objects.bulk_create(
        Notification(recipient=user, title=f"Nhắc việc số {i}", url=f"/resolutions/items/{i}/")
        for i in range(n)
    )
    for i, pk in enumerate(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("pk", flat=True)
    ):
        Notification.objects.filter(pk=pk).update(created_at=start + dt.timedelta(minutes=i))


def _unread_counts(queries) -> list[str]:
    """The COUNT queries on notifications among the captured ones (the top bar's, the paginator's)."""
    return [q["sql"] for q in queries if "COUNT" in q["sql"] and "notify_notification" in q["sql"]]


# ---------------------------------------------------------------- the list


def test_r44_the_inbox_lists_only_ones_own_notifications_newest_first(world, client_for, pinned_clock):
    first = _send(world.committee_member, "Thông báo triệu tập hội nghị tháng 12")
    pinned_clock.shift(dt.timedelta(minutes=5))
    second = _send(world.committee_member, "Đôn đốc: Tổng kết công tác chuyên môn", body="Hạn ngày 25/12")
    notify([world.secretary, world.outsider], "Việc của người khác", url="/meetings/2/", email=False)
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())

    response = client_for(world.committee_member).get(INBOX)

    assert response.status_code == 200
    assert [n.pk for n in response.context["page"]] == [second.pk, first.pk]
    html = response.content.decode()
    assert "Việc của người khác" not in html
    assert f'class="unread" data-notification="{second.pk}"' in html
    assert f'class="read" data-notification="{first.pk}"' in html
    assert f'href="{_open_url(second)}"' in html and "Hạn ngày 25/12" in html


def test_r44_the_inbox_asks_to_log_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_r44_the_inbox_is_paged_in_a_fixed_number_of_queries(world, client_for, settings):
    settings.PAGE_SIZE = 10
    client = client_for(world.committee_member)

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return ctx.captured_queries

    _rows(world.committee_member, 3)
    few = queries(INBOX)
    Notification.objects.all().delete()
    _rows(world.committee_member, 35)
    many, last_page = queries(INBOX), queries(INBOX + "?page=4")

    # Session, user, the paginator's count, the top bar (the user's person and unread count, which the
    # heading shows too), the page's rows.
    assert len(few) == len(many) == len(last_page) == 5, [q["sql"] for q in many]
    assert len(_unread_counts(many)) == 2  # the paginator's and the top bar's, no more
    page = client.get(INBOX + "?page=4").context["page"]
    assert [n.title for n in page] == [
        "Nhắc việc số 4",
        "Nhắc việc số 3",
        "Nhắc việc số 2",
        "Nhắc việc số 1",
        "Nhắc việc số 0",
    ]


# ---------------------------------------------------------------- opening one


def test_r44_opening_a_notification_marks_it_read_and_goes_to_its_page(world, client_for):
    notification = _send(world.committee_member, "Thông báo triệu tập", url="/meetings/7/")
    client = client_for(world.committee_member)

    response = client.get(_open_url(notification))

    assert response.status_code == 302 and response["Location"] == "/meetings/7/"
    notification.refresh_from_db()
    read_at = notification.read_at
    assert read_at is not None
    client.get(_open_url(notification))  # opened again: the first reading stays
    notification.refresh_from_db()
    assert notification.read_at == read_at


def test_r44_a_notification_without_a_page_goes_back_to_the_inbox(world, client_for):
    notification = _send(world.committee_member, "Thông báo chung", url="")
    response = client_for(world.committee_member).get(_open_url(notification))
    assert response["Location"] == INBOX
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://gia-mao.example/dang-nhap",
        "//gia-mao.example/dang-nhap",
        "/\\gia-mao.example/dang-nhap",
        "/\t/gia-mao.example/",
        "javascript:alert(1)",
        "meetings/1/",
    ],
)
def test_r44_opening_a_notification_never_leaves_the_site(world, client_for, url):
    notification = _send(world.committee_member, "Thông báo", url=url)
    response = client_for(world.committee_member).get(_open_url(notification))
    assert response.status_code == 302 and response["Location"] == INBOX


@pytest.mark.parametrize("persona", ["secretary", "outsider"])
def test_r44_another_persons_notification_answers_404(world, client_for, persona):
    notification = _send(world.committee_member, "Thông báo triệu tập")
    response = client_for(getattr(world, persona)).get(_open_url(notification))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None  # nor is it marked read by someone else's visit


def test_r44_an_unknown_notification_answers_404(world, client_for):
    assert client_for(world.committee_member).get(reverse("notify:open", args=[999_999])).status_code == 404


# ---------------------------------------------------------------- mark all read


def test_r44_mark_all_read_marks_only_ones_own(world, client_for):
    notify([world.committee_member, world.secretary], "Nhắc hạn báo cáo", url="/resolutions/", email=False)
    _send(world.committee_member, "Thông báo triệu tập")
    client = client_for(world.committee_member)

    assert client.get(reverse("notify:read_all")).status_code == 405  # a change is a POST
    response = client.post(reverse("notify:read_all"))

    assert response.status_code == 302 and response["Location"] == INBOX
    assert not Notification.objects.filter(recipient=world.committee_member, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=world.secretary).read_at is None
    html = client.get(INBOX).content.decode()
    assert 'id="read-all"' not in html and 'id="nav-unread"' not in html


# ---------------------------------------------------------------- the top bar


def test_r44_every_page_shows_the_unread_count_in_one_count_query(world, client_for):
    _send(world.committee_member, "Thông báo triệu tập")
    _send(world.committee_member, "Đề nghị ký biên bản")
    read = _send(world.committee_member, "Đã đọc")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    _send(world.secretary, "Việc của bí thư")
    client = client_for(world.committee_member)

    # "My meetings" reads the user's person for the page: the top bar then only counts.
    pages = [reverse("orgs:tree"), reverse("meetings:mine"), reverse("resolutions:mine"), INBOX]
    for url in [*pages, reverse("documents:archive")]:
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        assert f'href="{INBOX}" id="nav-inbox"' in html, url
        assert "<summary>Trần Thị Lan</summary>" in html, url
        assert '<span class="badge nav-count" id="nav-unread"' in html and ">2</span>" in html, url
        counts = [q for q in _unread_counts(ctx.captured_queries) if "read_at" in q]
        assert len(counts) == 1, (url, counts)

    client.get(_open_url(read))  # reading an already read one changes nothing
    Notification.objects.filter(recipient=world.committee_member).update(read_at=timezone.now())
    html = client.get(reverse("orgs:tree")).content.decode()
    assert 'id="nav-inbox"' in html and 'id="nav-unread"' not in html


def test_r44_an_account_without_a_person_has_its_inbox_too(db, client):
    admin = UserFactory(username="quantri", is_staff=True)
    _send(admin, "Sao lưu dữ liệu hoàn tất", url="/admin/")
    client.force_login(admin)
    html = client.get(INBOX).content.decode()
    assert "<summary>quantri</summary>" in html and ">1</span>" in html
    assert "Sao lưu dữ liệu hoàn tất" in html


def test_r44_pages_without_a_user_show_no_inbox_and_count_nothing(client):
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("login")).content.decode()
    assert 'id="nav-inbox"' not in html
    assert _unread_counts(ctx.captured_queries) == []
    # Rendered without a request (no context processors): the layout still renders, without the count.
    html = render_to_string("404.html")
    assert "<main" in html and 'id="nav-unread"' not in html
