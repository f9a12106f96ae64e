"""Recognition pages (R37): nominations of exemplary secretaries, each shown with their committee's
meeting indicators for the year, and the upper level's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.lib.forms import add_service_errors
from nghiquyet.orgs.models import GRASSROOTS_KINDS, Organization, OrgKind

from .. import queries, services
from ..access import get_nomination_for_user, roles_for
from ..forms.recognition import DecisionForm, NominationForm, YearForm
from ..models import Nomination
from .common import acting_person, error_messages, form_messages, led_ids, require


def _list_url(year: int) -> str:
    return reverse("oversight:nomination_list") + f"?year={year}"


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    """The year's nominees with their committee's indicators (one aggregate query for the rows)."""
    roles = roles_for(request.user)
    led = led_ids(request)
    require(roles.is_upper or bool(led))
    form = YearForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_bound and form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    if roles.everything:
        visible = Nomination.objects.all()
    else:
        visible = Nomination.objects.filter(roles.under_q(roles.upper_paths, "org__") | Q(org_id__in=led))
    rows = list(
        queries.nominees(visible.filter(year=year), year)
        .select_related("person", "org", "nominated_by", "decided_by")
        .order_by("org__path", "id")
    )
    context = {
        "rows": rows,
        "year": year,
        "form": form,
        "can_direct": roles.is_director,
        # Only those who may nominate are offered it (#16.5: the Inspection Committee got a 404).
        "can_nominate": _nominating(request).exists(),
        "decision_form": DecisionForm() if roles.is_director else None,
    }
    return render(request, "oversight/nomination_list.html", context)


def _nominating(request: HttpRequest):
    """Organizations the user may nominate for: the blocs they direct and the grassroots ones they lead."""
    roles = roles_for(request.user)
    if roles.everything:
        return Organization.objects.filter(kind=OrgKind.BLOC)
    q = Q(path__in=roles.direct_paths) | Q(pk__in=led_ids(request), kind__in=GRASSROOTS_KINDS)
    return Organization.objects.filter(q).order_by("path")


@login_required
def nomination_create(request: HttpRequest) -> HttpResponse:
    """Nominate a grassroots secretary (the board for the bloc, or a committee's leaders for their own)."""
    orgs = list(_nominating(request))
    require(bool(orgs))
    today = timezone.localdate()
    people = queries.secretaries_under(orgs, today)
    person_id = roles_for(request.user).person_id
    form = NominationForm(
        request.POST or None,
        orgs=Organization.objects.filter(pk__in=[o.pk for o in orgs]),
        people=people.exclude(pk=person_id),
        initial={"year": today.year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["nominated_by"].pk not in {o.pk for o in orgs}:
            raise Http404
        try:
            services.nominate(
                data["person"],
                year=data["year"],
                reason=data["reason"],
                nominated_by=data["nominated_by"],
                nominator=acting_person(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The secretary is nominated."))
            return redirect(_list_url(data["year"]))
    return render(request, "oversight/nomination_form.html", {"form": form})


@login_required
@require_POST
def nomination_decide(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request.user, pk, "direct")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        form_messages(request, form)
        return redirect(_list_url(nomination.year))
    try:
        services.decide(
            nomination,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            person=acting_person(request),
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect(_list_url(nomination.year))
