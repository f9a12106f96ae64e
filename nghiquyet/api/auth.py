"""Bearer-token authentication of the API: `Authorization: Bearer <key>`; anything else answers 401."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from . import services


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = services.user_for_key(token.strip())
        if user is not None:
            # The access helpers, the permission rules and the change history all read request.user.
            request.user = user
        return user
