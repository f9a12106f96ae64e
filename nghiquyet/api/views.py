"""The "API tokens" page of one's own account: list, create (the key is shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import TokenForm
from .models import ApiToken


def get_token_for_user(user, pk: int) -> ApiToken:
    """One of `user`'s own tokens; 404 for anyone else's."""
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404
    return token


def _page(request: HttpRequest, form: TokenForm, new_key: str = "", status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_key": new_key,
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens; a POST creates one and shows its key on this answer only."""
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, key = services.create_token(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error.message_dict.get("name", error.messages))
        else:
            # Rendered, not redirected: the key must not travel through the session or a message.
            return _page(request, TokenForm(), new_key=key, status=201)
    return _page(request, form, status=422)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_token_for_user(request.user, pk)
    services.revoke_token(token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
