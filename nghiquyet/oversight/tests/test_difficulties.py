"""Difficulties to the upper level (R34): G1's secretary files a difficulty to the Standing Committee
through the Organization Board; the board assigns it with a deadline and answers; the answer reaches
the filer. Visible to G1's committee and the board; 404 to the outsider (G2), the plain member and the
Inspection Committee."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nghiquyet.notify.models import Notification
from nghiquyet.oversight import services
from nghiquyet.oversight.models import UpperDifficulty, UpperDifficultyStatus

from .conftest import status_of

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"oversight:{name}", args=args)


def _file(world, title="Thiếu hướng dẫn về sinh hoạt chuyên đề"):
    return services.file_difficulty(
        world.g1, person=world.people.secretary, title=title, text="Đề nghị Ban Tổ chức hướng dẫn cụ thể."
    )


def test_r34_leader_files_a_difficulty_and_the_board_is_notified(world, client_for):
    response = client_for(world.secretary).post(
        _url("difficulty_create"), {"org": world.g1.pk, "title": "Vướng mắc", "text": "Nội dung vướng mắc"}
    )
    difficulty = UpperDifficulty.objects.get()
    assert response["Location"] == difficulty.get_absolute_url()
    assert (difficulty.org, difficulty.filed_by, difficulty.status) == (
        world.g1,
        world.people.secretary,
        UpperDifficultyStatus.OPEN,
    )
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["btc"]


def test_r34_the_answer_reaches_the_filer(world, standing, client_for):
    difficulty = _file(world)
    Notification.objects.all().delete()
    board = client_for(world.btc)
    deadline = timezone.localdate() + dt.timedelta(days=7)
    board.post(
        _url("difficulty_assign", difficulty.pk),
        {"assignee": standing.person.pk, "deadline": deadline.isoformat()},
    )
    difficulty.refresh_from_db()
    assert (difficulty.status, difficulty.assigned_to, difficulty.answer_deadline) == (
        UpperDifficultyStatus.ASSIGNED,
        standing.person,
        deadline,
    )
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["btv"]
    Notification.objects.all().delete()

    # The Standing Committee member it was assigned to answers.
    client_for(standing.user).post(
        _url("difficulty_answer", difficulty.pk), {"answer": "Thực hiện theo Hướng dẫn 05."}
    )
    difficulty.refresh_from_db()
    assert difficulty.status == UpperDifficultyStatus.ANSWERED
    assert difficulty.answered_by == standing.person and difficulty.answered_at is not None
    notification = Notification.objects.get()
    assert notification.recipient == world.secretary
    assert notification.url == difficulty.get_absolute_url()
    assert "Thực hiện theo Hướng dẫn 05." in notification.body
    # The filer reads it, and closes it.
    page = client_for(world.secretary).get(difficulty.get_absolute_url())
    assert "Thực hiện theo Hướng dẫn 05." in page.content.decode()
    client_for(world.secretary).post(_url("difficulty_close", difficulty.pk))
    difficulty.refresh_from_db()
    assert difficulty.status == UpperDifficultyStatus.CLOSED


def test_r34_assignee_is_an_officer_of_the_board_or_the_standing_committee(world, client_for):
    difficulty = _file(world)
    client_for(world.btc).post(_url("difficulty_assign", difficulty.pk), {"assignee": world.people.ubkt.pk})
    difficulty.refresh_from_db()
    assert difficulty.assigned_to is None and difficulty.status == UpperDifficultyStatus.OPEN


def test_r34_visible_to_the_filers_committee_and_the_board(world, client_for):
    difficulty = _file(world)
    for user in (world.secretary, world.committee_member, world.btc):
        assert client_for(user).get(difficulty.get_absolute_url()).status_code == 200, user
    # Only the board answers.
    for user in (world.secretary, world.committee_member):
        assert (
            client_for(user).post(_url("difficulty_answer", difficulty.pk), {"answer": "x"}).status_code
            == 404
        )
    listed = client_for(world.committee_member).get(_url("difficulty_list")).context["page"]
    assert [d.pk for d in listed] == [difficulty.pk]


@pytest.mark.parametrize("persona", ["outsider", "member", "ubkt"])
def test_r34_others_get_404(world, client_for, persona):
    difficulty = _file(world)
    client = client_for(getattr(world, persona))
    for method, url, data in [
        ("get", difficulty.get_absolute_url(), {}),
        ("post", _url("difficulty_assign", difficulty.pk), {"assignee": world.people.btc.pk}),
        ("post", _url("difficulty_answer", difficulty.pk), {"answer": "x"}),
        ("post", _url("difficulty_close", difficulty.pk), {}),
    ]:
        assert status_of(client, method, url, data) == 404, (method, url)
    if persona in ("member", "ubkt"):
        assert client.get(_url("difficulty_list")).status_code == 404
        assert client.get(_url("difficulty_create")).status_code == 404
    else:
        assert list(client.get(_url("difficulty_list")).context["page"]) == []
    difficulty.refresh_from_db()
    assert difficulty.status == UpperDifficultyStatus.OPEN


def test_r34_a_committee_member_does_not_file(world, client_for):
    assert client_for(world.committee_member).get(_url("difficulty_create")).status_code == 404
    response = client_for(world.outsider).post(
        _url("difficulty_create"), {"org": world.g1.pk, "title": "x", "text": "y"}
    )
    assert response.status_code == 200 and not UpperDifficulty.objects.exists()


def test_r34_late_answers_are_flagged(world):
    difficulty = _file(world)
    services.assign_difficulty(difficulty, assignee=world.people.btc, deadline=dt.date(2026, 1, 1))
    assert difficulty.is_late(dt.date(2026, 1, 2))
    services.answer_difficulty(difficulty, person=world.people.btc, answer="Đã trả lời")
    assert not difficulty.is_late(dt.date(2026, 1, 2))


def test_r34_list_queries_do_not_grow(world, client_for):
    counts = []
    for n in (3, 30):
        UpperDifficulty.objects.all().delete()
        for i in range(n):
            d = _file(world, title=f"VM {i}")
            services.assign_difficulty(d, assignee=world.people.btc, deadline=dt.date(2026, 1, 1))
        for user in (world.btc, world.secretary):
            client = client_for(user)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(_url("difficulty_list"))
            assert len(response.context["page"]) == n
            counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:], counts
