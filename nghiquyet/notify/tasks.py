"""E-mail copies of notifications, sent by the background worker (huey), never inside a request."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from huey.contrib.djhuey import db_task

from .models import Notification

log = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=300)
def send_emails(notification_ids: list[int]) -> int:
    """Send the e-mail copy of each notification not sent yet; each is marked sent only once its
    message went out. Any failure makes the task fail after trying the others, so huey retries: the
    ones sent stay marked and are not sent twice. Returns how many were sent."""
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient"
    )
    sent, failed = 0, []
    for notification in pending:
        address = notification.recipient.email
        if not address:
            continue
        text = f"{notification.body}\n\n{notification.url}" if notification.url else notification.body
        try:
            send_mail(notification.title, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
        except Exception as error:  # the SMTP server's refusal, a time-out: retried by huey
            log.warning("e-mail of notification %s to %s failed: %s", notification.pk, address, error)
            failed.append(notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    if failed:
        raise RuntimeError(f"{len(failed)} e-mail(s) not sent: notifications {failed}")
    return sent
