"""Sending notifications: one row per recipient in the app; the e-mail copies are queued for the
background worker once the transaction commits (notify/tasks.py), and marked sent only when sent."""

from django.db import transaction
from django.utils import timezone

from . import tasks
from .models import Notification


def notify(recipients, title: str, body: str = "", url: str = "", email: bool = True) -> list[Notification]:
    """Notify users (those without an account are skipped); e-mails are queued only if the transaction
    commits, for those with an address."""
    users = [u for u in recipients if u is not None]
    rows = Notification.objects.bulk_create(
        Notification(recipient=u, title=title, body=body, url=url) for u in users
    )
    if email:
        ids = [n.pk for n, u in zip(rows, users, strict=True) if u.email]
        if ids:
            transaction.on_commit(lambda: tasks.send_emails(ids))
    return rows


def mark_read(user, notification_id: int) -> None:
    """Mark one of the user's notifications read (the first reading stays; someone else's is untouched)."""
    Notification.objects.filter(recipient=user, pk=notification_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_read_about(user, url: str) -> None:
    """Mark read the user's notifications pointing at `url`: what they were asked to do there is done
    (the minutes they were asked to sign are signed)."""
    if user is not None:
        Notification.objects.filter(recipient=user, url=url).unread().update(read_at=timezone.now())


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read (one UPDATE); returns how many were unread."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())
