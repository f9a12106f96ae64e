"""What the top bar of every page shows of the user."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.functional import SimpleLazyObject

from nghiquyet.notify.queries import unread_count, unread_count_of_user_row
from nghiquyet.orgs.models import Person


@dataclass(frozen=True)
class TopBar:
    person: Person | None  # their name and profile; None for an account without a person (an admin)
    inbox_unread: int  # the unread count by the "Inbox" link (R44)


def top_bar(request) -> dict:
    """`top_bar`: the user's person and unread count, read on first use in one query — the one the top bar
    spent on the person before it showed the count — and nothing for a visitor not logged in."""

    def read() -> TopBar:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return TopBar(None, 0)
        users = get_user_model()
        if users.person.related.is_cached(user):  # the view read it already: only the count is left
            return TopBar(getattr(user, "person", None), unread_count(user))
        row = (
            users.objects.select_related("person")
            .annotate(inbox_unread=unread_count_of_user_row())
            .only("pk", "person")
            .get(pk=user.pk)
        )
        return TopBar(getattr(row, "person", None), row.inbox_unread)

    return {"top_bar": SimpleLazyObject(read)}
