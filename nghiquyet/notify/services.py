"""Sending notifications: one row per recipient in the app; the e-mail copies are queued for the
background worker once the transaction commits (notify/tasks.py), and marked sent only when sent."""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from . import tasks
from .models import LanguagePreference, Notification

# A notification's title or body: a function that writes it in the active language (called once per
# language among the recipients), or a text that is the same in every language (a document's own words).
Text = str | Callable[[], str]


def languages_of(users) -> dict[int, str]:
    """Each user's language by id: the one they chose with the switch, else the site's (one query)."""
    chosen = dict(
        LanguagePreference.objects.filter(user_id__in=[u.pk for u in users]).values_list(
            "user_id", "language"
        )
    )
    return {u.pk: chosen.get(u.pk, settings.LANGUAGE_CODE) for u in users}


def set_language(user, language: str) -> None:
    """Record the language `user` chose (a supported one; anything else is ignored)."""
    try:
        language = translation.get_supported_language_variant(language)
    except LookupError:
        return
    LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})


def notify(
    recipients,
    title: Text,
    body: Text = "",
    url: str = "",
    email: bool = True,
    languages: dict[int, str] | None = None,
) -> list[Notification]:
    """Notify users (those without an account are skipped), each in their own language, not in the
    language of whoever triggered it: `title` and `body` are written once per language among the
    recipients (`languages`, from `languages_of`, when the caller notifies many in a loop). E-mails are
    queued only if the transaction commits, for those with an address."""
    users = [u for u in recipients if u is not None]
    if languages is None or any(u.pk not in languages for u in users):
        languages = languages_of(users)
    texts: dict[str, tuple[str, str]] = {}
    for language in sorted(set(languages.values())):
        with translation.override(language):
            texts[language] = (_written(title), _written(body))
    rows = Notification.objects.bulk_create(
        Notification(recipient=u, title=texts[languages[u.pk]][0], body=texts[languages[u.pk]][1], url=url)
        for u in users
    )
    if email:
        ids = [n.pk for n, u in zip(rows, users, strict=True) if u.email]
        if ids:
            transaction.on_commit(lambda: tasks.send_emails(ids))
    return rows


def _written(text: Text) -> str:
    return str(text()) if callable(text) else str(text)


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
