"""Reads of a person's inbox (R44), each one query or an expression to read within another."""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Notification


def inbox(user) -> QuerySet[Notification]:
    """The user's notifications, newest first (the model's ordering)."""
    return Notification.objects.filter(recipient=user).only("title", "body", "url", "created_at", "read_at")


def unread_count(user) -> int:
    """How many of the user's notifications are unread (one COUNT on the (recipient, read_at) index)."""
    return Notification.objects.filter(recipient=user).unread().count()


def unread_count_of_user_row() -> Coalesce:
    """`unread_count` as an expression on a user query (`User.objects.annotate(...)`): counted in the same
    query as the user's row, on the same index."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread), 0)
