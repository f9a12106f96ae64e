"""Error answers of the API, one shape each, in the request's language (Accept-Language: vi or en).

- 401 `{"detail": "..."}` without a valid token; 404 `{"detail": "..."}` for anything out of reach;
- 409 `{"detail": "..."}` on a state conflict: signed minutes have locked the meeting, or an item takes no
  more reports (its resolution not issued or closed, the item confirmed done);
- 400 `{"detail": "..."}` for a request body that is not JSON;
- 422 `{"detail": [{"loc": [..., field], "msg": "..."}]}` for bad input, from the schema or a service.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from nghiquyet.lib.errors import ImmutableError


def invalid_input(error: DjangoValidationError, *loc: str) -> NinjaValidationError:
    """A service's ValidationError as the API's 422, each message located at `loc` + its field."""
    items = []
    for field, messages in _by_field(error).items():
        where = list(loc) if field == NON_FIELD_ERRORS else [*loc, field]
        items += [{"loc": where, "msg": str(m), "type": "invalid"} for m in messages]
    return NinjaValidationError(items)


def _by_field(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def install(api: NinjaAPI) -> None:
    """Register the error handlers on `api`."""

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = api.create_response(request, {"detail": _("A valid API token is required.")}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found")}, status=404)

    @api.exception_handler(ImmutableError)
    def locked(request, exc):
        record = exc.args[0] if exc.args else None
        if getattr(getattr(record, "_meta", None), "app_label", "") == "meetings":
            message = _("The minutes of this meeting are signed: it can no longer be changed.")
        else:
            message = _("This record is issued or archived: it can no longer be changed.")
        return api.create_response(request, {"detail": message}, status=409)

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        # A service error not converted by its endpoint: still a 422 naming the field.
        return api.create_response(request, {"detail": invalid_input(exc, "body").errors}, status=422)
