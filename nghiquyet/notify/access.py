"""The access helper for notifications: a person opens only their own; anyone else's answers 404."""

from django.http import Http404

from .models import Notification


def get_notification_for_user(user, pk: int) -> Notification:
    """The user's notification `pk`; 404 if it is someone else's or does not exist (not disclosed which)."""
    notification = Notification.objects.filter(recipient=user, pk=pk).only("url", "read_at").first()
    if notification is None:
        raise Http404
    return notification
