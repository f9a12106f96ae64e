"""Use cases of API tokens: create (the key is shown once), revoke, and authenticate a request's key."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PREFIX_LENGTH, ApiToken, hash_key

KEY_MARK = "nq_"
# Writing `last_used_at` on every call would turn each API read into a write; once a minute is enough
# to tell a person which of their tokens are in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@transaction.atomic
def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token of `user`; returns it with the plain key, which is stored nowhere and shown only now."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the system that will use it.")})
    # The mark lets secret scanners recognise a leaked key; 32 random bytes make guessing hopeless.
    key = KEY_MARK + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key))
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken) -> ApiToken:
    """Stop a token from working, at once; the row stays so the owner sees what was revoked and when."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_key(key: str, *, now: dt.datetime | None = None):
    """The active user owning this key if it is a valid, unrevoked token; None otherwise (one query)."""
    if not key:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_key(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
