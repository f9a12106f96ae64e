"""Sending notifications: one row per recipient in the app, and an e-mail after commit when there is an address."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(recipients, title: str, body: str = "", url: str = "", email: bool = True) -> list[Notification]:
    """Notify users (those without an account are skipped); e-mails go out only if the transaction commits."""
    users = [u for u in recipients if u is not None]
    rows = Notification.objects.bulk_create(
        Notification(recipient=u, title=title, body=body, url=url) for u in users
    )
    if email:
        addressed = [(n, u.email) for n, u in zip(rows, users, strict=True) if u.email]
        if addressed:
            transaction.on_commit(lambda: _send_emails(addressed, title, body, url))
    return rows


def _send_emails(addressed, title: str, body: str, url: str) -> None:
    text = f"{body}\n\n{url}" if url else body
    sent = []
    for notification, address in addressed:
        send_mail(title, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)
        sent.append(notification.pk)
    Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())


def mark_read(user, notification_id: int) -> None:
    Notification.objects.filter(recipient=user, pk=notification_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
