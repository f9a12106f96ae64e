"""E-mail copies of notifications go through the task queue after commit, and are marked sent only
when sent (R10, R23: notices and reminders reach members who are not logged in)."""

import pytest
from django.core import mail

from nghiquyet.notify import tasks
from nghiquyet.notify.models import Notification
from nghiquyet.notify.services import notify
from nghiquyet.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_r10_emails_are_queued_after_commit_and_marked_sent(django_capture_on_commit_callbacks):
    with_address = UserFactory(username="a", email="a@example.vn")
    without = UserFactory(username="b", email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notify([with_address, without, None], "Thông báo triệu tập", "Họp ngày 04/12", url="/m/1/")
    assert len(rows) == 2 and mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@example.vn"], "Thông báo triệu tập")]
    assert "/m/1/" in mail.outbox[0].body
    emailed = dict(Notification.objects.values_list("recipient__username", "emailed_at"))
    assert emailed["a"] is not None and emailed["b"] is None


def test_r10_a_refused_email_stays_unsent_and_is_retried_without_sending_twice(monkeypatch):
    first = UserFactory(username="a", email="a@example.vn")
    second = UserFactory(username="b", email="b@example.vn")
    rows = notify([first, second], "Nhắc hạn", email=False)
    real_send = tasks.send_mail

    def refuse_b(subject, text, sender, to, **kw):
        if to == ["b@example.vn"]:
            raise ConnectionRefusedError("SMTP down")
        return real_send(subject, text, sender, to, **kw)

    monkeypatch.setattr(tasks, "send_mail", refuse_b)
    with pytest.raises(RuntimeError, match="1 e-mail"):
        tasks.send_emails.call_local([r.pk for r in rows])
    emailed = dict(Notification.objects.values_list("recipient__username", "emailed_at"))
    assert emailed["a"] is not None and emailed["b"] is None
    monkeypatch.setattr(tasks, "send_mail", real_send)
    assert tasks.send_emails.call_local([r.pk for r in rows]) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "b@example.vn"]
